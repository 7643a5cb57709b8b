"""Staggered adoption: cohorts, Callaway & Sant'Anna group-time effects and their aggregates.

Expected numbers come from three places, each noted beside the assertion: a tiny panel worked
by hand, a simulated panel with a planted effect, and R's ``did`` package on its own example
data ``mpdta`` (points as printed in the package's README; analytic standard errors from
``tests/data/staggered/golden_mpdta.json``, written by ``make_golden.py`` beside it).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis.messages import DataError
from analysis.methods.comparison import did_table
from analysis.methods.least_squares import demean
from analysis.methods.staggered import adoption_cohorts, aggregate_att, group_time_att

DATA = Path(__file__).resolve().parents[1] / "data" / "staggered"
LABELS = ["baseline", "midline", "endline"]


# ---------------------------------------------------------------------------------------------
# fixtures


def _tiny(waves: list[object] | None = None) -> pd.DataFrame:
    """Five members over three waves: a, b join at the second wave, c at the third, d, e never.

    incomes      w1  w2  w3    status
      a          10  14  16    0 1 1
      b          20  26  30    0 1 1
      c          10  11  15    0 0 1
      d          10  11  12    0 0 0
      e          30  33  35    0 0 0
    """
    waves = waves or [2019, 2021, 2023]
    income = {"a": (10, 14, 16), "b": (20, 26, 30), "c": (10, 11, 15), "d": (10, 11, 12)}
    income["e"] = (30, 33, 35)
    status = {"a": (0, 1, 1), "b": (0, 1, 1), "c": (0, 0, 1), "d": (0, 0, 0), "e": (0, 0, 0)}
    rows = [
        {"member_id": m, "wave": w, "income": float(income[m][k]), "in_program": status[m][k]}
        for m in income
        for k, w in enumerate(waves)
    ]
    df = pd.DataFrame(rows)
    df["cooperative_id"] = df["member_id"].map({"a": 1, "b": 1, "c": 2, "d": 2, "e": 3})
    return df


@pytest.fixture
def tiny() -> pd.DataFrame:
    """The hand-worked panel with years as waves."""
    return _tiny()


@pytest.fixture(scope="module")
def mpdta() -> pd.DataFrame:
    """R did's mpdta with the program status per year (1 from ``first.treat`` on)."""
    d = pd.read_csv(DATA / "mpdta.csv")
    d["in_program"] = ((d["first.treat"] > 0) & (d["year"] >= d["first.treat"])).astype(int)
    return d


@pytest.fixture(scope="module")
def golden() -> dict:
    """moderndid 0.2.0's analytic results on mpdta (see make_golden.py)."""
    return json.loads((DATA / "golden_mpdta.json").read_text(encoding="utf-8"))


def _mp(d: pd.DataFrame, **kw: object):
    return group_time_att(d, outcome="lemp", unit="countyreal", time="year", **kw)


def _simulated(n: int = 2000, seed: int = 7) -> pd.DataFrame:
    """Members joining at waves 2-4 (10% never); the effect grows 300 per wave since joining."""
    rng = np.random.default_rng(seed)
    cohort = rng.choice([1, 2, 3, -1], size=n, p=[0.4, 0.3, 0.2, 0.1])
    level = rng.normal(2000, 500, n)
    frames = []
    for t, wave in enumerate([2019, 2020, 2021, 2022, 2023]):
        joined = (cohort >= 0) & (t >= cohort)
        effect = np.where(joined, 300.0 * (t - cohort + 1), 0.0)
        income = level + 100 * t + effect + rng.normal(0, 50, n)
        frames.append(
            pd.DataFrame(
                {"member_id": np.arange(n), "wave": wave, "income": income,
                 "in_program": joined.astype(int)}
            )
        )  # fmt: skip
    return pd.concat(frames, ignore_index=True)


# ---------------------------------------------------------------------------------------------
# adoption_cohorts


@pytest.mark.parametrize(
    ("status", "cohort", "flag"),
    [
        ((0, 1, 1), 2021, "usable"),  # joins at the second wave
        ((0, 0, 0), None, "never_treated"),  # never joins
        ((1, 1, 1), 2019, "always_treated"),  # treated at the first wave: no before
        ((0, 1, 0), 2021, "switches_back"),  # leaves again: reported
        ((np.nan, 1, 1), 2021, "cohort_uncertain"),  # may have joined at the first wave
        ((0, np.nan, 1), 2023, "cohort_uncertain"),  # joined at the second or third wave
    ],
)
def test_adoption_cohorts_finds_the_joining_wave_and_flags_problems(status, cohort, flag):
    df = pd.DataFrame({"member_id": "a", "wave": [2019, 2021, 2023], "in_program": status})
    row = adoption_cohorts(df).iloc[0]
    assert pd.isna(row["cohort"]) if cohort is None else row["cohort"] == cohort
    assert bool(row[flag])
    problems = ["always_treated", "switches_back", "cohort_uncertain"]
    assert bool(row["usable"]) == (flag in ("usable", "never_treated"))
    assert [p for p in problems if row[p]] == ([flag] if flag in problems else [])


def test_adoption_cohorts_counts_units_per_cohort_and_warns():
    df = _tiny()
    df.loc[(df["member_id"] == "d") & (df["wave"] == 2023), "in_program"] = 1
    df.loc[(df["member_id"] == "e"), "in_program"] = 1
    out = adoption_cohorts(df)
    counts = out.attrs["counts"]
    assert counts["cohorts"] == {2021: 2, 2023: 2}  # a, b; c, d
    assert counts["always_treated"] == 1 and counts["never_treated"] == 0
    assert len(out.attrs["warnings"]) == 1


def test_adoption_cohorts_keep_the_order_of_labelled_waves():
    df = _tiny(LABELS)
    df["wave"] = pd.Categorical(df["wave"], categories=LABELS, ordered=True)
    out = adoption_cohorts(df)
    assert (
        list(out["cohort"].astype(object).fillna("-")) == ["midline"] * 2 + ["endline"] + ["-"] * 2
    )
    assert out["cohort"].cat.ordered


# ---------------------------------------------------------------------------------------------
# group_time_att on the hand-worked panel


def test_group_time_effects_of_the_tiny_panel_worked_by_hand(tiny):
    t = group_time_att(tiny).table
    # changes from 2019: a 4, 6; b 6, 10; c 1, 5; d 1, 2; e 3, 5 (to 2021, 2023)
    # ATT(2021,2021) = mean(4, 6) - mean(1, 3) = 5 - 2 = 3
    # ATT(2021,2023) = mean(6, 10) - mean(2, 5) = 8 - 3.5 = 4.5
    # ATT(2023,2021) = c's 1 - mean(1, 3) = -1 (placebo, base 2019)
    # ATT(2023,2023) = c's 15 - 11 = 4 minus d, e from 2021: mean(1, 2) = 1.5 -> 2.5
    np.testing.assert_allclose(t["att"], [3.0, 4.5, -1.0, 2.5])
    # se^2 = sum_D (dy - m1)^2 / n1^2 + sum_C (dy - m0)^2 / n0^2 (R did's analytic se)
    # (1 + 1)/4 + (1 + 1)/4 = 1; (4 + 4)/4 + (2.25 + 2.25)/4 = 3.125; 0 + 2/4; 0 + 0.5/4
    np.testing.assert_allclose(t["se"], np.sqrt([1.0, 3.125, 0.5, 0.125]))
    assert list(t["cohort"]) == [2021, 2021, 2023, 2023]
    assert list(t["wave"]) == [2021, 2023, 2021, 2023]
    assert list(t["base_wave"]) == [2019, 2019, 2019, 2021]
    assert list(t["event_time"]) == [0, 1, -1, 0]
    assert list(t["n_treated"]) == [2, 2, 1, 1] and list(t["n_control"]) == [2] * 4
    z = stats.norm.ppf(0.975)
    np.testing.assert_allclose(t["ci_high"] - t["att"], z * t["se"])
    assert t["band_low"].isna().all()


def test_not_yet_treated_controls_include_later_cohorts(tiny):
    t = group_time_att(tiny, control="notyet").table
    # ATT(2021,2021): controls d, e and c (joins 2023): changes 1, 3, 1 -> 5 - 5/3 = 10/3
    # every other row has no not-yet-treated unit left: as with never-treated controls
    np.testing.assert_allclose(t["att"], [10 / 3, 4.5, -1.0, 2.5])
    assert list(t["n_control"]) == [3, 2, 2, 2]


def test_aggregates_of_the_tiny_panel_worked_by_hand(tiny):
    eff = group_time_att(tiny)
    # cohort shares: 2021 2/5, 2023 1/5
    # simple: (0.4 * 3 + 0.4 * 4.5 + 0.2 * 2.5) / 1.0 = 3.5
    simple = aggregate_att(eff, "simple")
    assert simple["term"].tolist() == ["overall"]
    assert simple["att"].iloc[0] == pytest.approx(3.5)
    # dynamic: e = -1: -1; e = 0: (0.4 * 3 + 0.2 * 2.5) / 0.6 = 17/6; e = 1: 4.5
    # overall: mean(17/6, 4.5) = 11/3
    dyn = aggregate_att(eff, "dynamic")
    assert dyn["event_time"].tolist()[1:] == [-1, 0, 1]
    np.testing.assert_allclose(dyn["att"], [11 / 3, -1.0, 17 / 6, 4.5])
    # group: 2021 mean(3, 4.5) = 3.75; 2023: 2.5; overall (0.4 * 3.75 + 0.2 * 2.5)/0.6 = 10/3
    grp = aggregate_att(eff, "group")
    assert grp["cohort"].tolist()[1:] == [2021, 2023]
    np.testing.assert_allclose(grp["att"], [10 / 3, 3.75, 2.5])
    # one cell alone: the aggregate's standard error is that cell's
    assert dyn["se"].iloc[1] == pytest.approx(eff.table["se"].iloc[2])


def test_labelled_waves_give_the_numbers_of_years(tiny):
    labelled = _tiny(LABELS)
    labelled["wave"] = pd.Categorical(labelled["wave"], categories=LABELS, ordered=True)
    a, b = group_time_att(tiny).table, group_time_att(labelled).table
    np.testing.assert_allclose(a["att"], b["att"])
    np.testing.assert_allclose(a["se"], b["se"])
    assert list(b["cohort"]) == ["midline", "midline", "endline", "endline"]


def test_two_waves_and_one_cohort_equal_the_classic_2x2(tiny):
    two = tiny[tiny["wave"] < 2023].assign(ever=lambda d: d["member_id"].isin(["a", "b"]) * 1)
    att = group_time_att(two).table["att"].iloc[0]
    # within 2019-2021 c never joins: controls c, d, e (changes 1, 1, 3), 5 - 5/3 = 10/3;
    # did_table: the second difference of program (a, b) and comparison (c, d, e)
    table = did_table(two, group="ever", cluster=None)
    assert att == pytest.approx(10 / 3)
    assert att == pytest.approx(table.set_index("group").loc["difference", "change"])


def test_clustering_by_the_unit_scales_by_n_over_n_minus_one(tiny):
    plain = group_time_att(tiny).table["se"]
    by_unit = group_time_att(tiny, cluster="member_id")
    # G/(G-1) with G = n = 5 units
    np.testing.assert_allclose(by_unit.table["se"], plain * np.sqrt(5 / 4))
    assert by_unit.n_clusters == 5


def test_clustered_standard_error_sums_the_influence_within_clusters(tiny):
    eff = group_time_att(tiny, cluster="cooperative_id")
    # ATT(2021,2021), psi_i = n (dy - m1)/n1 for a, b and -n (dy - m0)/n0 for d, e:
    # a -2.5, b 2.5, c 0, d 2.5, e -2.5; clusters {a,b} 0, {c,d} 2.5, {e} -2.5
    # se = sqrt(3/2 * (0 + 6.25 + 6.25)) / 5
    assert eff.table["se"].iloc[0] == pytest.approx(np.sqrt(1.5 * 12.5) / 5)


def test_a_member_changing_cooperative_is_clustered_by_her_earliest_one(tiny):
    moved = tiny.copy()
    moved.loc[(moved["member_id"] == "c") & (moved["wave"] > 2019), "cooperative_id"] = 3
    eff = group_time_att(moved, cluster="cooperative_id")
    same = group_time_att(tiny, cluster="cooperative_id")
    np.testing.assert_allclose(eff.table["se"], same.table["se"])
    assert any("change cooperative_id" in m.en for m in eff.warnings)


def test_a_member_without_a_cluster_is_a_cluster_of_her_own(tiny):
    tiny.loc[tiny["member_id"] == "e", "cooperative_id"] = np.nan
    eff = group_time_att(tiny, cluster="cooperative_id")
    assert eff.n_clusters == 3  # {a, b}, {c, d}, {e}
    assert any("clusters of their own" in m.en for m in eff.warnings)


# ---------------------------------------------------------------------------------------------
# missing data, switching back, errors


def test_an_unbalanced_unit_is_left_out_and_counted(tiny):
    gone = tiny.drop(index=tiny.index[(tiny["member_id"] == "e") & (tiny["wave"] == 2021)])
    eff = group_time_att(gone)
    assert eff.excluded["incomplete"] == 1 and eff.n_units == 4
    # without e: ATT(2021,2021) = 5 - d's 1 = 4
    assert eff.table["att"].iloc[0] == pytest.approx(4.0)
    assert any("balanced panel" in m.en for m in eff.warnings)


def test_a_missing_outcome_counts_as_unbalanced(tiny):
    tiny.loc[(tiny["member_id"] == "e") & (tiny["wave"] == 2023), "income"] = np.nan
    assert group_time_att(tiny).excluded["incomplete"] == 1


@pytest.mark.parametrize(
    ("switch_back", "n_units", "excluded"),
    [
        ("drop", 4, 1),  # b leaves the program at the third wave: left out
        ("keep", 5, 0),  # kept in the 2021 cohort (intention to treat)
    ],
)
def test_units_switching_back_are_dropped_or_kept_as_asked(tiny, switch_back, n_units, excluded):
    tiny.loc[(tiny["member_id"] == "b") & (tiny["wave"] == 2023), "in_program"] = 0
    eff = group_time_att(tiny, switch_back=switch_back)
    assert eff.n_units == n_units and eff.excluded["switched_back"] == excluded
    assert any("back from 1 to 0" in m.en for m in eff.warnings)


def test_always_treated_units_are_left_out_and_counted(tiny):
    tiny.loc[tiny["member_id"] == "a", "in_program"] = 1
    eff = group_time_att(tiny)
    assert eff.excluded["always_treated"] == 1 and eff.n_units == 4


def test_without_never_treated_units_not_yet_treated_controls_are_used(tiny):
    no_never = tiny[tiny["member_id"].isin(list("abc"))]
    with pytest.raises(DataError, match="never in the program"):
        group_time_att(no_never)
    eff = group_time_att(no_never, control="notyet")
    # R's rule: the last cohort (c, 2023) is only a control; 2023 is not estimated
    # ATT(2021,2021) = 5 - c's 1 = 4
    assert eff.table[["att"]].to_numpy().ravel().tolist() == [4.0]
    assert eff.table["cohort"].tolist() == [2021]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda d: d.assign(in_program=d["in_program"].replace(1, 2)), "bad_group"),
        (lambda d: pd.concat([d, d.iloc[[0]]]), "duplicate_rows"),
        (lambda d: d.assign(in_program=0), "no_cohorts"),
        # a group flag, constant over the waves: members always treated, nobody joins
        (lambda d: d.assign(in_program=d["member_id"].isin(["a", "b"]) * 1), "no_cohorts"),
        (lambda d: d[d["wave"] == 2019], "too_few_waves"),
        (lambda d: d.drop(columns="income"), "missing_column"),
    ],
)
def test_input_that_cannot_be_analysed_raises_a_data_error(tiny, change, code):
    with pytest.raises(DataError) as err:
        group_time_att(change(tiny))
    assert err.value.code == code
    assert err.value.message.id


def test_waves_can_be_restricted(tiny):
    t = group_time_att(tiny, waves=[2021, 2023]).table
    # a, b are now always treated; c joins at 2023: 4 - mean(1, 2) = 2.5
    assert t["att"].tolist() == [2.5]


# ---------------------------------------------------------------------------------------------
# a planted heterogeneous effect: two-way fixed effects is biased, Callaway-Sant'Anna is not


def test_planted_dynamic_effect_is_recovered_where_two_way_fixed_effects_is_biased():
    df = _simulated()
    eff = group_time_att(df)
    t = eff.table
    post = t[t["event_time"] >= 0]
    # each cell's true effect is 300 * (event time + 1); simple ATT weights by cohort size
    truth = float(
        (300 * (post["event_time"] + 1) * post["n_treated"]).sum() / post["n_treated"].sum()
    )
    simple = aggregate_att(eff, "simple").iloc[0]
    assert simple["ci_low"] < truth < simple["ci_high"]
    assert ((post["att"] - 300 * (post["event_time"] + 1)).abs() < 4 * post["se"]).all()
    pre = t[t["event_time"] < 0]
    assert (pre["att"].abs() < 4 * pre["se"]).all()  # no planted pre-trend
    # static TWFE, y ~ in_program + member + wave effects: about a third of the truth
    codes = [pd.factorize(df["member_id"])[0], pd.factorize(df["wave"])[0]]
    yw = demean(df["income"].to_numpy(float), codes)
    dw = demean(df["in_program"].to_numpy(float), codes)
    twfe = float(dw @ yw / (dw @ dw))
    assert twfe < 0.5 * truth
    dyn = aggregate_att(eff, "dynamic").set_index("event_time", drop=False).iloc[1:]
    np.testing.assert_allclose(
        dyn.loc[dyn["event_time"] >= 0, "att"], [300, 600, 900, 1200], rtol=0.02
    )


def test_bootstrap_band_is_seeded_and_wider_than_the_pointwise_interval():
    df = _simulated(n=400)
    a = group_time_att(df, n_boot=499, seed=3)
    b = group_time_att(df, n_boot=499, seed=3)
    assert a.crit == b.crit
    # sup-t: above the pointwise 1.96, below Bonferroni over the 12 rows
    assert stats.norm.ppf(0.975) < a.crit < stats.norm.ppf(1 - 0.025 / 12)
    np.testing.assert_allclose(a.table["band_high"] - a.table["att"], a.crit * a.table["se"])
    dyn = aggregate_att(a, "dynamic")
    assert dyn["band_low"].iloc[0] != dyn["band_low"].iloc[0]  # overall row: no band
    assert dyn["band_low"].iloc[1:].notna().all()


def test_with_a_single_row_the_uniform_band_is_close_to_the_pointwise_interval():
    df = _simulated(n=2000)
    two = df[df["wave"] <= 2020]  # one cohort (2020) and one row, ATT(2020, 2020)
    eff = group_time_att(two, n_boot=4999, seed=11)
    assert len(eff.table) == 1
    # the largest of one |t| is |t|: its 95% quantile is the normal 1.96 up to draw noise
    assert eff.crit == pytest.approx(stats.norm.ppf(0.975), abs=0.08)


def test_clustered_band_draws_one_weight_per_cluster():
    df = _simulated(n=600).assign(cooperative_id=lambda d: d["member_id"] % 40)
    eff = group_time_att(df, cluster="cooperative_id", n_boot=999, seed=5)
    assert eff.n_clusters == 40 and eff.crit is not None
    assert stats.norm.ppf(0.975) < eff.crit < stats.norm.ppf(1 - 0.025 / len(eff.table)) + 0.3


# ---------------------------------------------------------------------------------------------
# R's did on mpdta


# R did README (github.com/bcallaway11/did, "Getting Started"), summary(att_gt(yname = "lemp",
# gname = "first.treat", idname = "countyreal", tname = "year", xformla = ~1, data = mpdta))
README_ATT_GT = {
    (2004, 2004): -0.0105, (2004, 2005): -0.0704, (2004, 2006): -0.1373, (2004, 2007): -0.1008,
    (2006, 2004): 0.0065, (2006, 2005): -0.0028, (2006, 2006): -0.0046, (2006, 2007): -0.0412,
    (2007, 2004): 0.0305, (2007, 2005): -0.0027, (2007, 2006): -0.0311, (2007, 2007): -0.0261,
}  # fmt: skip
# same README, summary(aggte(mw.attgt, type = "dynamic")): overall -0.0772, event times -3..3
README_DYNAMIC = [-0.0772, 0.0305, -0.0006, -0.0245, -0.0199, -0.0510, -0.1373, -0.1008]


def test_mpdta_group_time_effects_match_r_did_to_the_printed_digits(mpdta):
    t = _mp(mpdta).table
    got = {(int(g), int(w)): a for g, w, a in zip(t["cohort"], t["wave"], t["att"], strict=True)}
    assert got.keys() == README_ATT_GT.keys()
    for key, printed in README_ATT_GT.items():
        assert round(got[key], 4) == printed, key
    # the brief quotes the did vignette's ATT(2004,2004) se 0.0233 (a bootstrap se);
    # the analytic one rounds to the same digits
    assert round(t["se"].iloc[0], 4) == 0.0233


def test_mpdta_aggregates_match_r_did_to_the_printed_digits(mpdta):
    eff = _mp(mpdta)
    dyn = aggregate_att(eff, "dynamic")
    assert [round(a, 4) for a in dyn["att"]] == README_DYNAMIC
    # did vignette "Introduction to DiD with Multiple Time Periods": aggte(type = "simple")
    # -0.0400 (the brief quotes it too) and aggte(type = "group") overall -0.031
    assert round(aggregate_att(eff, "simple")["att"].iloc[0], 4) == -0.0400
    grp = aggregate_att(eff, "group")
    assert round(grp["att"].iloc[0], 3) == -0.031
    # README's group effects: 2004 -0.0797, 2006 -0.0229, 2007 -0.0261
    assert [round(a, 4) for a in grp["att"].iloc[1:]] == [-0.0797, -0.0229, -0.0261]


@pytest.mark.parametrize("control", ["never", "notyet"])
def test_mpdta_matches_the_reference_implementation_with_analytic_errors(mpdta, golden, control):
    ref = golden[control]
    eff = _mp(mpdta, control=control)
    t = eff.table
    np.testing.assert_allclose(t["att"], [r["att"] for r in ref["att_gt"]], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(t["se"], [r["se"] for r in ref["att_gt"]], rtol=1e-12)
    for kind in ("simple", "dynamic", "group"):
        agg = aggregate_att(eff, kind)
        want = [ref[kind], *ref[kind].get("by", [])]
        np.testing.assert_allclose(agg["att"], [w["att"] for w in want], rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(agg["se"], [w["se"] for w in want], rtol=1e-12)


def test_mpdta_without_never_treated_counties_follows_r_did(mpdta, golden):
    ref = golden["notyet_without_never"]
    eff = _mp(mpdta[mpdta["first.treat"] > 0], control="notyet")
    # R did 2.x drops the last cohort (2007) from the estimated groups and the years from 2007
    # on; moderndid 0.2.0 still reports that cohort's two placebo rows, which R does not
    ref_rows = [r for r in ref["att_gt"] if r["cohort"] < 2007]
    np.testing.assert_allclose(eff.table["att"], [r["att"] for r in ref_rows], rtol=1e-9)
    np.testing.assert_allclose(eff.table["se"], [r["se"] for r in ref_rows], rtol=1e-12)
    simple = aggregate_att(eff, "simple").iloc[0]
    assert simple["att"] == pytest.approx(ref["simple"]["att"], rel=1e-9)
    assert simple["se"] == pytest.approx(ref["simple"]["se"], rel=1e-12)
    grp = aggregate_att(eff, "group")
    want = [ref["group"], *ref["group"]["by"][:2]]
    np.testing.assert_allclose(grp["att"], [w["att"] for w in want], rtol=1e-9)
    np.testing.assert_allclose(grp["se"], [w["se"] for w in want], rtol=1e-12)
