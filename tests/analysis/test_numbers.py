"""Indonesian numbers and dates: one cell, one column's notation, whole columns."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.ingest.numbers import (
    NUMBER_STYLES,
    detect_date_format,
    detect_number_style,
    parse_dates,
    parse_number,
    parse_numbers,
)

# Expected values below are the numbers the cells denote, worked out by hand.


@pytest.mark.parametrize(
    ("cell", "style", "expected"),
    [
        ("1.500.000", "dot_thousands", 1_500_000.0),  # Indonesian thousands dots
        ("Rp 1.500.000", "dot_thousands", 1_500_000.0),  # currency with a space
        ("Rp1.500.000,00", "dot_thousands", 1_500_000.0),  # Excel's currency format
        ("Rp. 750.000", "dot_thousands", 750_000.0),  # "Rp." abbreviation
        ("Rp 150.000,-", "dot_thousands", 150_000.0),  # ",-" = no cents, on receipts
        ("43,5", "dot_thousands", 43.5),  # decimal comma
        ("1,5 jt", "dot_thousands", 1_500_000.0),  # juta = million
        ("1,5jt", "dot_thousands", 1_500_000.0),  # shorthand glued on
        ("2 juta", "plain", 2_000_000.0),  # spelt out
        ("750 rb", "dot_thousands", 750_000.0),  # ribu = thousand
        ("750rb", "plain", 750_000.0),
        ("1.25 jt", "dot_thousands", 1_250_000.0),  # shorthand: one dot is a decimal
        ("(2.000)", "dot_thousands", -2000.0),  # accounting brackets
        ("-Rp 5.000", "dot_thousands", -5000.0),  # minus before the currency
        ("Rp -5.000", "dot_thousands", -5000.0),  # minus after it
        ("1 500 000", "plain", 1_500_000.0),  # spaces between groups of three
        ("1,500,000", "comma_thousands", 1_500_000.0),  # English grouping
        ("1,500,000.50", "comma_thousands", 1_500_000.5),
        ("1500000.5", "plain", 1_500_000.5),
        ("1.5e6", "plain", 1_500_000.0),  # scientific notation from a program
        ("1.500", "plain", 1.5),  # the same cell, read as a decimal
        ("1.500", "dot_thousands", 1500.0),  # ... or as thousands
        ("\u00a01.500.000 ", "dot_thousands", 1_500_000.0),  # no-break space from Excel
    ],
)
def test_parse_number_reads_indonesian_notations(cell: str, style: str, expected: float) -> None:
    assert parse_number(cell, style) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("cell", "style"),
    [
        ("abc", "dot_thousands"),  # not a number at all
        ("1.50.000", "dot_thousands"),  # broken grouping (lakh style)
        ("0.500", "dot_thousands"),  # a group cannot start with 0
        ("1,5", "plain"),  # a comma means nothing in plain numbers
        ("1.5", "dot_thousands"),  # a decimal dot in an Indonesian column
        ("12 34", "plain"),  # two numbers in one cell
        ("1,5 M", "dot_thousands"),  # "M" is ambiguous (million or miliar): refused
        ("", "plain"),  # blank: callers treat it as missing
    ],
)
def test_parse_number_refuses_what_is_not_a_number_in_the_style(cell: str, style: str) -> None:
    assert parse_number(cell, style) is None


@pytest.mark.parametrize(
    ("cells", "money", "style", "candidates", "by_unit"),
    [
        (["Rp 1.500.000", "Rp 750.000"], True, "dot_thousands", (), False),  # dots in groups
        (["43,5", "12", "7,25"], False, "dot_thousands", (), False),  # decimal commas
        (["2.5", "12", "0.75"], False, "plain", (), False),  # decimal points
        (["1500000", "250000"], True, "plain", (), False),  # no separators at all
        (["1,500,000", "250,000"], True, "comma_thousands", (), False),  # English
        # Every cell like 1.500: 1.5 or 1500. A rupiah amount is read as thousands ...
        (["1.500", "2.250"], True, "dot_thousands", ("plain", "dot_thousands"), True),
        # ... anything else is a question.
        (["1.500", "2.250"], False, None, ("plain", "dot_thousands"), False),
        (["1,500", "2,250"], False, None, ("dot_thousands", "comma_thousands"), False),
        # One odd cell among many does not change the decision (it will be listed).
        (["1.500.000"] * 9 + ["2.5"], True, "dot_thousands", (), False),
        (["-", "", "Rp 2.000.000"], True, "dot_thousands", (), False),  # placeholders skipped
    ],
)
def test_detect_number_style_decides_per_column(
    cells: list[str], money: bool, style: str | None, candidates: tuple, by_unit: bool
) -> None:
    d = detect_number_style(pd.Series(cells, dtype="str"), money=money)
    assert (d.style, d.candidates, d.resolved_by_unit) == (style, candidates, by_unit)


def test_detect_number_style_reports_an_example_and_its_reading() -> None:
    d = detect_number_style(pd.Series(["Rp 1.500.000", "Rp 2.000.000"], dtype="str"), money=True)
    assert (d.example, d.example_value) == ("Rp 1.500.000", 1_500_000.0)


def test_parse_numbers_fast_and_slow_paths_give_what_one_cell_at_a_time_gives() -> None:
    # Well-formed cells go through Arrow kernels, the rest one by one: both must agree
    # with parse_number on every cell (the reference, checked by hand above).
    cells = ["Rp 1.500.000", "Rp1.500.000,00", "43,5", "1,5 jt", "750 rb", "x", "1.5",
             " Rp 2.000 ", "(1.000)", "Rp. 9.999", "0", "-12,25"]  # fmt: skip
    p = parse_numbers(pd.Series(cells, dtype="str"), "dot_thousands")
    for i, cell in enumerate(cells):
        ref = parse_number(cell, "dot_thousands")
        if ref is None:
            assert np.isnan(p.values[i]) and p.unreadable[i], cell
        else:
            assert p.values[i] == pytest.approx(ref) and not p.unreadable[i], cell


def test_parse_numbers_counts_placeholders_and_shorthands_and_keeps_blanks_missing() -> None:
    p = parse_numbers(pd.Series(["-", None, "", "2 jt", "500 rb", "10"], dtype="str"), "plain")
    np.testing.assert_array_equal(p.unreadable, [False] * 6)
    np.testing.assert_allclose(p.values, [np.nan, np.nan, np.nan, 2e6, 5e5, 10.0])
    assert (p.n_placeholders, p.n_shorthand) == (1, 2)


def test_parse_numbers_takes_numbers_already_read_by_the_csv_reader() -> None:
    p = parse_numbers(pd.Series([1, 2, None], dtype="float64"), "dot_thousands")
    np.testing.assert_allclose(p.values, [1.0, 2.0, np.nan])


def test_parse_numbers_reads_a_mixed_object_column_cell_by_cell() -> None:
    # A column typed differently in two parts of a file: numbers kept, text parsed.
    p = parse_numbers(pd.Series([1500000.0, "Rp 2.000.000", "oops", np.nan], dtype=object),
                      "dot_thousands")  # fmt: skip
    np.testing.assert_allclose(p.values, [1.5e6, 2e6, np.nan, np.nan])
    assert p.unreadable.tolist() == [False, False, True, False]


@pytest.mark.parametrize("style", NUMBER_STYLES)
def test_every_style_accepts_plain_integers(style: str) -> None:
    assert parse_number("2500000", style) == 2_500_000.0


@pytest.mark.parametrize(
    ("cells", "fmt", "ambiguous", "mixed"),
    [
        (["2023-01-15", "2023-02-01"], "ISO8601", False, False),  # ISO dates
        (["2023-01-15 08:30:00"], "ISO8601", False, False),  # with a time
        (["15/01/2023", "01/02/2023"], "%d/%m/%Y", False, False),  # day > 12 decides
        (["01/15/2023", "02/01/2023"], "%m/%d/%Y", False, False),  # US order
        (["15-01-2023"], "%d-%m-%Y", False, False),
        (["15.01.2023"], "%d.%m.%Y", False, False),
        (["5 Januari 2023", "17 Agustus 2023"], "%d %B %Y", False, False),  # Indonesian
        (["5 Okt 2023", "1 Des 2022"], "%d %b %Y", False, False),  # short months
        (["05/03/2023", "01/02/2023"], None, True, False),  # day/month or month/day: ask
        # Mostly day-first, one ISO cell: the main format is used and the user asked.
        (["15/01/2023", "16/01/2023", "2023-01-17"], "%d/%m/%Y", False, True),
    ],
)
def test_detect_date_format(
    cells: list[str], fmt: str | None, ambiguous: bool, mixed: bool
) -> None:
    d = detect_date_format(pd.Series(cells, dtype="str"))
    assert (d.format, d.ambiguous, d.mixed) == (fmt, ambiguous, mixed)


def test_parse_dates_reads_each_cell_and_flags_the_unreadable() -> None:
    p = parse_dates(pd.Series(["15/01/2023", "2023-01-17", None, ""], dtype="str"), "%d/%m/%Y")
    assert p.values.iloc[0] == pd.Timestamp("2023-01-15")
    assert p.values.iloc[1:].isna().all()
    assert p.unreadable.tolist() == [False, True, False, False]
