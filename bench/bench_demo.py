"""Benchmark of the synthetic demo generator up to 1,000,000 people.

Target (issue 2 / H2 brief): ``python -m analysis demo --members 1000000`` (3M survey rows, about
3M loans, both CSVs written) in under about 60 s and a few GB on the project's 2-core machine.
Each size runs in a fresh process so its peak memory is its own. Prints a markdown table and
writes it to ``bench/results/demo.md``. Run: ``.venv/bin/python bench/bench_demo.py``
(``--sizes 10000 100000`` for a quick look). Output CSVs go to ``bench/out/`` (not committed).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time

from _common import ROOT, publish

OUT = ROOT / "bench" / "out" / "demo"
RESULTS = ROOT / "bench" / "results" / "demo.md"

# Runs in a child process: times generation and writing separately, reports its own peak RSS.
_CHILD = """
import json, resource, sys, time
t0 = time.perf_counter()
from analysis.demo import generate_demo, write_demo
t1 = time.perf_counter()
demo = generate_demo({n}, seed=42)
t2 = time.perf_counter()
rows, loans = len(demo.survey), len(demo.loans)
del demo
paths = write_demo({out!r}, members={n}, seed=42)
t3 = time.perf_counter()
print(json.dumps({{
    "import_s": t1 - t0, "generate_s": t2 - t1, "generate_write_s": t3 - t2,
    "rows": rows, "loans": loans,
    "mib": sum(p.stat().st_size for p in paths) / 2**20,
    "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}}))
"""


def _run_child(n: int) -> dict[str, float]:
    out = OUT / f"n{n}"
    code = _CHILD.format(n=n, out=str(out))
    res = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(res.stdout.strip().splitlines()[-1])


def _run_cli(n: int) -> tuple[float, float]:
    """Wall time and peak RSS of the whole command, as a user runs it."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "analysis", "demo", "--members", str(n), "--out", str(OUT / "cli")],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    wall = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # RUSAGE_CHILDREN keeps the largest child so far: run the CLI first so it is its own peak
    return wall, max(peak, before) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    args = parser.parse_args()

    largest = max(args.sizes)
    cli_wall, cli_peak = _run_cli(largest)
    rows = []
    for n in sorted(args.sizes):
        r = _run_child(n)
        rows.append(
            f"| {n:,} | {r['rows']:,} | {r['loans']:,} | {r['generate_s']:.1f} | "
            f"{r['generate_write_s']:.1f} | {r['mib']:,.0f} | {r['peak_mib']:,.0f} |"
        )
    table = [
        f"# Demo generator benchmark: up to {largest:,} people",
        "",
        f"Machine: {platform.machine()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores shared with other work. Seed 42, 3 waves, 30% comparison.",
        "",
        "| people | survey rows | loans | generate_demo s | write_demo s (generate + 2 CSVs) "
        "| CSV MiB | peak MiB |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        *rows,
        "",
        f"Whole command `python -m analysis demo --members {largest:,}` "
        f"(interpreter start, imports, generation, both CSVs): **{cli_wall:.1f} s**, "
        f"peak **{cli_peak:,.0f} MiB**. Target: under about 60 s and a few GB.",
        "",
        "Each row runs in a fresh process; peak memory is that process's maximum resident set.",
        "Strings are built with Arrow `take` from a few labels (no Python object per row) and",
        "the CSVs are written by `pyarrow.csv`.",
    ]
    publish("\n".join(table) + "\n", RESULTS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
