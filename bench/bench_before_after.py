"""Speed of the before/after income tables on a 1,000,000-member, 3-wave survey.

Target (issue 3, helper brief H3): ``before_after`` with ``ci_method="auto"`` well under ~2 s
at a million members (no bootstrap at that size). Also timed: subgroups (few and very many
levels), deflating, and a Jember-sized survey (16,000 members) where every interval is
bootstrapped. Prints a markdown table and writes it to ``bench/results/before_after.md``.

Run: ``.venv/bin/python bench/bench_before_after.py [--members N]``.

The survey comes from a plain numpy generator with the canonical columns (the demo generator
takes longer to build a million members and is benchmarked in bench_demo.py). Each function is
timed once after one warm-up call on the same data; wall and CPU seconds are both shown because
the machine (2 cores) is shared.
"""

from __future__ import annotations

import argparse
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

from analysis import before_after, subgroup_before_after  # noqa: E402
from analysis.prices import deflate_incomes  # noqa: E402


def numpy_survey(members: int, seed: int = 42) -> pd.DataFrame:
    """Canonical long survey: 3 waves, ~60 members per cooperative, 30% comparison, 5% attrition."""
    rng = np.random.default_rng(seed)
    waves = np.array([2021, 2022, 2023])
    m = np.repeat(np.arange(members), 3)
    t = np.tile(np.arange(3), members)
    coop = rng.integers(0, max(members // 60, 2), members)
    in_program = (rng.random(members) > 0.3).astype("int8")
    base = rng.lognormal(np.log(2_000_000), 0.5, members)
    income = base[m] * (1 + rng.normal(0, 0.15, 3 * members)) + 100_000 * t
    income += 300_000.0 * in_program[m] * t / 2
    income = np.round(income, -4)
    income[(t == 2) & (rng.random(3 * members) < 0.05)] = np.nan
    ids = pd.Series(np.char.add("A", np.arange(members).astype(str)), dtype="str")
    kinds = np.array(["warung", "kue", "jahit", "salon", "pedagang sayur"])
    return pd.DataFrame(
        {
            "member_id": ids.iloc[m].reset_index(drop=True),
            "wave": pd.Categorical(waves[t], categories=waves, ordered=True),
            "income": income,
            "in_program": pd.array(in_program[m], dtype="Int8"),
            "cooperative_id": pd.Series(np.char.add("K", coop.astype(str)), dtype="str")
            .iloc[m]
            .to_numpy(),
            "business_type": pd.Series(kinds[rng.integers(0, 5, members)], dtype="str")
            .iloc[m]
            .to_numpy(),
            "capital": np.where(t == 0, 0.0, rng.choice([0, 1e6, 3e6, 8e6, 12e6], 3 * members)),
        }
    )


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    """(wall, cpu) seconds of one call after a warm-up call."""
    fn()
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1_000_000)
    args = parser.parse_args()
    big = numpy_survey(args.members)
    small = numpy_survey(16_000, seed=7)
    n_coops = big["cooperative_id"].nunique()
    cases: list[tuple[str, Callable[[], object]]] = [
        (f"before_after, {args.members:,} members, auto (t)", lambda: before_after(big)),
        ("deflate_incomes, income only", lambda: deflate_incomes(big, columns=["income"])),
        (
            "subgroups: business_type (5 levels)",
            lambda: subgroup_before_after(big, "business_type"),
        ),
        ("subgroups: loan_tier (5 bands)", lambda: subgroup_before_after(big, "loan_tier")),
        (
            f"subgroups: cooperative_id ({n_coops:,} levels; t, budget exceeded)",
            lambda: subgroup_before_after(big, "cooperative_id"),
        ),
        (
            "subgroups: the three above in one call (by=[...])",
            lambda: subgroup_before_after(big, ["business_type", "loan_tier", "cooperative_id"]),
        ),
        ("before_after, 16,000 members, auto (bootstrap 2,000)", lambda: before_after(small)),
        (
            "subgroups: cooperative_id, 16,000 members (bootstrap)",
            lambda: subgroup_before_after(small, "cooperative_id"),
        ),
    ]
    rows = []
    for name, fn in cases:
        wall, cpu = timed(fn)
        rows.append(f"| {name} | {wall:.2f} | {cpu:.2f} |")
        print(rows[-1], flush=True)
    ci = before_after(big)["ci_method"].tolist()
    table = "\n".join(
        [
            f"# before_after benchmark ({platform.machine()}, Python {platform.python_version()}, "
            f"pandas {pd.__version__}, numpy {np.__version__})",
            "",
            f"Survey: {args.members:,} members x 3 waves (numpy generator), 5% endline attrition; "
            f"intervals at that size: {', '.join(ci)}. One timed call after a warm-up.",
            "",
            "| Case | Wall s | CPU s |",
            "|---|---|---|",
            *rows,
            "",
        ]
    )
    print(table)
    out = ROOT / "bench" / "results" / "before_after.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(table, encoding="utf-8")


if __name__ == "__main__":
    main()
