"""A row is never dropped from an analysis without the report and the exit status saying so
(issue 9, item 2)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from analysis import load_survey

ROOT = Path(__file__).resolve().parents[2]


def _survey(n_members: int, bad: int) -> str:
    lines = ["member_id,wave,income,in_program"]
    for i in range(n_members):
        after = "abc" if i < bad else str(1_200_000 + i)
        lines += [f"{i},2021,{1_000_000 + i},{i % 2}", f"{i},2023,{after},{i % 2}"]
    lines += ["999,2021,,1", "999,2023,1500000,1"]  # a blank income: missing data, not a loss
    return "\n".join(lines) + "\n"


def test_rows_lost_counts_unreadable_cells_and_not_blank_ones() -> None:
    report = load_survey(_survey(50, 2).encode()).report
    # 2 unreadable incomes of 102 rows; the blank one is missing data (attrition's business)
    assert report.rows_lost() == (2, 2 / 102)


def _run(path: Path, *extra: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "analysis", "report", str(path), *extra]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_the_command_line_stops_past_one_percent_unless_allowed(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text(_survey(50, 2), encoding="utf-8")  # 2 of 102 rows: 2.0% > 1%
    stopped = _run(path)
    assert stopped.returncode == 1 and stopped.stdout == ""
    assert "2 of 102 rows (2.0%)" in stopped.stderr and "--allow-dropped" in stopped.stderr
    allowed = _run(path, "--allow-dropped")
    assert allowed.returncode == 0, allowed.stderr
    assert '"n_rows_excluded": 3' in allowed.stdout  # 2 unreadable + the blank, all reported


def test_one_percent_or_less_goes_through(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text(_survey(100, 2), encoding="utf-8")  # 2 of 202 rows: 0.99%
    assert _run(path).returncode == 0
