"""Benchmark of loading and validating a 1,000,000-member, 3-wave survey (3M rows).

Targets (issue 2): ``load_survey`` on a clean CSV in at most 2x a bare ``pandas.read_csv``
of the same file; on the same survey written the Indonesian way (semicolons,
``Rp 1.500.000``, decimal commas) in at most 4x; peak memory under 3 GB.

Each measurement runs in a fresh process (peak RSS from ``resource.getrusage`` there),
bare read and loader alternating, side by side in the same run. The files are made once
from the demo generator (``analysis.demo.write_demo``, seed 42) and cached under
``/tmp/berdaya_bench`` (not in the repository). Prints a markdown table and writes it to
``bench/results/load.md``.

Run: ``.venv/bin/python bench/bench_load.py`` (``--members 100000`` for a quick look).
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
sys.path.insert(0, str(ROOT))
CACHE = Path(os.environ.get("BERDAYA_BENCH_CACHE", "/tmp/berdaya_bench"))
RESULTS = ROOT / "bench" / "results" / "load.md"

_BARE = """
import json, resource, sys, time
import pandas as pd
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
t, c = time.perf_counter(), cpu()
df = pd.read_csv({path!r}, sep={sep!r})
s, c = time.perf_counter() - t, cpu() - c
print(json.dumps({{"s": s, "cpu": c, "rows": len(df), "peak_mib":
    resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""

_LOAD = """
import json, resource, sys, time
import analysis.ingest.loaders as L
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
t, c = time.perf_counter(), cpu()
loaded = L.load_survey({path!r})
s, c = time.perf_counter() - t, cpu() - c
r = loaded.report
print(json.dumps({{"s": s, "cpu": c, "rows": r.n_rows_kept, "ok": r.can_analyse,
    "problems": len(r.problems), "peak_mib":
    resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""

_CHECK = """
import json, numpy as np, pandas as pd
import analysis.ingest.loaders as L
a = L.load_survey({clean!r}).data
b = L.load_survey({indo!r}).data
same = a.shape == b.shape and all(
    a[c].equals(b[c]) if a[c].dtype == b[c].dtype else False for c in a.columns)
diff = [c for c in a.columns if not (a[c].dtype == b[c].dtype and a[c].equals(b[c]))]
print(json.dumps({{"same": bool(same), "differ": diff}}))
"""


def _paths(members: int) -> tuple[Path, Path]:
    return CACHE / f"survey_clean_{members}.csv", CACHE / f"survey_indonesian_{members}.csv"


def make_files(members: int) -> None:
    """The clean demo survey and its Indonesian twin, made once and cached.

    Runs in its own process (``--make``): the parent stays small, because a child started
    from a big parent inherits its peak RSS in ``getrusage``.
    """
    import numpy as np
    import pandas as pd

    def group_dots(values: np.ndarray) -> np.ndarray:
        """Whole rupiah as ``1.500.000`` (empty for missing)."""
        return np.array(
            ["" if np.isnan(v) else f"{int(v):,}".replace(",", ".") for v in values],
            dtype=object,
        )

    CACHE.mkdir(parents=True, exist_ok=True)
    clean, indo = _paths(members)
    if not clean.exists():
        from analysis.demo import write_demo

        out = CACHE / f"demo_{members}"
        write_demo(out, members=members, seed=42)
        (out / "synthetic_survey.csv").rename(clean)
    if not indo.exists():
        df = pd.read_csv(clean, dtype="str", keep_default_na=False)
        for col in ("income", "capital", "revenue"):
            num = pd.to_numeric(df[col].replace("", np.nan))
            df[col] = pd.Series(group_dots(num.to_numpy(dtype="float64")), dtype=object)
            df[col] = np.where(df[col] == "", "", "Rp " + df[col].astype(str))
        for col in ("training_hours", "business_age_years"):
            v = pd.to_numeric(df[col].replace("", np.nan)).to_numpy(dtype="float64")
            df[col] = np.array(
                ["" if np.isnan(x) else f"{x:.1f}".replace(".", ",") for x in v], dtype=object
            )
        tmp = indo.with_suffix(".tmp")
        df.to_csv(tmp, sep=";", index=False)
        tmp.rename(indo)
    return


def _child(code: str) -> dict[str, float]:
    res = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if res.returncode != 0:
        raise RuntimeError(res.stderr[-3000:])
    return json.loads(res.stdout.strip().splitlines()[-1])


def _pandas_version() -> str:
    return _child("import json, pandas; print(json.dumps({'v': pandas.__version__}))")["v"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--members", type=int, default=1_000_000)
    ap.add_argument("--repeats", type=int, default=2, help="runs of each; the best is kept")
    ap.add_argument("--no-write", action="store_true", help="print only")
    ap.add_argument("--make", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.make:
        make_files(args.members)
        return

    t0 = time.perf_counter()
    subprocess.run([sys.executable, __file__, "--make", "--members", str(args.members)], check=True)
    clean, indo = _paths(args.members)
    made = time.perf_counter() - t0
    check = _child(_CHECK.format(clean=str(clean), indo=str(indo)))

    rows = []
    for label, path, sep, target in (
        ("clean (comma, plain numbers)", clean, ",", 2.0),
        ("Indonesian (semicolon, Rp 1.500.000, decimal comma)", indo, ";", 4.0),
    ):
        bare: list[dict[str, float]] = []
        load: list[dict[str, float]] = []
        for _ in range(args.repeats):
            bare.append(_child(_BARE.format(path=str(path), sep=sep)))
            load.append(_child(_LOAD.format(path=str(path))))
        b = min(bare, key=lambda r: r["s"])
        ld = min(load, key=lambda r: r["s"])
        ratio = ld["s"] / b["s"]
        cpu_b = min(r["cpu"] for r in bare)
        cpu_l = min(r["cpu"] for r in load)
        peak = max(r["peak_mib"] for r in load)
        rows.append(
            f"| {label} | {path.stat().st_size / 2**20:,.0f} | {int(b['rows']):,} | "
            f"{b['s']:.2f} | {ld['s']:.2f} | **{ratio:.2f}x** (target {target:.0f}x) | "
            f"{cpu_b:.2f} / {cpu_l:.2f} ({cpu_l / cpu_b:.2f}x) | "
            f"{b['peak_mib']:,.0f} | {peak:,.0f} | {int(ld['rows']):,} | {int(ld['problems']):,} |"
        )

    lines = [
        f"# Loading and validating a {args.members:,}-member, 3-wave survey",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, pandas {_pandas_version()}. Best of {args.repeats} runs, "
        "each in a fresh process; bare `pandas.read_csv` and `load_survey` alternate. Files: "
        "the demo survey (`write_demo`, seed 42) and the same data rewritten with `;`, "
        "`Rp 1.500.000` and decimal commas.",
        "",
        "| file | MiB | rows | bare read_csv s | load_survey s | ratio (wall) | CPU s bare / "
        "load | bare peak MiB | load peak MiB | rows kept | problems listed |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        *rows,
        "",
        f"Both files load to the same frame: {check['same']}"
        + (f" (columns differing: {check['differ']})" if check["differ"] else "")
        + ". The demo data plants missing incomes, so some rows are excluded and listed "
        "(with line numbers) in both.",
        f"Target memory: peak under 3 GB (3,072 MiB). Files made in {made:.0f} s (cached "
        f"in {CACHE}).",
        "",
        "Run: `.venv/bin/python bench/bench_load.py`.",
    ]
    publish("\n".join(lines) + "\n", RESULTS, write=not args.no_write)


if __name__ == "__main__":
    main()
