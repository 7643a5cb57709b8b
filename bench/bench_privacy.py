"""Speed of pseudonymisation and wide->long conversion at a million members.

Target (issue 2, helper brief): pseudonymising 1,000,000 distinct NIKs takes a few seconds
at most. Prints a markdown table and writes it to bench/results/privacy.md.
Run: .venv/bin/python bench/bench_privacy.py
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.ingest.layouts import detect_wide, wide_to_long  # noqa: E402
from analysis.ingest.privacy import pseudonymise, pseudonymise_values  # noqa: E402

N = 1_000_000
KEY = b"benchmark key, not a real secret"


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    rng = np.random.default_rng(42)
    niks = pd.Series((3509000000000000 + rng.permutation(N)).astype(str), dtype="str")
    phones = pd.Series(np.char.add("08", rng.integers(10**9, 10**10, N).astype(str)), dtype="str")
    survey = pd.DataFrame(
        {
            "id_anggota": np.char.add("A", np.arange(N).astype(str)),
            "NIK": niks,
            "nama": "Siti",
            "kontak": phones,  # found by its values, not its name
            "pendapatan": rng.integers(5 * 10**5, 5 * 10**6, N).astype(str),
        }
    ).astype("str")
    wide = pd.DataFrame(
        {
            "id_anggota": survey["id_anggota"],
            **{f"income_{y}": survey["pendapatan"] for y in (2021, 2022, 2023)},
            **{f"omzet_{y}": survey["pendapatan"] for y in (2021, 2022, 2023)},
        }
    )
    layout = detect_wide(wide.columns)
    assert layout is not None
    rows = [
        ("pseudonymise_values, 1,000,000 distinct NIKs", _timed(lambda: pseudonymise_values(niks, KEY))),
        ("pseudonymise_values, 1,000,000 rows, 1,000 distinct", _timed(lambda: pseudonymise_values(niks.iloc[np.arange(N) % 1000], KEY))),
        ("pseudonymise, 1,000,000 rows: NIK, name, phone by value", _timed(lambda: pseudonymise(survey, KEY))),
        ("wide_to_long, 1,000,000 members x 3 waves x 2 stems", _timed(lambda: wide_to_long(wide, layout))),
    ]  # fmt: skip
    lines = [
        "| step | seconds |",
        "|---|---:|",
        *(f"| {name} | {sec:.2f} |" for name, sec in rows),
    ]
    table = "\n".join(lines)
    print(table)
    out = ROOT / "bench" / "results" / "privacy.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        "# Pseudonymisation and wide->long speed\n\n"
        "Machine: the project's 2-core box, shared with other work (1-minute load "
        f"average {os.getloadavg()[0]:.1f} at the end of this run). "
        "Script: bench/bench_privacy.py.\n\n" + table + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
