"""Benchmark of the whole JSON report on a 1,000,000-member, 3-wave survey with its loans ledger.

Target (issue 3, "Done when"): ``python -m analysis report survey.csv --loans loans.csv
--format json`` as one whole process takes at most 8x the time of a bare-read process
(``import pandas``, ``pandas.read_csv`` of both files) measured in the same run, with a peak
memory under 4 GB.

Both are timed as whole subprocesses (interpreter start and imports included): wall time, and
peak resident memory from ``/usr/bin/time -v`` when present (else ``resource.getrusage`` of
the children, measured in a fresh wrapper process per run). The demo files are made once with
``python -m analysis demo --members N --seed 1`` and cached under ``/tmp/berdaya_bench``
(never in the repository). ``--profile`` adds a breakdown of the report process by public
function (cProfile, in-process; the profiler slows Python-heavy parts a little).

Prints a markdown table and writes it to ``bench/results/report.md``.

Run: ``.venv/bin/python bench/bench_report.py`` (``--members 100000`` for a quick look,
``--profile`` for the breakdown).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import publish

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(os.environ.get("BERDAYA_BENCH_CACHE", "/tmp/berdaya_bench"))
RESULTS = ROOT / "bench" / "results" / "report.md"
TARGET_RATIO = 8.0
TARGET_PEAK_MIB = 4096.0

_BARE = "import pandas; pandas.read_csv({survey!r}); pandas.read_csv({loans!r})"

# Wrapper used when /usr/bin/time is absent: runs the command and reports the child's peak RSS.
_RUSAGE = """
import json, resource, subprocess, sys, time
t = time.perf_counter()
rc = subprocess.run(sys.argv[1:]).returncode
s = time.perf_counter() - t
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"s": s, "cpu": r.ru_utime + r.ru_stime, "peak_mib": r.ru_maxrss / 1024,
                  "rc": rc}), file=sys.stderr)
"""

# The public functions the report calls, for the profile breakdown (module, function).
_PARTS: tuple[tuple[str, str], ...] = (
    ("loaders", "load_survey"),
    ("loaders", "load_loans"),
    ("loaders", "link_datasets"),
    ("report", "build_report"),
    ("panel", "attrition"),
    ("income_change", "before_after"),
    ("prices", "deflate_incomes"),
    ("income_change", "subgroup_before_after"),
    ("comparison", "balance_table"),
    ("comparison", "did_twfe"),
    ("comparison", "did_table"),
    ("comparison", "group_trends"),
    ("comparison", "event_study"),
    ("panel", "member_changes"),
    ("drivers", "capital_from_loans"),
    ("drivers", "driver_models"),
    ("drivers", "dose_response"),
    ("portfolio", "portfolio_summary"),
    ("portfolio", "portfolio_by"),
    ("portfolio", "disbursements"),
    ("report", "_records"),
    ("report", "jsonable"),
)

_PROFILE = """
import cProfile, pstats, sys, time
sys.argv = ["analysis", "report", {survey!r}, "--loans", {loans!r}, "--format", "json",
            "-o", {out!r}]
from analysis.__main__ import main
prof = cProfile.Profile(time.process_time)  # CPU seconds: robust to other work on the machine
t = time.process_time()
prof.enable()
rc = main(sys.argv[1:])
prof.disable()
total = time.process_time() - t
prof.dump_stats({stats!r})
print("TOTAL", total, rc)
"""


def make_files(members: int, seed: int) -> tuple[Path, Path]:
    """The demo survey and ledger of ``members`` people, made once and cached."""
    folder = CACHE / f"report_{members}_seed{seed}"
    survey, loans = folder / "synthetic_survey.csv", folder / "synthetic_loans.csv"
    if not (survey.exists() and loans.exists()):
        tmp = folder.with_name(folder.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        cmd = [sys.executable, "-m", "analysis", "demo", "--members", str(members)]
        cmd += ["--seed", str(seed), "--out", str(tmp)]
        subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        shutil.rmtree(folder, ignore_errors=True)
        tmp.rename(folder)
    return survey, loans


def _timed(cmd: list[str]) -> dict[str, float]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MiB) of ``cmd``, one process."""
    gnu_time = "/usr/bin/time"
    if Path(gnu_time).exists():
        t = time.perf_counter()
        res = subprocess.run(
            [gnu_time, "-v", *cmd], cwd=ROOT, capture_output=True, text=True, check=False
        )
        wall = time.perf_counter() - t
        if res.returncode != 0:
            raise RuntimeError(f"{cmd[:4]} failed:\n{res.stderr[-3000:]}")
        peak_kib = float(re.search(r"Maximum resident set size \(kbytes\): (\d+)", res.stderr)[1])
        cpu = sum(
            float(re.search(rf"{kind} time \(seconds\): ([0-9.]+)", res.stderr)[1])
            for kind in ("User", "System")
        )
        return {"s": wall, "cpu": cpu, "peak_mib": peak_kib / 1024}
    res = subprocess.run(
        [sys.executable, "-c", _RUSAGE, *cmd], cwd=ROOT, capture_output=True, text=True, check=False
    )
    out = json.loads(res.stderr.strip().splitlines()[-1])
    if out["rc"] != 0:
        raise RuntimeError(f"{cmd[:4]} failed:\n{res.stderr[-3000:]}")
    return out


def _profile(survey: Path, loans: Path, out: Path) -> list[tuple[str, float, int]]:
    """(public function, cumulative seconds, calls) in one profiled report process."""
    import pstats

    stats_path = Path(tempfile.gettempdir()) / "berdaya_bench_report.prof"
    code = _PROFILE.format(
        survey=str(survey), loans=str(loans), out=str(out), stats=str(stats_path)
    )
    res = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if res.returncode != 0:
        raise RuntimeError(res.stderr[-3000:])
    total = float(re.search(r"TOTAL ([0-9.]+)", res.stdout)[1])
    stats = pstats.Stats(str(stats_path)).stats  # type: ignore[attr-defined]
    rows = [("whole command (in-process, profiled, CPU s)", total, 1)]
    for module, name in _PARTS:
        suffix = f"analysis/{module}.py"
        hits = [(v[3], v[1]) for k, v in stats.items() if k[0].endswith(suffix) and k[2] == name]
        if hits:
            rows.append((f"{module}.{name}", sum(h[0] for h in hits), sum(h[1] for h in hits)))
    json_dump = [(v[3], v[1]) for k, v in stats.items() if k[2] == "dumps" and "json" in k[0]]
    if json_dump:
        rows.append(("json.dumps", sum(h[0] for h in json_dump), sum(h[1] for h in json_dump)))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--members", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=1, help="runs of each; the fastest is kept")
    ap.add_argument("--profile", action="store_true", help="add a per-function breakdown")
    ap.add_argument("--no-write", action="store_true", help="print only")
    args = ap.parse_args()

    t0 = time.perf_counter()
    survey, loans = make_files(args.members, args.seed)
    made = time.perf_counter() - t0
    out = CACHE / f"report_{args.members}_seed{args.seed}.json"
    load_before = os.getloadavg()

    bare_cmd = [sys.executable, "-c", _BARE.format(survey=str(survey), loans=str(loans))]
    full_cmd = [sys.executable, "-m", "analysis", "report", str(survey), "--loans", str(loans)]
    full_cmd += ["--format", "json", "-o", str(out)]
    bare, full = [], []
    for _ in range(args.repeats):  # alternate, so that both see the same machine load
        bare.append(_timed(bare_cmd))
        full.append(_timed(full_cmd))
    b = min(bare, key=lambda r: r["s"])
    f = min(full, key=lambda r: r["s"])
    ratio = f["s"] / b["s"]
    cpu_ratio = f["cpu"] / b["cpu"]
    peak = max(r["peak_mib"] for r in full)
    load_after = os.getloadavg()

    rep = json.loads(out.read_text(encoding="utf-8"))
    d = rep["dataset"]
    lines = [
        f"# Full JSON report on a {args.members:,}-member, 3-wave demo survey",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores (shared with other work; load "
        f"average {load_before[0]:.1f} before, {load_after[0]:.1f} after), Python "
        f"{platform.python_version()}. Fastest of {args.repeats} run(s) of each, alternating, "
        "each a whole process (interpreter start and imports included); peak memory = maximum "
        "resident set of that process.",
        "",
        f"Data: `python -m analysis demo --members {args.members} --seed {args.seed}`: "
        f"survey {survey.stat().st_size / 2**20:,.0f} MiB, {d['rows']:,} rows kept "
        f"({d['members']:,} people, {d['program_members']:,} members, "
        f"{d['comparison_members']:,} comparison); loans {loans.stat().st_size / 2**20:,.0f} MiB, "
        f"{d['loans_rows']:,} loans. Report JSON: {out.stat().st_size / 2**20:,.1f} MiB, "
        f"{len(rep['warnings'])} warnings.",
        "",
        "| process | wall s | CPU s | peak MiB |",
        "|---|---:|---:|---:|",
        f"| bare read: `import pandas; pandas.read_csv(survey); pandas.read_csv(loans)` | "
        f"{b['s']:.1f} | {b['cpu']:.1f} | {b['peak_mib']:,.0f} |",
        f"| full report: `python -m analysis report survey.csv --loans loans.csv --format json "
        f"-o ...` | {f['s']:.1f} | {f['cpu']:.1f} | {f['peak_mib']:,.0f} |",
        f"| **ratio** | **{ratio:.2f}x** (target <= {TARGET_RATIO:.0f}x: "
        f"{'met' if ratio <= TARGET_RATIO else 'NOT met'}) | {cpu_ratio:.2f}x | peak "
        f"{peak:,.0f} MiB (target < {TARGET_PEAK_MIB:,.0f}: "
        f"{'met' if peak < TARGET_PEAK_MIB else 'NOT met'}) |",
    ]
    if args.repeats > 1:
        lines += [
            "",
            "All runs, wall s (CPU s): bare "
            + ", ".join(f"{r['s']:.1f} ({r['cpu']:.1f})" for r in bare)
            + "; full "
            + ", ".join(f"{r['s']:.1f} ({r['cpu']:.1f})" for r in full)
            + ". The machine is shared: a slow run is other work, which CPU seconds do not "
            "count.",
        ]
    if args.profile:
        rows = _profile(survey, loans, out)
        lines += [
            "",
            "Where the report's time goes (one extra profiled run, cumulative CPU seconds per "
            "public function; nested calls are counted in their callers too, so the column "
            "does not add up):",
            "",
            "| function | cumulative s | calls |",
            "|---|---:|---:|",
            *(f"| {name} | {s:.1f} | {n} |" for name, s, n in rows),
        ]
    lines += [
        "",
        f"Demo files made in {made:.0f} s (cached in {CACHE}).",
        "Run: `.venv/bin/python bench/bench_report.py [--profile] [--repeats N]`.",
    ]
    publish("\n".join(lines) + "\n", RESULTS, write=not args.no_write)


if __name__ == "__main__":
    main()
