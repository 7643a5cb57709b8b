"""Benchmark: opening a saved evaluation versus loading its CSVs (issue 14, target >= 5x).

For each size the demo survey and ledger (``analysis.write_demo``, seed 42) are written once
under ``/tmp/berdaya_bench`` (not in the repository, ``BERDAYA_BENCH_CACHE`` to move it) and
published into a fresh store there (the publish is timed too); a fresh process then times
``load_survey`` + ``load_loans`` on the CSVs, and another ``open_evaluation`` on the store,
alternating, best of ``--repeats``. The publish step checks that the opened frames equal the
loaded ones (values and dtypes). Writes ``bench/results/store.md``.

Run: ``.venv/bin/python bench/bench_store.py`` (``--members 200000`` for a quick look).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from _common import publish

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(os.environ.get("BERDAYA_BENCH_CACHE", "/tmp/berdaya_bench"))
RESULTS = ROOT / "bench" / "results" / "store.md"

_PREAMBLE = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
def peak():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""

_MAKE = (
    _PREAMBLE
    + """
import shutil
from pathlib import Path
import pandas as pd
import analysis
from analysis.store import list_evaluations, open_evaluation, publish
folder = Path({folder!r})
if not (folder / "synthetic_loans.csv").exists():
    analysis.write_demo(folder, members={members})
store = folder / "store"
s = analysis.load_survey(str(folder / "synthetic_survey.csv"))
l = analysis.load_loans(str(folder / "synthetic_loans.csv"))
shutil.rmtree(store, ignore_errors=True)  # a fresh store: one version, its publish timed
t = time.perf_counter()
publish(store, "bench", s, l, publisher="bench")
pub = time.perf_counter() - t
assert list(list_evaluations(store)["version"]) == [1]
e = open_evaluation(store, "bench")
pd.testing.assert_frame_equal(e.survey.data, s.data, check_exact=True)
pd.testing.assert_frame_equal(e.loans.data, l.data, check_exact=True)
size = sum(p.stat().st_size for p in store.iterdir())
csv = sum((folder / f).stat().st_size for f in ("synthetic_survey.csv", "synthetic_loans.csv"))
print(json.dumps({{"publish_s": pub, "store_mib": size / 2**20, "csv_mib": csv / 2**20,
    "rows": len(s.data), "loans": len(l.data)}}))
"""
)

_CSV = (
    _PREAMBLE
    + """
t = time.perf_counter()
import analysis
s = analysis.load_survey({folder!r} + "/synthetic_survey.csv")
l = analysis.load_loans({folder!r} + "/synthetic_loans.csv")
print(json.dumps({{"s": time.perf_counter() - t, "peak_mib": peak()}}))
"""
)

_OPEN = (
    _PREAMBLE
    + """
t = time.perf_counter()
from analysis.store import open_evaluation
e = open_evaluation({folder!r} + "/store", "bench")
print(json.dumps({{"s": time.perf_counter() - t, "peak_mib": peak()}}))
"""
)


def _child(code: str) -> dict[str, float]:
    res = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if res.returncode != 0:
        raise RuntimeError(res.stderr[-3000:])
    return json.loads(res.stdout.strip().splitlines()[-1])


def _row(members: int, repeats: int) -> str:
    folder = str(CACHE / f"store_demo_{members}")
    made = _child(_MAKE.format(root=str(ROOT), folder=folder, members=members))
    csv, opened = [], []
    for _ in range(repeats):
        csv.append(_child(_CSV.format(root=str(ROOT), folder=folder)))
        opened.append(_child(_OPEN.format(root=str(ROOT), folder=folder)))
    c = min(csv, key=lambda r: r["s"])
    o = min(opened, key=lambda r: r["s"])
    return (
        f"| {members:,} | {int(made['rows']):,} | {int(made['loans']):,} | "
        f"{made['csv_mib']:,.0f} | {made['store_mib']:,.0f} | {made['publish_s']:.1f} | "
        f"{c['s']:.2f} | {o['s']:.2f} | **{c['s'] / o['s']:.1f}x** | "
        f"{c['peak_mib']:,.0f} / {o['peak_mib']:,.0f} |"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--members", type=int, nargs="+", default=[200_000, 1_000_000])
    ap.add_argument("--repeats", type=int, default=2, help="runs of each; the best is kept")
    ap.add_argument("--no-write", action="store_true", help="print only")
    args = ap.parse_args()
    t0 = time.perf_counter()
    rows = [_row(m, args.repeats) for m in args.members]
    lines = [
        "# Opening a saved evaluation versus loading its CSVs",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores shared with other work, Python "
        f"{platform.python_version()}. Best of {args.repeats} runs, each in a fresh process "
        "(imports included in both timings), CSV load and store open alternating. Data: the "
        "demo survey (3 waves) and ledger, `write_demo` seed 42. Target: opening at least 5x "
        "faster than loading the CSVs.",
        "",
        "| members | survey rows | loans | CSV MiB | store MiB | publish s | load CSVs s "
        "(load_survey + load_loans) | open_evaluation s | speed-up | peak MiB load / open |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        *rows,
        "",
        "The opened frames equal the loaded ones (`assert_frame_equal`, exact, dtypes included). "
        f"Whole run {time.perf_counter() - t0:.0f} s (files cached in {CACHE}).",
        "",
        "Run: `.venv/bin/python bench/bench_store.py`.",
    ]
    publish("\n".join(lines) + "\n", RESULTS, write=not args.no_write)


if __name__ == "__main__":
    main()
