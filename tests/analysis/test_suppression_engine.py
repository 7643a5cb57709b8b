"""Complementary suppression: no hidden cell can be recomputed from a total and its siblings."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.methods.suppression import complementary_suppression


def _unknowns_per_margin(out: pd.DataFrame) -> int:
    """Hidden means among the cells under the total row: one would be solvable from
    N * M = sum(n_i * m_i) with every other term visible."""
    return int(out.loc[out["g"] != "Total", "mean"].isna().sum())


def test_one_small_cell_with_a_total_row_hides_its_smallest_sibling() -> None:
    # total mean = (4*1 + 20*2 + 30*3) / 54 = 134 / 54 = 2.481..., by hand
    t = pd.DataFrame(
        {"g": ["a", "b", "c", "Total"], "n": [4, 20, 30, 54], "mean": [1.0, 2.0, 3.0, 134 / 54]}
    )
    # without the complement, a's mean is recomputable: (54 * 2.481 - 20*2 - 30*3) / 4 = 1
    assert (54 * t["mean"][3] - 20 * 2 - 30 * 3) / 4 == pytest.approx(1.0)
    out = complementary_suppression(t, "n", ["mean"], total_col="g")
    assert out["mean"].isna().tolist() == [True, True, False, False]
    assert out["suppression"].tolist()[:2] == ["primary", "complementary"]
    assert out["suppression"].isna().tolist()[2:] == [True, True]
    assert out["n"].tolist() == [4, 20, 30, 54]  # counts kept by default
    assert t["mean"].notna().all()  # the input untouched
    assert _unknowns_per_margin(out) == 2  # two unknowns in one equation: not solvable


def test_nothing_small_nothing_hidden_and_two_small_need_no_complement() -> None:
    t = pd.DataFrame({"g": ["a", "b", "c"], "n": [12, 20, 30], "mean": [1.0, 2.0, 3.0]})
    assert complementary_suppression(t, "n", ["mean"])["mean"].notna().all()
    t["n"] = [3, 5, 30]
    out = complementary_suppression(t, "n", ["mean"])
    assert out["suppression"].tolist()[:2] == ["primary", "primary"]
    assert out["mean"].isna().sum() == 2  # two unknowns, one equation


def test_each_group_is_its_own_margin() -> None:
    t = pd.DataFrame(
        {
            "coop": ["K1", "K1", "K1", "K2", "K2"],
            "g": ["x", "y", "z", "x", "y"],
            "n": [5, 40, 15, 50, 60],
            "mean": [1.0, 2.0, 3.0, 4.0, 5.0],
        }
    )
    out = complementary_suppression(t, "n", ["mean"], group_cols=["coop"])
    # K1: x small, z (15) the smallest visible sibling; K2 untouched
    assert out["mean"].isna().tolist() == [True, False, True, False, False]


def test_two_way_margins_are_completed_until_nothing_changes() -> None:
    t = pd.DataFrame(
        {
            "coop": ["K1", "K1", "K2", "K2", "K3", "K3"],
            "program": [1, 0, 1, 0, 1, 0],
            "n": [4, 30, 25, 12, 40, 50],
            "mean": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
        }
    )
    out = complementary_suppression(t, "n", ["mean"], group_cols=["coop"], margins=[["program"]])
    hidden = out["mean"].isna()
    for cols in (["coop"], ["program"]):
        assert (hidden.groupby([t[c] for c in cols]).sum() != 1).all(), cols
    assert hidden[0]  # the primary cell


def test_a_single_sibling_hides_its_total_and_missing_counts_are_small() -> None:
    t = pd.DataFrame({"g": ["a", "Total"], "n": [4, 4], "mean": [1.0, 1.0]})
    out = complementary_suppression(t, "n", ["mean"], total_col="g", hide_counts=True)
    assert out["mean"].isna().all() and out["n"].isna().all()
    m = pd.DataFrame({"g": ["a", "b", "c"], "n": [np.nan, 20, 30], "mean": [1.0, 2.0, 3.0]})
    assert complementary_suppression(m, "n", ["mean"])["mean"].isna().tolist() == [
        True, True, False,
    ]  # fmt: skip


def test_an_absent_column_is_named() -> None:
    with pytest.raises(KeyError, match="nope"):
        complementary_suppression(pd.DataFrame({"n": [1]}), "n", ["nope"])
