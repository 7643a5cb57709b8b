"""Speed of the program-versus-comparison estimates on a 1,000,000-member, 3-wave survey.

Target (issue 3, helper brief H4): ``did_twfe`` (two compared waves, clustered by
cooperative) + ``group_trends`` + ``balance_table`` together in a few seconds on the project's
2-core machine. Prints a markdown table and writes it to ``bench/results/comparison.md``.

Run: ``.venv/bin/python bench/bench_comparison.py [--members N] [--source demo|numpy]``.

The survey comes from ``analysis.demo.generate_demo`` (``--source demo``, the default; about
10 s to generate at a million members, not timed) or from a plain numpy generator with the
same canonical columns (``--source numpy``). Each function is timed once after one warm-up
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

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis.comparison import (  # noqa: E402
    balance_table,
    did_table,
    did_twfe,
    event_study,
    group_trends,
)


def numpy_survey(members: int, seed: int = 42) -> pd.DataFrame:
    """Canonical long survey: 3 waves, ~60 members per cooperative, 30% comparison."""
    rng = np.random.default_rng(seed)
    waves = np.array([2021, 2022, 2023])
    coop = rng.integers(0, max(members // 60, 2), members)
    in_program = (rng.random(members) > 0.3).astype("int8")
    base = rng.lognormal(np.log(2_000_000), 0.5, members)
    ids = pd.Series(np.char.add("A", np.arange(members).astype(str)), dtype="str")
    t = np.tile(np.arange(3), members)
    m = np.repeat(np.arange(members), 3)
    income = base[m] * (1 + rng.normal(0, 0.15, 3 * members)) + 100_000 * t
    income += 300_000.0 * in_program[m].astype("float64") * t / 2
    return pd.DataFrame(
        {
            "member_id": ids.iloc[m].reset_index(drop=True),
            "wave": pd.Categorical(waves[t], categories=waves, ordered=True),
            "income": income,
            "in_program": pd.array(in_program[m], dtype="Int8"),
            "cooperative_id": pd.Series(np.char.add("K", coop.astype(str)), dtype="str")
            .iloc[m]
            .to_numpy(),
            "age": rng.integers(22, 66, members)[m].astype("float64"),
            "household_size": rng.integers(1, 9, members)[m].astype("float64"),
            "business_age_years": rng.integers(0, 30, members)[m].astype("float64"),
            "market_channels": rng.integers(1, 6, 3 * members).astype("float64"),
            "revenue": income * rng.uniform(2, 4, 3 * members),
        }
    )


def _timed(fn: Callable[[], object]) -> float:
    fn()  # warm-up
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--source", choices=["demo", "numpy"], default="demo")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "comparison.md"))
    args = parser.parse_args()

    start = time.perf_counter()
    if args.source == "demo":
        from analysis.demo import generate_demo

        survey = generate_demo(members=args.members, seed=42).survey
    else:
        survey = numpy_survey(args.members)
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
        f"{n_coop:,} cooperatives, source `{args.source}` (generated in {made:.1f} s, not timed).",
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
    print(text)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
