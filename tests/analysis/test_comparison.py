"""Program versus comparison: balance table, 2x2 DiD table, TWFE DiD, trends, event study.

Every expected number comes from an independent computation written out here: statsmodels
OLS (with explicit member and wave dummies where fixed effects are absorbed), scipy t-tests,
or arithmetic by hand.
"""

from __future__ import annotations

import doctest

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

from analysis import balance_table, did_table, did_twfe, event_study, group_trends
from analysis.messages import DataError
from analysis.methods import comparison


def make_panel(
    n_members: int = 120,
    waves: tuple[int, ...] = (2021, 2022, 2023),
    n_coops: int = 12,
    effect: float = 300_000.0,
    seed: int = 42,
) -> pd.DataFrame:
    """Seeded long survey: half the cooperatives in the program, effect from the 2nd wave on."""
    rng = np.random.default_rng(seed)
    coop = rng.integers(0, n_coops, n_members)
    in_program = (coop < n_coops // 2).astype("int8")
    member_fe = rng.normal(2_000_000, 400_000, n_members)
    coop_shock = rng.normal(0, 150_000, (n_coops, len(waves)))
    rows = []
    for i in range(n_members):
        for t, w in enumerate(waves):
            income = (
                member_fe[i]
                + 100_000 * t
                + effect * in_program[i] * (t > 0)
                + coop_shock[coop[i], t]
                + rng.normal(0, 200_000)
            )
            rows.append(
                {
                    "member_id": f"M{i:04d}",
                    "wave": w,
                    "income": income,
                    "in_program": in_program[i],
                    "cooperative_id": f"K{coop[i]:02d}",
                    "age": float(rng.integers(22, 65)),
                    "household_size": float(rng.integers(1, 8)),
                    "education": rng.choice(["SD", "SMP", "SMA"]),
                }
            )
    df = pd.DataFrame(rows)
    df["in_program"] = df["in_program"].astype("Int8")
    return df


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    """120 members x 3 waves in 12 cooperatives (few clusters on purpose)."""
    return make_panel()


def _fd_frame(panel: pd.DataFrame, before: int, after: int) -> pd.DataFrame:
    """Members in both waves with their change, built with plain pandas (independent path)."""
    wide = panel.pivot(index="member_id", columns="wave", values="income")
    attrs = panel.groupby("member_id")[["in_program", "cooperative_id"]].first()
    out = attrs.join(wide[[before, after]]).dropna()
    out["dy"] = out[after] - out[before]
    out["d"] = out["in_program"].astype(float)
    return out


def _dummies_ols(long: pd.DataFrame, regressors: list[str]) -> tuple:
    """statsmodels OLS with explicit member and wave dummies, clustered by cooperative."""
    X = pd.get_dummies(long[["member_id"]].astype(str), drop_first=False, dtype=float)
    W = pd.get_dummies(long["wave"].astype(str), drop_first=True, dtype=float)
    design = pd.concat([long[regressors].astype(float), W, X], axis=1).to_numpy()
    ref = sm.OLS(long["income"].to_numpy(), design).fit(
        cov_type="cluster", cov_kwds={"groups": long["cooperative_id"].to_numpy()}, use_t=True
    )
    return ref, design.shape[1]


# --------------------------------------------------------------------------------------------
# did_twfe


def test_did_twfe_two_waves_equals_first_difference_ols_with_documented_df(
    panel: pd.DataFrame,
) -> None:
    res = did_twfe(panel, 2021, 2023, wild_bootstrap="never")
    fd = _fd_frame(panel, 2021, 2023)
    n = len(fd)
    ref = sm.OLS(fd["dy"].to_numpy(), sm.add_constant(fd["d"].to_numpy())).fit(
        cov_type="cluster", cov_kwds={"groups": fd["cooperative_id"].to_numpy()}, use_t=True
    )
    assert res.estimate == pytest.approx(ref.params[1], rel=1e-10)
    # statsmodels on the differences uses (n-1)/(n-2); we use xtreg's (2n-1)/(2n-3)
    adj = np.sqrt(((2 * n - 1) / (2 * n - 3)) / ((n - 1) / (n - 2)))
    assert res.se == pytest.approx(ref.bse[1] * adj, rel=1e-10)
    assert res.df == 11  # 12 cooperatives - 1
    assert (res.n_members, res.n_clusters, res.n_obs) == (n, 12, 2 * n)
    assert res.method == "first-difference"
    assert res.se_type == "CR1"
    # hand: the DiD is the difference of the two groups' mean changes
    means = fd.groupby("d")["dy"].mean()
    assert res.estimate == pytest.approx(means[1.0] - means[0.0], rel=1e-10)
    assert res.mean_change_program == pytest.approx(means[1.0])


def test_did_twfe_two_waves_equals_member_and_wave_dummies_regression(
    panel: pd.DataFrame,
) -> None:
    long = panel[panel["wave"].isin([2021, 2023])].copy()
    long["treat_post"] = long["in_program"].astype(float) * (long["wave"] == 2023)
    ref, k_sm = _dummies_ols(long, ["treat_post"])
    res = did_twfe(panel, 2021, 2023, wild_bootstrap="never")
    n_obs = len(long)
    assert res.estimate == pytest.approx(ref.params[0], rel=1e-9)
    # statsmodels counts every member dummy in K; xtreg/reghdfe count regressor + 2 waves
    adj = np.sqrt(((n_obs - 1) / (n_obs - 3)) / ((n_obs - 1) / (n_obs - k_sm)))
    assert res.se == pytest.approx(ref.bse[0] * adj, rel=1e-8)


def _unbalanced(panel: pd.DataFrame) -> pd.DataFrame:
    """Drop a seeded 15% of member-waves, leaving some members observed once."""
    rng = np.random.default_rng(9)
    return panel[rng.random(len(panel)) > 0.15].reset_index(drop=True)


@pytest.mark.parametrize("balanced", [True, False])
def test_did_twfe_all_waves_equals_dummies_regression_on_balanced_and_unbalanced_panels(
    panel: pd.DataFrame, balanced: bool
) -> None:
    data = panel if balanced else _unbalanced(panel)
    res = did_twfe(data, all_waves=True, wild_bootstrap="never")
    long = data.copy()
    # reghdfe drops members seen once (they carry no information); do the same here
    long = long[long.groupby("member_id")["income"].transform("size") >= 2]
    long["treat_post"] = long["in_program"].astype(float) * (long["wave"] > 2021)
    ref, k_sm = _dummies_ols(long, ["treat_post"])
    n_obs = len(long)
    assert res.method == "two-way within"
    assert res.n_obs == n_obs
    assert res.estimate == pytest.approx(ref.params[0], rel=1e-9)
    # our K = 1 regressor + 3 waves (2 wave effects + constant); statsmodels K = k_sm
    adj = np.sqrt(((n_obs - 1) / (n_obs - 4)) / ((n_obs - 1) / (n_obs - k_sm)))
    assert res.se == pytest.approx(ref.bse[0] * adj, rel=1e-8)


def test_did_twfe_without_clusters_gives_hc1_of_the_differences(panel: pd.DataFrame) -> None:
    res = did_twfe(panel, cluster=None)
    fd = _fd_frame(panel, 2021, 2023)
    ref = sm.OLS(fd["dy"].to_numpy(), sm.add_constant(fd["d"].to_numpy())).fit(cov_type="HC1")
    assert res.se == pytest.approx(ref.bse[1], rel=1e-10)
    assert (res.se_type, res.n_clusters, res.wild_p) == ("HC1", None, None)


def test_did_twfe_clustered_by_member_counts_members_as_clusters(panel: pd.DataFrame) -> None:
    res = did_twfe(panel, cluster="member_id")
    assert res.n_clusters == 120
    assert res.wild_p is None  # 120 clusters: no bootstrap needed under "auto"
    assert res.warnings == ()


def test_few_clusters_give_a_bilingual_warning_and_a_wild_bootstrap_p_value(
    panel: pd.DataFrame,
) -> None:
    res = did_twfe(panel, n_boot=999, seed=3)
    assert res.n_clusters == 12
    assert res.wild_weights == "rademacher"  # 12 clusters is not below 12
    assert res.wild_p is not None and 0.0 <= res.wild_p <= 1.0
    assert res.n_boot == 999
    assert any("wild cluster bootstrap" in m.en and "klaster" in m.id for m in res.warnings)
    again = did_twfe(panel, n_boot=999, seed=3)
    assert again.wild_p == res.wild_p  # seeded


def test_wild_bootstrap_uses_webb_weights_below_twelve_clusters() -> None:
    data = make_panel(n_members=80, n_coops=8, seed=5)
    res = did_twfe(data, n_boot=499)
    assert (res.n_clusters, res.wild_weights) == (8, "webb")


def test_planted_effect_is_detected_and_a_null_effect_is_not() -> None:
    # 40 cooperatives, planted effect 300,000 IDR/month vs none
    big = did_twfe(
        make_panel(n_members=400, n_coops=40, seed=1), wild_bootstrap="always", n_boot=999
    )
    assert big.ci_low < 300_000 < big.ci_high
    assert big.p_value < 0.01 and big.wild_p is not None and big.wild_p < 0.01
    null = did_twfe(make_panel(n_members=400, n_coops=40, effect=0.0, seed=2), n_boot=999)
    assert null.p_value > 0.05


def test_did_twfe_to_dict_carries_the_report_keys(panel: pd.DataFrame) -> None:
    d = did_twfe(panel, n_boot=199).to_dict()
    for key in (
        "estimate",
        "se",
        "ci_low",
        "ci_high",
        "p_value",
        "n_members",
        "n_clusters",
        "se_type",
    ):
        assert key in d
    assert d["before"] == 2021 and d["after"] == 2023
    assert all(set(w) == {"en", "id"} for w in d["warnings"])


# --------------------------------------------------------------------------------------------
# edge cases


def _single_coop(panel: pd.DataFrame) -> pd.DataFrame:
    return panel.assign(cooperative_id="K00")


def _all_program(panel: pd.DataFrame) -> pd.DataFrame:
    return panel.assign(in_program=pd.array([1] * len(panel), dtype="Int8"))


def _no_group_column(panel: pd.DataFrame) -> pd.DataFrame:
    return panel.drop(columns="in_program")


def _one_comparison_member(panel: pd.DataFrame) -> pd.DataFrame:
    keep = panel["in_program"].eq(1) | panel["member_id"].eq(
        panel.loc[panel["in_program"].eq(0), "member_id"].iloc[0]
    )
    return panel[keep]


def _equal_incomes(panel: pd.DataFrame) -> pd.DataFrame:
    return panel.assign(income=1_500_000.0)


def _group_of_two(panel: pd.DataFrame) -> pd.DataFrame:
    return panel.assign(in_program=panel["in_program"].astype(int) * 2)


@pytest.mark.parametrize(
    ("prepare", "code", "text"),
    [
        (_all_program, "no_comparison_group", "no comparison group"),  # everyone in the program
        (_no_group_column, "no_comparison_group", "no 'in_program' column"),  # column absent
        (_one_comparison_member, "group_too_small", "Only 1 comparison member"),
        (_equal_incomes, "no_variation", "same for every member"),  # all outcomes equal
        (_group_of_two, "bad_group", r"must be 0 \(comparison\) or 1 .*found 2"),  # 0/2 coding
    ],
)
def test_did_twfe_explains_data_it_cannot_analyse(
    panel: pd.DataFrame, prepare, code: str, text: str
) -> None:
    with pytest.raises(DataError, match=text) as info:
        did_twfe(prepare(panel), wild_bootstrap="never")
    assert info.value.code == code
    assert info.value.message.id  # an Indonesian sentence too


@pytest.mark.parametrize(
    ("func", "kwargs"),
    [
        (did_table, {}),
        (event_study, {}),
        (balance_table, {}),
        (did_twfe, {"all_waves": True}),
    ],
)
def test_every_comparison_refuses_data_without_a_comparison_group(
    panel: pd.DataFrame, func, kwargs: dict
) -> None:
    with pytest.raises(DataError, match="comparison") as info:
        func(_all_program(panel), **kwargs)
    assert info.value.code == "no_comparison_group"


def test_single_cluster_falls_back_to_hc1_with_a_warning(panel: pd.DataFrame) -> None:
    res = did_twfe(_single_coop(panel))
    assert res.se_type == "HC1"
    assert res.n_clusters is None and res.cluster is None and res.wild_p is None
    assert any("single cooperative_id" in m.en for m in res.warnings)
    assert np.isfinite(res.se) and res.se > 0


@pytest.mark.parametrize(
    ("before", "after", "message"),
    [
        (2021, 2030, "not in the data"),  # a wave that does not exist
        (2023, 2021, "must come before"),  # reversed
    ],
)
def test_did_twfe_rejects_missing_or_reversed_waves(
    panel: pd.DataFrame, before: int, after: int, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        did_twfe(panel, before, after)


def test_a_wave_without_any_income_is_reported_not_crashed(panel: pd.DataFrame) -> None:
    data = panel.assign(income=panel["income"].where(panel["wave"] != 2023))
    with pytest.raises(ValueError, match="no member has income in both waves"):
        did_twfe(data, 2021, 2023)


def test_members_missing_group_are_left_out_and_missing_cluster_stand_alone(
    panel: pd.DataFrame,
) -> None:
    data = panel.copy()
    data.loc[data["member_id"] == "M0000", "in_program"] = pd.NA
    data.loc[data["member_id"] == "M0001", "cooperative_id"] = None
    res = did_twfe(data, wild_bootstrap="never")
    # 120 members: M0000 (no group) left out; M0001 kept as a cluster of her own
    assert res.n_members == 119
    assert res.n_clusters == did_twfe(panel, wild_bootstrap="never").n_clusters + 1
    texts = " ".join(m.en for m in res.warnings)
    assert "1 member(s) without a value of in_program" in texts
    assert "1 member(s) without a value of cooperative_id count as clusters of their own" in texts


def test_comparison_members_without_a_group_keep_the_did_when_clustering_by_group() -> None:
    from analysis import generate_demo

    survey = generate_demo(400, seed=3).survey  # non-members have no group_id in the demo
    res = did_twfe(survey, cluster="group_id", wild_bootstrap="never")
    n_comparison_groups = survey.loc[survey["in_program"] == 0, "group_id"].notna().sum()
    assert n_comparison_groups == 0
    assert res.n_members > 0 and np.isfinite(res.estimate)
    # the same estimate as unclustered: clustering changes only the standard error
    assert res.estimate == pytest.approx(did_twfe(survey, cluster=None).estimate)


def test_an_absent_cluster_column_is_named(panel: pd.DataFrame) -> None:
    with pytest.raises(DataError, match="group_id"):
        did_twfe(panel, cluster="group_id")


# --------------------------------------------------------------------------------------------
# did_table


def test_did_table_reproduces_the_hand_2x2_and_scipy_t_tests(panel: pd.DataFrame) -> None:
    tab = did_table(panel).set_index("group")
    fd = _fd_frame(panel, 2021, 2023)
    p1, p0 = fd[fd["d"] == 1], fd[fd["d"] == 0]
    # hand: group means and first differences
    assert tab.loc["program", "before_mean"] == pytest.approx(p1[2021].mean())
    assert tab.loc["comparison", "after_mean"] == pytest.approx(p0[2023].mean())
    assert tab.loc["program", "change"] == pytest.approx(p1["dy"].mean())
    assert tab.loc["program", "change_se"] == pytest.approx(p1["dy"].std() / np.sqrt(len(p1)))
    # scipy: paired t-test of each group's change
    assert tab.loc["comparison", "change_p"] == pytest.approx(
        stats.ttest_rel(p0[2023], p0[2021]).pvalue, rel=1e-8
    )
    # hand: the second difference; scipy: equal-variance two-sample t-test of the changes
    dd = p1["dy"].mean() - p0["dy"].mean()
    tt = stats.ttest_ind(p1["dy"], p0["dy"], equal_var=True)
    assert tab.loc["difference", "change"] == pytest.approx(dd)
    assert tab.loc["difference", "change_se"] == pytest.approx(dd / tt.statistic, rel=1e-8)
    assert tab.loc["difference", "change_p"] == pytest.approx(tt.pvalue, rel=1e-8)
    # scipy: baseline difference and its standard error
    tb = stats.ttest_ind(p1[2021], p0[2021], equal_var=True)
    diff_b = p1[2021].mean() - p0[2021].mean()
    assert tab.loc["difference", "before_mean"] == pytest.approx(diff_b)
    assert tab.loc["difference", "before_se"] == pytest.approx(diff_b / tb.statistic, rel=1e-8)
    assert tab.loc["difference", "n"] == len(fd)
    assert tab["note"].eq("").all()


def test_did_table_clustered_second_difference_matches_statsmodels(panel: pd.DataFrame) -> None:
    tab = did_table(panel, cluster="cooperative_id").set_index("group")
    fd = _fd_frame(panel, 2021, 2023)
    ref = sm.OLS(fd["dy"].to_numpy(), sm.add_constant(fd["d"].to_numpy())).fit(
        cov_type="cluster", cov_kwds={"groups": fd["cooperative_id"].to_numpy()}, use_t=True
    )
    assert tab.loc["difference", "change_se"] == pytest.approx(ref.bse[1], rel=1e-10)
    assert tab.loc["difference", "change_p"] == pytest.approx(ref.pvalues[1], rel=1e-8)
    ci = ref.conf_int()[1]
    assert tab.loc["difference", "ci_low"] == pytest.approx(ci[0], rel=1e-10)
    assert tab.attrs["n_clusters"] == 12


def test_did_table_and_did_twfe_agree_on_the_estimate(panel: pd.DataFrame) -> None:
    tab = did_table(panel, 2021, 2022).set_index("group")
    res = did_twfe(panel, 2021, 2022, wild_bootstrap="never")
    assert tab.loc["difference", "change"] == pytest.approx(res.estimate, rel=1e-10)


# --------------------------------------------------------------------------------------------
# balance_table


def test_balance_table_matches_hand_statistics_and_scipy(panel: pd.DataFrame) -> None:
    bt = balance_table(panel, covariates=["income", "age"])
    base = panel[panel["wave"] == 2021]
    t = bt.table.set_index("variable")
    for var in ("income", "age"):
        x1 = base.loc[base["in_program"] == 1, var]
        x0 = base.loc[base["in_program"] == 0, var]
        # hand: means, SDs, Imbens-Rubin normalized difference
        assert t.loc[var, "mean_program"] == pytest.approx(x1.mean())
        assert t.loc[var, "sd_comparison"] == pytest.approx(x0.std(ddof=1))
        nd = (x1.mean() - x0.mean()) / np.sqrt((x1.var() + x0.var()) / 2)
        assert t.loc[var, "normalized_difference"] == pytest.approx(nd)
        # scipy: iebaltab's default regression p-value is the equal-variance t-test
        assert t.loc[var, "p_value"] == pytest.approx(
            stats.ttest_ind(x1, x0, equal_var=True).pvalue, rel=1e-8
        )
    assert (bt.n_program, bt.n_comparison) == (
        int((base["in_program"] == 1).sum()),
        int((base["in_program"] == 0).sum()),
    )
    # statsmodels: the joint F test of the group on both covariates (iebaltab's ftest)
    ref = sm.OLS(
        base["in_program"].astype(float).to_numpy(),
        sm.add_constant(base[["income", "age"]].to_numpy()),
    ).fit()
    assert bt.joint_f == pytest.approx(ref.fvalue, rel=1e-8)
    assert bt.joint_p == pytest.approx(ref.f_pvalue, rel=1e-8)
    assert (bt.joint_df_num, bt.joint_n) == (2, len(base))
    assert bt.se_type == "classical" and bt.n_clusters is None


def test_balance_table_clustered_matches_statsmodels_cluster_and_wald_f(
    panel: pd.DataFrame,
) -> None:
    bt = balance_table(panel, covariates=["income", "age"], cluster="cooperative_id")
    base = panel[panel["wave"] == 2021]
    g = base["cooperative_id"].to_numpy()
    d = base["in_program"].astype(float).to_numpy()
    ref = sm.OLS(base["age"].to_numpy(), sm.add_constant(d)).fit(
        cov_type="cluster", cov_kwds={"groups": g}, use_t=True
    )
    assert bt.table.set_index("variable").loc["age", "p_value"] == pytest.approx(
        ref.pvalues[1], rel=1e-8
    )
    joint = sm.OLS(d, sm.add_constant(base[["income", "age"]].to_numpy())).fit(
        cov_type="cluster", cov_kwds={"groups": g}, use_t=True
    )
    ft = joint.f_test(np.eye(3)[1:])  # F(2, G-1), as Stata's test after vce(cluster)
    assert bt.joint_f == pytest.approx(float(np.squeeze(ft.fvalue)), rel=1e-8)
    assert bt.joint_df_den == 11
    assert bt.n_clusters == 12 and bt.se_type == "CR1"
    assert any("Only 12 clusters" in m.en for m in bt.warnings)


def test_balance_table_expands_text_covariates_into_category_shares(panel: pd.DataFrame) -> None:
    bt = balance_table(panel, covariates=["education"])
    t = bt.table.set_index("variable")
    assert list(t.index) == ["education=SD", "education=SMA", "education=SMP"]
    base = panel[panel["wave"] == 2021]
    share = (base.loc[base["in_program"] == 1, "education"] == "SMA").mean()
    assert t.loc["education=SMA", "mean_program"] == pytest.approx(share)  # hand: a share
    # the first category is the reference left out of the joint test
    assert bt.joint_variables == ("education=SMA", "education=SMP")


def test_balance_table_defaults_to_numeric_covariates_present(panel: pd.DataFrame) -> None:
    bt = balance_table(panel)
    assert bt.table["variable"].tolist() == ["income", "age", "household_size"]
    assert bt.baseline == 2021


def test_balance_table_notes_a_covariate_without_variation(panel: pd.DataFrame) -> None:
    bt = balance_table(panel.assign(age=40.0), covariates=["income", "age"])
    row = bt.table.set_index("variable").loc["age"]
    assert row["note"] == "no variation"
    assert np.isnan(row["p_value"])  # missing with its reason, not a number
    assert bt.joint_variables == ("income",)


def test_balance_table_with_too_many_covariates_for_the_clusters_explains_the_missing_test() -> (
    None
):
    data = make_panel(n_members=60, n_coops=3, seed=8)
    bt = balance_table(
        data, covariates=["income", "age", "household_size"], cluster="cooperative_id"
    )
    assert bt.joint_f is None
    assert bt.joint_note is not None and "clusters" in bt.joint_note.en


@pytest.mark.parametrize(
    ("n_coops", "covariates", "tested"),
    [
        # 7 clusters, 6 covariates: q = G - 1, the demo's case (it gave F(6, 6) = 4,409)
        (7, ["income", "age", "household_size", "x1", "x2", "x3"], False),
        # 7 clusters, 5 covariates: q = G - 2, the most a cluster-robust test allows
        (7, ["income", "age", "household_size", "x1", "x2"], True),
    ],
)
def test_balance_joint_test_needs_fewer_covariates_than_clusters_minus_one(
    n_coops: int, covariates: list[str], tested: bool
) -> None:
    data = make_panel(n_members=140, n_coops=n_coops, seed=9)
    rng = np.random.default_rng(9)
    data = data.assign(**{x: rng.normal(size=len(data)) for x in ("x1", "x2", "x3")})
    bt = balance_table(data, covariates=covariates, cluster="cooperative_id")
    assert bt.n_clusters == n_coops
    if tested:
        assert bt.joint_f is not None and bt.joint_df_den == n_coops - 1
        assert bt.joint_note is None
    else:
        assert bt.joint_f is None and bt.joint_p is None and bt.joint_df_num is None
        assert "6 covariates cannot be tested together with only 7 clusters" in bt.joint_note.en
        assert "6 kovariat tidak dapat diuji bersama dengan hanya 7 klaster" in bt.joint_note.id
    assert bt.table["p_value"].notna().all()  # one-by-one p-values are still given


def test_event_study_pretrend_test_needs_fewer_waves_than_clusters_minus_one() -> None:
    # four waves before the program (reference = the fourth) leave three pre-program
    # estimates to test jointly; four clusters allow at most two
    data = make_panel(n_members=80, waves=(2018, 2019, 2020, 2021, 2022), n_coops=4, seed=3)
    es = event_study(data, first_exposed_wave=2022)
    assert es.n_clusters == 4
    assert es.pretrend_f is None and es.pretrend_p is None
    assert "3 pre-program waves cannot be tested together with only 4 clusters" in (
        es.pretrend_note.en
    )


# --------------------------------------------------------------------------------------------
# group_trends


def test_group_trends_match_hand_means_and_t_intervals(panel: pd.DataFrame) -> None:
    tr = group_trends(panel)
    assert len(tr) == 6  # 2 groups x 3 waves
    assert tr["group"].tolist()[:3] == ["program"] * 3
    row = tr[(tr["group"] == "comparison") & (tr["wave"] == 2022)].iloc[0]
    x = panel.loc[(panel["in_program"] == 0) & (panel["wave"] == 2022), "income"]
    lo, hi = stats.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=stats.sem(x))  # scipy
    assert row["n"] == len(x)
    assert row["mean"] == pytest.approx(x.mean())
    assert (row["ci_low"], row["ci_high"]) == (pytest.approx(lo), pytest.approx(hi))


def test_group_trends_balanced_keeps_only_members_seen_in_every_wave(panel: pd.DataFrame) -> None:
    data = _unbalanced(panel)
    tr = group_trends(data, balanced=True)
    full = data.groupby("member_id")["income"].count() == 3
    assert tr["n"].sum() == 3 * int(full.sum())  # hand count


def test_group_trends_flags_a_lone_member_instead_of_inventing_an_interval() -> None:
    df = pd.DataFrame(
        {"member_id": ["a", "b", "c"], "wave": [1, 1, 1], "income": [1.0, 2.0, 4.0],
         "in_program": [1, 1, 0]}
    )  # fmt: skip
    tr = group_trends(df).set_index("group")
    assert tr.loc["comparison", "note"] == "one member: no standard error"
    assert tr.loc["comparison", "mean"] == 4.0


# --------------------------------------------------------------------------------------------
# event_study


def test_event_study_matches_dummies_regression_and_notes_the_untestable_pre_trend(
    panel: pd.DataFrame,
) -> None:
    es = event_study(panel)
    long = panel.copy()
    for w in (2022, 2023):
        long[f"d{w}"] = long["in_program"].astype(float) * (long["wave"] == w)
    ref, k_sm = _dummies_ols(long, ["d2022", "d2023"])
    t = es.table.set_index("wave")
    assert t.loc[2021, "period"] == "reference" and t.loc[2021, "estimate"] == 0.0
    n = len(long)
    adj = np.sqrt(((n - 1) / (n - 5)) / ((n - 1) / (n - k_sm)))  # K = 2 + 3 waves
    for j, w in enumerate((2022, 2023)):
        assert t.loc[w, "estimate"] == pytest.approx(ref.params[j], rel=1e-9)
        assert t.loc[w, "se"] == pytest.approx(ref.bse[j] * adj, rel=1e-8)
        assert t.loc[w, "period"] == "post"
    assert es.pretrend_p is None
    assert es.pretrend_note is not None and "cannot be tested" in es.pretrend_note.en
    # the endline estimate is the two-wave DiD (same members, balanced panel)
    res = did_twfe(panel, wild_bootstrap="never")
    assert t.loc[2023, "estimate"] == pytest.approx(res.estimate, rel=1e-9)


def test_event_study_tests_pre_trends_with_two_pre_program_waves() -> None:
    data = make_panel(n_members=150, waves=(2019, 2020, 2021, 2022), n_coops=15, seed=4)
    # the generator starts the effect at the 2nd wave; shift it: no effect before 2021
    es = event_study(data, first_exposed_wave=2021, cluster="cooperative_id")
    t = es.table.set_index("wave")
    assert t["period"].tolist() == ["pre", "reference", "post", "post"]
    long = data.copy()
    for w in (2019, 2021, 2022):
        long[f"d{w}"] = long["in_program"].astype(float) * (long["wave"] == w)
    ref, k_sm = _dummies_ols(long, ["d2019", "d2021", "d2022"])
    n = len(long)
    ratio = ((n - 1) / (n - 7)) / ((n - 1) / (n - k_sm))  # K = 3 + 4 waves
    ft = ref.f_test(np.eye(ref.params.size)[[0]])  # H0: the 2019 coefficient is zero
    # one restriction: our F is the statsmodels F divided by the covariance ratio
    assert es.pretrend_f == pytest.approx(float(np.squeeze(ft.fvalue)) / ratio, rel=1e-8)
    assert (es.pretrend_df_num, es.pretrend_df_den) == (1, 14)
    assert es.reference_wave == 2020


def test_event_study_counts_members_per_wave(panel: pd.DataFrame) -> None:
    es = event_study(_unbalanced(panel), cluster=None)
    assert es.se_type == "HC1"
    assert (es.table["n_program"] + es.table["n_comparison"]).sum() == es.n_obs


def test_module_examples_run() -> None:
    result = doctest.testmod(comparison)
    assert result.failed == 0
    assert result.attempted > 0


# --------------------------------------------------------------------------------------------
# the demo data's planted effect


def test_did_recovers_the_planted_effect_of_the_demo_program() -> None:
    from analysis.demo import PLANTED_EFFECTS, generate_demo

    demo = generate_demo(members=2000, seed=42)
    res = did_twfe(demo.survey, n_boot=999)
    # the truth behind the estimate, over the same members (income at 2021 and 2023)
    wide = demo.survey.pivot(index="member_id", columns="wave", values="income")
    compared = wide[[2021, 2023]].dropna().index
    truth = demo.truth.set_index("member_id").loc[compared]
    mediated = (
        truth["b_capital"] * truth["capital_total"]
        + truth["b_training"] * truth["training_total"]
        + truth["b_channels"] * truth["channels_gain"]
    )
    by = (
        truth.assign(mediated=mediated)
        .groupby("in_program")[["expected_change", "mediated", "outlier_shift", "program_effect"]]
        .mean()
    )
    diff = by.loc[1] - by.loc[0]
    # generator's documented income equation: the DiD target is the planted program effect
    # (PLANTED_EFFECTS, Rp 300,000/month at the last wave) plus what capital, training and
    # channels add for members over non-members (plus the outliers' chance imbalance)
    assert diff["program_effect"] == pytest.approx(PLANTED_EFFECTS.program_effect)
    assert diff["expected_change"] == pytest.approx(
        PLANTED_EFFECTS.program_effect + diff["mediated"] + diff["outlier_shift"], rel=1e-9
    )
    assert res.ci_low < diff["expected_change"] < res.ci_high
    assert res.n_members == len(compared)


def test_did_table_notes_a_group_sitting_in_a_single_cluster(panel: pd.DataFrame) -> None:
    # every comparison member moved into one cooperative: no clustered SE for that group
    data = panel.assign(
        cooperative_id=panel["cooperative_id"].where(panel["in_program"].eq(1), "K99")
    )
    tab = did_table(data, cluster="cooperative_id").set_index("group")
    assert tab.loc["comparison", "note"].startswith("all members of this group are in one")
    assert np.isnan(tab.loc["comparison", "change_se"])
    assert tab.loc["difference", "note"] == ""  # the DiD itself has 7 clusters


@pytest.mark.parametrize(
    ("func", "kwargs"),
    [
        (balance_table, {"cluster": "cooperative_id"}),  # p-values fall back to HC1
        (event_study, {}),
    ],
)
def test_single_cluster_falls_back_to_hc1_everywhere(panel: pd.DataFrame, func, kwargs) -> None:
    out = func(_single_coop(panel), **kwargs)
    assert out.se_type == "HC1"
    assert out.n_clusters is None
    assert any("single cooperative_id" in m.en for m in out.warnings)


def test_group_trends_without_a_group_column_treat_everyone_as_program(panel: pd.DataFrame) -> None:
    tr = group_trends(_no_group_column(panel))
    assert tr["group"].unique().tolist() == ["program"]
    assert tr["n"].tolist() == [120, 120, 120]


def test_balance_table_single_cluster_p_values_are_hc1_as_statsmodels(panel: pd.DataFrame) -> None:
    bt = balance_table(_single_coop(panel), covariates=["age"], cluster="cooperative_id")
    base = panel[panel["wave"] == 2021]
    ref = sm.OLS(
        base["age"].to_numpy(), sm.add_constant(base["in_program"].astype(float).to_numpy())
    ).fit(cov_type="HC1", use_t=True)  # t with N - 2 df, as our HC1 rows
    row = bt.table.iloc[0]
    assert row["se_difference"] == pytest.approx(ref.bse[1], rel=1e-10)
    assert row["p_value"] == pytest.approx(ref.pvalues[1], rel=1e-8)


def test_did_table_single_cluster_falls_back_to_hc1_and_says_so(panel: pd.DataFrame) -> None:
    tab = did_table(_single_coop(panel), cluster="cooperative_id")
    assert tab.attrs["se_type"] == "HC1"
    assert any("single cooperative_id" in m.en for m in tab.attrs["warnings"])
    fd = _fd_frame(panel, 2021, 2023)
    ref = sm.OLS(fd["dy"].to_numpy(), sm.add_constant(fd["d"].to_numpy())).fit(cov_type="HC1")
    assert tab.set_index("group").loc["difference", "change_se"] == pytest.approx(ref.bse[1])


def test_event_study_names_a_wave_without_comparison_members(panel: pd.DataFrame) -> None:
    data = panel[~(panel["wave"].eq(2022) & panel["in_program"].eq(0))]
    with pytest.raises(DataError, match="wave 2022 has no comparison member") as info:
        event_study(data)
    assert info.value.code == "empty_wave"


def test_event_study_with_a_post_program_reference_does_not_claim_a_pre_trend_test(
    panel: pd.DataFrame,
) -> None:
    es = event_study(panel, reference_wave=2023, cluster=None)
    assert es.pretrend_p is None
    assert es.pretrend_note is not None and "comes after the program started" in es.pretrend_note.en
    t = es.table.set_index("wave")
    # the 2021 estimate relative to 2023 is minus the 2023 estimate relative to 2021 (hand)
    assert t.loc[2021, "estimate"] == pytest.approx(-event_study(panel).table["estimate"].iloc[2])
