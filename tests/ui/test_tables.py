"""On-screen tables: small-cell suppression, translated headers, formatted numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ui import tables


@pytest.fixture
def groups() -> pd.DataFrame:
    """Three cooperatives: 12, 9 and 10 members compared."""
    return pd.DataFrame(
        {
            "cooperative_id": ["A", "B", "C"],
            "n": [12, 9, 10],
            "mean_change": [100_000.0, 250_000.0, -5_000.0],
            "p_value": [0.01, 0.2, 0.5],
        }
    )


def test_groups_under_the_threshold_lose_every_statistic_but_keep_their_count(groups):
    out = tables.suppress_small_cells(groups, "n", 10, keep=["cooperative_id"])
    assert out["n"].tolist() == [12, 9, 10]
    assert out["cooperative_id"].tolist() == ["A", "B", "C"]
    assert np.isnan(out.loc[1, "mean_change"]) and np.isnan(out.loc[1, "p_value"])
    # exactly at the threshold is shown
    assert out.loc[2, "mean_change"] == -5_000.0


def test_suppression_never_edits_the_input_frame(groups):
    tables.suppress_small_cells(groups, "n", 100)
    assert groups["mean_change"].notna().all()


def test_a_row_without_a_count_is_suppressed(groups):
    g = groups.astype({"n": "float64"})
    g.loc[0, "n"] = np.nan
    out = tables.suppress_small_cells(g, "n", 10, keep=["cooperative_id"])
    assert np.isnan(out.loc[0, "mean_change"])


def test_with_margins_the_smallest_other_row_of_a_margin_is_hidden_too(groups):
    # B (9 members) alone would be hidden: its mean is the total's minus A's and C's
    out = tables.suppress_small_cells(groups, "n", 10, keep=["cooperative_id"], margins=[])
    assert out["mean_change"].isna().tolist() == [False, True, True]  # C (10) is the smallest
    assert out["n"].tolist() == [12, 9, 10]


def test_margins_are_completed_within_each_group():
    # program: one small cooperative (hide the next one too); comparison: two small, enough
    df = pd.DataFrame(
        {
            "group": ["program"] * 3 + ["comparison"] * 3,
            "level": ["A", "B", "C"] * 2,
            "n": [4, 20, 30, 3, 5, 40],
            "mean_change": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
        }
    )
    out = tables.suppress_small_cells(df, "n", 10, keep=["group", "level"], margins=["group"])
    assert out["mean_change"].isna().tolist() == [True, True, False, True, True, False]


def test_without_margins_only_the_small_rows_are_hidden(groups):
    out = tables.suppress_small_cells(groups, "n", 10, keep=["cooperative_id"])
    assert out["mean_change"].isna().tolist() == [False, True, False]


def test_margins_need_a_single_count_column(groups):
    two = groups.assign(n2=groups["n"])
    with pytest.raises(ValueError, match="single count column"):
        tables.suppress_small_cells(two, ["n", "n2"], 10, margins=[])


@pytest.mark.parametrize(
    ("column", "lang", "expected"),
    [
        ("income", "id", "Pendapatan usaha bersih (per bulan)"),  # from the schema
        ("income", "en", "Net business income (monthly)"),  # from the schema
        ("cooperative_id", "id", "Koperasi"),  # schema label
        ("income_change", "en", "Net business income (monthly) (change)"),  # suffix composed
        ("market_channels_before", "id", "Saluran pemasaran yang digunakan (sebelum)"),
        ("my_extra_column", "en", "my_extra_column"),  # unknown: the name itself
    ],
)
def test_column_labels_come_from_the_translations_or_the_schema(column, lang, expected):
    assert tables.column_label(column, lang) == expected


def test_display_formats_money_shares_and_p_values_in_the_chosen_language(groups):
    out = tables.display(
        groups.assign(share=[0.5, 0.25, 1.0]),
        "id",
        {"mean_change": "money_signed", "p_value": "p", "share": "share"},
    )
    row = out.iloc[0].tolist()
    assert row == ["A", 12, "+Rp 100.000", "0,010", "50,0%"]


def test_display_writes_suppressed_cells_as_a_dash(groups):
    out = tables.display(
        tables.suppress_small_cells(groups, "n", 10, keep=["cooperative_id"]),
        "en",
        {"mean_change": "money"},
    )
    assert out.iloc[1, 2] == "–"


@pytest.mark.parametrize(
    ("n_program", "n_comparison", "shown"),
    [
        (12, 15, True),  # both groups large enough
        (12, 9, False),  # the comparison side is small
        (9, 15, False),  # the program side is small
        (10, 10, True),  # exactly at the threshold
    ],
)
def test_a_row_is_small_when_any_of_its_counts_is(n_program, n_comparison, shown):
    df = pd.DataFrame(
        {"variable": ["age"], "n_program": [n_program], "n_comparison": [n_comparison]}
    ).assign(mean_program=40.0, mean_comparison=38.0)
    out = tables.suppress_small_cells(df, ["n_program", "n_comparison"], 10, keep=["variable"])
    assert out.loc[0, ["n_program", "n_comparison"]].tolist() == [n_program, n_comparison]
    assert out[["mean_program", "mean_comparison"]].notna().all(axis=None) == shown


def test_a_missing_count_column_is_an_error_not_a_table_left_unsuppressed(groups):
    with pytest.raises(KeyError, match="n_members"):
        tables.suppress_small_cells(groups, "n_members", 10)


@pytest.mark.parametrize(
    ("lower", "upper", "lang", "expected"),
    [
        (0.0, 0.0, "id", "0"),  # no capital received
        (0.0, 1e6, "id", "(0, 1 jt]"),  # first band
        (2.5e6, 5e6, "id", "(2,5 jt, 5 jt]"),  # Indonesian decimal comma
        (2.5e6, 5e6, "en", "(2.5M, 5M]"),  # English scale letters
        (1e7, np.inf, "en", "> 10M"),  # open top band
    ],
)
def test_capital_bands_are_written_in_the_readers_numbers(lower, upper, lang, expected):
    assert tables.band_label(lower, upper, lang) == expected


def test_the_residual_summary_names_its_statistics_in_the_chosen_language():
    class Residuals:  # what a fitted model's ``residuals`` carries
        min, q1, median, q3, max, sd = -3.0, -1.0, 0.0, 1.0, 4.0, 1.5

    out = tables.residual_summary(Residuals(), "id")
    assert out["statistic"].tolist()[:2] == ["terkecil", "kuartil pertama"]
    assert out["value"].tolist() == [-3.0, -1.0, 0.0, 1.0, 4.0, 1.5]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rp 0812-3456-7890x", "Rp [masked]x"),  # a phone number inside an income cell
        ("+62 812 3456 7890", "[masked]"),  # international form with spaces
        ("NIK 3509123456789012 salah", "NIK [masked] salah"),  # 16-digit NIK in text
        ("Rp 1.500.000", "Rp 1.500.000"),  # an amount is no identifier
        ("1234567890123", "1234567890123"),  # 13 digits, no 08/62 start: kept
        (1500000.0, 1500000.0),  # numbers pass as they are
    ],
)
def test_identifiers_inside_a_cell_are_masked(text, expected):
    assert tables.mask_identifiers(text) == expected


@pytest.mark.parametrize(
    ("term", "lang", "expected"),
    [
        ("capital_m", "en", "Capital (per million)"),  # the page's own label wins
        ("R-squared", "id", "R-kuadrat"),  # a row under the coefficients, translated
        ("Reference levels", "en", "Reference levels"),  # same in English
        ("education[SD]", "id", "Pendidikan: SD"),  # a level of a categorical regressor
        ("C(business_type)[T.salon]", "en", "Business type: salon"),  # formula C() form
        ("my_extra_column", "en", "my_extra_column"),  # unknown: as the engine names it
    ],
)
def test_regression_terms_are_named_as_readers_name_them(term, lang, expected):
    labels = {"capital_m": "Capital (per million)"}
    assert tables.term_label(term, labels, lang) == expected
