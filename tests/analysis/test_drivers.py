"""Driver regressions, regression table, dose-response and capital from the loans ledger.

Each model is checked against statsmodels fitted on a design matrix built by hand from the
same member_changes frame; the demo's planted effects must fall inside model 1's intervals.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

from analysis import (
    capital_from_loans,
    custom_model,
    dose_response,
    driver_models,
    member_changes,
    period_from_waves,
    regression_table,
)
from analysis.demo import PLANTED_EFFECTS, generate_demo

BASE = ["capital_m", "training_hours", "market_channels_change"]


@pytest.fixture(scope="module")
def demo():
    """An 800-person synthetic program (seed 7): survey, loans, truth."""
    return generate_demo(800, seed=7)


@pytest.fixture(scope="module")
def changes(demo) -> pd.DataFrame:
    """member_changes between the first and last wave of the demo."""
    return member_changes(demo.survey)


def _members(ch: pd.DataFrame) -> pd.DataFrame:
    """Members with capital in millions: the hand-built design of the default models."""
    return ch[ch["in_program"] == 1].assign(capital_m=lambda d: d["capital"] / 1e6)


def _sm_fit(y: pd.Series, X: pd.DataFrame, se: str, groups: pd.Series | None = None):
    """statsmodels OLS on complete rows: fit(cov_type=se, use_t=True) (t with N-K or G-1 df)."""
    frame = pd.concat([y.rename("__y"), X], axis=1)
    if groups is not None:
        frame["__g"] = groups
    frame = frame.dropna()
    kw = {"groups": pd.factorize(frame.pop("__g"))[0]} if groups is not None else None
    y_, X_ = frame.pop("__y"), sm.add_constant(frame.astype("float64"))
    return sm.OLS(y_, X_).fit(cov_type=se, cov_kwds=kw, use_t=True)


def _check(model, r) -> None:
    c = model.coefficients.set_index("term")
    names = ["Intercept" if t == "const" else t for t in r.params.index]
    np.testing.assert_allclose(c.loc[names, "estimate"], r.params, rtol=1e-9)
    np.testing.assert_allclose(c.loc[names, "se"], r.bse, rtol=1e-8)
    np.testing.assert_allclose(c.loc[names, "p"], r.pvalues, rtol=1e-6, atol=1e-300)
    np.testing.assert_allclose([model.r2, model.adj_r2], [r.rsquared, r.rsquared_adj])
    np.testing.assert_allclose(model.fvalue, r.fvalue, rtol=1e-8)
    assert model.nobs == r.nobs


# ----------------------------------------------------------------------------- driver models


def test_driver_models_are_the_four_default_models(changes: pd.DataFrame) -> None:
    models = driver_models(changes)
    assert [m.name for m in models] == [
        "capital_training_market",
        "with_controls",
        "log_log",
        "interaction",
    ]
    assert models[0].formula == (
        "income_change ~ capital_m + training_hours + market_channels_change"
    )
    assert models[2].formula == (
        "log_income_change ~ log(capital) + training_hours + market_channels_change"
    )
    assert models[3].coefficients["term"].iloc[-1] == "capital_m:training_hours"
    assert {m.se_type for m in models} == {"HC3"}


@pytest.mark.parametrize(
    ("se", "cluster"),
    [
        ("HC3", None),  # the default
        ("cluster", None),  # clustered by cooperative_id when no column is named
        ("HC3", "group_id"),  # naming a column is enough to cluster
    ],
)
def test_model_1_matches_statsmodels(changes: pd.DataFrame, se: str, cluster: str | None) -> None:
    m = driver_models(changes, se=se, cluster=cluster)[0]
    d = _members(changes)
    col = cluster or ("cooperative_id" if se == "cluster" else None)
    r = _sm_fit(d["income_change"], d[BASE], "cluster" if col else "HC3", d[col] if col else None)
    _check(m, r)
    assert m.n_clusters == (None if col is None else d.loc[r.model.data.row_labels, col].nunique())


def test_model_2_adds_controls_with_the_most_common_level_as_reference(
    changes: pd.DataFrame,
) -> None:
    m = driver_models(changes)[1]
    d = _members(changes)
    ref = {c: d[c].value_counts().idxmax() for c in ("education", "business_type")}
    assert m.reference_levels == ref
    # hand: dummies for every level but the reference, named like ours
    dummies = [
        pd.get_dummies(d[c], dtype="float64")
        .drop(columns=ref[c])
        .rename(columns=lambda v, c=c: f"{c}[{v}]")
        .where(d[c].notna())
        for c in ("education", "business_type")
    ]
    X = pd.concat([d[[*BASE, "age", "household_size", "business_age_years"]], *dummies], axis=1)
    _check(m, _sm_fit(d["income_change"], X, "HC3"))


def test_model_3_is_log_log_on_members_with_capital(changes: pd.DataFrame) -> None:
    m = driver_models(changes)[2]
    d = _members(changes)
    d = d[d["capital"] > 0].assign(**{"log(capital)": lambda x: np.log(x["capital"])})
    r = _sm_fit(
        d["log_income_change"],
        d[["log(capital)", "training_hours", "market_channels_change"]],
        "HC3",
    )
    _check(m, r)
    n_zero = int(((changes["in_program"] == 1) & (changes["capital"] == 0)).sum())
    assert any(f"{n_zero} members without capital" in w.en for w in m.warnings)


def test_model_4_adds_the_capital_training_interaction(changes: pd.DataFrame) -> None:
    m = driver_models(changes)[3]
    d = _members(changes)
    X = d[BASE].assign(**{"capital_m:training_hours": d["capital_m"] * d["training_hours"]})
    _check(m, _sm_fit(d["income_change"], X, "HC3"))


def test_every_row_is_used_dropped_or_excluded(changes: pd.DataFrame) -> None:
    for m in driver_models(changes):
        assert m.nobs + m.n_dropped + m.n_excluded == len(changes), m.name


def test_sample_all_adds_the_comparison_group_with_an_in_program_dummy(
    changes: pd.DataFrame,
) -> None:
    models = driver_models(changes, sample="all")
    m = models[0]
    assert "in_program" in m.coefficients["term"].tolist()
    d = changes.assign(capital_m=changes["capital"] / 1e6)
    comp = d["in_program"] == 0
    for col in ("capital_m", "training_hours"):  # comparison: no program support, so 0
        d[col] = d[col].mask(comp & d[col].isna(), 0.0)
    X = d[[*BASE, "in_program"]]
    _check(m, _sm_fit(d["income_change"], X, "HC3"))
    assert "in_program" not in models[2].coefficients["term"].tolist()  # log model: members


def test_sample_all_without_a_comparison_group_says_so(changes: pd.DataFrame) -> None:
    members = changes[changes["in_program"] == 1]
    m = driver_models(members, sample="all")[0]
    assert "in_program" not in m.coefficients["term"].tolist()
    assert any("no comparison group" in w.en for w in m.warnings)


def test_planted_effects_fall_inside_the_95_percent_intervals_of_model_1() -> None:
    # A 95% interval misses 1 time in 20 by design, so one seed proves little alone. Measured
    # over demo seeds 1-40 (4,000 people each): capital inside 37/40 times, training 39/40,
    # channels 37/40, all three 33/40; mean estimates 39,464 / 4,887 / 148,446 against the
    # planted 40,000 / 5,000 / 150,000 (unbiased). Seed 42 is the project's default seed.
    ch = member_changes(generate_demo(4000, seed=42).survey)
    c = driver_models(ch)[0].coefficients.set_index("term")
    # PLANTED_EFFECTS (analysis/demo.py): Rp/month per Rp 1 jt, per hour, per channel
    planted = {
        "capital_m": PLANTED_EFFECTS.capital_per_million,
        "training_hours": PLANTED_EFFECTS.training_per_hour,
        "market_channels_change": PLANTED_EFFECTS.channel_effect,
    }
    for term, value in planted.items():
        assert c.loc[term, "ci_low"] < value < c.loc[term, "ci_high"], term


def test_a_missing_driver_is_left_out_and_the_interaction_skipped(
    changes: pd.DataFrame,
) -> None:
    models = driver_models(changes.drop(columns="training_hours"))
    assert [m.name for m in models] == ["capital_training_market", "with_controls", "log_log"]
    notes = [w.en for w in models[0].warnings]
    assert "training_hours is not in the data: left out of every model" in notes
    assert any("model interaction not estimated" in n for n in notes)


def test_capital_without_variance_leaves_the_capital_models_out(changes: pd.DataFrame) -> None:
    models = driver_models(changes.assign(capital=0.0))
    assert [m.name for m in models] == ["capital_training_market", "with_controls"]
    assert "capital_m" not in models[0].coefficients["term"].tolist()
    assert any("capital_m has no variance" in w.en for w in models[0].warnings)


def test_a_constant_control_is_left_out_with_a_note(changes: pd.DataFrame) -> None:
    models = driver_models(changes.assign(business_type="warung/kelontong"))
    assert not any(t.startswith("business_type") for t in models[1].coefficients["term"])
    assert any("business_type has no variance" in w.en for w in models[0].warnings)


@pytest.mark.parametrize(
    ("edit", "kwargs", "message"),
    [
        # all incomes equal: nothing to explain
        (lambda d: d.assign(income_change=0.0), {}, "outcome has no variance"),
        # one member
        (lambda d: d[d["in_program"] == 1].head(1), {}, "only 1 member"),
        # a single cluster
        (lambda d: d.assign(cooperative_id="Kopwan Gama"), {"se": "cluster"}, "2 clusters"),
        # no program member at all
        (lambda d: d.assign(in_program=0), {}, "no program member"),
        # no driver column at all
        (
            lambda d: d.drop(columns=["capital", "training_hours", "market_channels_change"]),
            {},
            "none of capital",
        ),
        # contradictory options
        (lambda d: d, {"se": "HC1", "cluster": "group_id"}, "contradict"),
        # not the output of member_changes
        (lambda d: d.drop(columns="income_change"), {}, "member_changes"),
    ],
)
def test_driver_models_edge_cases_raise_clear_errors(
    changes: pd.DataFrame, edit, kwargs: dict[str, str], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        driver_models(edit(changes), **kwargs)


def test_no_model_presents_a_nan_as_a_result(changes: pd.DataFrame) -> None:
    for m in driver_models(changes, cluster="cooperative_id"):
        c = m.coefficients
        assert np.isfinite(c[["estimate", "se", "t", "p", "ci_low", "ci_high"]].to_numpy()).all()
        assert np.isfinite([m.r2, m.adj_r2, m.rmse, *m.vif["vif"]]).all()


# ----------------------------------------------------------------------------- table


def test_regression_table_sets_models_side_by_side(changes: pd.DataFrame) -> None:
    models = driver_models(changes)
    t = regression_table(models)
    assert t.columns.tolist() == ["term", "statistic", *(m.name for m in models)]
    est = t[(t["term"] == "capital_m") & (t["statistic"] == "estimate")].iloc[0]
    se = t[(t["term"] == "capital_m") & (t["statistic"] == "se")].iloc[0]
    c = models[0].coefficients.set_index("term").loc["capital_m"]
    stars = "***" if c["p"] < 0.01 else "**" if c["p"] < 0.05 else "*" if c["p"] < 0.1 else ""
    assert est["capital_training_market"] == f"{c['estimate']:,.0f}{stars}"
    assert se["capital_training_market"].startswith("(") and se["log_log"] == ""
    terms = t.loc[t["statistic"] != "", "term"].tolist()
    assert terms[-2:] == ["Intercept", "Intercept"]  # the constant last, as in papers
    bottom = t.loc[t["statistic"] == "", "term"].tolist()
    assert bottom == [
        "N",
        "R-squared",
        "Adj. R-squared",
        "F",
        "SE type",
        "Clusters",
        "Fixed effects",
        "Reference levels",
    ]
    assert t.loc[t["term"] == "N", "log_log"].item() == f"{models[2].nobs:,}"
    assert t.loc[t["term"] == "SE type", "interaction"].item() == "HC3"
    assert "*** p < 0.01" in t.attrs["note"] and "HC3" in t.attrs["note"]


@pytest.mark.parametrize(
    ("value", "digits", "text"),
    [
        (44318.2, 4, "44,318"),  # rupiah: no decimals
        (604.31, 4, "604.3"),  # four significant digits
        (0.0014893, 4, "0.001489"),
        (-0.57712, 3, "-0.577"),
        (0.0, 4, "0"),
    ],
)
def test_regression_table_numbers_keep_significant_digits(
    value: float, digits: int, text: str
) -> None:
    from analysis.methods.drivers import _fmt

    assert _fmt(value, digits) == text


def test_regression_table_makes_names_unique_and_uses_labels(changes: pd.DataFrame) -> None:
    m = driver_models(changes)[0]
    t = regression_table([m, m], stars=False, labels={"capital_m": "Capital (Rp jt)"})
    assert t.columns.tolist()[2:] == ["capital_training_market", "capital_training_market (2)"]
    assert "Capital (Rp jt)" in t["term"].tolist()
    assert not t["capital_training_market"].str.contains(r"\*").any()


def test_regression_table_shows_fixed_effects_and_clusters(changes: pd.DataFrame) -> None:
    m = custom_model(
        changes,
        "income_change ~ training_hours",
        fixed_effects=["kelurahan"],
        cluster="cooperative_id",
    )
    t = regression_table([m]).set_index("term")
    assert t.loc["Fixed effects", "custom"] == "kelurahan"
    assert t.loc["Clusters", "custom"] == f"{m.n_clusters:,}"
    assert t.loc["SE type", "custom"] == "clustered by cooperative_id (CR1)"


# ----------------------------------------------------------------------------- dose-response


def test_dose_response_means_and_intervals_by_capital_band() -> None:
    df = pd.DataFrame(
        {
            "income_change": [1e5, 2e5, 6e5, 3e5, 5e5, 4e5, 9e5, -1e5],
            "capital": [0.0, 0.0, 0.0, 1e6, 2e6, 2.5e6, 2.6e6, 12e6],
            "in_program": [1, 1, 1, 1, 1, 1, 1, 1],
        }
    )
    out = dose_response(df)
    assert out["band"].tolist() == [
        "0",
        "(0, 1 jt]",
        "(1 jt, 2.5 jt]",
        "(2.5 jt, 5 jt]",
        "(5 jt, 10 jt]",
        "> 10 jt",
    ]
    assert out["n"].tolist() == [3, 1, 2, 1, 0, 1]  # 1 jt and 2.5 jt close their bands
    zero = out.iloc[0]
    y = np.array([1e5, 2e5, 6e5])
    # scipy: t interval of the mean with n - 1 df and the standard error of the mean
    lo, hi = stats.t.interval(0.95, 2, loc=y.mean(), scale=stats.sem(y))
    np.testing.assert_allclose([zero["mean"], zero["ci_low"], zero["ci_high"]], [y.mean(), lo, hi])
    assert out["note"].tolist()[1] == "one member: no interval"
    assert out["note"].tolist()[4] == "no members" and np.isnan(out["mean"].iloc[4])
    assert out["upper"].iloc[-1] == np.inf


def test_dose_response_takes_members_only_and_counts_missing_rows() -> None:
    df = pd.DataFrame(
        {
            "income_change": [1e5, np.nan, 3e5, 7e5],
            "capital": [0.0, 5e5, np.nan, 5e5],
            "in_program": [1, 1, 1, 0],
        }
    )
    out = dose_response(df, bands=[1e6])
    assert out["n"].tolist() == [1, 0, 0]
    assert out.attrs["n_dropped"] == 2
    assert dose_response(df, bands=[1e6], sample="all")["n"].tolist() == [1, 1, 0]


@pytest.mark.parametrize(
    ("bands", "capital", "message"),
    [
        ([2e6, 1e6], [0.0], "increasing positive"),  # decreasing edges
        ([0.0, 1e6], [0.0], "increasing positive"),  # zero is its own band already
        (None, [-5e5], "negative capital"),
    ],
)
def test_dose_response_rejects_bad_bands_and_negative_capital(
    bands: list[float] | None, capital: list[float], message: str
) -> None:
    df = pd.DataFrame({"income_change": [1.0] * len(capital), "capital": capital})
    with pytest.raises(ValueError, match=message):
        dose_response(df, bands=bands)


# ----------------------------------------------------------------------------- loans


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (2021, 2023, ("2021-12-31", "2023-12-31")),  # years: end of year
        ("2019", "2021", ("2019-12-31", "2021-12-31")),  # years typed as text
        (np.int64(2021), 2022.0, ("2021-12-31", "2022-12-31")),  # numpy and float years
        (pd.Timestamp("2021-06-30"), "2023-06-30", ("2021-06-30", "2023-06-30")),  # dates
    ],
)
def test_period_from_waves_reads_years_and_dates(
    before: object, after: object, expected: tuple[str, str]
) -> None:
    assert period_from_waves(before, after) == tuple(pd.Timestamp(e) for e in expected)


@pytest.mark.parametrize(
    ("before", "after", "message"),
    [
        ("baseline", "endline", "label without a date"),
        (2023, 2021, "must end after it starts"),
    ],
)
def test_period_from_waves_rejects_labels_and_reversed_waves(
    before: object, after: object, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        period_from_waves(before, after)


def test_capital_from_loans_sums_principal_disbursed_in_the_period() -> None:
    changes = pd.DataFrame({"member_id": ["a", "b", "c"], "capital": [1e6, 2e6, np.nan]})
    loans = pd.DataFrame(
        {
            "member_id": ["a", "a", "a", "b", "b", "x"],
            "disbursed_on": pd.to_datetime(
                [
                    "2021-12-31",  # the period's start day: excluded
                    "2022-01-01 09:30",  # included
                    "2023-12-31 15:00",  # the end day, with a time: included
                    "2024-01-01",  # after the end: excluded
                    None,  # no date: ignored and counted
                    "2022-05-01",  # not in changes: ignored
                ],
                format="ISO8601",
            ),
            "principal": [9e6, 5e5, 1.5e6, 7e6, 1e6, 3e6],
        }
    )
    out = capital_from_loans(changes, loans, period=period_from_waves(2021, 2023))
    assert out["capital"].tolist() == [2e6, 0.0, 0.0]  # a: 0.5 + 1.5 jt; b and c: no loan
    assert out["capital_survey"].tolist()[:2] == [1e6, 2e6]
    assert out.attrs["n_capital_changed"] == 3  # a differs, b differs, c was missing
    assert out.attrs["n_loans_used"] == 3  # two of a's and x's (x unmatched but in period)
    assert out.attrs["n_loans_incomplete"] == 1
    assert out.attrs["n_members_with_loans"] == 1


def test_capital_from_loans_matches_the_demo_survey(demo, changes: pd.DataFrame) -> None:
    # the demo's survey capital is, by construction, the ledger's principal in the period
    out = capital_from_loans(changes, demo.loans, period=period_from_waves(2021, 2023))
    assert out.attrs["n_capital_changed"] == 0
    np.testing.assert_allclose(out["capital"], changes["capital"])


def test_driver_models_say_when_capital_comes_from_the_ledger(demo, changes: pd.DataFrame) -> None:
    loans = demo.loans.assign(principal=demo.loans["principal"] * 2)
    ch = capital_from_loans(changes, loans, period=period_from_waves(2021, 2023))
    m = driver_models(ch)[0]
    assert any("from 2021-12-31 (exclusive) to 2023-12-31" in w.en for w in m.warnings)
    base = driver_models(changes)[0].coefficients.set_index("term")
    # doubling every principal halves the capital slope and leaves the rest
    c = m.coefficients.set_index("term")
    np.testing.assert_allclose(
        c.loc["capital_m", "estimate"], base.loc["capital_m", "estimate"] / 2
    )


def test_capital_from_loans_needs_the_ledger_columns() -> None:
    with pytest.raises(ValueError, match="no 'principal' column"):
        capital_from_loans(
            pd.DataFrame({"member_id": ["a"]}),
            pd.DataFrame({"member_id": ["a"], "disbursed_on": [pd.Timestamp("2022-01-01")]}),
            period=period_from_waves(2021, 2023),
        )
