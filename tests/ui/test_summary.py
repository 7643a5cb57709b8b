"""The Overview summary is written from the numbers, in both languages, and never invents one."""

from __future__ import annotations

import math

import pytest

from ui.summary import Headline, summary


@pytest.fixture
def headline() -> Headline:
    """A program with a clear rise and a comparison group (figures typed for the test)."""
    return Headline(
        before=2021,
        after=2023,
        real=False,
        n_program=412,
        mean_before=2_100_000.0,
        mean_after=2_410_000.0,
        mean_change=310_000.0,
        ci_low=250_000.0,
        ci_high=370_000.0,
        median_change=260_000.0,
        share_improved=0.68,
        n_comparison=180,
        comparison_mean_change=120_000.0,
        did=190_000.0,
        did_low=40_000.0,
        did_high=340_000.0,
        did_p=0.012,
        repayment_rate=0.965,
    )


def test_the_english_summary_states_the_numbers_in_english_format(headline):
    text = " ".join(summary(headline, "en"))
    assert "rose by IDR 310,000 on average, from IDR 2,100,000 to IDR 2,410,000" in text
    assert "[IDR 250,000; IDR 370,000]: the change is clearly different from zero" in text
    assert "68% of members earned more" in text
    assert "IDR 190,000 more per month (95% CI [IDR 40,000; IDR 340,000]; p = 0.012)" in text
    assert "96.5%" in text


def test_the_indonesian_summary_states_the_same_numbers_in_indonesian_format(headline):
    text = " ".join(summary(headline, "id"))
    assert "rata-rata naik Rp 310.000, dari Rp 2.100.000 menjadi Rp 2.410.000" in text
    assert "[Rp 250.000; Rp 370.000]" in text
    assert "68% anggota berpendapatan lebih tinggi" in text
    assert "p = 0,012" in text
    assert "96,5%" in text


def test_a_fall_in_income_is_said_to_fall(headline):
    h = Headline(
        **{**headline.__dict__, "mean_change": -50_000.0, "ci_low": -90_000.0, "ci_high": -10_000.0}
    )
    assert "fell by IDR 50,000" in summary(h, "en")[0]
    assert "turun Rp 50.000" in summary(h, "id")[0]


def test_an_interval_containing_zero_is_described_as_inconclusive(headline):
    h = Headline(**{**headline.__dict__, "ci_low": -20_000.0})
    assert "cannot rule out no change" in summary(h, "en")[1]
    assert "mencakup nol" in summary(h, "id")[1]


def test_an_unclear_difference_in_differences_says_so(headline):
    h = Headline(**{**headline.__dict__, "did_low": -10_000.0, "did_p": 0.09})
    assert any("not statistically clear" in s for s in summary(h, "en"))


def test_missing_estimates_leave_their_sentences_out_instead_of_showing_nan(headline):
    h = Headline(
        before=2021, after=2023, real=False, n_program=50, mean_change=100_000.0, did=math.nan
    )
    text = " ".join(summary(h, "en"))
    assert "nan" not in text.lower()
    assert "comparison group" not in text
    assert "difference-in-differences" not in text


def test_a_suppressed_view_gets_no_numbers_at_all(headline):
    h = Headline(**{**headline.__dict__, "suppressed": True})
    assert summary(h, "en") == ["Too few program members in this view to summarise their incomes."]


def test_real_incomes_are_said_to_be_in_constant_prices(headline):
    h = Headline(**{**headline.__dict__, "real": True})
    assert "(in constant prices)" in summary(h, "en")[0]
    assert "(harga konstan)" in summary(h, "id")[0]


def test_a_log_outcome_is_told_in_log_points_with_the_percentage() -> None:
    # issue 9: a log outcome says so; 0.05 log points = exp(0.05) - 1 = 5.13% (by hand)
    from ui import format as fmt
    from ui.summary import Headline, summary

    h = Headline(2021, 2023, False, 400, 10.2, 10.25, 0.05, 0.03, 0.07, 0.05, 0.66)
    with fmt.money_unit("log"):
        first = summary(h, "en")[0]
    assert "rose by 0.050 log points (about 5.1%)" in first and "IDR" not in first


def test_a_small_change_in_dollars_is_a_change_not_flat() -> None:
    # USD 0.40 rounds to 0 rupiah but not to 0 cents: the sentence says it rose
    from ui import format as fmt
    from ui.summary import Headline, summary

    h = Headline(2019, 2021, False, 50, 10.0, 10.4, 0.4, 0.1, 0.7, 0.4, 0.6)
    with fmt.money_unit("USD"):
        assert "rose by USD 0.40" in summary(h, "en")[0]
