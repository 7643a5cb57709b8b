"""prices: the shipped Jember CPI table, users' own tables, and incomes in constant prices."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import deflate_incomes, load_cpi
from analysis.methods.prices import CPI_PATH

CPI_DIR = CPI_PATH.parent


@pytest.fixture(scope="module")
def cpi() -> pd.DataFrame:
    """The shipped table."""
    return load_cpi()


@pytest.fixture
def survey() -> pd.DataFrame:
    """Two members over 2021-2023 with income, revenue and capital."""
    return pd.DataFrame(
        {
            "member_id": ["a", "a", "a", "b", "b", "b"],
            "wave": [2021, 2022, 2023] * 2,
            "income": [1.0e6, 1.1e6, 1.2e6, 2.0e6, np.nan, 2.4e6],
            "revenue": [4.0e6] * 6,
            "capital": [0.0, 1.0e6, 0.0, 0.0, 2.0e6, 5.0e5],
        }
    )


# --- the shipped table ----------------------------------------------------------------------


def test_shipped_table_covers_2007_to_2025_without_gaps(cpi: pd.DataFrame) -> None:
    assert cpi["year"].tolist() == list(range(2007, 2026))
    assert (cpi["cpi"] > 0).all()
    assert set(cpi["kind"]) == {"published", "derived", "estimate"}
    assert cpi["source"].str.len().gt(0).all()  # every row says where it comes from


@pytest.mark.parametrize(
    ("year", "index"),
    [
        (2020, 105.49),  # BPS Jember, December 2020 (Republika, 4 Jan 2021)
        (2021, 107.69),  # BPS Jember, December 2021 (Antara Jatim)
        (2022, 115.65),  # BPS Jember, December 2022 (Beritajatim, Liputan6)
    ],
)
def test_published_jember_december_levels_are_kept_as_printed(
    cpi: pd.DataFrame, year: int, index: float
) -> None:
    row = cpi.set_index("year").loc[year]
    assert row["cpi"] == index and row["kind"] == "published"


def test_consecutive_levels_follow_the_recorded_inflation_rates(cpi: pd.DataFrame) -> None:
    c = cpi.set_index("year")
    ratio = c["cpi"] / c["cpi"].shift(1)
    rate = 1 + c["inflation_pct"] / 100
    # Published levels are rounded to 2 decimals by BPS: 105.49 x 1.0209 = 107.695 vs 107.69
    np.testing.assert_allclose(ratio.iloc[1:], rate.iloc[1:], rtol=1e-4)


def test_chain_reproduces_the_2012_to_2018_link_factor(cpi: pd.DataFrame) -> None:
    row = cpi.set_index("year").loc[2019]
    # December 2019 was published as 133.28 on 2012=100 (BPS Jember BRS); DOMAIN.md: "about 1.29"
    assert row["other_base_index"] == 133.28
    assert row["other_base_index"] / row["cpi"] == pytest.approx(1.29, abs=0.005)


def test_estimates_are_exactly_the_years_chained_through_national_rates(
    cpi: pd.DataFrame,
) -> None:
    kinds = cpi.set_index("year")["kind"]
    # 2016 and earlier go through national 2017 inflation; 2025 through national 2025
    assert kinds[kinds == "estimate"].index.tolist() == [*range(2007, 2017), 2025]


def test_shipped_csv_is_what_the_build_script_writes(cpi: pd.DataFrame) -> None:
    build = runpy.run_path(str(CPI_DIR / "build_jember_cpi.py"))["build"]
    rows = pd.DataFrame(build())
    np.testing.assert_allclose(rows["cpi"], cpi["cpi"])
    assert rows["kind"].tolist() == cpi["kind"].tolist()
    assert rows["source"].tolist() == cpi["source"].tolist()


def test_readme_table_and_sources_match_the_data(cpi: pd.DataFrame) -> None:
    readme = (CPI_DIR / "README.md").read_text(encoding="utf-8")
    for _, row in cpi.iterrows():  # every year's level and kind, as printed in the README
        assert re.search(rf"\| {row.year} \| {row.cpi:.2f} \| {row.kind} \|", readme), row.year
    for outlet in ("Republika", "Antara", "Beritajatim", "Liputan6", "K Radio", "Statistik"):
        assert outlet in readme  # each source named in build_jember_cpi.py is cited
    for column in cpi.columns:
        assert f"`{column}`" in readme  # every column documented


# --- users' tables ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        b"year,cpi\n2021,100\n2022,107.39\n",  # plain CSV
        b"tahun;ihk\n2021;100\n2022;107,39\n",  # Indonesian headers, semicolons, decimal comma
        b"Year,CPI,source\n2022,107.39,BPS\n2021,100,BPS\n",  # unsorted, own source column
        b"year\tindex\n2021\t100\n2022\t107.39\n",  # tab separated
    ],
)
def test_user_table_is_read_from_bytes(text: bytes) -> None:
    table = load_cpi(text)
    assert table["year"].tolist() == [2021, 2022]
    assert table["cpi"].tolist() == [100.0, 107.39]
    assert (table["kind"] == "user").all()


def test_user_table_is_read_from_a_path(tmp_path: Path) -> None:
    path = tmp_path / "ihk.csv"
    path.write_text("year,cpi\n2019,98.0\n2020,100.0\n", encoding="utf-8")
    assert load_cpi(path)["cpi"].tolist() == [98.0, 100.0]
    assert load_cpi(str(path))["source"].iloc[0] == "user file: ihk.csv"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b"tahun,harga\n2021,100\n", "needs a 'year' column and a 'cpi' column"),  # no index
        (b"year,cpi\n2021,100\n2021,101\n", "2021 appears more than once"),  # duplicate year
        (b"year,cpi\n2021,100\n2022,-5\n", "line 3: index '-5' for 2022"),  # not positive
        (b"year,cpi\n2021,abc\n", "line 2: index 'abc'"),  # not a number
        (b"year,cpi\n2021.5,100\n", "line 2: year '2021.5'"),  # not a whole year
        (b"year,cpi\n2021,\n", "line 2"),  # missing index
        (b"year,cpi\n", "no rows"),  # header only
    ],
)
def test_bad_user_tables_are_refused_naming_the_row(text: bytes, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        load_cpi(text)


def test_missing_cpi_file_is_reported() -> None:
    with pytest.raises(FileNotFoundError, match="not found"):
        load_cpi("/no/such/ihk.csv")


# --- deflating ------------------------------------------------------------------------------------


def test_incomes_are_priced_at_the_first_wave_by_default(survey: pd.DataFrame) -> None:
    out = deflate_incomes(survey)
    # hand: value x CPI(2021) / CPI(wave year) with the shipped December levels
    c = {2021: 107.69, 2022: 115.65, 2023: 118.2984}
    expected = survey["income"] * [c[2021] / c[w] for w in survey["wave"]]
    np.testing.assert_allclose(out["income_real"], expected, rtol=1e-12)
    assert np.isnan(out.loc[4, "income_real"])  # a missing income stays missing
    assert {"revenue_real", "capital_real"} <= set(out.columns)
    assert out.attrs["deflation"]["base_year"] == 2021
    assert out["income"].equals(survey["income"])  # nominal values untouched


def test_base_year_and_a_users_table_can_be_chosen(survey: pd.DataFrame) -> None:
    table = load_cpi(b"year,cpi\n2021,100\n2022,110\n2023,121\n")
    out = deflate_incomes(survey, table, base_year=2023, columns=["income"])
    # hand: 1.0e6 x 121/100, 1.1e6 x 121/110, 1.2e6 x 121/121
    np.testing.assert_allclose(out["income_real"].iloc[:3], [1.21e6, 1.21e6, 1.2e6])
    assert "revenue_real" not in out.columns


@pytest.mark.parametrize(
    "waves",
    [
        ["2021", "2022", "2023"],  # years as text (a CSV read as text)
        pd.Categorical([2021, 2022, 2023], ordered=True),  # the loader's ordered categorical
    ],
)
def test_waves_that_are_years_need_no_mapping(survey: pd.DataFrame, waves: object) -> None:
    s = survey.assign(wave=list(waves) * 2 if isinstance(waves, list) else np.tile(waves, 2))
    if not isinstance(waves, list):
        s["wave"] = pd.Categorical(s["wave"], categories=[2021, 2022, 2023], ordered=True)
    out = deflate_incomes(s)
    assert out["income_real"].iloc[2] == pytest.approx(1.2e6 * 107.69 / 118.2984)


def test_labelled_waves_need_their_years(survey: pd.DataFrame) -> None:
    s = survey.assign(wave=["baseline", "midline", "endline"] * 2)
    with pytest.raises(ValueError, match="wave 'baseline' is not a year"):
        deflate_incomes(s)
    years = {"baseline": 2021, "midline": 2022, "endline": 2023}
    out = deflate_incomes(s, wave_year=years)
    assert out["income_real"].iloc[1] == pytest.approx(1.1e6 * 107.69 / 115.65)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"base_year": 1990}, "no CPI for 1990 (the base year); the table covers 2007-2025"),
        ({"columns": ["omzet"]}, "cannot deflate ['omzet']"),
        ({"wave_year": {2023: 2030}}, "no CPI for 2030 (wave 2023)"),
    ],
)
def test_impossible_deflations_are_refused(
    survey: pd.DataFrame, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        deflate_incomes(survey, **kwargs)  # type: ignore[arg-type]


def test_text_columns_cannot_be_deflated(survey: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="not numbers"):
        deflate_incomes(survey.assign(note="x"), columns=["note"])
