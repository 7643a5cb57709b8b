"""Units of money fields (issue 9): nothing dropped as 'a fraction of a rupiah' unless rupiah."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from analysis import load_survey
from analysis.cli import build_parser
from analysis.cli.inputs import read_cli_inputs

KEY = b"test-key-for-pseudonyms-0123456789"
# US-dollar earnings with cents and a log outcome: the two shapes that used to lose rows
DOLLARS = "id,year,earn\n1,2019,289.7899\n1,2021,300.10\n2,2019,150.00\n2,2021,1700000000.5\n"
LOGS = "id,year,lwage\n1,2019,-2.8134\n1,2021,-2.5\n2,2019,1.25\n2,2021,1.5\n"
MAP = {"member_id": "id", "wave": "year"}


def _load(text: str, income: str, **kw):
    return load_survey(text.encode(), {**MAP, "income": income}, pseudonym_key=KEY, **kw)


def test_decimals_in_a_money_column_are_a_question_not_a_silent_subsample() -> None:
    loaded = _load(DOLLARS, "earn")
    r = loaded.report
    assert not r.can_analyse
    (q,) = [q for q in r.questions if q.kind == "unit"]
    assert q.field == "income" and q.column == "earn"
    assert "--unit income=USD" in q.message.en and "289.7899" in q.message.en
    assert "satuannya" in q.message.id
    assert r.problems.empty  # nothing set missing before the answer


def test_a_currency_keeps_cents_and_drops_the_rupiah_range() -> None:
    loaded = _load(DOLLARS, "earn", units={"income": "USD"})
    assert loaded.report.can_analyse
    # every value kept as written, 1.7 billion included (the ±Rp 1 billion range is rupiah's)
    assert loaded.data["income"].tolist() == [289.7899, 300.1, 150.0, 1700000000.5]
    assert loaded.report.units == {"income": "USD"}
    assert loaded.report.problems.empty


def test_a_number_outcome_keeps_negatives_without_listing_them_as_losses() -> None:
    loaded = _load(LOGS, "lwage", units={"income": "number"})
    assert loaded.report.can_analyse
    np.testing.assert_array_equal(loaded.data["income"], [-2.8134, -2.5, 1.25, 1.5])
    assert loaded.report.problems.empty


def test_rupiah_said_explicitly_lists_fractions_as_before() -> None:
    loaded = _load(DOLLARS, "earn", units={"income": "IDR"})
    codes = loaded.report.problems["code"].tolist()
    # 289.7899 and 300.10 are fractions of a rupiah (150.00 is whole); 1.7 billion is out of range
    assert codes.count("implausible_value") == 3
    assert loaded.report.units == {"income": "IDR"}


def test_one_stray_decimal_in_rupiah_stays_rupiah_and_is_listed() -> None:
    text = "id,year,inc\n1,2019,1500000\n1,2021,2.5\n2,2019,900000\n2,2021,950000\n"
    loaded = _load(text, "inc")
    assert loaded.report.units == {"income": "IDR"}
    assert loaded.report.problems["code"].tolist().count("implausible_value") == 1


def test_units_are_checked() -> None:
    with pytest.raises(ValueError, match="ISO 4217"):
        _load(LOGS, "lwage", units={"income": "dollars"})
    assert _load(LOGS, "lwage", units={"income": "usd"}).report.units == {"income": "USD"}


def test_the_mapping_file_and_the_command_line_say_units_and_sheets(tmp_path: Path) -> None:
    mapping = tmp_path / "m.toml"
    mapping.write_text(
        'income = "earn"\nsheet = "Data"\nloans_sheet = "Pinjaman"\n[units]\nincome = "USD"\n'
        'capital = "USD"\n',
        encoding="utf-8",
    )
    survey = tmp_path / "s.csv"
    survey.write_text(DOLLARS, encoding="utf-8")
    args = build_parser().parse_args(
        ["validate", str(survey), "--mapping", str(mapping), "--unit", "capital=number"]
    )
    inputs = read_cli_inputs(args)
    assert inputs.survey_map == {"income": "earn"}  # sheet names are options, not fields
    assert inputs.options["units"] == {"income": "USD", "capital": "number"}  # CLI wins
    assert inputs.options["sheet"] == "Data" and inputs.loans_options["sheet"] == "Pinjaman"


def test_a_log_unit_is_a_number_the_summary_calls_log_points() -> None:
    loaded = _load(LOGS, "lwage", units={"income": "log"})
    assert loaded.report.can_analyse and loaded.report.units == {"income": "log"}
    assert loaded.report.problems.empty
