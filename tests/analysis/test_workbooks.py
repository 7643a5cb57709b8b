"""Spreadsheets and statistics files load like CSV (issue 9: files as researchers have them)."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pyreadstat
import pytest

from analysis import load_loans, load_survey
from analysis.ingest.workbooks import _cell, sniff_kind

ROOT = Path(__file__).resolve().parents[2]
KEY = b"test-key-for-pseudonyms-0123456789"


def _xlsx(rows: list[list[object]], *, sheets: tuple[str, ...] = ("Data",)) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheets[0]
    for r in rows:
        ws.append(r)
    for name in sheets[1:]:
        wb.create_sheet(name)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


INDONESIAN = [
    ["ID Anggota", "Tahun", "Pendapatan (Rp)", "Tanggal wawancara", "Koperasi"],
    ["007", 2021, 1500000, dt.date(2021, 3, 1), "Kopwan Gama"],
    ["007", 2023, 2000000, dt.date(2023, 3, 1), "Kopwan Gama"],
    ["008", 2021, 900000, dt.datetime(2021, 3, 2, 9, 30), "Kopwan Mawar"],
    ["008", 2023, None, dt.date(2023, 3, 2), "Kopwan Mawar"],
]


def test_an_excel_workbook_loads_with_text_ids_numbers_and_dates_as_typed() -> None:
    loaded = load_survey(_xlsx(INDONESIAN, sheets=("Data", "Catatan")), pseudonym_key=KEY)
    r = loaded.report
    assert r.can_analyse, r.errors
    d = loaded.data
    assert d["member_id"].tolist() == ["007", "007", "008"]  # leading zeros of a text cell
    assert d["income"].tolist() == [1500000.0, 2000000.0, 900000.0]
    assert d["Tanggal wawancara"].tolist()[:3] == [
        "2021-03-01",
        "2023-03-01",
        "2021-03-02 09:30:00",
    ]
    # the row without income is listed at its spreadsheet row (header = row 1, so row 5)
    miss = r.problems[r.problems["code"] == "missing_required"]
    assert miss["line"].tolist() == [5] and miss["column"].tolist() == ["Pendapatan (Rp)"]
    notes = " ".join(m.en for m in r.conversions)
    assert "sheet 'Data'" in notes and "Catatan" in notes and "encoding" not in notes
    # the hash is of the workbook as given, not of the CSV text made from it
    assert len(r.sha256) == 64 and r.n_bytes == len(_xlsx(INDONESIAN, sheets=("Data", "Catatan")))


def test_a_sheet_is_chosen_by_name_and_an_unknown_one_is_named_with_the_ones_there_are() -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "Catatan"
    wb.active.append(["just a note"])
    ws = wb.create_sheet("Survei 2023")
    for r in INDONESIAN:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    ok = load_survey(buf.getvalue(), sheet="Survei 2023", pseudonym_key=KEY)
    assert ok.report.can_analyse and len(ok.data) == 3
    bad = load_survey(buf.getvalue(), sheet="Sheet9", pseudonym_key=KEY)
    assert not bad.report.can_analyse
    assert "'Catatan', 'Survei 2023'" in bad.report.errors[0].en
    assert "Sheet9" in bad.report.errors[0].id


def test_stata_value_labels_give_text_fields_their_labels_and_numbers_their_codes(
    tmp_path: Path,
) -> None:
    df = pd.DataFrame(
        {
            "id": [1, 1, 2, 2],
            "year": [2019, 2021, 2019, 2021],
            "earn": [1500000, 1700000, 900000, 950000],
            "treat": [1, 1, 0, 0],
            "coop": [1, 1, 2, 2],
            "educ": [3, 3, 1, 1],
        }
    )
    path = tmp_path / "study.dta"
    pyreadstat.write_dta(
        df,
        str(path),
        variable_value_labels={
            "treat": {0: "Control", 1: "Treated"},
            "coop": {1: "Kopwan Gama", 2: "Kopwan Mawar"},
            "year": {2019: "baseline", 2021: "endline"},
        },
    )
    mapping = {"member_id": "id", "wave": "year", "income": "earn", "in_program": "treat"}
    loaded = load_survey(str(path), {**mapping, "cooperative_id": "coop"}, pseudonym_key=KEY)
    assert loaded.report.can_analyse, loaded.report.errors
    d = loaded.data
    assert d["cooperative_id"].tolist() == ["Kopwan Gama"] * 2 + ["Kopwan Mawar"] * 2
    assert d["in_program"].tolist() == [1, 1, 0, 0]  # 0/1 codes, not the labels
    assert list(d["wave"].cat.categories) == [2019, 2021]  # codes keep the order
    notes = " ".join(m.en for m in loaded.report.conversions)
    assert "treat (0 = Control, 1 = Treated)" in notes and "Stata" in notes


def test_an_spss_file_and_a_parquet_file_load(tmp_path: Path) -> None:
    df = pd.DataFrame(
        {"id": ["a", "a", "b", "b"], "wave": [1, 2, 1, 2], "income": [100.0, 150.0, 80.0, 90.0]}
    )
    pyreadstat.write_sav(df, str(tmp_path / "s.sav"))
    df.to_parquet(tmp_path / "s.parquet")
    for name in ("s.sav", "s.parquet"):
        loaded = load_survey(str(tmp_path / name), {"member_id": "id"}, pseudonym_key=KEY)
        assert loaded.report.can_analyse, (name, loaded.report.errors)
        assert loaded.data["income"].tolist() == [100.0, 150.0, 80.0, 90.0]


def test_a_loans_ledger_workbook_loads() -> None:
    rows = [
        ["loan_id", "member_id", "principal", "disbursed_on", "amount_repaid", "outstanding"],
        ["L1", "007", 5000000, dt.date(2022, 1, 5), 2000000, 3000000],
        ["L2", "008", 2500000, dt.date(2022, 2, 7), 2500000, 0],
    ]
    loaded = load_loans(_xlsx(rows), pseudonym_key=KEY)
    assert loaded.report.can_analyse, loaded.report.errors
    assert loaded.data["principal"].tolist() == [5000000.0, 2500000.0]


def test_a_damaged_workbook_is_a_clear_error_not_an_exception() -> None:
    broken = _xlsx(INDONESIAN)[:300]
    loaded = load_survey(broken, pseudonym_key=KEY)
    assert not loaded.report.can_analyse
    assert "cannot be read" in loaded.report.errors[0].en or "zip" in loaded.report.errors[0].en


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1500000.0, "1500000"),
        (289.7899, "289.7899"),
        (0.00001, "0.00001"),  # never 1e-05, which a number parser may refuse
        (-2.8134, "-2.8134"),
        (np.nan, ""),
        (None, ""),
        (True, "TRUE"),
        (dt.datetime(2023, 1, 2), "2023-01-02"),
        ("007", "007"),
    ],
)
def test_cells_become_text_without_reinterpretation(value: object, text: str) -> None:
    assert _cell(value) == text


def test_file_kinds_are_told_by_their_first_bytes() -> None:
    assert sniff_kind(b"PK\x03\x04rest") == "xlsx"
    assert sniff_kind(b"\xd0\xcf\x11\xe0rest") == "xls"
    assert sniff_kind(b"$FL2rest") == "sav"
    assert sniff_kind(b"<stata_dta><header>") == "dta"
    assert sniff_kind(b"PAR1rest") == "parquet"
    assert sniff_kind(b"member_id,wave\n") is None


def test_the_command_line_reads_a_sheet_and_units(tmp_path: Path) -> None:
    rows = [["id", "year", "earnings (USD)"], ["a", 2019, 289.7899], ["a", 2021, 300.1]]
    rows += [["b", 2019, 150.25], ["b", 2021, 170.5]]
    wb = openpyxl.Workbook()
    wb.active.title = "README"
    ws = wb.create_sheet("data")
    for r in rows:
        ws.append(r)
    path = tmp_path / "study.xlsx"
    wb.save(path)
    base = [sys.executable, "-m", "analysis", "validate", str(path), "--json", "--sheet", "data"]
    base += ["--map", "member_id=id", "--map", "wave=year", "--map", "income=earnings (USD)"]
    asked = subprocess.run(base, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert asked.returncode == 1  # a question about the unit, not a silent subsample
    assert "--unit income=USD" in asked.stdout + asked.stderr
    ok = subprocess.run(
        [*base, "--unit", "income=USD"], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert ok.returncode == 0, ok.stderr
    report = json.loads(ok.stdout)
    survey = report.get("survey", report)
    assert survey["units"] == {"income": "USD"} and survey["n_rows_kept"] == 4
