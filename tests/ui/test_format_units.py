"""Money in the unit of the data shown (issue 9): rupiah, another currency, a plain number."""

from __future__ import annotations

import pytest

from ui import format as fmt


@pytest.mark.parametrize(
    ("value", "lang", "unit", "expected"),
    [
        (289.7899, "en", "USD", "USD 289.79"),  # the dollar earnings, cents kept
        (289.7899, "id", "USD", "USD 289,79"),  # Indonesian decimal comma
        (1_500_000, "id", "IDR", "Rp 1.500.000"),  # rupiah as before
        (1_234.6, "en", "JPY", "JPY 1,235"),  # ISO 4217: the yen has no minor unit
        (1.2346, "en", "KWD", "KWD 1.235"),  # three decimals for the Kuwaiti dinar
        (-2.8134, "en", "number", "-2.81"),  # a log outcome: no currency
        (-0.001, "en", "USD", "USD 0.00"),  # rounds to zero: no "-"
        (12.5, "en", "eur", "EUR 12.50"),  # the code as typed, upper-cased
    ],
)
def test_money_is_written_in_the_unit_given(value, lang, unit, expected):
    assert fmt.rupiah(value, lang, unit=unit) == expected


def test_the_unit_of_the_view_is_used_inside_its_block_only():
    with fmt.money_unit("USD"):
        assert fmt.rupiah(289.79, "en") == "USD 289.79"
        assert fmt.rupiah_short(1_500, "en", sign=True) == "+USD 1.5K"
        assert fmt.money_axis([0, 400], "en", n=2)["ticktext"][-1].startswith("USD ")
        assert fmt.interval(1.5, 2.25, "en") == "[USD 1.50; USD 2.25]"
    assert fmt.rupiah(1_500_000, "en") == "IDR 1,500,000"


def test_a_number_outcome_has_no_currency_anywhere():
    with fmt.money_unit("number"):
        texts = [fmt.rupiah(-2.5, "en"), fmt.rupiah_short(1_500, "id"), fmt.with_unit("From (Rp)")]
    assert texts == ["-2.50", "1,5 rb", "From"]


@pytest.mark.parametrize(
    ("label", "unit", "expected"),
    [
        ("From (Rp)", "USD", "From (USD)"),  # a table header
        ("Capital received (per Rp 1 million)", "USD", "Capital received (per USD 1 million)"),
        ("Modal diterima (per Rp 1 juta)", "number", "Modal diterima (per 1 juta)"),
        ("From (Rp)", "IDR", "From (Rp)"),  # rupiah: as written
    ],
)
def test_labels_written_for_rupiah_follow_the_unit(label, unit, expected):
    assert fmt.with_unit(label, unit) == expected
