"""A small, fast least-squares core: coefficients, standard errors, Wald tests, wild bootstrap.

Private numpy/scipy code shared by the program-versus-comparison estimates (difference in
differences, event study, balance table) and the driver regressions. It takes arrays, not
formulas or frames, and never imports statsmodels, so a regression on a million members costs
a QR decomposition and a few matrix products.

How to use it (for other modules)
---------------------------------
- :func:`fit_ols` fits ``y`` on the columns of ``X`` (include a column of ones yourself when you
  want an intercept) and returns an :class:`OlsFit` with the covariance of the chosen type:
  ``"classical"`` (s^2 (X'X)^-1), ``"HC1"``, ``"HC3"`` or ``"CR1"`` (cluster-robust; pass
  ``clusters``). Small-sample factors follow Stata: classical and HC3 use ``N - K`` only through
  ``s^2`` / not at all, HC1 multiplies by ``N / (N - K)``, CR1 by ``G/(G-1) * (N-1)/(N-K)``;
  t and F reference distributions use ``N - K`` degrees of freedom, or ``G - 1`` when clustered.
  ``df_n`` and ``df_k`` override ``N`` and ``K`` in those factors when the rows and columns of
  ``X`` are not the model's (absorbed fixed effects, first differences standing in for a
  two-way fixed-effects regression).
- :func:`wald_test` gives the F test that some coefficients are all zero, with the fit's
  covariance.
- :func:`wild_cluster_bootstrap` gives a wild cluster bootstrap p-value (null imposed, WCR) for
  one coefficient, Rademacher or Webb weights, seeded and vectorised.
- :func:`within` subtracts group means (the within transformation for absorbed fixed effects).
- :func:`collinear_columns` names columns that are linear combinations of earlier ones.

All functions raise ``ValueError`` with a plain message on input they cannot handle; none
returns NaN silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import linalg, stats

SeType = Literal["classical", "HC1", "HC3", "CR1"]
WildWeights = Literal["rademacher", "webb", "auto"]

#: Below this many clusters "auto" uses Webb's six-point weights: Rademacher weights give only
#: 2^G distinct bootstrap samples (Webb 2023, "Reworking wild bootstrap-based inference for
#: clustered errors", Canadian Journal of Economics).
WEBB_BELOW = 12

_WEBB_POINTS = np.array(
    [-np.sqrt(1.5), -1.0, -np.sqrt(0.5), np.sqrt(0.5), 1.0, np.sqrt(1.5)], dtype="float64"
)


@dataclass(frozen=True)
class OlsFit:
    """A least-squares fit and its covariance.

    Attributes
    ----------
    params : coefficients, one per column of ``X``.
    vcov : covariance matrix of ``params`` of type ``se_type``.
    resid : residuals ``y - X @ params``.
    nobs : rows used.
    df_k : ``K`` used in the small-sample factor (columns of ``X`` unless overridden).
    df_resid : degrees of freedom of the t and F reference distributions (``G - 1`` when
        clustered, else ``N - K``).
    se_type : ``"classical"``, ``"HC1"``, ``"HC3"`` or ``"CR1"``.
    n_clusters : number of clusters (``None`` unless ``se_type == "CR1"``).
    ssr : sum of squared residuals.
    tss : total sum of squares of ``y`` around its mean.
    """

    params: np.ndarray
    vcov: np.ndarray
    resid: np.ndarray
    nobs: int
    df_k: int
    df_resid: int
    se_type: SeType
    n_clusters: int | None
    ssr: float
    tss: float

    @property
    def bse(self) -> np.ndarray:
        """Standard errors (a variance of -1e-20 from rounding counts as 0)."""
        return np.sqrt(np.clip(np.diag(self.vcov), 0.0, None))

    @property
    def tvalues(self) -> np.ndarray:
        """t statistics against zero (inf or NaN where a standard error is 0)."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return self.params / self.bse

    @property
    def pvalues(self) -> np.ndarray:
        """Two-sided p-values from Student's t with ``df_resid`` degrees of freedom."""
        return 2.0 * stats.t.sf(np.abs(self.tvalues), self.df_resid)

    @property
    def rsquared(self) -> float:
        """``1 - SSR/TSS`` (centred; meaningful when ``X`` holds an intercept or was demeaned)."""
        return 1.0 - self.ssr / self.tss if self.tss > 0 else float("nan")

    def conf_int(self, confidence: float = 0.95) -> np.ndarray:
        """``(k, 2)`` array of t-based confidence limits."""
        q = stats.t.ppf(0.5 + confidence / 2.0, self.df_resid)
        se = self.bse
        return np.column_stack([self.params - q * se, self.params + q * se])


def cluster_codes(clusters: np.ndarray) -> tuple[np.ndarray, int]:
    """Integer codes 0..G-1 for any array of cluster labels, and G.

    Non-negative integer labels (already coded) take an O(n) path; other labels are
    factorized. Raises ``ValueError`` when a label is missing: drop those rows first.
    """
    arr = np.asarray(clusters)
    if arr.dtype.kind in "iu":
        if len(arr) and arr.min() >= 0 and arr.max() < 4 * len(arr) + 1024:
            present = np.bincount(arr) > 0
            if present.all():  # already 0..G-1
                return arr.astype(np.intp, copy=False), len(present)
            remap = np.cumsum(present) - 1
            return remap[arr].astype(np.intp), int(present.sum())
        uniq, codes = np.unique(arr, return_inverse=True)
        return codes.astype(np.intp), len(uniq)
    import pandas as pd  # pandas factorize is the fast path for strings and objects

    codes, uniq = pd.factorize(pd.Series(arr, copy=False), sort=False)
    if (codes < 0).any():
        raise ValueError("cluster labels contain missing values; drop those rows first")
    return codes.astype(np.intp), len(uniq)


#: Below this sine of the angle between a column and the span of the earlier ones, the column
#: counts as collinear (QR path) ...
_COLLINEAR_TOL = 1e-9
#: ... and below this one the fast normal-equations path hands over to QR, whose accuracy
#: does not depend on the square of the condition number.
_GRAM_MIN_SINE = 1e-4


def _sines(gram: np.ndarray) -> np.ndarray | None:
    """Diagonal of the Cholesky factor of a unit-diagonal Gram matrix, or None if not PD.

    Entry j is the sine of the angle between column j and the span of columns 0..j-1.
    """
    try:
        return np.diag(np.linalg.cholesky(gram))
    except np.linalg.LinAlgError:
        return None


def _scaled_gram(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Column norms of X and X'X scaled to a unit diagonal (zero columns left at zero)."""
    gram = X.T @ X
    norms = np.sqrt(np.clip(np.diag(gram), 0.0, None))
    safe = np.where(norms > 0, norms, 1.0)
    return norms, gram / np.outer(safe, safe)


def collinear_columns(X: np.ndarray, *, tol: float = _COLLINEAR_TOL) -> list[int]:
    """Indices of columns of ``X`` that are (numerically) linear combinations of earlier ones.

    A column counts as collinear when the part of it not explained by the earlier columns
    (the diagonal of R in X = QR) is below ``tol`` times its own norm. Constant columns after
    an intercept and dummy sets that sum to the intercept are caught this way. Well-conditioned
    designs are settled from the k x k Gram matrix; others by a QR decomposition.
    """
    X = np.asarray(X, dtype="float64")
    if X.shape[1] == 0:
        return []
    norms, scaled = _scaled_gram(X)
    sines = _sines(scaled) if (norms > 0).all() else None
    if sines is not None and sines.min() >= _GRAM_MIN_SINE:
        return []
    r = np.linalg.qr(X, mode="r")
    diag = np.abs(np.diag(r))
    return [j for j in range(X.shape[1]) if norms[j] == 0 or diag[j] <= tol * norms[j]]


def _cluster_sums(values: np.ndarray, codes: np.ndarray, n_groups: int) -> np.ndarray:
    """Column sums of ``values`` (n, k) within each group: (n_groups, k)."""
    return np.column_stack(
        [
            np.bincount(codes, weights=values[:, j], minlength=n_groups)
            for j in range(values.shape[1])
        ]
    )


def _solve(
    X: np.ndarray, y: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, bool]:
    """Coefficients, (X'X)^-1, a basis Z and a map M with X = Z M^-1, and whether Z is Q.

    Sandwich covariances are ``M (Z' Omega Z) M'``: with QR (Z = Q, M = R^-1) the middle
    matrix is formed in orthonormal coordinates, which keeps its digits on ill-conditioned
    designs; otherwise Z = X and M = (X'X)^-1.

    Well-conditioned designs (every column at a sine of at least 1e-4 from the span of the
    earlier ones, after scaling columns to unit length) use the Cholesky factor of the scaled
    Gram matrix with one step of iterative refinement (the corrected semi-normal equations,
    Bjorck 1996, "Numerical methods for least squares problems", 2.5.4): a k x k problem
    after two passes over the data. Others use a QR decomposition.
    """
    k = X.shape[1]
    norms, scaled = _scaled_gram(X)
    sines = _sines(scaled) if (norms > 0).all() else None
    if sines is not None and sines.min() >= _GRAM_MIN_SINE:
        c = linalg.cho_factor(scaled, lower=True)
        params = linalg.cho_solve(c, (X.T @ y) / norms) / norms
        resid = y - X @ params
        params = params + linalg.cho_solve(c, (X.T @ resid) / norms) / norms
        bread = linalg.cho_solve(c, np.eye(k)) / np.outer(norms, norms)
        return params, bread, X, bread, False
    q, r = np.linalg.qr(X)
    diag = np.abs(np.diag(r))
    bad = [j for j in range(k) if norms[j] == 0 or diag[j] <= _COLLINEAR_TOL * norms[j]]
    if bad:
        raise ValueError(f"regressor column(s) {bad} are collinear with earlier columns")
    params = linalg.solve_triangular(r, q.T @ y)
    r_inv = linalg.solve_triangular(r, np.eye(k))
    return params, r_inv @ r_inv.T, q, r_inv, True


def fit_ols(
    y: np.ndarray,
    X: np.ndarray,
    *,
    se_type: SeType = "classical",
    clusters: np.ndarray | None = None,
    df_n: int | None = None,
    df_k: int | None = None,
) -> OlsFit:
    """Least squares of ``y`` on the columns of ``X`` with a covariance of ``se_type``.

    Parameters
    ----------
    y : (n,) outcome, no missing values.
    X : (n, k) regressors, no missing values, full column rank (see :func:`collinear_columns`).
    se_type : ``"classical"``, ``"HC1"``, ``"HC3"`` or ``"CR1"`` (needs ``clusters``).
    clusters : (n,) cluster labels for ``"CR1"`` (non-negative integer codes are fastest).
    df_n, df_k : ``N`` and ``K`` of the small-sample factors when they are not ``n`` and ``k``.

    Returns
    -------
    OlsFit

    Notes
    -----
    Coefficients come from the Cholesky factor of the column-scaled Gram matrix with one step
    of iterative refinement when the design is well conditioned, else from a QR decomposition
    (stable when columns differ in scale by many orders of magnitude, as rupiah incomes and
    0/1 indicators do). CR1 is
    ``G/(G-1) * (N-1)/(N-K) * (X'X)^-1 (sum_g X_g'u_g u_g'X_g) (X'X)^-1`` as in Stata's
    ``regress, vce(cluster)`` and statsmodels' ``cov_type="cluster"``. HC3 divides each residual
    by ``1 - h_ii`` and raises when a leverage is 1.

    Examples
    --------
    >>> X = np.column_stack([np.ones(4), [0.0, 1.0, 2.0, 3.0]])
    >>> fit_ols(np.array([1.0, 3.0, 5.0, 7.5]), X).params.round(2).tolist()
    [0.9, 2.15]
    """
    y = np.asarray(y, dtype="float64")
    X = np.asarray(X, dtype="float64")
    if X.ndim != 2 or y.ndim != 1 or X.shape[0] != y.shape[0]:
        raise ValueError(f"shapes do not match: y {y.shape}, X {X.shape}")
    n, k = X.shape
    N = n if df_n is None else int(df_n)
    K = k if df_k is None else int(df_k)
    if N - K <= 0:
        raise ValueError(f"{n} observations cannot identify {K} parameters")
    if not (np.isfinite(y).all() and np.isfinite(X).all()):
        raise ValueError("missing or infinite values in the regression data; drop them first")
    if se_type not in ("classical", "HC1", "HC3", "CR1"):
        raise ValueError(f"unknown se_type {se_type!r}")
    if se_type == "CR1" and clusters is None:
        raise ValueError("se_type='CR1' needs cluster labels")

    params, bread, basis, m, is_q = _solve(X, y)
    resid = y - X @ params
    ssr = float(resid @ resid)
    tss = float(((y - y.mean()) ** 2).sum())

    n_clusters: int | None = None
    df_resid = N - K
    if se_type == "classical":
        vcov = bread * (ssr / (N - K))
    elif se_type in ("HC1", "HC3"):
        if se_type == "HC1":
            scores = basis * resid[:, None]
            factor = N / (N - K)
        else:
            # leverage h_ii = x_i'(X'X)^-1 x_i (rows of Q squared when QR was used)
            h = np.einsum("ij,ij->i", basis, basis) if is_q else ((X @ bread) * X).sum(axis=1)
            if (h > 1.0 - 1e-10).any():
                raise ValueError("HC3 is undefined: an observation has leverage 1")
            scores = basis * (resid / (1.0 - h))[:, None]
            factor = 1.0
        vcov = factor * (m @ (scores.T @ scores) @ m.T)
    else:
        assert clusters is not None
        codes, g = cluster_codes(clusters)
        if len(codes) != n:
            raise ValueError("cluster labels must have one entry per observation")
        if g < 2:
            raise ValueError("cluster-robust standard errors need at least two clusters")
        sums = _cluster_sums(basis * resid[:, None], codes, g)
        factor = g / (g - 1) * (N - 1) / (N - K)
        vcov = factor * (m @ (sums.T @ sums) @ m.T)
        n_clusters = g
        df_resid = g - 1
    return OlsFit(
        params=params,
        vcov=vcov,
        resid=resid,
        nobs=n,
        df_k=K,
        df_resid=df_resid,
        se_type=se_type,
        n_clusters=n_clusters,
        ssr=ssr,
        tss=tss,
    )


@dataclass(frozen=True)
class WaldTest:
    """F test that a set of coefficients are all zero."""

    f_stat: float
    df_num: int
    df_den: int
    p_value: float


def wald_test(fit: OlsFit, columns: list[int]) -> WaldTest:
    """F = b' V^-1 b / q for the coefficients ``columns``, referred to F(q, ``fit.df_resid``).

    With classical covariance this is the usual F test of the restriction; with CR1 it is
    Stata's ``test`` after ``regress, vce(cluster)`` (denominator df G - 1).

    Raises
    ------
    ValueError
        When the covariance of those coefficients is singular, e.g. more coefficients tested
        than clusters minus one (a cluster-robust covariance has rank at most G - 1).
    """
    idx = np.asarray(columns, dtype=np.intp)
    q = len(idx)
    if q == 0:
        raise ValueError("no coefficients to test")
    if fit.n_clusters is not None and q > fit.n_clusters - 1:
        raise ValueError(
            f"cannot test {q} coefficients jointly with {fit.n_clusters} clusters "
            f"(at most {fit.n_clusters - 1})"
        )
    b = fit.params[idx]
    v = fit.vcov[np.ix_(idx, idx)]
    try:
        c = linalg.cho_factor(v)
        f = float(b @ linalg.cho_solve(c, b)) / q
    except linalg.LinAlgError as exc:
        raise ValueError("the covariance of the tested coefficients is singular") from exc
    return WaldTest(f, q, fit.df_resid, float(stats.f.sf(f, q, fit.df_resid)))


@dataclass(frozen=True)
class WildBootstrap:
    """A wild cluster bootstrap test of one coefficient."""

    p_value: float
    t_stat: float
    n_boot: int
    weights: Literal["rademacher", "webb"]
    n_clusters: int
    seed: int


def wild_cluster_bootstrap(
    y: np.ndarray,
    X: np.ndarray,
    clusters: np.ndarray,
    column: int,
    *,
    n_boot: int = 9999,
    seed: int = 20240601,
    weights: WildWeights = "auto",
    null: float = 0.0,
    chunk: int = 2000,
) -> WildBootstrap:
    """Wild cluster bootstrap p-value for H0: coefficient ``column`` = ``null`` (WCR).

    Parameters
    ----------
    y, X : outcome and regressors as for :func:`fit_ols` (data already differenced or
        demeaned when fixed effects are absorbed; valid when they are nested in clusters).
    clusters : cluster labels, one per row.
    column : index of the tested coefficient.
    n_boot : bootstrap replications.
    seed : seed of ``numpy.random.default_rng``; the same seed gives the same p-value.
    weights : ``"rademacher"`` (+1/-1), ``"webb"`` (six points +-sqrt(1/2), +-1, +-sqrt(3/2)),
        or ``"auto"``: Webb below :data:`WEBB_BELOW` clusters, Rademacher otherwise.
    null : value of the coefficient under the null.
    chunk : at most this many replications at once; fewer when clusters are many, so that a
        batch holds about two million floats (16 MB) per array.

    Returns
    -------
    WildBootstrap
        ``p_value`` is the share of bootstrap |t*| at least as large as the sample |t|
        (symmetric test).

    Notes
    -----
    The restricted model (the coefficient fixed at ``null``) is fitted, its residuals are
    multiplied by one weight per cluster, and the full model is re-fitted on each bootstrap
    sample (Cameron, Gelbach and Miller 2008, "Bootstrap-based improvements for inference with
    clustered errors", REStat; the WCR variant of Roodman et al. 2019, "Fast and wild", Stata
    Journal). t statistics use the CR1 sandwich without its constant factor, which cancels
    between the sample and the bootstrap statistics. Everything is computed from cluster-level
    sums, so the cost grows with ``n_boot * G``, not with the number of rows.
    """
    y = np.asarray(y, dtype="float64")
    X = np.asarray(X, dtype="float64")
    codes, g = cluster_codes(clusters)
    if g < 2:
        raise ValueError("the wild cluster bootstrap needs at least two clusters")
    kind: Literal["rademacher", "webb"]
    if weights == "auto":
        kind = "webb" if g < WEBB_BELOW else "rademacher"
    elif weights in ("rademacher", "webb"):
        kind = weights
    else:
        raise ValueError(f"unknown weights {weights!r}")
    k = X.shape[1]
    bread = np.linalg.inv(X.T @ X)
    a = bread[column]  # row of (X'X)^-1 that maps scores to the tested coefficient

    # the sample statistic, unrestricted
    beta = bread @ (X.T @ y)
    u = y - X @ beta
    s_hat = _cluster_sums(X * u[:, None], codes, g) @ a
    t_stat = (beta[column] - null) / np.sqrt(s_hat @ s_hat)

    # the restricted fit: y - null * x_j on the other columns
    others = [j for j in range(k) if j != column]
    y0 = y - null * X[:, column]
    if others:
        X0 = X[:, others]
        gamma = np.linalg.lstsq(X0, y0, rcond=None)[0]
        fitted0 = X0 @ gamma + null * X[:, column]
    else:
        fitted0 = null * X[:, column]
    u0 = y - fitted0

    # per-cluster pieces: X_g'fitted0_g, X_g'u0_g, and X_g'X_g projected on a
    c_fit = _cluster_sums(X * fitted0[:, None], codes, g)  # (G, k)
    c_u = _cluster_sums(X * u0[:, None], codes, g)  # (G, k)
    m_a = np.column_stack(
        [np.bincount(codes, weights=X[:, j] * (X @ a), minlength=g) for j in range(k)]
    )  # row g: (X_g'X_g a)'; m_a @ beta* gives a' X_g'X_g beta*
    xty_fixed = c_fit.sum(axis=0)
    h_a = c_fit @ a  # (G,)
    s_a = c_u @ a  # (G,)

    chunk = max(1, min(chunk, 2_000_000 // g))
    rng = np.random.default_rng(seed)
    exceed = 0
    done = 0
    abs_t = abs(t_stat)
    while done < n_boot:
        b = min(chunk, n_boot - done)
        if kind == "rademacher":
            w = rng.integers(0, 2, size=(b, g)).astype("float64") * 2.0 - 1.0
        else:
            w = _WEBB_POINTS[rng.integers(0, 6, size=(b, g))]
        xty = xty_fixed[None, :] + w @ c_u  # (b, k): X'y* for each replication
        beta_b = xty @ bread  # bread is symmetric
        # a' X_g'(y*_g - X_g beta*) for each replication and cluster
        score = h_a[None, :] + w * s_a[None, :] - beta_b @ m_a.T
        with np.errstate(divide="ignore", invalid="ignore"):
            t_b = (beta_b[:, column] - null) / np.sqrt((score**2).sum(axis=1))
        exceed += int(np.count_nonzero(np.abs(t_b) >= abs_t - 1e-12 * max(abs_t, 1.0)))
        done += b
    return WildBootstrap(
        p_value=exceed / n_boot,
        t_stat=float(t_stat),
        n_boot=n_boot,
        weights=kind,
        n_clusters=g,
        seed=seed,
    )


def within(values: np.ndarray, codes: np.ndarray, n_groups: int) -> np.ndarray:
    """Subtract the mean of each group from ``values`` (n,) or (n, m): the within transform.

    ``codes`` are integers 0..n_groups-1, one per row. Regressing within-transformed data on
    within-transformed regressors gives the coefficients of a regression with one dummy per
    group (Frisch-Waugh-Lovell), for balanced and unbalanced panels alike.
    """
    v = np.asarray(values, dtype="float64")
    counts = np.bincount(codes, minlength=n_groups).astype("float64")
    counts[counts == 0] = 1.0
    if v.ndim == 1:
        return v - (np.bincount(codes, weights=v, minlength=n_groups) / counts)[codes]
    out = np.empty_like(v)
    for j in range(v.shape[1]):
        col = v[:, j]
        out[:, j] = col - (np.bincount(codes, weights=col, minlength=n_groups) / counts)[codes]
    return out
