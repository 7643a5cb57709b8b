"""Benchmark: the Alkire-Foster empowerment index for 1,000,000 members x 3 waves.

Synthetic, seeded numpy items (seven 1-5 answers, about 2% missing) in the layout the
loader produces (categorical wave, float items), timed on the index with its indicator and
domain breakdowns (:func:`analysis.methods.empowerment.empowerment_tables`), whole view and
by cooperative, and the report's whole ``empowerment`` object
(:func:`analysis.outputs.empowerment.empowerment_report`: the index, the paired change, the
score's DiD with its wild cluster bootstrap, Cronbach's alpha). Writes
``bench/results/empowerment.md``. Target: under 2 s for the index.

Run: ``.venv/bin/python bench/bench_empowerment.py [--members N] [--repeat R]``
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.methods.empowerment import (  # noqa: E402
    default_empowerment_config,
    empowerment_index,
    empowerment_tables,
)
from analysis.outputs.empowerment import empowerment_report  # noqa: E402

WAVES = (2021, 2022, 2023)


def synthetic_survey(members: int, seed: int = 20261206) -> pd.DataFrame:
    """``members`` x 3 waves with the default configuration's seven items."""
    rng = np.random.default_rng(seed)
    n = members * len(WAVES)
    cols: dict[str, object] = {
        "member_id": np.repeat(np.arange(members), len(WAVES)),
        "wave": pd.Categorical(np.tile(WAVES, members), categories=list(WAVES), ordered=True),
        "cooperative_id": pd.Categorical.from_codes(
            np.repeat(rng.integers(0, 40, members), len(WAVES)), [f"K{k:02d}" for k in range(40)]
        ),
        # 70% program members, for the change and the DiD of empowerment_report
        "in_program": np.repeat((np.arange(members) % 10 < 7).astype("int8"), len(WAVES)),
    }
    for item in default_empowerment_config().items:
        x = rng.integers(1, 6, n).astype("float64")
        x[rng.random(n) < 0.02] = np.nan
        cols[item] = x
    return pd.DataFrame(cols)


def _best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--members", type=int, default=1_000_000)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--out", default=str(ROOT / "bench" / "results" / "empowerment.md"))
    args = p.parse_args(argv)
    survey = synthetic_survey(args.members)
    config = default_empowerment_config()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    rows = [
        (
            "empowerment_index (per wave)",
            _best(lambda: empowerment_index(survey, config), args.repeat),
        ),
        (
            "empowerment_tables (index + by indicator + by domain)",
            _best(lambda: empowerment_tables(survey, config), args.repeat),
        ),
        (
            "empowerment_tables by cooperative_id (40 levels)",
            _best(lambda: empowerment_tables(survey, config, "cooperative_id"), args.repeat),
        ),
        (
            "empowerment_report (index, paired change, score DiD clustered by cooperative with "
            "wild bootstrap, alpha)",
            _best(lambda: empowerment_report(survey, config), args.repeat),
        ),
    ]
    lines = [
        "# Empowerment index benchmark",
        "",
        f"{args.members:,} members x {len(WAVES)} waves = {len(survey):,} member-waves, "
        f"7 items (synthetic, seeded, ~2% missing); best of {args.repeat} runs.",
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load average at start {load:.2f}. Target: < 2 s "
        "for the index.",
        "",
        "| call | seconds |",
        "|---|---:|",
        *[f"| {name} | {sec:.3f} |" for name, sec in rows],
        "",
    ]
    text = "\n".join(lines)
    Path(args.out).write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
