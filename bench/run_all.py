"""Run every benchmark script ``bench/bench_*.py`` in turn (``make bench``).

Each script measures one target of the issues, prints its markdown table and writes it to
``bench/results/<name>.md``. They run one after the other, never in parallel: the machine has
two cores and the timings compare processes run side by side. A script that fails does not
stop the others; the exit code is 1 when any failed.

Run: ``.venv/bin/python bench/run_all.py [NAME ...]`` (``NAME`` selects scripts whose file
name contains it, e.g. ``report``); ``--list`` shows the scripts without running them.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent


def scripts(names: list[str]) -> list[Path]:
    """The benchmark scripts, sorted, those containing one of ``names`` when given."""
    found = sorted(BENCH.glob("bench_*.py"))
    if names:
        found = [p for p in found if any(n in p.stem for n in names)]
    return found


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("names", nargs="*", help="run only scripts whose name contains one of these")
    ap.add_argument("--list", action="store_true", help="list the scripts and exit")
    args = ap.parse_args(argv)

    chosen = scripts(args.names)
    if not chosen:
        print(f"no benchmark script matches {args.names}", file=sys.stderr)
        return 2
    if args.list:
        print("\n".join(str(p.relative_to(ROOT)) for p in chosen))
        return 0
    outcomes: list[tuple[str, int, float]] = []
    for path in chosen:
        print(f"\n=== {path.relative_to(ROOT)} ===", flush=True)
        t = time.perf_counter()
        rc = subprocess.run([sys.executable, str(path)], cwd=ROOT, check=False).returncode
        outcomes.append((path.name, rc, time.perf_counter() - t))
    print("\n| script | result | minutes |\n|---|---|---:|")
    for name, rc, s in outcomes:
        print(f"| {name} | {'ok' if rc == 0 else f'FAILED (exit {rc})'} | {s / 60:.1f} |")
    return 0 if all(rc == 0 for _, rc, _ in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
