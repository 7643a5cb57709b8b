"""Spreadsheet-safe CSV exports (formula injection, BOM, numbers untouched)."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from analysis import safe_csv_bytes


def _cells(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8-sig")
    return [line.split(",") for line in text.split("\r\n") if line]


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK(""http://x"")'),  # formula
        ("+A1+B1", "'+A1+B1"),  # plus starting a formula
        ("+62812345678", "+62812345678"),  # just a number (a spreadsheet reads it as one)
        ("@SUM(A1)", "'@SUM(A1)"),  # Lotus-style function
        ("-2+3", "'-2+3"),  # minus starting a formula
        ("\tx", "'\tx"),  # leading tab
        ("-5", "-5"),  # a number stored as text stays a number
        ("+1.5", "+1.5"),
        ("-1e3", "-1e3"),
        ("Kopwan Gama", "Kopwan Gama"),  # ordinary text untouched
        ("a=b", "a=b"),  # only the first character matters
    ],
)
def test_text_cells_that_spreadsheets_would_run_get_an_apostrophe(cell: str, written: str) -> None:
    out = safe_csv_bytes(pd.DataFrame({"v": [cell]}))
    body = out.decode("utf-8-sig").split("\r\n", 1)[1].rstrip("\r\n")
    expected = f'"{written}"' if '"' in written else written
    assert body == expected


def test_numeric_columns_are_written_as_numbers_even_when_negative() -> None:
    out = safe_csv_bytes(pd.DataFrame({"change": [-5.0, 2.5, np.nan], "n": [-1, 0, 3]}))
    assert _cells(out) == [["change", "n"], ["-5.0", "-1"], ["2.5", "0"], ["", "3"]]


def test_export_starts_with_a_byte_order_mark_and_keeps_accents() -> None:
    out = safe_csv_bytes(pd.DataFrame({"nama": ["Kopwan Nur’aini", "Désa"]}))
    assert out.startswith(b"\xef\xbb\xbf")
    assert pd.read_csv(io.BytesIO(out), encoding="utf-8-sig")["nama"].tolist() == [
        "Kopwan Nur’aini",
        "Désa",
    ]


def test_column_names_are_defused_too() -> None:
    out = safe_csv_bytes(pd.DataFrame({"=cmd": [1]}))
    assert _cells(out)[0] == ["'=cmd"]


def test_categorical_and_missing_text_cells_survive() -> None:
    df = pd.DataFrame({"w": pd.Categorical(["=a", "b"]), "t": pd.Series(["x", None], dtype="str")})
    assert _cells(safe_csv_bytes(df)) == [["w", "t"], ["'=a", "x"], ["b", ""]]
