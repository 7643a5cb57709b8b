"""The formula layer and the least-squares core of the driver regressions, through ``custom_model``.

Every expected number comes from an independent statsmodels call written out in the test (on a
design matrix built by hand, not by our formula reader) or from the NIST StRD certified values.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from statsmodels.datasets import longley
from statsmodels.stats.diagnostic import het_breuschpagan
from statsmodels.stats.outliers_influence import variance_inflation_factor

from analysis import custom_model
from analysis.methods.formulas import parse_formula

# NIST StRD, Linear Least Squares, "Longley" (higher difficulty), certified values:
# https://www.itl.nist.gov/div898/strd/lls/data/Longley.shtml (Longley 1967, JASA 62, 819-841).
# Order: constant, GNPDEFL (x1), GNP (x2), UNEMP (x3), ARMED (x4), POP (x5), YEAR (x6).
LONGLEY_TERMS = ["Intercept", "GNPDEFL", "GNP", "UNEMP", "ARMED", "POP", "YEAR"]
LONGLEY_COEF = [
    -3482258.63459582,
    15.0618722713733,
    -0.358191792925910e-01,
    -2.02022980381683,
    -1.03322686717359,
    -0.511041056535807e-01,
    1829.15146461355,
]
LONGLEY_SD = [
    890420.383607373,
    84.9149257747669,
    0.334910077722432e-01,
    0.488399681651699,
    0.214274163161675,
    0.226073200069370,
    455.478499142212,
]
LONGLEY_RESID_SD = 304.854073561965
LONGLEY_R2 = 0.995479004577296
LONGLEY_F = 330.285339234588


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    """400 rows: heteroskedastic y on x and z, a 3-level business type, 25 cooperatives."""
    rng = np.random.default_rng(42)
    n = 400
    df = pd.DataFrame(
        {
            "x": rng.normal(size=n),
            "z": rng.uniform(0.5, 5.0, n),
            "bt": rng.choice(["warung", "kue", "salon"], n, p=[0.5, 0.3, 0.2]),
            "coop": [f"K{i:02d}" for i in rng.integers(0, 25, n)],
            "grp": rng.integers(0, 40, n),
        }
    )
    df["y"] = 1.0 + 2.0 * df["x"] + 0.5 * df["z"] + rng.normal(size=n) * (1.0 + df["z"])
    return df


def _exog(df: pd.DataFrame) -> pd.DataFrame:
    """x, z and business-type dummies (reference: warung, the most common), with a constant."""
    d = pd.get_dummies(df["bt"], dtype="float64").drop(columns="warung")
    return sm.add_constant(pd.concat([df[["x", "z"]], d], axis=1))


# ----------------------------------------------------------------------------- NIST Longley


def test_longley_reproduces_the_nist_certified_values() -> None:
    d = longley.load_pandas().data
    m = custom_model(d, "TOTEMP ~ GNPDEFL + GNP + UNEMP + ARMED + POP + YEAR", se="nonrobust")
    c = m.coefficients.set_index("term").loc[LONGLEY_TERMS]
    # the brief asks for 7 significant digits; the centred normal equations give 12+
    np.testing.assert_allclose(c["estimate"], LONGLEY_COEF, rtol=1e-9)
    np.testing.assert_allclose(c["se"], LONGLEY_SD, rtol=1e-9)
    np.testing.assert_allclose(m.rmse, LONGLEY_RESID_SD, rtol=1e-9)
    np.testing.assert_allclose(m.r2, LONGLEY_R2, rtol=1e-12)
    np.testing.assert_allclose(m.fvalue, LONGLEY_F, rtol=1e-9)
    assert (m.nobs, m.df_resid) == (16, 9)  # NIST: 16 observations, 9 residual df


# ----------------------------------------------------------------------------- formulas


@pytest.mark.parametrize(
    ("formula", "terms"),
    [
        ("y ~ x", ["Intercept", "x"]),  # an intercept by default
        ("y ~ x + z - 1", ["x", "z"]),  # '- 1' drops it
        ("y ~ 0 + x", ["x"]),  # so does '0 +'
        ("y ~ x*z", ["Intercept", "x", "z", "x:z"]),  # '*' is main effects and product
        ("y ~ x:z", ["Intercept", "x:z"]),  # ':' the product alone
        ("y ~ x + x", ["Intercept", "x"]),  # a repeated term counts once
        ("y ~ C(bt)", ["Intercept", "bt[kue]", "bt[salon]"]),  # ref: most common (warung)
        ("y ~ bt", ["Intercept", "bt[kue]", "bt[salon]"]),  # text columns are categorical
        ("y ~ C(bt, Treatment('kue'))", ["Intercept", "bt[salon]", "bt[warung]"]),  # patsy
        ("y ~ C(bt, Treatment(reference='kue'))", ["Intercept", "bt[salon]", "bt[warung]"]),
        ("y ~ C(bt, ref='salon')", ["Intercept", "bt[kue]", "bt[warung]"]),
        ("y ~ C(bt):x", ["Intercept", "bt[kue]:x", "bt[salon]:x"]),  # slope by category
        ("y ~ log(z) + np.sqrt(z)", ["Intercept", "log(z)", "np.sqrt(z)"]),
        ("y ~ I(z**2) + I(x / 1e6)", ["Intercept", "I(z**2)", "I(x / 1e6)"]),
        ("y ~ `odd name`", ["Intercept", "odd name"]),  # backticks for non-identifiers
    ],
)
def test_formula_terms_are_named_like_a_paper(
    data: pd.DataFrame, formula: str, terms: list[str]
) -> None:
    df = data.assign(**{"odd name": data["x"]})
    assert custom_model(df, formula).coefficients["term"].tolist() == terms


@pytest.mark.parametrize(
    ("formula", "message"),
    [
        ("y x", "outcome ~ regressor"),  # no tilde
        ("y ~ x - z", "only '- 1'"),  # removing a term
        ("y ~ foo(x)", "unknown function"),
        ("y ~ xx", "unknown column 'xx'; did you mean 'x'"),  # with a suggestion
        ("y ~ x**2", "inside I()"),
        ("y ~ (x", "unbalanced parentheses"),
        ("y ~ x) + (z", "unbalanced parentheses"),  # a ')' before its '('
        ("bt ~ x", "holds text"),  # a text outcome
        ("C(bt) ~ x", "outcome must be numeric"),
        ("y ~ C(bt):C(coop)", "two categoricals"),
        ("y ~ log(bt)", "holds text"),
        ("y ~ C(bt, Treatment('tailor'))", "reference level 'tailor'"),
        ("y ~ x + __import__('os')", "unknown function"),  # nothing else is evaluated
        ("y ~ x +", "empty term"),
    ],
)
def test_formula_errors_say_what_is_wrong(data: pd.DataFrame, formula: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        custom_model(data, formula)


def test_parse_formula_keeps_the_reference_given_in_treatment() -> None:
    f = parse_formula("y ~ C(bt, Treatment('kue')) + x")
    assert [fac.ref for term in f.terms for fac in term] == ["kue", None]


def test_transformations_match_statsmodels_on_transformed_columns(data: pd.DataFrame) -> None:
    m = custom_model(data, "y ~ log(z) + I(x**2)", se="nonrobust")
    # statsmodels: OLS(y, [1, log z, x^2]).fit()
    X = sm.add_constant(np.column_stack([np.log(data["z"]), data["x"] ** 2]))
    r = sm.OLS(data["y"].to_numpy(), X).fit()
    np.testing.assert_allclose(m.coefficients["estimate"], r.params, rtol=1e-10)
    np.testing.assert_allclose(m.coefficients["se"], r.bse, rtol=1e-10)


# ----------------------------------------------------------------------------- statistics


@pytest.mark.parametrize(
    ("se", "cov_type", "cov_kwds"),
    [
        ("HC3", "HC3", None),  # the default
        ("HC1", "HC1", None),  # Stata's ", robust"
        ("nonrobust", "nonrobust", None),
        ("cluster", "cluster", "coop"),  # CR1 with G/(G-1) (N-1)/(N-K), t(G-1)
    ],
)
def test_every_statistic_matches_statsmodels(
    data: pd.DataFrame, se: str, cov_type: str, cov_kwds: str | None
) -> None:
    m = custom_model(data, "y ~ x + z + C(bt)", se=se, cluster="coop" if cov_kwds else None)
    # statsmodels: OLS(y, [1, x, z, kue, salon]).fit(cov_type=..., use_t=True); use_t makes
    # it refer t to N-K (or G-1 when clustered) degrees of freedom, as Stata does
    X = _exog(data)
    kw = {"groups": pd.factorize(data["coop"])[0]} if cov_kwds else {}
    r = sm.OLS(data["y"], X).fit(cov_type=cov_type, cov_kwds=kw or None, use_t=True)
    c = m.coefficients
    assert c["term"].tolist() == ["Intercept", "x", "z", "bt[kue]", "bt[salon]"]
    np.testing.assert_allclose(c["estimate"], r.params, rtol=1e-10)
    np.testing.assert_allclose(c["se"], r.bse, rtol=1e-9)
    np.testing.assert_allclose(c["t"], r.tvalues, rtol=1e-9)
    np.testing.assert_allclose(c["p"], r.pvalues, rtol=1e-7)
    ci = r.conf_int(0.05).to_numpy()
    np.testing.assert_allclose(c[["ci_low", "ci_high"]].to_numpy(), ci, rtol=1e-9)
    np.testing.assert_allclose([m.r2, m.adj_r2], [r.rsquared, r.rsquared_adj], rtol=1e-12)
    # robust and clustered: a Wald F of every slope with that covariance (r.fvalue does this)
    np.testing.assert_allclose(m.fvalue, r.fvalue, rtol=1e-9)
    np.testing.assert_allclose(m.f_pvalue, r.f_pvalue, rtol=1e-7)
    np.testing.assert_allclose(m.rmse, np.sqrt(r.mse_resid), rtol=1e-12)
    assert m.nobs == r.nobs and m.df_resid == r.df_resid
    assert m.n_clusters == (25 if cov_kwds else None)
    assert m.df_inference == (24 if cov_kwds else 395)


def test_vif_matches_statsmodels_variance_inflation_factor(data: pd.DataFrame) -> None:
    m = custom_model(data, "y ~ x + z + C(bt)")
    X = _exog(data).to_numpy()
    # statsmodels: variance_inflation_factor(exog with constant, j) for each slope j
    expected = [variance_inflation_factor(X, j) for j in range(1, X.shape[1])]
    np.testing.assert_allclose(m.vif["vif"], expected, rtol=1e-10)
    assert m.vif["term"].tolist() == ["x", "z", "bt[kue]", "bt[salon]"]


def test_breusch_pagan_matches_statsmodels_koenker_version(data: pd.DataFrame) -> None:
    m = custom_model(data, "y ~ x + z + C(bt)")
    r = sm.OLS(data["y"], _exog(data)).fit()
    # statsmodels: het_breuschpagan(resid, exog) (robust=True: Koenker's studentized LM)
    lm, lm_p, _, _ = het_breuschpagan(r.resid, _exog(data))
    h = m.heteroskedasticity
    np.testing.assert_allclose([h.statistic, h.p_value], [lm, lm_p], rtol=1e-9)
    assert h.df == 4 and h.p_value < 0.01  # the noise grows with z: heteroskedastic


def test_standardized_coefficients_equal_a_regression_on_z_scores(data: pd.DataFrame) -> None:
    m = custom_model(data, "y ~ x + z")
    # hand: OLS of zscore(y) on zscore(x), zscore(z) (ddof=1) gives the beta coefficients
    zs = data[["y", "x", "z"]].apply(lambda s: (s - s.mean()) / s.std(ddof=1))
    r = sm.OLS(zs["y"], sm.add_constant(zs[["x", "z"]])).fit()
    np.testing.assert_allclose(m.coefficients["std_estimate"].iloc[1:], r.params.iloc[1:])
    assert np.isnan(m.coefficients["std_estimate"].iloc[0])  # none for the intercept


def test_residual_summary_and_fitted_values_match_statsmodels(data: pd.DataFrame) -> None:
    m = custom_model(data, "y ~ x + z + C(bt)")
    r = sm.OLS(data["y"], _exog(data)).fit()
    e = r.resid.to_numpy()
    s = m.residuals
    # numpy on statsmodels' residuals: min, quartiles, max, sd (ddof=1)
    expected = [e.min(), *np.percentile(e, [25, 50, 75]), e.max(), e.std(ddof=1)]
    np.testing.assert_allclose([s.min, s.q1, s.median, s.q3, s.max, s.sd], expected, atol=1e-9)
    np.testing.assert_allclose(m.fitted, r.fittedvalues, rtol=1e-10)


# ----------------------------------------------------------------------------- fixed effects


@pytest.mark.parametrize(
    ("se", "fe"),
    [
        ("nonrobust", ["grp"]),  # 40 groups
        ("HC1", ["grp"]),
        ("HC3", ["grp"]),  # exact: leverage includes 1/group size
        ("HC3", ["bt"]),
        ("nonrobust", ["bt", "grp"]),  # two fixed effects, absorbed by alternating projections
    ],
)
def test_absorbed_fixed_effects_equal_a_regression_with_dummies(
    data: pd.DataFrame, se: str, fe: list[str]
) -> None:
    m = custom_model(data, "y ~ x + z", fixed_effects=fe, se=se)
    # statsmodels: OLS on x, z and dummies of each fixed effect (first level dropped)
    dummies = [pd.get_dummies(data[f].astype(str), drop_first=True, dtype="float64") for f in fe]
    X = sm.add_constant(pd.concat([data[["x", "z"]], *dummies], axis=1))
    r = sm.OLS(data["y"], X).fit(cov_type=se, use_t=True)
    np.testing.assert_allclose(m.coefficients["estimate"], r.params[["x", "z"]], rtol=1e-9)
    np.testing.assert_allclose(m.coefficients["se"], r.bse[["x", "z"]], rtol=1e-8)
    np.testing.assert_allclose(m.coefficients["p"], r.pvalues[["x", "z"]], rtol=1e-6)
    np.testing.assert_allclose([m.r2, m.adj_r2], [r.rsquared, r.rsquared_adj], rtol=1e-10)
    assert m.df_resid == r.df_resid
    assert m.coefficients["term"].tolist() == ["x", "z"]  # the intercept is absorbed


def test_fixed_effects_not_nested_in_clusters_count_like_dummies(data: pd.DataFrame) -> None:
    m = custom_model(data, "y ~ x + z", fixed_effects=["bt"], cluster="coop")
    X = sm.add_constant(
        pd.concat(
            [data[["x", "z"]], pd.get_dummies(data["bt"], drop_first=True, dtype=float)], axis=1
        )
    )
    # statsmodels: the dummy regression clustered by cooperative (K counts the dummies)
    groups = pd.factorize(data["coop"])[0]
    r = sm.OLS(data["y"], X).fit(cov_type="cluster", cov_kwds={"groups": groups}, use_t=True)
    np.testing.assert_allclose(m.coefficients["se"], r.bse[["x", "z"]], rtol=1e-9)


def test_fixed_effects_nested_in_clusters_leave_the_small_sample_factor(
    data: pd.DataFrame,
) -> None:
    m = custom_model(data, "y ~ x + z", fixed_effects=["coop"], cluster="coop")
    dummies = pd.get_dummies(data["coop"], drop_first=True, dtype="float64")
    X = sm.add_constant(pd.concat([data[["x", "z"]], dummies], axis=1))
    groups = pd.factorize(data["coop"])[0]
    r = sm.OLS(data["y"], X).fit(cov_type="cluster", cov_kwds={"groups": groups}, use_t=True)
    # statsmodels counts all 27 parameters in (N-1)/(N-K); fixest/reghdfe drop the 25 nested
    # levels, K = 2: se = statsmodels se * sqrt((N - 27) / (N - 2))
    n = len(data)
    expected = r.bse[["x", "z"]].to_numpy() * np.sqrt((n - 27) / (n - 2))
    np.testing.assert_allclose(m.coefficients["se"], expected, rtol=1e-9)


def test_singleton_groups_are_left_out_and_counted(data: pd.DataFrame) -> None:
    df = data.assign(fe=[f"g{i}" if i < 5 else f"h{i % 10}" for i in range(len(data))])
    m = custom_model(df, "y ~ x + z", fixed_effects=["fe"])
    assert (m.nobs, m.n_excluded) == (len(df) - 5, 5)  # g0..g4 are alone
    assert any("alone in their fixed-effect group" in w.en for w in m.warnings)


@pytest.mark.parametrize(
    ("column", "message"),
    [
        # a regressor constant within each business type (in rupiah, so rounding is visible)
        ("z_by_bt", "regressor 'z_by_bt' has no variance within the fixed-effect groups"),
        # an outcome constant within each business type
        ("y_by_bt", "outcome does not vary within the fixed-effect groups"),
    ],
)
def test_fixed_effects_reject_what_does_not_vary_within_groups(
    data: pd.DataFrame, column: str, message: str
) -> None:
    level = data["bt"].map({"warung": 1.1e6, "kue": 2.3e6, "salon": 0.7e6})
    df = data.assign(z_by_bt=level, y_by_bt=level)
    formula = "y ~ x + z_by_bt" if column == "z_by_bt" else "y_by_bt ~ x"
    with pytest.raises(ValueError, match=message):
        custom_model(df, formula, fixed_effects=["bt"])


def test_two_fixed_effects_with_hc3_fall_back_to_hc1_and_say_so(data: pd.DataFrame) -> None:
    m = custom_model(data, "y ~ x + z", fixed_effects=["bt", "grp"])
    assert m.se_code == "HC1" and m.se_type == "HC1"
    assert any("HC1 standard errors reported instead" in w.en for w in m.warnings)


# ----------------------------------------------------------------------------- missing data


def test_rows_missing_a_value_are_dropped_and_counted(data: pd.DataFrame) -> None:
    df = data.copy()
    df.loc[:9, "x"] = np.nan  # 10 missing regressors
    df.loc[10:12, "bt"] = None  # 3 missing categories
    df.loc[13, "z"] = -1.0  # log undefined
    m = custom_model(df, "y ~ x + log(z) + C(bt)")
    assert (m.nobs, m.n_dropped) == (len(df) - 14, 14)
    assert any("log(z): 1 rows with an undefined value" in w.en for w in m.warnings)
    assert any("14 rows dropped for missing values" in w.en for w in m.warnings)


def test_rows_without_a_cluster_are_dropped(data: pd.DataFrame) -> None:
    df = data.copy()
    df.loc[:4, "coop"] = None
    m = custom_model(df, "y ~ x", cluster="coop")
    assert (m.nobs, m.n_dropped) == (len(df) - 5, 5)


# ----------------------------------------------------------------------------- edge cases


def _tiny() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "y": [1.0, 2.5, 2.9, 4.2, 5.1, 5.8],
            "x": [0.0, 1.0, 2.0, 3.0, 4.0, 5.0],
            "flat": [3.0] * 6,
            "twice": [0.0, 2.0, 4.0, 6.0, 8.0, 10.0],
            "same": ["warung"] * 6,
            "coop": ["A"] * 6,
        }
    )


@pytest.mark.parametrize(
    ("data", "formula", "kwargs", "message"),
    [
        # a regressor with no variance, named, with its value
        (_tiny(), "y ~ x + flat", {}, "regressor 'flat' has no variance \\(every value is 3\\)"),
        # a categorical with one value
        (_tiny(), "y ~ x + same", {}, "regressor 'same' has no variance.*'warung'"),
        # all incomes equal
        (_tiny().assign(y=2.0e6), "y ~ x", {}, "no variance \\(every value is 2,000,000\\)"),
        # one member
        (_tiny().head(1), "y ~ x", {}, "1 observations cannot estimate 2 parameters"),
        # a single cluster
        (_tiny(), "y ~ x", {"cluster": "coop"}, "at least 2 clusters"),
        # perfect collinearity, named
        (_tiny(), "y ~ x + twice", {}, "'twice' is a linear combination of 'x'"),
        # an exact fit
        (_tiny().assign(y=lambda d: 3 * d["x"]), "y ~ x", {}, "explain the outcome exactly"),
        # nothing left after dropping missing values
        (_tiny().assign(x=np.nan), "y ~ x", {}, "no row has every value"),
        # a fixed effect with one row per level (member fixed effects on one row per member)
        (_tiny().assign(m=list("abcdef")), "y ~ x", {"fixed_effects": ["m"]}, "every row is alone"),
        # contradictory options
        (_tiny(), "y ~ x", {"se": "nonrobust", "cluster": "coop"}, "contradict"),
        (_tiny(), "y ~ x", {"se": "HC5"}, "se must be one of"),
    ],
)
def test_edge_cases_raise_a_clear_value_error(
    data: pd.DataFrame, formula: str, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        custom_model(data, formula, **kwargs)  # type: ignore[arg-type]


def test_an_observation_with_leverage_one_falls_back_to_hc1() -> None:
    df = _tiny().assign(bt=["a", "a", "a", "b", "b", "c"])  # 'c' has one row: leverage 1
    m = custom_model(df, "y ~ x + C(bt)")
    assert m.se_code == "HC1"
    assert any("leverage 1" in w.en for w in m.warnings)
    assert np.isfinite(m.coefficients[["estimate", "se", "t", "p"]].to_numpy()).all()


def test_few_clusters_give_a_warning(data: pd.DataFrame) -> None:
    m = custom_model(data, "y ~ x + z", cluster="coop")
    assert m.se_type == "clustered by coop (CR1)"
    assert any("only 25 clusters" in w.en for w in m.warnings)
    assert any("hanya 25 klaster" in w.id for w in m.warnings)


def test_more_slopes_than_clusters_minus_one_give_no_f_test(data: pd.DataFrame) -> None:
    df = data.assign(c3=np.arange(len(data)) % 3)  # 3 clusters, 4 slopes
    m = custom_model(df, "y ~ x + z + C(bt)", cluster="c3")
    assert m.fvalue is None and m.f_pvalue is None
    assert any("no overall F test" in w.en for w in m.warnings)


def test_to_dict_is_strict_json_with_the_report_keys(data: pd.DataFrame) -> None:
    m = custom_model(data, "y ~ x + C(bt)", cluster="coop")
    d = json.loads(json.dumps(m.to_dict(), allow_nan=False))
    for key in ("name", "formula", "nobs", "r2", "adj_r2", "se_type", "n_clusters"):
        assert key in d
    assert set(d["coefficients"]["x"]) >= {"estimate", "se", "t", "p", "ci_low", "ci_high"}
    assert d["coefficients"]["Intercept"]["std_estimate"] is None
    assert m.to_dict("id")["se_type"] == "galat baku diklaster menurut coop (CR1)"


def test_tidy_puts_the_model_name_first(data: pd.DataFrame) -> None:
    t = custom_model(data, "y ~ x", name="simple").tidy()
    assert t.columns.tolist()[:3] == ["model", "term", "estimate"]
    assert set(t["model"]) == {"simple"}


@pytest.mark.parametrize(
    ("n_coops", "has_f"),
    [
        (5, False),  # 4 slopes, 5 clusters: q = G - 1, the F test would be meaningless
        (6, True),  # 4 slopes, 6 clusters: q = G - 2, allowed
    ],
)
def test_clustered_f_test_needs_fewer_slopes_than_clusters_minus_one(
    data: pd.DataFrame, n_coops: int, has_f: bool
) -> None:
    df = data.assign(coop=np.arange(len(data)) % n_coops)
    m = custom_model(df, "y ~ x + z + C(bt)", cluster="coop")
    assert (m.fvalue is not None) == has_f
    if not has_f:
        assert any("fewer than clusters - 1" in w.en for w in m.warnings)


def test_fixed_effects_written_after_a_bar_equal_the_fixed_effects_argument(
    data: pd.DataFrame,
) -> None:
    # fixest's notation, so that the command line's --model reaches fixed effects
    bar = custom_model(data, "y ~ x + z | bt + grp", cluster="coop")
    arg = custom_model(data, "y ~ x + z", fixed_effects=["bt", "grp"], cluster="coop")
    pd.testing.assert_frame_equal(bar.coefficients, arg.coefficients)
    assert bar.fixed_effects == arg.fixed_effects
    assert bar.formula == "y ~ x + z | bt + grp"  # shown as written


@pytest.mark.parametrize(
    "formula",
    [
        "y ~ x | bt | grp",  # two bars
        "y ~ x | bt + ",  # an empty name
        "y ~ x | ",  # nothing after the bar
    ],
)
def test_a_malformed_fixed_effect_part_says_how_to_write_it(
    data: pd.DataFrame, formula: str
) -> None:
    with pytest.raises(ValueError, match="after '\\|' name the fixed-effect columns"):
        custom_model(data, formula)
