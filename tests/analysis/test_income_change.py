"""before_after and subgroup_before_after: paired income comparisons, checked against published
figures, independent scipy/statsmodels computations and hand calculations."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

import analysis.methods.before_after as ba_module
from analysis import before_after, deflate_incomes, member_changes, subgroup_before_after
from analysis.demo import generate_demo

# Student (1908), "The probable error of a mean", Biometrika 6(1), p. 20: extra hours of sleep
# of 10 patients under two soporifics (Cushny & Peebles' data), as R's `sleep` dataset.
SLEEP_DRUG_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
SLEEP_DRUG_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]


def _survey(
    before: list[float] | np.ndarray,
    after: list[float] | np.ndarray,
    program: list[int] | np.ndarray | None = None,
    waves: tuple[object, object] = (2021, 2023),
) -> pd.DataFrame:
    """A two-wave long survey from paired incomes (member i has before[i] and after[i])."""
    n = len(before)
    ids = [f"m{i:05d}" for i in range(n)]
    df = pd.DataFrame(
        {
            "member_id": ids * 2,
            "wave": [waves[0]] * n + [waves[1]] * n,
            "income": np.concatenate([np.asarray(before, float), np.asarray(after, float)]),
        }
    )
    if program is not None:
        df["in_program"] = pd.array(list(program) * 2, dtype="Int8")
    return df


@pytest.fixture
def two_groups() -> pd.DataFrame:
    """60 program members and 45 comparison people, incomes in whole rupiah; seeded."""
    rng = np.random.default_rng(42)
    n_p, n_c = 60, 45
    before = np.round(rng.lognormal(14.6, 0.4, n_p + n_c), -4)
    gain = np.where(np.arange(n_p + n_c) < n_p, 400_000, 100_000)
    after = np.round(before + gain + rng.normal(0, 500_000, n_p + n_c), -4)
    return _survey(before, after, [1] * n_p + [0] * n_c)


# --- a published dataset ----------------------------------------------------------------------


def test_student_sleep_data_reproduces_r_paired_t_test_to_the_published_digits() -> None:
    # R: t.test(extra ~ group, data = sleep, paired = TRUE) tests drug 1 minus drug 2 and prints
    #   t = -4.0621, df = 9, p-value = 0.002833
    #   95 percent confidence interval: -2.4598858 -0.7001142; mean difference -1.58
    # before_after computes after - before, so drug 2 is the earlier wave, drug 1 the later.
    survey = _survey(SLEEP_DRUG_2, SLEEP_DRUG_1, waves=("drug 2", "drug 1"))
    survey["wave"] = pd.Categorical(survey["wave"], ["drug 2", "drug 1"], ordered=True)
    row = before_after(survey, group=None, ci_method="t").iloc[0]
    assert row["n"] == 10
    assert round(row["t_stat"], 4) == -4.0621
    assert row["t_df"] == 9
    assert round(row["t_p"], 6) == 0.002833
    assert round(row["mean_change"], 2) == -1.58
    assert round(row["ci_low"], 7) == -2.4598858
    assert round(row["ci_high"], 7) == -0.7001142
    # R: wilcox.test on the same pairs (one zero difference, one tie: normal approximation
    # with continuity correction) prints V = 0, p-value = 0.009091. By hand: 9 non-zero
    # differences, all negative: z = (0 - 22.5 + 0.5) / sqrt(71.25 - 6/48) = -2.6086.
    assert row["wilcoxon_v"] == 0
    assert round(row["wilcoxon_p"], 6) == 0.009091
    assert row["wilcoxon_method"] == "normal"
    # d_z = -1.58 / sd(d) with sd(d) = 1.2299955 (hand: sqrt(sum((d - mean)^2) / 9))
    assert round(row["cohen_dz"], 4) == -1.2846


# --- every statistic against an independent computation -----------------------------------------


def test_every_column_matches_a_direct_computation(two_groups: pd.DataFrame) -> None:
    out = before_after(two_groups, ci_method="bootstrap", n_boot=1000, seed=7)
    assert out["group"].tolist() == ["program", "comparison"]
    wide = two_groups.pivot(index="member_id", columns="wave", values="income")
    program = two_groups.drop_duplicates("member_id").set_index("member_id")["in_program"]
    for label, flag in (("program", 1), ("comparison", 0)):
        row = out.set_index("group").loc[label]
        w = wide[program.reindex(wide.index) == flag]
        b, a = w[2021].to_numpy(), w[2023].to_numpy()
        d = a - b
        assert row["n"] == len(d)
        assert row["mean_before"] == pytest.approx(b.mean())
        assert row["median_after"] == pytest.approx(np.median(a))
        assert row["median_change"] == pytest.approx(np.median(d))
        assert row["pct_change"] == pytest.approx(100 * (a.mean() - b.mean()) / b.mean())
        assert row["share_improved"] == pytest.approx((d > 0).mean())
        # statsmodels' Wilson score interval of the share
        share_ci = proportion_confint(int((d > 0).sum()), len(d), method="wilson")
        assert (row["share_improved_ci_low"], row["share_improved_ci_high"]) == pytest.approx(
            share_ci
        )
        ref = stats.ttest_rel(a, b)  # scipy's paired t-test
        assert row["t_stat"] == pytest.approx(ref.statistic)
        assert row["t_p"] == pytest.approx(ref.pvalue)
        assert row["t_df"] == len(d) - 1
        # scipy's Wilcoxon with R's conventions (ties in whole-rupiah changes -> normal approx)
        w_ref = stats.wilcoxon(d, zero_method="wilcox", correction=True, method="asymptotic")
        assert row["wilcoxon_p"] == pytest.approx(w_ref.pvalue)
        assert row["cohen_dz"] == pytest.approx(d.mean() / d.std(ddof=1))  # Lakens (2013)
        # percentile bootstrap written out: fresh generator from the seed, type-7 quantiles
        rng = np.random.default_rng(7)
        means = d[rng.integers(0, d.size, size=(1000, d.size))].mean(axis=1)
        assert (row["ci_low"], row["ci_high"]) == pytest.approx(
            tuple(np.quantile(means, [0.025, 0.975]))
        )
        assert row["ci_method"] == "bootstrap"


def test_t_interval_is_scipys_paired_interval(two_groups: pd.DataFrame) -> None:
    row = before_after(two_groups, ci_method="t", confidence=0.9).iloc[0]
    w = two_groups[two_groups["in_program"] == 1].pivot(
        index="member_id", columns="wave", values="income"
    )
    ci = stats.ttest_rel(w[2023], w[2021]).confidence_interval(confidence_level=0.9)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((ci.low, ci.high))
    assert row["ci_method"] == "t"


def test_auto_interval_bootstraps_small_groups_and_uses_t_for_large(
    two_groups: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert before_after(two_groups)["ci_method"].tolist() == ["bootstrap", "bootstrap"]
    # a group larger than the threshold (60 program members > 50) gets the t interval
    monkeypatch.setattr(ba_module, "BOOTSTRAP_MAX_N", 50)
    assert before_after(two_groups)["ci_method"].tolist() == ["t", "bootstrap"]


def test_a_groups_interval_does_not_depend_on_the_other_group(two_groups: pd.DataFrame) -> None:
    both = before_after(two_groups).set_index("group")
    alone = before_after(two_groups[two_groups["in_program"] == 1]).set_index("group")
    assert both.loc["program", "ci_low"] == alone.loc["program", "ci_low"]


def test_attrition_is_counted_not_hidden(two_groups: pd.DataFrame) -> None:
    s = two_groups.copy()
    endline = s["wave"] == 2023
    # three program members lose their endline income, one comparison member her row
    s.loc[endline & s["member_id"].isin(["m00000", "m00001", "m00002"]), "income"] = np.nan
    s = s[~(endline & (s["member_id"] == "m00070"))]
    out = before_after(s).set_index("group")
    assert out.loc["program", ["n", "n_lost"]].tolist() == [57, 3]  # hand: 60 - 3
    assert out.loc["comparison", ["n", "n_lost"]].tolist() == [44, 1]
    assert out.loc["program", "share_lost"] == pytest.approx(3 / 60)


def test_any_two_waves_can_be_compared() -> None:
    s = pd.concat(
        [
            _survey([1.0, 2.0, 3.0], [2.0, 2.0, 5.0], waves=(2021, 2022)),
            _survey([9.0, 9.0, 9.0], [4.0, 4.0, 7.0], waves=(2020, 2023)),
        ]
    ).drop_duplicates(["member_id", "wave"])
    out = before_after(s, 2021, 2022, ci_method="t").iloc[0]
    assert (out["wave_before"], out["wave_after"]) == (2021, 2022)
    assert out["mean_change"] == pytest.approx(1.0)  # hand: (1 + 0 + 2) / 3
    # default: first (2020) and last (2023) waves; hand: (-5 - 5 - 2) / 3
    assert before_after(s, ci_method="t").iloc[0]["mean_change"] == pytest.approx(-4.0)


def test_real_incomes_are_compared_after_deflating() -> None:
    s = _survey([1.0e6, 2.0e6], [1.2e6, 2.3e6], [1, 1], waves=(2021, 2022))
    row = before_after(deflate_incomes(s), income="income_real", ci_method="t").iloc[0]
    # hand: later incomes x 107.69 / 115.65 (Jember December CPI 2021 and 2022)
    assert row["mean_after"] == pytest.approx(1.75e6 * 107.69 / 115.65)
    assert row["mean_before"] == pytest.approx(1.5e6)  # not the nominal column


# --- groups and edge cases ----------------------------------------------------------------------


def test_without_a_program_column_everyone_is_a_program_member() -> None:
    out = before_after(_survey([1.0, 2.0, 3.0], [2.0, 3.0, 5.0]))
    assert out["group"].tolist() == ["program"]  # no comparison row at all


def test_group_none_gives_one_row_for_everyone(two_groups: pd.DataFrame) -> None:
    out = before_after(two_groups, group=None)
    assert out["group"].tolist() == ["all"] and out["n"].iloc[0] == 105


def test_members_without_program_status_are_counted_not_analysed() -> None:
    s = _survey([1.0, 2.0, 3.0, 4.0], [2.0, 3.0, 5.0, 4.5], [1, 1, 1, 0])
    s.loc[s["member_id"] == "m00002", "in_program"] = pd.NA
    out = before_after(s, ci_method="t").set_index("group")
    assert out.index.tolist() == ["program", "comparison", "unknown"]
    assert out.loc["unknown", "n"] == 1 and np.isnan(out.loc["unknown", "mean_change"])
    assert "in_program is missing" in out.loc["unknown", "note"]


@pytest.mark.parametrize(
    ("before", "after", "program", "group", "check", "note"),
    [
        # one member: descriptive figures only
        ([1.0e6], [1.5e6], [1], "program", "mean_change", "only one member compared"),
        # all incomes equal: nothing changed, t and Wilcoxon undefined
        ([2.0e6] * 4, [2.0e6] * 4, [1] * 4, "program", "share_improved", "changed by the same"),
        # every income up by the same amount: sd 0, t undefined, Wilcoxon defined
        ([1.0, 2.0, 3.0], [2.0, 3.0, 4.0], [1] * 3, "program", "wilcoxon_p", "(1)"),
        # zero mean income before: percent change undefined
        ([0.0, 0.0, 0.0], [1.0, 2.0, 4.0], [1] * 3, "program", "t_p", "percent change"),
        # a comparison person with no later income: a row with n = 0
        ([1.0, 2.0, 3.0], [2.0, 3.0, np.nan], [1, 1, 0], "comparison", "n", "no member"),
    ],
)
def test_edge_cases_give_a_row_with_a_note_not_a_crash(
    before: list[float],
    after: list[float],
    program: list[int],
    group: str,
    check: str,
    note: str,
) -> None:
    out = before_after(_survey(before, after, program)).set_index("group")
    row = out.loc[group]
    assert note in row["note"]
    assert not pd.isna(row[check])  # what can be computed still is
    if "same" in note or "one member" in note:
        assert np.isnan(row["t_p"]) and np.isnan(row["ci_low"]) and np.isnan(row["cohen_dz"])


def test_share_improved_interval_needs_two_members_and_stays_within_0_and_1() -> None:
    one = before_after(_survey([1.0e6], [1.5e6])).iloc[0]
    assert np.isnan(one["share_improved_ci_low"])  # one member: no interval (see note)
    # everybody improved: Wilson's interval (statsmodels) ends exactly at 1 and keeps a width
    row = before_after(_survey([1.0, 2.0, 3.0], [2.0, 3.0, 5.0])).iloc[0]
    ref = proportion_confint(3, 3, method="wilson")
    assert (row["share_improved_ci_low"], row["share_improved_ci_high"]) == pytest.approx(ref)
    assert row["share_improved_ci_high"] == 1.0


def test_subgroups_without_any_compared_member_are_refused_with_the_waves() -> None:
    s = _survey([1.0, 2.0], [np.nan, np.nan]).assign(business_type="kue")
    with pytest.raises(ValueError, match="no member has an income at both waves 2021 and 2023"):
        subgroup_before_after(s, "business_type")


def test_all_incomes_equal_says_the_wilcoxon_test_is_undefined() -> None:
    row = before_after(_survey([5.0] * 3, [5.0] * 3)).iloc[0]
    assert row["share_improved"] == 0 and row["mean_change"] == 0
    assert "Wilcoxon test is undefined" in row["note"] and np.isnan(row["wilcoxon_p"])


@pytest.mark.parametrize(
    ("survey", "kwargs", "message"),
    [
        # a single wave
        (_survey([1.0], [2.0]).iloc[:1], {}, "at least two survey waves"),
        # a requested wave that is absent
        (_survey([1.0], [2.0]), {"before": 2019}, "wave 2019 is not in the data"),
        # waves in the wrong order
        (_survey([1.0], [2.0]), {"before": 2023, "after": 2021}, "must come before"),
        # no income column
        (_survey([1.0], [2.0]).drop(columns="income"), {}, "no income column 'income'"),
        # income as text
        (_survey([1.0], [2.0]).assign(income="1 juta"), {}, "must hold numbers"),
        # an unknown group column
        (_survey([1.0], [2.0]), {"group": "treated"}, "no group column 'treated'"),
        # an unknown interval method
        (_survey([1.0], [2.0]), {"ci_method": "bca"}, "ci_method must be"),
        # too few resamples
        (_survey([1.0], [2.0]), {"n_boot": 10}, "at least 100 resamples"),
        # an impossible confidence level
        (_survey([1.0], [2.0]), {"confidence": 1.5}, "strictly between 0 and 1"),
    ],
)
def test_invalid_input_is_refused_with_a_clear_message(
    survey: pd.DataFrame, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        before_after(survey, **kwargs)  # type: ignore[arg-type]


def test_missing_member_ids_are_refused() -> None:
    s = _survey([1.0, 2.0], [2.0, 3.0])
    s.loc[0, "member_id"] = None
    with pytest.raises(ValueError, match="1 survey row"):
        before_after(s)


# --- subgroups ----------------------------------------------------------------------------------


@pytest.fixture
def with_subgroups(two_groups: pd.DataFrame) -> pd.DataFrame:
    """two_groups plus business type, cooperative, capital, training and channels."""
    s = two_groups.sort_values(["member_id", "wave"]).reset_index(drop=True)
    member_no = s["member_id"].str[1:].astype(int)
    late = s["wave"] == 2023
    s["business_type"] = np.where(member_no % 3 == 0, "kue", "warung")
    s.loc[member_no == 5, "business_type"] = "salon"  # one member alone in her type
    s["cooperative_id"] = np.where(member_no < 30, "Kopwan Gama", "Kopwan Mawar")
    s["capital"] = np.where(late, (member_no % 4) * 2.0e6, 0.0)  # 0, 2, 4, 6 million
    s["training_hours"] = np.where(late, (member_no % 2) * 8.0, 0.0)
    s["market_channels"] = np.where(late, 1.0 + member_no % 3, 1.0)
    s.loc[late & (member_no == 7), "market_channels"] = np.nan
    return s


def test_subgroup_statistics_equal_before_after_on_the_subset(
    with_subgroups: pd.DataFrame,
) -> None:
    out = subgroup_before_after(with_subgroups, "business_type", ci_method="t")
    for level in ("kue", "warung"):
        subset = with_subgroups[with_subgroups["business_type"] == level]
        ref = before_after(subset, ci_method="t").set_index("group")
        got = out[out["level"] == level].set_index("group")
        for col in ("n", "mean_change", "t_p", "wilcoxon_p", "ci_low", "cohen_dz"):
            np.testing.assert_allclose(got[col], ref.loc[got.index, col])


def test_every_level_is_counted_even_when_too_small_to_test(
    with_subgroups: pd.DataFrame,
) -> None:
    out = subgroup_before_after(with_subgroups, "business_type", min_n=5)
    assert out["level"].tolist() == ["kue", "salon", "warung"] * 2
    salon = out.set_index(["group", "level"]).loc[("program", "salon")]
    assert salon["n"] == 1 and not salon["tested"]
    assert np.isnan(salon["mean_before"])  # one member's income is not shown
    assert "fewer than 5 members" in salon["note"]
    empty = out.set_index(["group", "level"]).loc[("comparison", "salon")]
    assert empty["n"] == 0 and empty["note"] == "no member in this subgroup"


def test_corrections_match_statsmodels_within_each_group(with_subgroups: pd.DataFrame) -> None:
    from statsmodels.stats.multitest import multipletests

    out = subgroup_before_after(with_subgroups, "cooperative_id", ci_method="t")
    for _, g in out.groupby("group"):
        tested = g[g["tested"]]
        np.testing.assert_allclose(tested["p_bh"], multipletests(tested["t_p"], method="fdr_bh")[1])
        np.testing.assert_allclose(tested["p_holm"], multipletests(tested["t_p"], method="holm")[1])


def test_corrections_can_use_the_wilcoxon_p(with_subgroups: pd.DataFrame) -> None:
    from statsmodels.stats.multitest import multipletests

    out = subgroup_before_after(with_subgroups, "cooperative_id", test="wilcoxon")
    prog = out[out["group"] == "program"]
    np.testing.assert_allclose(prog["p_holm"], multipletests(prog["wilcoxon_p"], method="holm")[1])


def test_loan_tiers_follow_the_documented_bands(with_subgroups: pd.DataFrame) -> None:
    out = subgroup_before_after(with_subgroups, "loan_tier", ci_method="t")
    prog = out[out["group"] == "program"].set_index("level")["n"]
    # every band listed in order; capital 0/2/4/6 million for member numbers mod 4 = 0..3,
    # so among the 60 program members (m0-m59) 15 in each of none, 2-5 (x2) and 5-10 million
    assert prog.to_dict() == {
        "none": 15,
        "under 2 million": 0,
        "2-5 million": 30,
        "5-10 million": 15,
        "10 million and over": 0,
    }


def test_trained_and_market_channel_subgroups_are_derived(with_subgroups: pd.DataFrame) -> None:
    trained = subgroup_before_after(with_subgroups, "trained", ci_method="t")
    prog = trained[trained["group"] == "program"].set_index("level")["n"]
    assert prog.to_dict() == {"not trained": 30, "trained": 30}  # odd member numbers trained
    channels = subgroup_before_after(with_subgroups, "market_channels", ci_method="t")
    prog = channels[channels["group"] == "program"].set_index("level")["n"]
    # channels at the later wave: 1 + member number mod 3; m7 missing
    assert prog.to_dict() == {"1": 20, "2": 19, "3": 20, "(missing)": 1}


def test_member_changes_columns_can_be_named_directly(with_subgroups: pd.DataFrame) -> None:
    out = subgroup_before_after(with_subgroups, "market_channels_before", ci_method="t")
    assert out["level"].unique().tolist() == ["1"]
    assert out["n"].sum() == len(member_changes(with_subgroups))


def test_auto_falls_back_to_t_when_bootstrapping_every_level_costs_too_much(
    with_subgroups: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = subgroup_before_after(with_subgroups, "cooperative_id")
    assert set(out["ci_method"].dropna()) == {"bootstrap"}  # empty cells have no interval
    monkeypatch.setattr(ba_module, "BOOTSTRAP_BUDGET", 1000)
    out = subgroup_before_after(with_subgroups, "cooperative_id")
    assert set(out["ci_method"].dropna()) == {"t"}


@pytest.mark.parametrize(
    ("by", "message"),
    [
        ("religion", "cannot split by 'religion'"),  # no such column
        ("member_id", "identifies members or waves"),  # not a subgroup
    ],
)
def test_unknown_subgroups_are_refused(with_subgroups: pd.DataFrame, by: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        subgroup_before_after(with_subgroups, by)


def test_derived_subgroup_without_its_column_is_refused(two_groups: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="needs the survey column 'capital'"):
        subgroup_before_after(two_groups, "loan_tier")


# --- the demo data's planted effects ------------------------------------------------------------


def test_demo_mean_changes_cover_the_planted_expectation() -> None:
    demo = generate_demo(3000, seed=11)
    out = before_after(demo.survey).set_index("group")
    compared = member_changes(demo.survey)
    truth = demo.truth.set_index("member_id")["expected_change"]
    for label, flag in (("program", 1), ("comparison", 0)):
        ids = compared.loc[compared["in_program"] == flag, "member_id"]
        # data/README.md: expected_change is the noise-free endline-minus-baseline income
        # (program effect, common trend, capital/training/channel returns, outlier shifts)
        planted = truth.loc[ids].mean()
        row = out.loc[label]
        assert row["ci_low"] <= planted <= row["ci_high"], (label, planted)


def test_before_after_stays_a_function_after_its_module_is_imported() -> None:
    import analysis
    from analysis.methods.before_after import BOOTSTRAP_MAX_N  # the module has its own name

    assert BOOTSTRAP_MAX_N == 5000
    out = analysis.before_after(_survey([1.0, 2.0], [2.0, 4.0]), ci_method="t")
    assert out["mean_change"].iloc[0] == 1.5  # hand: (1 + 2) / 2


def test_several_subgroups_in_one_call_equal_separate_calls(with_subgroups: pd.DataFrame) -> None:
    together = subgroup_before_after(with_subgroups, ["business_type", "trained"], ci_method="t")
    for by in ("business_type", "trained"):
        alone = subgroup_before_after(with_subgroups, by, ci_method="t")
        got = together[together["by"] == by].reset_index(drop=True)
        pd.testing.assert_frame_equal(got, alone)
