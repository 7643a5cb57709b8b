"""member_changes and attrition: who is compared, and how flows and stocks are carried."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import attrition, member_changes


@pytest.fixture
def three_waves() -> pd.DataFrame:
    """Two members over three waves; b has no income at the last wave."""
    return pd.DataFrame(
        {
            "member_id": ["a", "a", "a", "b", "b", "b"],
            "wave": [2019, 2021, 2023] * 2,
            "income": [1.0e6, 1.2e6, 1.5e6, 2.0e6, 2.2e6, np.nan],
            "capital": [0.0, 1.0e6, 2.0e6, 0.0, 5.0e5, 5.0e5],
            "market_channels": [1, 2, 3, 1, 1, 2],
            "age": [30, 32, 34, 40, 42, 44],
            "note": [1.0, 2.0, 4.0, 0.0, 0.0, 0.0],
        }
    )


def test_member_changes_compares_first_and_last_wave(three_waves: pd.DataFrame) -> None:
    out = member_changes(three_waves)
    assert out["member_id"].tolist() == ["a"]  # b has no income at 2023
    row = out.iloc[0]
    assert row["income_change"] == pytest.approx(5.0e5)  # 1.5e6 - 1.0e6
    assert row["pct_change"] == pytest.approx(50.0)  # 100 * 0.5e6 / 1.0e6
    assert row["log_income_change"] == pytest.approx(np.log(1.5))
    assert row["capital"] == pytest.approx(3.0e6)  # flows of 2021 and 2023
    assert row["market_channels_change"] == pytest.approx(2.0)  # 3 - 1
    assert row["age"] == 30  # baseline covariate at the earlier wave
    assert row["note_change"] == pytest.approx(3.0)  # extra columns kept
    assert row["in_program"] == 1  # default when the column is absent


def test_member_changes_sums_flows_only_inside_the_period(three_waves: pd.DataFrame) -> None:
    out = member_changes(three_waves, 2019, 2021).set_index("member_id")
    assert out.loc["a", "capital"] == pytest.approx(1.0e6)
    assert out.loc["b", "capital"] == pytest.approx(5.0e5)


@pytest.mark.parametrize(
    ("before", "after", "message"),
    [
        (2023, 2019, "must come before"),
        (2019, 2030, "not in the data"),
    ],
)
def test_member_changes_rejects_bad_wave_pairs(
    three_waves: pd.DataFrame, before: int, after: int, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        member_changes(three_waves, before, after)


def test_member_changes_accepts_waves_typed_as_text(three_waves: pd.DataFrame) -> None:
    assert len(member_changes(three_waves, "2019", "2021")) == 2


def test_attrition_counts_members_lost(three_waves: pd.DataFrame) -> None:
    out = attrition(three_waves)
    assert out[["n_before", "n_after", "n_both", "n_lost"]].iloc[0].tolist() == [2, 1, 1, 1]
    assert out["share_lost"].iloc[0] == pytest.approx(0.5)


def test_member_changes_never_lets_an_extra_overwrite_the_compared_income(
    three_waves: pd.DataFrame,
) -> None:
    survey = three_waves.assign(income_real=three_waves["income"] / 2)
    out = member_changes(survey, income="income_real")
    # 0.75e6 - 0.5e6 from income_real, not the nominal 0.5e6 change
    assert out["income_change"].iloc[0] == pytest.approx(2.5e5)


def test_member_changes_rejects_duplicate_member_wave_rows(three_waves: pd.DataFrame) -> None:
    doubled = pd.concat([three_waves, three_waves.iloc[[0]]])
    with pytest.raises(ValueError, match="duplicate member-wave rows at wave 2019"):
        member_changes(doubled)


def test_attrition_splits_by_program_status() -> None:
    survey = pd.DataFrame(
        {
            "member_id": ["a", "a", "b", "c", "c"],
            "wave": [1, 2, 1, 1, 2],
            "income": [1.0, 2.0, 1.0, 1.0, np.nan],
            "in_program": [1, 1, 1, 0, 0],
        }
    )
    out = attrition(survey).set_index("group")
    # members: a kept, b lost -> 1 of 2; comparison: c has no income at wave 2 -> 1 of 1
    assert out.loc[1, ["n_before", "n_both", "n_lost"]].tolist() == [2, 1, 1]
    assert out.loc[0, "share_lost"] == pytest.approx(1.0)


def test_a_flow_of_a_wave_whose_row_is_missing_is_unknown_not_zero() -> None:
    # issue 9, item 9: member B's 2022 row was dropped (or never taken); her training hours
    # over 2021-2023 are unknown, not "2023's hours plus 0". A: 10 + 5 = 15 by hand.
    import pandas as pd

    from analysis import member_changes

    survey = pd.DataFrame(
        {
            "member_id": ["A", "A", "A", "B", "B"],
            "wave": [2021, 2022, 2023, 2021, 2023],
            "income": [100.0, 110.0, 120.0, 90.0, 95.0],
            "training_hours": [0.0, 10.0, 5.0, 0.0, 8.0],
            "capital": [0.0, 1e6, None, 0.0, 2e6],
        }
    )
    ch = member_changes(survey).set_index("member_id")
    assert ch.loc["A", "training_hours"] == 15.0
    assert pd.isna(ch.loc["B", "training_hours"])
    assert pd.isna(ch.loc["A", "capital"]) and pd.isna(ch.loc["B", "capital"])  # blank, no row
