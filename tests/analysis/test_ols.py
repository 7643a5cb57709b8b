"""The private least-squares core: every number checked against statsmodels or a loop."""

from __future__ import annotations

import doctest

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import linalg

from analysis.methods import least_squares as _ols
from analysis.methods.least_squares import (
    collinear_columns,
    demean,
    fit_ols,
    wald_test,
    wild_cluster_bootstrap,
)


@pytest.fixture
def data() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """200 rows: intercept, a normal regressor, a 0/1 regressor; 15 clusters."""
    rng = np.random.default_rng(1)
    n = 200
    X = np.column_stack([np.ones(n), rng.normal(size=n), rng.integers(0, 2, n)])
    g = rng.integers(0, 15, n)
    y = X @ np.array([1.0, 2.0, 0.5]) + rng.normal(size=n) + 0.5 * rng.normal(size=15)[g]
    return y, X, g


@pytest.mark.parametrize(
    ("se_type", "sm_kwargs"),
    [
        ("classical", {}),  # statsmodels default nonrobust covariance
        ("HC1", {"cov_type": "HC1"}),
        ("HC3", {"cov_type": "HC3"}),
        ("CR1", {"cov_type": "cluster", "use_t": True}),  # groups added below
    ],
)
def test_fit_ols_matches_statsmodels_for_each_covariance(
    data: tuple[np.ndarray, np.ndarray, np.ndarray], se_type: str, sm_kwargs: dict
) -> None:
    y, X, g = data
    kwargs = dict(sm_kwargs)
    if se_type == "CR1":
        kwargs["cov_kwds"] = {"groups": g}
    ref = sm.OLS(y, X).fit(**kwargs)  # statsmodels 0.15 on the same arrays
    fit = fit_ols(y, X, se_type=se_type, clusters=g if se_type == "CR1" else None)  # type: ignore[arg-type]
    np.testing.assert_allclose(fit.params, ref.params, rtol=1e-10)
    np.testing.assert_allclose(fit.bse, ref.bse, rtol=1e-10)
    if se_type in ("classical", "CR1"):  # both refer t to N-K or G-1 df, as we do
        np.testing.assert_allclose(fit.pvalues, ref.pvalues, rtol=1e-8)
    np.testing.assert_allclose(fit.rsquared, ref.rsquared, rtol=1e-10)


def test_cluster_count_and_degrees_of_freedom_are_reported(
    data: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> None:
    y, X, g = data
    fit = fit_ols(y, X, se_type="CR1", clusters=g)
    assert fit.n_clusters == 15  # clusters drawn from 0..14, all present at n=200
    assert fit.df_inference == 14  # G - 1, Stata's convention
    assert fit.df_resid == 197  # N - K = 200 - 3


def test_small_sample_override_rescales_the_cr1_covariance(
    data: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> None:
    y, X, g = data
    plain = fit_ols(y, X, se_type="CR1", clusters=g)
    moved = fit_ols(y, X, se_type="CR1", clusters=g, df_n=400, df_k=5)
    # hand: the factor (N-1)/(N-K) goes from 199/197 to 399/395
    ratio = (399 / 395) / (199 / 197)
    np.testing.assert_allclose(moved.vcov, plain.vcov * ratio, rtol=1e-12)


@pytest.mark.parametrize("clustered", [False, True])
def test_wald_test_matches_statsmodels_f_test(
    data: tuple[np.ndarray, np.ndarray, np.ndarray], clustered: bool
) -> None:
    y, X, g = data
    kwargs = {"cov_type": "cluster", "cov_kwds": {"groups": g}, "use_t": True} if clustered else {}
    ref = sm.OLS(y, X).fit(**kwargs).f_test(np.eye(3)[1:])  # H0: both slopes zero
    fit = fit_ols(y, X, se_type="CR1" if clustered else "classical", clusters=g)
    w = wald_test(fit, [1, 2])
    np.testing.assert_allclose(w.f_stat, float(np.squeeze(ref.fvalue)), rtol=1e-10)
    assert w.df_den == int(ref.df_denom)
    np.testing.assert_allclose(w.p_value, float(ref.pvalue), rtol=1e-8)


@pytest.mark.parametrize(
    ("n_clusters", "q", "refused"),
    [
        (3, 4, True),  # more coefficients than the covariance's rank (G - 1 = 2)
        (7, 6, True),  # q = G - 1: computable, but meaningless (the demo's F(6, 6) = 4,409)
        (7, 5, False),  # q = G - 2: the most a cluster-robust test allows
        (12, 2, False),  # many clusters, few coefficients
    ],
)
def test_wald_test_refuses_as_many_restrictions_as_clusters_minus_one(
    n_clusters: int, q: int, refused: bool
) -> None:
    rng = np.random.default_rng(2)
    n = 20 * n_clusters
    X = np.column_stack([np.ones(n), rng.normal(size=(n, q))])
    g = np.repeat(np.arange(n_clusters), 20)
    fit = fit_ols(rng.normal(size=n), X, se_type="CR1", clusters=g)
    columns = list(range(1, q + 1))
    if refused:
        with pytest.raises(ValueError, match=f"at most {n_clusters - 2}: fewer than clusters - 1"):
            wald_test(fit, columns)
    else:
        assert wald_test(fit, columns).df_den == n_clusters - 1


def test_wald_test_refuses_a_rank_deficient_covariance() -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=50)
    X = np.column_stack([np.ones(50), x, rng.normal(size=50)])
    fit = fit_ols(rng.normal(size=50), X)
    # the same coefficient twice: its 2x2 covariance block has rank 1
    with pytest.raises(ValueError, match="singular"):
        wald_test(fit, [1, 1])


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        # intercept + two dummies that sum to it: the second dummy is redundant
        (lambda d: np.column_stack([np.ones(6), d, 1 - d]), [2]),
        # a constant column after the intercept
        (lambda d: np.column_stack([np.ones(6), d, np.full(6, 3.0)]), [2]),
        # a column of zeros anywhere
        (lambda d: np.column_stack([np.zeros(6), d]), [0]),
        # nothing wrong
        (lambda d: np.column_stack([np.ones(6), d]), []),
    ],
)
def test_collinear_columns_names_the_redundant_ones(columns, expected: list[int]) -> None:
    d = np.array([0.0, 1, 0, 1, 1, 0])
    assert collinear_columns(columns(d)) == expected


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"se_type": "CR1", "clusters": np.zeros(5)}, "at least 2 clusters"),
        ({"se_type": "CR1"}, "needs cluster labels"),
        ({"se_type": "HC9"}, "unknown se_type"),
    ],
)
def test_fit_ols_rejects_impossible_requests(kwargs: dict, message: str) -> None:
    X = np.column_stack([np.ones(5), np.arange(5.0)])
    with pytest.raises(ValueError, match=message):
        fit_ols(np.array([1.0, 2.0, 2.5, 4.0, 5.5]), X, **kwargs)


def test_fit_ols_rejects_collinear_regressors_and_missing_values() -> None:
    X = np.column_stack([np.ones(4), np.arange(4.0), 2 * np.arange(4.0)])
    with pytest.raises(ValueError, match="collinear"):
        fit_ols(np.arange(4.0), X)
    X2 = np.column_stack([np.ones(4), [0.0, np.nan, 1.0, 2.0]])
    with pytest.raises(ValueError, match="missing"):
        fit_ols(np.arange(4.0), X2)


def test_hc3_refuses_a_point_with_leverage_one() -> None:
    # the dummy picks out a single row, which it then fits exactly (h = 1)
    X = np.column_stack([np.ones(4), [1.0, 0.0, 0.0, 0.0]])
    with pytest.raises(ValueError, match="leverage 1"):
        fit_ols(np.array([1.0, 2.0, 3.0, 4.0]), X, se_type="HC3")


def test_within_regression_equals_regression_with_group_dummies() -> None:
    # Frisch-Waugh-Lovell on an unbalanced grouping: coefficient and residuals equal
    rng = np.random.default_rng(3)
    codes = rng.integers(0, 20, 150)
    x = rng.normal(size=150) + codes * 0.1
    y = 2.0 * x + codes * 0.5 + rng.normal(size=150)
    dummies = (codes[:, None] == np.arange(20)[None, :]).astype(float)
    ref = sm.OLS(y, np.column_stack([x, dummies])).fit()
    fit = fit_ols(demean(y, [codes]), demean(x, [codes])[:, None])
    np.testing.assert_allclose(fit.params[0], ref.params[0], rtol=1e-10)
    np.testing.assert_allclose(fit.resid, ref.resid, atol=1e-10)


def _reference_wild(y, X, g, j, weights_matrix):
    """Textbook WCR bootstrap, one replication at a time (Cameron, Gelbach, Miller 2008)."""
    X0 = np.delete(X, j, axis=1)
    gamma = np.linalg.lstsq(X0, y, rcond=None)[0]
    fitted0 = X0 @ gamma
    u0 = y - fitted0
    codes = np.unique(g, return_inverse=True)[1]

    def t_stat(yy):
        beta = np.linalg.lstsq(X, yy, rcond=None)[0]
        u = yy - X @ beta
        bread = np.linalg.inv(X.T @ X)
        meat = np.zeros((X.shape[1], X.shape[1]))
        for c in np.unique(codes):
            s = X[codes == c].T @ u[codes == c]
            meat += np.outer(s, s)
        v = bread @ meat @ bread
        return beta[j] / np.sqrt(v[j, j])

    t0 = t_stat(y)
    t_boot = np.array([t_stat(fitted0 + w[codes] * u0) for w in weights_matrix])
    return float(np.mean(np.abs(t_boot) >= abs(t0))), t0


@pytest.mark.parametrize("weights", ["rademacher", "webb"])
def test_wild_bootstrap_equals_a_replication_by_replication_reference(weights: str) -> None:
    rng = np.random.default_rng(4)
    g = np.repeat(np.arange(8), 5)
    d = (g < 4).astype(float)
    y = 1.0 + 0.3 * d + rng.normal(size=40) + rng.normal(size=8)[g]
    X = np.column_stack([np.ones(40), d])
    res = wild_cluster_bootstrap(y, X, g, 1, n_boot=199, seed=7, weights=weights)  # type: ignore[arg-type]
    # the same draws as the implementation: one (n_boot, G) matrix from default_rng(seed)
    draw = np.random.default_rng(7).integers(0, 2 if weights == "rademacher" else 6, (199, 8))
    w = draw * 2.0 - 1.0 if weights == "rademacher" else _ols._WEBB_POINTS[draw]
    p_ref, t_ref = _reference_wild(y, X, g, 1, w)
    assert res.p_value == pytest.approx(p_ref)
    assert res.t_stat == pytest.approx(t_ref, rel=1e-10)


def test_wild_bootstrap_is_seeded_and_deterministic() -> None:
    rng = np.random.default_rng(5)
    g = np.repeat(np.arange(10), 6)
    X = np.column_stack([np.ones(60), (g % 2).astype(float)])
    y = rng.normal(size=60)
    a = wild_cluster_bootstrap(y, X, g, 1, n_boot=999, seed=11)
    b = wild_cluster_bootstrap(y, X, g, 1, n_boot=999, seed=11)
    assert a == b
    assert a.weights == "webb"  # 10 clusters < 12: Webb's six-point weights
    assert 0.0 <= a.p_value <= 1.0


def test_wild_bootstrap_rejects_a_huge_effect_and_not_a_null_one() -> None:
    rng = np.random.default_rng(6)
    g = np.repeat(np.arange(20), 10)
    d = (g < 10).astype(float)
    noise = rng.normal(size=200) + rng.normal(size=20)[g]
    X = np.column_stack([np.ones(200), d])
    big = wild_cluster_bootstrap(1.0 + 10.0 * d + noise, X, g, 1, n_boot=999, seed=1)
    null = wild_cluster_bootstrap(1.0 + noise, X, g, 1, n_boot=999, seed=1)
    assert big.weights == "rademacher"  # 20 clusters
    assert big.p_value < 0.01
    assert null.p_value > 0.05


def test_module_examples_run() -> None:
    result = doctest.testmod(_ols)
    assert result.failed == 0
    assert result.attempted > 0


def test_an_ill_conditioned_design_takes_the_qr_path_and_stays_accurate() -> None:
    # x2 differs from x1 by 1e-6 of noise: its sine to the span of (1, x1) is far below 1e-4
    rng = np.random.default_rng(8)
    x1 = rng.normal(size=300)
    X = np.column_stack([np.ones(300), x1, x1 + 1e-6 * rng.normal(size=300)])
    y = 1.0 + x1 + rng.normal(size=300)
    sines = _ols._sines(_ols._scale(X.T @ X)[1])
    assert sines is None or sines.min() < _ols._GRAM_MIN_SINE
    ref = sm.OLS(y, X).fit()  # statsmodels (pinv) on the same arrays
    fit = fit_ols(y, X)
    assert fit._basis is not None and fit._basis.q is not None  # solved by QR
    np.testing.assert_allclose(fit.params, ref.params, rtol=1e-7)
    np.testing.assert_allclose(fit.bse, ref.bse, rtol=1e-7)
    # HC3 by hand with scipy's QR, in orthonormal coordinates: R^-1 (Q'WQ) R^-T (statsmodels'
    # pinv-based sandwich loses about three digits at this conditioning)
    q, r = linalg.qr(X, mode="economic")
    h = (q**2).sum(axis=1)
    r_inv = linalg.inv(r)
    s = q * (ref.resid / (1 - h))[:, None]
    hc3 = r_inv @ (s.T @ s) @ r_inv.T
    np.testing.assert_allclose(fit_ols(y, X, se_type="HC3").bse, np.sqrt(np.diag(hc3)), rtol=1e-6)
