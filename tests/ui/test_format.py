"""Number formatting per language: rupiah, counts, percents, p-values, axis ticks."""

from __future__ import annotations

import pytest

from ui import format as fmt


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (1_500_000, "id", "Rp 1.500.000"),  # the issue's own example, Indonesian
        (1_500_000, "en", "IDR 1,500,000"),  # the issue's own example, English
        (0, "id", "Rp 0"),  # zero has no sign
        (-250_000, "id", "-Rp 250.000"),  # a fall in income
        (999.6, "en", "IDR 1,000"),  # whole rupiah, rounded half up
        (-0.4, "en", "IDR 0"),  # rounds to zero: no "-0"
        (None, "id", "–"),  # missing
        (float("nan"), "en", "–"),  # NaN is missing, never "nan"
    ],
)
def test_rupiah_is_written_the_way_each_language_reads_it(value, lang, expected):
    assert fmt.rupiah(value, lang) == expected


@pytest.mark.parametrize(
    ("value", "lang", "sign", "expected"),
    [
        (250_000, "id", True, "+Rp 250.000"),  # a rise, signed
        (-250_000, "en", True, "-IDR 250,000"),  # a fall, signed
        (0, "en", True, "IDR 0"),  # no change: no sign
    ],
)
def test_signed_rupiah_marks_rises_and_falls(value, lang, sign, expected):
    assert fmt.rupiah(value, lang, sign=sign) == expected


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "expected"),
    [
        (1234.5, "id", 1, "1.234,5"),  # Indonesian: dot thousands, comma decimals
        (1234.5, "en", 1, "1,234.5"),  # English: comma thousands, dot decimals
        (-1_234_567.891, "id", 2, "-1.234.567,89"),  # negative with both separators
        (0.004, "en", 2, "0.00"),  # rounds to zero without a minus
        (-0.004, "en", 2, "0.00"),  # rounds to zero without a minus
        (12, "id", 0, "12"),  # small integer
    ],
)
def test_numbers_use_the_language_separators(value, lang, decimals, expected):
    assert fmt.number(value, lang, decimals) == expected


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (1_500_000, "id", "1,5 jt"),  # juta
        (1_500_000, "en", "1.5M"),  # million
        (750_000, "id", "750 rb"),  # ribu
        (750_000, "en", "750K"),  # thousand
        (2_300_000_000, "id", "2,3 M"),  # miliar: Indonesian M is a billion
        (2_300_000_000, "en", "2.3B"),  # billion
        (999_999, "en", "1M"),  # rounding carries into the next scale, not "1,000K"
        (1_234_567, "id", "1,23 jt"),  # three significant digits
        (-4_000_000, "id", "-4 jt"),  # negative, trailing zeros dropped
        (0, "en", "0"),  # zero
        (512, "en", "512"),  # below a thousand: no suffix
    ],
)
def test_short_numbers_use_jt_and_m_in_indonesian_and_k_m_b_in_english(value, lang, expected):
    assert fmt.short_number(value, lang) == expected


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (1_500_000, "id", "Rp 1,5 jt"),  # axis label, Indonesian
        (1_500_000, "en", "IDR 1.5M"),  # axis label, English
        (-2_000_000_000, "en", "-IDR 2B"),  # negative billions
        (0, "id", "Rp 0"),  # zero tick
    ],
)
def test_short_rupiah_prefixes_the_currency(value, lang, expected):
    assert fmt.rupiah_short(value, lang) == expected


@pytest.mark.parametrize(
    ("share", "lang", "kwargs", "expected"),
    [
        (0.125, "id", {}, "12,5%"),  # decimal comma
        (0.125, "en", {}, "12.5%"),  # decimal point
        (0.125, "en", {"sign": True}, "+12.5%"),  # signed change
        (1, "id", {"decimals": 0}, "100%"),  # whole percent
        (None, "en", {}, "–"),  # missing
    ],
)
def test_percent_turns_a_share_into_a_percent(share, lang, kwargs, expected):
    assert fmt.percent(share, lang, **kwargs) == expected


@pytest.mark.parametrize(
    ("p", "lang", "expected"),
    [
        (0.0004, "id", "< 0,001"),  # very small, Indonesian
        (0.0004, "en", "< 0.001"),  # very small, English
        (0.0456, "en", "0.046"),  # three decimals
        (1.0, "id", "1,000"),  # p = 1
    ],
)
def test_p_values_have_three_decimals_and_a_floor(p, lang, expected):
    assert fmt.p_value(p, lang) == expected


def test_intervals_separate_bounds_with_a_semicolon_because_of_decimal_commas():
    assert fmt.interval(120_000, 480_000, "id") == "[Rp 120.000; Rp 480.000]"
    assert fmt.interval(0.12, 0.5, "id", money=False) == "[0,12; 0,50]"
    assert fmt.interval(None, 1, "en") == "–"


@pytest.mark.parametrize(
    ("low", "high", "lang", "expected"),
    [
        (0.612, 0.705, "id", "[61,2%; 70,5%]"),  # Indonesian decimal comma
        (0.612, 0.705, "en", "[61.2%; 70.5%]"),  # English decimal point
        (0.0, 1.0, "en", "[0.0%; 100.0%]"),  # the whole range
        (float("nan"), 0.5, "id", "–"),  # no interval: a dash, never "nan%"
    ],
)
def test_intervals_of_shares_are_written_as_percents(low, high, lang, expected):
    assert fmt.interval(low, high, lang, share=True) == expected


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (0, 4_800_000, [0, 1e6, 2e6, 3e6, 4e6, 5e6]),  # steps of 1 million
        (-1_200_000, 1_300_000, [-1.5e6, -1e6, -5e5, 0, 5e5, 1e6, 1.5e6]),  # 0.5 million
        (3, 3, [3]),  # a single value
    ],
)
def test_nice_ticks_are_round_numbers_covering_the_range(low, high, expected):
    assert fmt.nice_ticks(low, high) == pytest.approx(expected)


def test_money_axis_labels_ticks_with_short_rupiah():
    axis = fmt.money_axis([0, 2_000_000], "id", n=2)
    assert axis == {"tickvals": [0.0, 1e6, 2e6], "ticktext": ["Rp 0", "Rp 1 jt", "Rp 2 jt"]}


def test_money_axis_of_no_finite_values_is_empty():
    assert fmt.money_axis([float("nan")], "en") == {"tickvals": [], "ticktext": []}


def test_plotly_separators_put_the_decimal_mark_first():
    # plotly's layout.separators: first character decimal, second thousands
    assert fmt.plotly_separators("id") == ",."
    assert fmt.plotly_separators("en") == ".,"
