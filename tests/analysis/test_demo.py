"""The synthetic demo data: canonical frames, determinism, planted structure, committed files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import PLANTED_EFFECTS, generate_demo, write_demo
from analysis.schema import LOAN_FIELDS, SURVEY_FIELDS

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def demo():
    """The default demo (600 people, seed 42), generated once for the module."""
    return generate_demo()


def test_same_seed_gives_identical_frames() -> None:
    a, b = generate_demo(200, seed=7), generate_demo(200, seed=7)
    pd.testing.assert_frame_equal(a.survey, b.survey)
    pd.testing.assert_frame_equal(a.loans, b.loans)
    pd.testing.assert_frame_equal(a.truth, b.truth)


def test_different_seeds_give_different_incomes() -> None:
    a, b = generate_demo(200, seed=7), generate_demo(200, seed=8)
    assert not a.survey["income"].equals(b.survey["income"])


def test_survey_has_every_canonical_field_with_its_dtype(demo) -> None:
    s = demo.survey
    assert [f.name for f in SURVEY_FIELDS if f.name not in s.columns] == []
    assert s["member_id"].dtype == "str"
    assert isinstance(s["wave"].dtype, pd.CategoricalDtype) and s["wave"].dtype.ordered
    assert s["wave"].cat.categories.tolist() == [2021, 2022, 2023]
    assert s["in_program"].dtype == "Int8"
    for col in ("income", "capital", "training_hours", "market_channels", "revenue", "age"):
        assert s[col].dtype == "float64", col


def test_loans_have_every_canonical_field_with_its_dtype(demo) -> None:
    loans = demo.loans
    assert list(loans.columns) == [f.name for f in LOAN_FIELDS]
    assert loans["disbursed_on"].dtype.kind == "M"
    assert loans["loan_id"].is_unique


def test_survey_capital_equals_ledger_principal_disbursed_in_the_period(demo) -> None:
    loans = demo.loans.assign(year=demo.loans["disbursed_on"].dt.year)
    ledger = loans.groupby(["member_id", "year"])["principal"].sum()
    s = demo.survey.assign(year=demo.survey["wave"].astype("int64"))
    later = s[s["year"] > 2021]
    expected = ledger.reindex(pd.MultiIndex.from_frame(later[["member_id", "year"]])).fillna(0.0)
    np.testing.assert_array_equal(later["capital"].to_numpy(), expected.to_numpy())
    assert (s.loc[s["year"] == 2021, "capital"] == 0).all()  # 0 at baseline by definition


def test_committed_csvs_are_exactly_what_write_demo_produces(tmp_path: Path) -> None:
    for path in write_demo(tmp_path, members=600, seed=42):
        assert path.read_bytes() == (DATA / path.name).read_bytes(), path.name


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"members": 0}, "at least 1"),  # nobody to survey
        ({"members": 10, "comparison_share": 1.0}, "below 1"),  # no program members
        ({"members": 10, "waves": (2021,)}, "two waves"),  # nothing to compare
        ({"members": 10, "waves": (2023, 2021)}, "increasing"),  # waves out of order
    ],
)
def test_generate_demo_rejects_unusable_arguments(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        generate_demo(**kwargs)


def test_planted_effects_are_the_documented_defaults() -> None:
    assert PLANTED_EFFECTS.program_effect == 300_000.0
    assert PLANTED_EFFECTS.capital_per_million == 40_000.0
