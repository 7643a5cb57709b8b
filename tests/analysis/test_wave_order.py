"""Waves in their true order (issue 10): never sorted as text when that swaps before and after."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from analysis import before_after, load_survey
from analysis.ingest.waves import order_waves

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        (["Januari 2023", "Juni 2021"], ["Juni 2021", "Januari 2023"]),
        (["Jan 2023", "June 2021", "Agt 2022"], ["June 2021", "Agt 2022", "Jan 2023"]),
        (["06/2023", "12/2021"], ["12/2021", "06/2023"]),
        (["Gelombang 10", "Gelombang 2", "Gelombang 1"], ["Gelombang 1", "Gelombang 2", "Gelombang 10"]),
        (["R10", "R2"], ["R2", "R10"]),
        (["endline", "midline", "baseline"], ["baseline", "midline", "endline"]),
        (["Akhir", "Awal", "Tengah"], ["Awal", "Tengah", "Akhir"]),
        (["sesudah", "sebelum"], ["sebelum", "sesudah"]),
        (["Q12011", "Q42010", "Q22011"], ["Q42010", "Q12011", "Q22011"]),
        (["2011Q1", "2010Q4"], ["2010Q4", "2011Q1"]),
        (["15/01/2023", "30/06/2021"], ["30/06/2021", "15/01/2023"]),
        (["Survei 2023", "Survei 2021 (awal)"], ["Survei 2021 (awal)", "Survei 2023"]),
    ],
)  # fmt: skip
def test_labels_are_ordered_by_what_they_say(labels, expected) -> None:
    assert order_waves(labels) == expected


@pytest.mark.parametrize(
    "labels",
    [
        ["baseline", "2022", "Akhir"],  # mixed formats
        ["2021-06-30", "30/06/2021", "2023-01-15"],  # one date written two ways
        ["kota", "desa"],  # words without a place
        ["Gelombang 1", "Putaran 2"],  # two different words
    ],
)
def test_labels_without_a_readable_order_are_a_question(labels) -> None:
    assert order_waves(labels) is None


def _file(w1: str, w2: str) -> bytes:
    # incomes rise from the first wave to the second for both members
    return f"member_id,wave,income\n1,{w1},100\n1,{w2},150\n2,{w1},90\n2,{w2},120\n".encode()


def test_month_year_waves_compare_in_time_order_so_the_rise_is_a_rise() -> None:
    # text order would put 'Januari 2023' first and report a fall of -40 on average
    loaded = load_survey(_file("Juni 2021", "Januari 2023"))
    assert loaded.report.waves == ("Juni 2021", "Januari 2023")
    res = before_after(loaded.data).iloc[0]
    assert res["mean_change"] == pytest.approx(40.0)  # (50 + 30) / 2, by hand


def test_an_unreadable_order_is_asked_and_answered_by_the_wave_order_option() -> None:
    asked = load_survey(_file("kota", "desa"))
    assert not asked.report.can_analyse
    (q,) = [q for q in asked.report.questions if q.kind == "wave_order"]
    assert "--wave-order" in q.message.en and "urutannya" in q.message.id
    answered = load_survey(_file("kota", "desa"), wave_order=["kota", "desa"])
    assert answered.report.can_analyse and answered.report.waves == ("kota", "desa")
    wrong = load_survey(_file("kota", "desa"), wave_order=["kota"])
    assert not wrong.report.can_analyse and "'desa'" in wrong.report.errors[0].en


def test_the_command_line_and_a_mapping_file_give_the_order(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_bytes(_file("kota", "desa"))
    cmd = [sys.executable, "-m", "analysis", "validate", str(path)]
    assert subprocess.run(cmd, capture_output=True, cwd=ROOT, timeout=120).returncode == 1
    ok = subprocess.run(
        [*cmd, "--wave-order", "kota,desa"], capture_output=True, cwd=ROOT, timeout=120
    )
    assert ok.returncode == 0, ok.stderr
    m = tmp_path / "m.toml"
    m.write_text('wave_order = ["kota", "desa"]\n', encoding="utf-8")
    by_file = subprocess.run(
        [*cmd, "--mapping", str(m)], capture_output=True, cwd=ROOT, timeout=120
    )
    assert by_file.returncode == 0, by_file.stderr
