"""The Alkire-Foster empowerment index (analysis.methods.empowerment).

Definitions checked: Alkire & Foster (2011), J. Public Econ. 95(7-8); Alkire, Meinzen-Dick,
Peterman, Quisumbing, Seymour & Vaz (2013), "The Women's Empowerment in Agriculture Index",
World Development 52: 71-91 -- H = share disempowered (c < cutoff), A = mean inadequacy
(1 - c) among the disempowered, M0 = H x A = sum_j w_j CH_j with CH_j the censored
headcount, contribution_j = w_j CH_j / M0 (sums to 1).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis.ingest.loaders import load_survey
from analysis.messages import DataError
from analysis.methods.empowerment import (
    Indicator,
    config_to_toml,
    cronbach_alpha,
    default_empowerment_config,
    empowerment_by_domain,
    empowerment_by_indicator,
    empowerment_change,
    empowerment_index,
    empowerment_scores,
    empowerment_tables,
    make_config,
    mcnemar_exact,
    read_empowerment_config,
)

DEMO = "data/synthetic_survey.csv"


def _config(cutoff=0.6, weights=(0.5, 0.3, 0.2)):
    return make_config(
        cutoff,
        [
            Indicator("a", "d1", weights[0], 4),
            Indicator("b", "d1", weights[1], 4),
            Indicator("c", "d2", weights[2], 4),
        ],
    )


def _worked() -> pd.DataFrame:
    # weights a 0.5, b 0.3, c 0.2; adequate when >= 4; cutoff 0.6
    # m1: 5 5 5 -> adequate a b c, c = 1.0            empowered
    # m2: 4 2 1 -> adequate a,     c = 0.5            disempowered, inadequate b c
    # m3: 1 4 4 -> adequate b c,   c = 0.5            disempowered, inadequate a
    # m4: 5 1 5 -> adequate a c,   c = 0.7            empowered, inadequate b (uncensored only)
    # m5: 5 . 5 -> b missing: left out, counted in n_missing
    return pd.DataFrame(
        {
            "member_id": ["m1", "m2", "m3", "m4", "m5"],
            "wave": [1] * 5,
            "a": [5, 4, 1, 5, 5],
            "b": [5, 2, 4, 1, np.nan],
            "c": [5, 1, 4, 5, 5],
        }
    )


def test_worked_example_index_by_hand():
    row = empowerment_index(_worked(), _config()).iloc[0]
    assert row["n"] == 4 and row["n_missing"] == 1
    assert row["headcount_empowered"] == pytest.approx(0.5)  # m1, m4
    assert row["headcount_disempowered"] == pytest.approx(0.5)  # H = 2/4
    assert row["mean_score"] == pytest.approx((1 + 0.5 + 0.5 + 0.7) / 4)  # 0.675
    assert row["intensity"] == pytest.approx((0.5 + 0.5) / 2)  # A = 0.5
    assert row["m0"] == pytest.approx(0.25)  # M0 = H x A = 0.5 x 0.5


def test_worked_example_indicators_and_domains_by_hand():
    ind = empowerment_by_indicator(_worked(), _config()).set_index("indicator")
    # uncensored: a m3 -> 1/4; b m2 m4 -> 2/4; c m2 -> 1/4
    assert ind["uncensored_headcount"].to_dict() == pytest.approx({"a": 0.25, "b": 0.5, "c": 0.25})
    # censored (disempowered and inadequate): a m3; b m2 (m4 is empowered); c m2 -> 1/4 each
    assert ind["censored_headcount"].to_dict() == pytest.approx({"a": 0.25, "b": 0.25, "c": 0.25})
    # contribution = w CH / M0: 0.5*0.25/0.25, 0.3*0.25/0.25, 0.2*0.25/0.25
    assert ind["contribution"].to_dict() == pytest.approx({"a": 0.5, "b": 0.3, "c": 0.2})
    dom = empowerment_by_domain(_worked(), _config()).set_index("domain")
    assert dom["contribution"].to_dict() == pytest.approx({"d1": 0.8, "d2": 0.2})
    assert dom["weight"].to_dict() == pytest.approx({"d1": 0.8, "d2": 0.2})
    # d1's weighted censored headcount: (0.5*0.25 + 0.3*0.25) / 0.8 = 0.25
    assert dom.loc["d1", "censored_headcount"] == pytest.approx(0.25)


def test_raising_the_cutoff_adds_the_near_miss_member():
    # cutoff 0.75: m4 (c = 0.7) is now disempowered too
    # H = 3/4, A = (0.5 + 0.5 + 0.3) / 3, M0 = 1.3 / 4 = 0.325
    low = empowerment_index(_worked(), _config(0.6)).iloc[0]
    high = empowerment_index(_worked(), _config(0.75)).iloc[0]
    assert high["headcount_disempowered"] == pytest.approx(0.75)
    assert high["intensity"] == pytest.approx(1.3 / 3)
    assert high["m0"] == pytest.approx(0.325)
    assert high["m0"] > low["m0"] and high["headcount_disempowered"] > low["headcount_disempowered"]
    # the mean score does not depend on the cutoff
    assert high["mean_score"] == pytest.approx(low["mean_score"])


def test_raising_a_weight_raises_that_indicators_contribution():
    # weights 0.4 0.4 0.2: m2 c = 0.4 (disempowered), m3 c = 0.6 (reaches the cutoff exactly,
    # empowered), m4 c = 0.8. H = 1/4, A = 0.6, M0 = 0.15; b's contribution 0.4*0.25/0.15
    before = empowerment_by_indicator(_worked(), _config()).set_index("indicator")
    after = empowerment_by_indicator(_worked(), _config(weights=(0.4, 0.4, 0.2)))
    after = after.set_index("indicator")
    assert after.loc["b", "contribution"] == pytest.approx(0.4 * 0.25 / 0.15)
    assert after.loc["b", "contribution"] > before.loc["b", "contribution"]
    idx = empowerment_index(_worked(), _config(weights=(0.4, 0.4, 0.2))).iloc[0]
    assert idx["m0"] == pytest.approx(0.15) and idx["headcount_disempowered"] == pytest.approx(0.25)


def _naive(df: pd.DataFrame, cfg) -> dict[str, float]:
    """The published definitions, member by member, in plain Python."""
    rows = [r for _, r in df.iterrows() if not any(pd.isna(r[i.item]) for i in cfg.indicators)]
    c = [sum(i.weight for i in cfg.indicators if r[i.item] >= i.adequate_from) for r in rows]
    dis = [x < cfg.cutoff - 1e-9 for x in c]
    n = len(rows)
    H = sum(dis) / n
    A = sum(1 - x for x, d in zip(c, dis, strict=True) if d) / sum(dis)
    ch = {
        i.item: sum(1 for r, d in zip(rows, dis, strict=True) if d and r[i.item] < i.adequate_from)
        / n
        for i in cfg.indicators
    }
    return {"H": H, "A": A, "M0": H * A, **ch}


def test_random_data_agrees_with_the_published_definitions():
    rng = np.random.default_rng(7)
    df = pd.DataFrame({k: rng.integers(1, 6, 300).astype(float) for k in "abc"})
    df.loc[rng.random(300) < 0.05, "b"] = np.nan
    df["wave"] = rng.choice([1, 2], 300)
    cfg = _config(0.7)
    t = empowerment_tables(df, cfg)
    for w in (1, 2):
        sub = df[df["wave"] == w]
        ref = _naive(sub, cfg)
        row = t.index.set_index("wave").loc[w]
        assert row["headcount_disempowered"] == pytest.approx(ref["H"])
        assert row["intensity"] == pytest.approx(ref["A"])
        assert row["m0"] == pytest.approx(ref["M0"])
        assert row["n_missing"] == sub["b"].isna().sum()
        ind = t.by_indicator[t.by_indicator["wave"] == w].set_index("indicator")
        for k in "abc":
            assert ind.loc[k, "censored_headcount"] == pytest.approx(ref[k])
        # M0 = sum_j w_j CH_j, and the contributions sum to 1
        assert (ind["weight"] * ind["censored_headcount"]).sum() == pytest.approx(row["m0"])
        assert ind["contribution"].sum() == pytest.approx(1.0)


def test_demo_contributions_sum_to_one_every_wave_and_level():
    survey = load_survey(DEMO).data
    cfg = default_empowerment_config()
    for by in (None, "cooperative_id", "business_type", "loan_tier", "trained", "in_program"):
        t = empowerment_tables(survey, cfg, by)
        keys = ["wave"] + ([by] if by else [])
        have = t.index[t.index["m0"] > 0]
        sums = t.by_indicator.groupby(keys, observed=True)["contribution"].sum()
        assert len(have) > 0
        assert np.allclose(sums.to_numpy(), 1.0)
        dom = t.by_domain.groupby(keys, observed=True)["contribution"].sum()
        assert np.allclose(dom.to_numpy(), 1.0)
        # every level's n adds up to the whole view's n at each wave
        whole = empowerment_index(survey, cfg).set_index("wave")["n"]
        per = t.index.groupby("wave", observed=True)["n"].sum()
        if by in ("cooperative_id", "business_type", "in_program"):
            assert per.to_dict() == whole.to_dict()


def test_scores_per_member_say_which_rows_are_left_out():
    s = empowerment_scores(_worked(), _config())
    assert list(s.columns) == [
        "member_id", "wave", "adequate_a", "adequate_b", "adequate_c",
        "complete", "score", "empowered",
    ]  # fmt: skip
    assert s["score"].iloc[:4].tolist() == pytest.approx([1.0, 0.5, 0.5, 0.7])
    assert s["complete"].tolist() == [True, True, True, True, False]
    assert pd.isna(s["score"].iloc[4]) and pd.isna(s["empowered"].iloc[4])
    assert pd.isna(s["adequate_b"].iloc[4]) and s["adequate_a"].iloc[4] == 1
    assert s["empowered"].iloc[:4].tolist() == [True, False, False, True]


def test_everything_missing_gives_nan_not_an_error():
    df = _worked().assign(b=np.nan)
    row = empowerment_index(df, _config()).iloc[0]
    assert row["n"] == 0 and row["n_missing"] == 5
    assert np.isnan(row["m0"]) and np.isnan(row["headcount_disempowered"])


# --- configuration ---------------------------------------------------------------------------


def test_default_config_and_toml_round_trip():
    cfg = default_empowerment_config()
    assert len(cfg.indicators) == 7 and cfg.cutoff == 0.8
    assert sum(i.weight for i in cfg.indicators) == pytest.approx(1.0)
    assert all(i.adequate_from == 4 for i in cfg.indicators)
    assert read_empowerment_config(config_to_toml(cfg)) == cfg
    odd = make_config(1.0, [Indicator('say "hi"', "d\\1", 1.0, 3.5)])
    assert read_empowerment_config(config_to_toml(odd)) == odd


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        (
            "cutoff = 0.8\n[[indicators]]\nitem='a'\ndomain='d'\nweight=0.5\nadequate_from=4\n",
            "sum to 1",
        ),
        (
            "cutoff = 0\n[[indicators]]\nitem='a'\ndomain='d'\nweight=1.0\nadequate_from=4\n",
            "cutoff",
        ),
        (
            "cutoff = 1.5\n[[indicators]]\nitem='a'\ndomain='d'\nweight=1.0\nadequate_from=4\n",
            "cutoff",
        ),
        (
            "cutoff = 'x'\n[[indicators]]\nitem='a'\ndomain='d'\nweight=1.0\nadequate_from=4\n",
            "number",
        ),
        (
            "cutoff = 0.5\n[[indicators]]\nitem='a'\ndomain='d'\nweight=0.5\nadequate_from=4\n"
            "[[indicators]]\nitem='a'\ndomain='d'\nweight=0.5\nadequate_from=4\n",
            "repeated: a",
        ),
        (
            "cutoff = 0.5\n[[indicators]]\nitem='a'\ndomain='d'\nweight=1.0\nadequat=4\n",
            "unknown key",
        ),
        ("cutoff = 0.5\ncolour = 1\n", "unknown key"),
        ("cutoff = 0.5\n", "no indicators"),
        ("cutoff = = 0.5\n", "not valid TOML"),
        (
            "cutoff = 0.5\n[[indicators]]\nitem='a'\ndomain='d'\nweight=-1.0\nadequate_from=4\n",
            "above 0",
        ),
    ],
)
def test_bad_configurations_are_told_in_both_languages(text, needle):
    with pytest.raises(DataError) as exc:
        read_empowerment_config(text)
    assert needle in exc.value.text("en")
    assert exc.value.text("id") and exc.value.text("id") != exc.value.text("en")
    assert exc.value.code == "empowerment_config"


def test_an_item_not_in_the_survey_is_named():
    cfg = make_config(0.5, [Indicator("emp_nope", "d", 1.0, 4)])
    with pytest.raises(DataError, match="emp_nope"):
        empowerment_index(_worked(), cfg)
    with pytest.raises(DataError, match="no column 'colour'"):
        empowerment_index(_worked(), _config(), by="colour")


# --- change between waves --------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo():
    return load_survey(DEMO).data


def _pairs(demo, cfg, b, a):
    s = empowerment_scores(demo, cfg).assign(in_program=demo["in_program"])
    s = s[s["complete"]]
    x0 = s[s["wave"] == b].set_index("member_id")
    x1 = s[s["wave"] == a].set_index("member_id")
    both = x0.add_suffix("_0").join(x1.add_suffix("_1"), how="inner")
    return both


def test_paired_tests_agree_with_scipy_and_statsmodels(demo):
    from statsmodels.stats.contingency_tables import mcnemar

    cfg = default_empowerment_config()
    ch = empowerment_change(demo, cfg, (2021, 2023))
    both = _pairs(demo, cfg, 2021, 2023)
    prog = both[both["in_program_0"] == 1]
    s0, s1 = prog["score_0"].to_numpy(), prog["score_1"].to_numpy()
    assert ch.n_pairs == len(prog)
    ref = stats.ttest_rel(s1, s0)
    assert ch.t_stat == pytest.approx(ref.statistic) and ch.p_t == pytest.approx(ref.pvalue)
    assert ch.score_change == pytest.approx(np.mean(s1 - s0))
    d = np.round(s1 - s0, 12)
    w = stats.wilcoxon(d, zero_method="wilcox", correction=True, method="approx")
    assert ch.p_wilcoxon == pytest.approx(w.pvalue, rel=1e-9)
    e0, e1 = prog["empowered_0"].astype(bool), prog["empowered_1"].astype(bool)
    table = [[(e0 & e1).sum(), (e0 & ~e1).sum()], [(~e0 & e1).sum(), (~e0 & ~e1).sum()]]
    assert ch.p_mcnemar == pytest.approx(mcnemar(table, exact=True).pvalue)
    assert ch.share_change == pytest.approx(e1.mean() - e0.mean())


def test_mcnemar_exact_small_tables():
    # b = 1, c = 5: 2 * P(X <= 1), X ~ Bin(6, 1/2) = 2 * 7/64
    assert mcnemar_exact(1, 5) == pytest.approx(14 / 64)
    assert mcnemar_exact(0, 0) == 1.0
    assert mcnemar_exact(3, 3) == 1.0


def test_did_agrees_with_statsmodels_cluster_ols(demo):
    import statsmodels.api as sm

    cfg = default_empowerment_config()
    ch = empowerment_change(demo, cfg, (2021, 2023))
    both = _pairs(demo, cfg, 2021, 2023).join(
        demo[demo["wave"] == 2021].set_index("member_id")["cooperative_id"]
    )
    y = both["score_1"] - both["score_0"]
    X = sm.add_constant(both["in_program_0"].astype(float))
    groups = pd.factorize(both["cooperative_id"])[0]
    fit = sm.OLS(y.to_numpy(), X.to_numpy()).fit(cov_type="cluster", cov_kwds={"groups": groups})
    assert ch.did is not None
    assert ch.did["estimate"] == pytest.approx(fit.params[1])
    # statsmodels on the differences uses (n-1)/(n-2); did_twfe xtreg's (2n-1)/(2n-3)
    n = len(both)
    adj = np.sqrt(((2 * n - 1) / (2 * n - 3)) / ((n - 1) / (n - 2)))
    assert ch.did["se"] == pytest.approx(fit.bse[1] * adj, rel=1e-10)
    assert ch.did["n_members"] == len(both)
    assert ch.did["outcome"] == "empowerment_score"


def test_without_a_comparison_group_there_is_a_note_not_an_error(demo):
    ch = empowerment_change(demo[demo["in_program"] == 1], default_empowerment_config())
    assert ch.did is None and ch.did_note is not None and ch.n_pairs > 0
    ch2 = empowerment_change(demo.drop(columns="in_program"), default_empowerment_config())
    assert ch2.did is None and "in_program" in ch2.did_note.en


# --- reliability -----------------------------------------------------------------------------


def test_cronbach_alpha_against_the_covariance_formula(demo):
    cfg = default_empowerment_config()
    out = cronbach_alpha(demo, cfg).set_index("scale")
    assert list(out.index) == [*cfg.domains, "overall"]
    x = demo[list(cfg.items)].dropna().to_numpy(dtype=float)
    C = np.cov(x, rowvar=False)  # alpha = k/(k-1) (1 - trace C / sum C)
    k = x.shape[1]
    assert out.loc["overall", "alpha"] == pytest.approx(k / (k - 1) * (1 - np.trace(C) / C.sum()))
    assert out.loc["overall", "n"] == len(x)
    # one-item domains have no alpha, and no warning
    assert np.isnan(out.loc["resources", "alpha"]) and not out.loc["resources", "warning"]


def test_cronbach_alpha_small_examples_by_hand():
    # identical items: alpha = 1
    df = pd.DataFrame({"x": [1, 2, 3, 4.0], "y": [1, 2, 3, 4.0]})
    assert cronbach_alpha(df, ["x", "y"])["alpha"].iloc[0] == pytest.approx(1.0)
    # x = 1 2 3, y = 3 1 2: var x = var y = 1, var(x + y) = var(4, 3, 5) = 1
    # alpha = 2/1 * (1 - 2/1) = -2, below 0.6 -> warning
    df = pd.DataFrame({"x": [1, 2, 3.0], "y": [3, 1, 2.0]})
    row = cronbach_alpha(df, ["x", "y"]).iloc[0]
    assert row["alpha"] == pytest.approx(-2.0) and row["warning"]
