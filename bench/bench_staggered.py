"""Speed and memory of the staggered-adoption estimates on 1,000,000 members x 3 and 5 waves.

Target (issue 9, item 4): ``group_time_att`` and its aggregates in a few seconds at a million
members on the project's 2-core machine, memory a small multiple of the survey itself. Each
number of waves runs in a fresh process so that its peak memory is its own. Prints a markdown
table and writes it to ``bench/results/staggered.md``.

Run: ``.venv/bin/python bench/bench_staggered.py [--members N] [--waves 3 5]``.

The survey is synthetic and seeded (not timed): string member ids, an ordered Categorical of
years as the wave (what the loader gives), 100 members per cooperative, members joining at
every wave after the first (10% never), the income with a planted effect growing with time in
the program. Each call is timed three times after a warm-up call on the same data; the table
gives the best of the three (the machine is shared).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from _common import ROOT, peak_mib, publish, timed

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis.methods.staggered import adoption_cohorts, aggregate_att, group_time_att


def synthetic_panel(members: int, waves: int, seed: int = 20261208) -> pd.DataFrame:
    """Long survey: one row per member and wave, ``in_program`` 0 until the joining wave."""
    rng = np.random.default_rng(seed)
    years = [2019 + 2 * k for k in range(waves)]
    share = np.r_[np.full(waves - 1, 0.9 / (waves - 1)), 0.1]
    cohort = rng.choice(np.r_[np.arange(1, waves), -1], size=members, p=share)
    level = rng.normal(2_500_000, 600_000, members)
    ids = np.char.add("M", np.char.zfill(np.arange(members).astype(str), 7))
    t = np.repeat(np.arange(waves)[None, :], members, 0).ravel()
    c = np.repeat(cohort, waves)
    joined = (c >= 0) & (t >= c)
    effect = np.where(joined, 150_000.0 * (t - c + 1), 0.0)
    income = np.repeat(level, waves) + 80_000 * t + effect + rng.normal(0, 200_000, t.size)
    return pd.DataFrame(
        {
            "member_id": np.repeat(ids, waves),
            "wave": pd.Categorical.from_codes(t, categories=years, ordered=True),
            "income": income,
            "in_program": joined.astype(np.int8),
            "cooperative_id": np.repeat(np.arange(members) // 100, waves),
        }
    )


def _best(fn: Callable[[], object], repeat: int = 3) -> float:
    fn()  # warm-up
    return min(timed(fn)[0] for _ in range(repeat))


def _current_rss_mib() -> float:
    """Resident memory now (``VmRSS``), in MiB."""
    status = Path("/proc/self/status").read_text().splitlines()
    return int(next(ln for ln in status if ln.startswith("VmRSS:")).split()[1]) / 1024


def _reset_peak() -> bool:
    """Reset this process's peak resident memory (Linux ``clear_refs``), True if it could."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _current_peak_mib() -> float:
    """Peak resident memory since the last reset (``VmHWM``), else since the start."""
    try:
        status = Path("/proc/self/status").read_text().splitlines()
    except OSError:
        return peak_mib()
    hwm = [line.split()[1] for line in status if line.startswith("VmHWM:")]
    return int(hwm[0]) / 1024 if hwm else peak_mib()


def child(members: int, waves: int) -> dict[str, object]:
    """Times every call on one survey; runs inside its own process."""
    survey = synthetic_panel(members, waves)
    gc.collect()
    held = _current_rss_mib()
    _reset_peak()
    eff = group_time_att(survey)
    boot = group_time_att(survey, cluster="cooperative_id", n_boot=999)
    steps = [
        ("adoption_cohorts", lambda: adoption_cohorts(survey)),
        ("group_time_att, never-treated controls", lambda: group_time_att(survey)),
        ("group_time_att, not-yet-treated controls", lambda: group_time_att(survey, control="notyet")),
        ("group_time_att, clustered by cooperative", lambda: group_time_att(survey, cluster="cooperative_id")),
        ("aggregate_att simple + dynamic + group", lambda: [aggregate_att(eff, k) for k in ("simple", "dynamic", "group")]),
        ("group_time_att, clustered, uniform band (999 draws)", lambda: group_time_att(survey, cluster="cooperative_id", n_boot=999)),
        ("aggregate_att dynamic with its band (999 draws)", lambda: aggregate_att(boot, "dynamic")),
        ("group_time_att, unclustered, uniform band (999 draws)", lambda: group_time_att(survey, n_boot=999)),
    ]  # fmt: skip
    rows = [(name, _best(fn)) for name, fn in steps]
    return {
        "rows": rows,
        "n_rows": len(survey),
        "cells": len(eff.table),
        "survey_mib": survey.memory_usage(deep=True).sum() / 2**20,
        "held_mib": held,
        "peak_mib": _current_peak_mib(),
        "simple": float(aggregate_att(eff, "simple")["att"].iloc[0]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--waves", type=int, nargs="+", default=[3, 5])
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "staggered.md"))
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.members, args.child)))
        return
    results = {}
    for w in args.waves:
        cmd = [sys.executable, __file__, "--members", str(args.members), "--child", str(w)]
        done = subprocess.run(cmd, capture_output=True, text=True, check=True)
        results[w] = json.loads(done.stdout.strip().splitlines()[-1])
    publish(_table(args.members, results), Path(args.out))


def _table(members: int, results: dict[int, dict]) -> str:
    waves = list(results)
    head = " | ".join(f"{w} waves" for w in waves)
    names = [name for name, _ in results[waves[0]]["rows"]]
    lines = [
        "# Staggered adoption (Callaway & Sant'Anna): speed and memory",
        "",
        f"Survey: {members:,} members x {', '.join(map(str, waves))} waves, synthetic and seeded "
        "(string ids, Categorical waves, 100 members per cooperative, 10% never in the program, "
        "the others joining at every wave after the first).",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, numpy {np.__version__}, pandas {pd.__version__}; "
        "best of 3 runs after a warm-up, each number of waves in its own process, on a machine "
        f"shared with other work (load average {os.getloadavg()[0]:.2f} at the end); "
        f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}.",
        "",
        f"| seconds | {head} |",
        "|---|" + "---:|" * len(waves),
        *[
            f"| {n} | " + " | ".join(f"{dict(results[w]['rows'])[n]:.2f}" for w in waves) + " |"
            for n in names
        ],
        "| group-time effects (rows of the table) | "
        + " | ".join(str(results[w]["cells"]) for w in waves)
        + " |",
        "| survey in memory (MiB) | "
        + " | ".join(f"{results[w]['survey_mib']:.0f}" for w in waves)
        + " |",
        "| RSS with the survey made, before the calls (MiB) | "
        + " | ".join(f"{results[w]['held_mib']:.0f}" for w in waves)
        + " |",
        "| peak RSS during the calls (MiB) | "
        + " | ".join(f"{results[w]['peak_mib']:.0f}" for w in waves)
        + " |",
        "| peak added by the calls (MiB) | "
        + " | ".join(f"{results[w]['peak_mib'] - results[w]['held_mib']:.0f}" for w in waves)
        + " |",
        "",
        "Method: members x waves arrays of the outcome and status (no pivot of the frame), one "
        "masked mean difference per group-time cell, the influence functions kept as a members "
        "x cells float64 matrix for the aggregates (8 bytes x members x cells). The bootstrap "
        "draws Rademacher weights in blocks, per cluster when clustered "
        f"({members // 100:,} cooperatives here) and per member otherwise, which is why the "
        "unclustered band costs most. The peak during the calls includes the two results the "
        "aggregate steps read, kept alive throughout (their influence matrices are 8 bytes x "
        "members x rows each: 32 MiB at 3 waves, 128 MiB at 5), and the peak RSS is reset "
        "(Linux `clear_refs`) once the survey is made, so generating it is not counted.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
