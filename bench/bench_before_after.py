"""Speed of the before/after income tables on a 1,000,000-member, 3-wave survey.

Target (issue 3, helper brief H3): ``before_after`` with ``ci_method="auto"`` well under ~2 s
at a million members (no bootstrap at that size). Also timed: subgroups (few and very many
levels), deflating, and a Jember-sized survey (16,000 members) where every interval is
bootstrapped. Prints a markdown table and writes it to ``bench/results/before_after.md``.

Run: ``.venv/bin/python bench/bench_before_after.py [--members N]``.

The survey is the synthetic demo (``analysis.demo.generate_demo``), the same data the other
benchmarks use. Each function is timed once after one warm-up call on the same data; wall and
CPU seconds are both shown because the machine (2 cores) is shared.
"""

from __future__ import annotations

import argparse
import platform
import sys
from collections.abc import Callable

import numpy as np
import pandas as pd
from _common import ROOT, publish, timed_cpu

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis import before_after, generate_demo, subgroup_before_after
from analysis.methods.prices import deflate_incomes


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    """(wall, cpu) seconds of one call after a warm-up call."""
    fn()
    wall, cpu, _ = timed_cpu(fn)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1_000_000)
    args = parser.parse_args()
    big = generate_demo(args.members, seed=42).survey
    small = generate_demo(16_000, seed=7).survey
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
            f"Survey: {args.members:,} members x 3 waves (synthetic demo, seed 42); "
            f"intervals at that size: {', '.join(ci)}. One timed call after a warm-up.",
            "",
            "| Case | Wall s | CPU s |",
            "|---|---|---|",
            *rows,
            "",
        ]
    )
    publish(table, ROOT / "bench" / "results" / "before_after.md")


if __name__ == "__main__":
    main()
