"""Speed of the program-versus-comparison estimates on a 1,000,000-member, 3-wave survey.

Target (issue 3, helper brief H4): ``did_twfe`` (two compared waves, clustered by
cooperative) + ``group_trends`` + ``balance_table`` together in a few seconds on the project's
2-core machine. Prints a markdown table and writes it to ``bench/results/comparison.md``.

Run: ``.venv/bin/python bench/bench_comparison.py [--members N]``.

The survey comes from ``analysis.demo.generate_demo`` (about 10 s to generate at a million
members, not timed). Each function is timed once after one warm-up
call on the same data (imports and first-call caches are not what is measured).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from _common import ROOT, publish, timed

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis.demo import generate_demo
from analysis.methods.comparison import (
    balance_table,
    did_table,
    did_twfe,
    event_study,
    group_trends,
)


def _timed(fn: Callable[[], object]) -> float:
    fn()  # warm-up
    return timed(fn)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "comparison.md"))
    args = parser.parse_args()

    start = time.perf_counter()
    survey = generate_demo(members=args.members, seed=42).survey
    made = time.perf_counter() - start
    n_coop = survey["cooperative_id"].nunique()

    core = [
        ("did_twfe, 2 waves, CR1 by cooperative", lambda: did_twfe(survey)),
        ("group_trends", lambda: group_trends(survey)),
        ("balance_table, 6 covariates, CR1 by cooperative", lambda: balance_table(survey, cluster="cooperative_id")),
    ]  # fmt: skip
    extra = [
        ("did_table (2x2)", lambda: did_table(survey)),
        ("did_twfe, all 3 waves (within)", lambda: did_twfe(survey, all_waves=True)),
        ("event_study, 3 waves", lambda: event_study(survey)),
        (
            "did_twfe, by kecamatan + wild bootstrap 9,999",
            lambda: did_twfe(survey, cluster="kecamatan", wild_bootstrap="always"),
        ),
    ]
    if "kecamatan" not in survey.columns:
        extra.pop()
    rows = [(name, _timed(fn)) for name, fn in core]
    total = sum(t for _, t in rows)
    rows.append(("**did_twfe + group_trends + balance_table**", total))
    rows += [(name, _timed(fn)) for name, fn in extra]

    lines = [
        "# Program versus comparison: speed",
        "",
        f"Survey: {args.members:,} members x 3 waves ({len(survey):,} rows after attrition), "
        f"{n_coop:,} cooperatives, source `demo` (generated in {made:.1f} s, not timed).",
        f"Machine: {platform.machine()}, {platform.python_version()}, numpy {np.__version__}, "
        f"pandas {pd.__version__}; shared 2-core machine, one timed run after a warm-up; "
        f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}.",
        "",
        "| step | seconds |",
        "|---|---:|",
        *[f"| {name} | {t:.2f} |" for name, t in rows],
        "",
        "Method: first-difference OLS for two waves, within-member demeaning otherwise; no member "
        "dummies, no statsmodels. Most of `did_twfe` is pairing members across waves "
        "(`member_changes`) and factorizing string ids.",
    ]
    text = "\n".join(lines) + "\n"
    publish(text, Path(args.out))


if __name__ == "__main__":
    main()
