"""Pieces every benchmark script shares: timing a call, peak memory, writing the result table.

The scripts run as ``python bench/bench_X.py``, so ``bench/`` is first on ``sys.path`` and
they import this module as ``_common``. It imports nothing of the project, so a script can
import it before putting the repository root on the path.
"""

from __future__ import annotations

import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

#: The repository root (the parent of ``bench/``).
ROOT = Path(__file__).resolve().parents[1]


def timed(fn: Callable[[], T]) -> tuple[float, T]:
    """Wall-clock seconds of one call of ``fn`` and its result."""
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def timed_cpu(fn: Callable[[], T]) -> tuple[float, float, T]:
    """Wall-clock and CPU seconds (this process, all threads) of one call, and its result."""
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, out


def peak_mib() -> float:
    """Peak resident memory of this process so far, in MiB (Linux reports ``ru_maxrss`` in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def publish(text: str, path: Path, *, write: bool = True) -> None:
    """Print a result table and, unless ``write`` is false, save it to ``path`` (folders made)."""
    print(text)
    if write:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
