"""The one least-squares core of the analysis: coefficients, standard errors, tests, absorbed
fixed effects and the wild cluster bootstrap, in numpy and scipy.

The program-versus-comparison estimates (``analysis.methods.comparison``: difference in differences,
event study, balance table) and the driver regressions (``analysis.methods.drivers`` through the
formula layer in ``analysis.methods.formulas``) all fit through :func:`fit_ols`. It takes arrays,
not formulas or frames, and never imports statsmodels, so a regression on a million members
costs a few matrix products.

How to use it (for other modules)
---------------------------------
- :func:`fit_ols` fits ``y`` on the columns of ``X`` and returns an :class:`OlsFit` with the
  covariance of the chosen type: ``"classical"`` (s^2 (X'X)^-1), ``"HC1"``, ``"HC3"`` or
  ``"CR1"`` (cluster-robust; pass ``clusters``). A first column of ones is the intercept. Pass
  ``fe_codes`` to absorb fixed effects (the intercept is then absorbed too: no column of
  ones). Small-sample factors follow Stata: classical uses ``N - K`` through ``s^2``, HC3
  none, HC1 ``N / (N - K)``, CR1 ``G/(G-1) * (N-1)/(N-K)``; t and F reference distributions
  use ``N - K`` degrees of freedom, or ``G - 1`` when clustered. ``K`` counts the levels of
  absorbed fixed effects, except, in CR1, those nested in the clusters (as reghdfe and
  fixest). ``df_n`` and ``df_k`` override ``N`` and ``K`` when the rows and columns of ``X``
  are not the model's (data demeaned by the caller, first differences standing in for a
  two-way fixed-effects regression).
- :func:`wald_test` gives the F test that some coefficients are all zero, with the fit's
  covariance; :func:`vif` and :func:`breusch_pagan` the variance inflation factors and
  Koenker's heteroskedasticity test.
- :func:`wild_cluster_bootstrap` gives a wild cluster bootstrap p-value (null imposed, WCR) for
  one coefficient, Rademacher or Webb weights, seeded and vectorised.
- :func:`demean` subtracts group means (the within transformation for absorbed fixed
  effects; alternating projections for several); :func:`absorbed_dof` counts the parameters
  they absorb and :func:`nested` says whether one grouping lies within another.
- :func:`collinear_columns` names columns that are linear combinations of earlier ones;
  :func:`cluster_codes` turns any labels into codes 0..G-1.

Input that cannot be fitted raises ``ValueError``: a :class:`~analysis.messages.DataError`
with the message in English and Indonesian when the data are the problem (no variance,
collinearity, too few rows or clusters); no function returns NaN silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal, NamedTuple

import numpy as np
from scipy import linalg, special

from analysis.messages import DataError, Message

SeType = Literal["classical", "HC1", "HC3", "CR1"]
WildWeights = Literal["rademacher", "webb", "auto"]

#: Fewer clusters than this make cluster-robust inference unreliable (Cameron and Miller 2015,
#: "A practitioner's guide to cluster-robust inference", J. Human Resources): the callers warn.
FEW_CLUSTERS = 30

#: Below this many clusters "auto" uses Webb's six-point weights: Rademacher weights give only
#: 2^G distinct bootstrap samples (Webb 2023, "Reworking wild bootstrap-based inference for
#: clustered errors", Canadian Journal of Economics).
WEBB_BELOW = 12

_WEBB_POINTS = np.array(
    [-np.sqrt(1.5), -1.0, -np.sqrt(0.5), np.sqrt(0.5), 1.0, np.sqrt(1.5)], dtype="float64"
)

#: Below this sine of the angle between a column and the span of the earlier ones (after
#: centring, when there is an intercept), the column counts as collinear (QR path) ...
_COLLINEAR_TOL = 1e-9
#: ... and below this one the fast normal-equations path hands over to QR, whose accuracy
#: does not depend on the square of the condition number.
_GRAM_MIN_SINE = 1e-4
#: Leverage above ``1 - _LEVERAGE_ONE`` counts as 1 (an observation fitted exactly).
_LEVERAGE_ONE = 1e-10
#: Rows per block where a pass over the rows would otherwise need an n x k temporary: 16,384
#: rows of 16 regressors are 2 MB, which stays in cache between the products of a block.
_BLOCK = 1 << 14


@dataclass(frozen=True)
class _Basis:
    """What covariances and diagnostics need from the solve.

    ``Z`` holds the regressors as solved (centred when there is an intercept, demeaned when
    fixed effects are absorbed); the slopes' covariance is ``M (B' Omega B) M'`` with ``B = Q``
    and ``M = R^-1`` when QR was used (orthonormal coordinates keep the digits of an
    ill-conditioned design), else ``B = Z`` and ``M = (Z'Z)^-1``.
    """

    Z: np.ndarray
    bread: np.ndarray  # (Z'Z)^-1
    norms: np.ndarray  # column norms of Z
    q: np.ndarray | None
    r_inv: np.ndarray | None
    mean: np.ndarray | None = None  # means removed from the regressors (None: no intercept)

    @property
    def B(self) -> np.ndarray:
        return self.Z if self.q is None else self.q

    @property
    def M(self) -> np.ndarray:
        return self.bread if self.r_inv is None else self.r_inv

    def x_bread(self) -> np.ndarray:
        """(X'X)^-1 in the coordinates of ``X`` (intercept first when there is one)."""
        if self.mean is None:
            return self.bread
        return self.from_centred(_with_intercept(self.bread, self.Z.shape[0]))

    def from_centred(self, cov: np.ndarray) -> np.ndarray:
        """``cov`` (intercept first) from the centred coordinates back to those of ``X``,
        where intercept = its centred value - mean . slopes."""
        assert self.mean is not None
        T = np.eye(len(self.mean) + 1)
        T[0, 1:] = -self.mean
        return T @ cov @ T.T


@dataclass(frozen=True)
class OlsFit:
    """A least-squares fit and its covariance.

    Attributes
    ----------
    params : coefficients, one per column of ``X``.
    vcov : covariance matrix of ``params`` of type ``se_type``.
    resid : residuals (of the within-transformed model when fixed effects are absorbed).
    nobs : rows used.
    df_k : ``K`` of the small-sample factors (columns of ``X`` plus absorbed levels, unless
        overridden).
    df_resid : ``N - K``.
    df_inference : degrees of freedom of the t and F reference distributions: ``G - 1`` when
        clustered, else ``df_resid``.
    se_type : covariance actually computed (``"HC1"`` when HC3 fell back, see ``notes``).
    n_clusters : number of clusters (``None`` unless ``se_type == "CR1"``).
    ssr : sum of squared residuals.
    tss : total sum of squares of ``y`` around its mean.
    tss_within : sum of squares of the demeaned ``y`` (``None`` without fixed effects).
    intercept : whether column 0 of ``X`` was the intercept (a column of ones).
    notes : what a reader should know about the standard errors (HC3 falling back to HC1).
    """

    params: np.ndarray
    vcov: np.ndarray
    resid: np.ndarray
    nobs: int
    df_k: int
    df_resid: int
    df_inference: int
    se_type: SeType
    n_clusters: int | None
    ssr: float
    tss: float
    tss_within: float | None = None
    intercept: bool = False
    notes: tuple[Message, ...] = ()
    _basis: _Basis | None = field(default=None, repr=False, compare=False)

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
        """Two-sided p-values from Student's t with ``df_inference`` degrees of freedom."""
        return t_pvalue(self.tvalues, self.df_inference)

    @property
    def rsquared(self) -> float:
        """``1 - SSR/TSS`` (centred; meaningful when ``X`` holds an intercept or was demeaned)."""
        return 1.0 - self.ssr / self.tss if self.tss > 0 else float("nan")

    def conf_int(self, confidence: float = 0.95) -> np.ndarray:
        """``(k, 2)`` array of t-based confidence limits."""
        q = t_crit(self.df_inference, confidence)
        se = self.bse
        return np.column_stack([self.params - q * se, self.params + q * se])


def t_crit(df: int | float, level: float = 0.95) -> float:
    """Two-sided critical value of Student's t (``scipy.special``: no per-call overhead)."""
    return float(special.stdtrit(df, 0.5 + level / 2.0))


def t_pvalue(t: np.ndarray, df: int | float) -> np.ndarray:
    """Two-sided p-value of Student's t."""
    return 2.0 * special.stdtr(df, -np.abs(t))


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


# ---------------------------------------------------------------------------------------------
# fixed effects


def demean(
    values: np.ndarray, fe_codes: Sequence[np.ndarray], *, tol: float = 1e-12, copy: bool = True
) -> np.ndarray:
    """Subtract fixed-effect means from ``values`` (n,) or (n, m): the within transformation.

    Parameters
    ----------
    values : data, one row per observation.
    fe_codes : one array of integer codes 0..G-1 per fixed effect, one code per row.
    tol : with several fixed effects, stop when the largest mean removed in a sweep is below
        ``tol`` times the column's largest absolute value.
    copy : ``False`` demeans ``values`` in place when it is a float64 Fortran-ordered array.

    Returns
    -------
    A float64 array of the shape of ``values`` (Fortran order when 2-D).

    Notes
    -----
    One fixed effect takes one sweep; several take alternating projections (Gauss-Seidel
    over the fixed effects until the means removed vanish). Regressing demeaned data on
    demeaned regressors gives the coefficients of a regression with one dummy per level
    (Frisch-Waugh-Lovell), for balanced and unbalanced panels alike.

    Examples
    --------
    >>> demean(np.array([1.0, 3.0, 10.0]), [np.array([0, 0, 1])]).tolist()
    [-1.0, 1.0, 0.0]
    """
    v = np.asarray(values, dtype="float64")
    out = np.array(
        v[:, None] if v.ndim == 1 else v, dtype="float64", copy=True if copy else None, order="F"
    )
    counts = [np.bincount(c).astype("float64") for c in fe_codes]
    single = len(fe_codes) == 1
    scale = None if single else np.maximum(np.abs(out).max(axis=0), 1.0)
    for _ in range(10_000):
        biggest = 0.0
        for codes, cnt in zip(fe_codes, counts, strict=True):
            for j in range(out.shape[1]):
                means = np.bincount(codes, weights=out[:, j], minlength=len(cnt)) / cnt
                out[:, j] -= means[codes]
                if scale is not None:
                    biggest = max(biggest, float(np.abs(means).max()) / scale[j])
        if single or biggest < tol:
            return out[:, 0] if v.ndim == 1 else out
    raise DataError(
        Message(
            "the fixed effects could not be absorbed (alternating projections did not converge)",
            "efek tetap tidak dapat diserap (proyeksi bergantian tidak konvergen)",
        ),
        "fe_convergence",
    )


def absorbed_dof(fe_codes: Sequence[np.ndarray]) -> int:
    """Parameters absorbed by the fixed effects: levels, minus the redundant ones.

    Exact for one and two fixed effects (the second loses one level per connected component
    of the bipartite graph of the two); each further one is counted as losing one level, as
    reghdfe does when it cannot tell. Codes are 0..G-1.
    """
    if not len(fe_codes):
        return 0
    dof = int(fe_codes[0].max()) + 1
    for i, codes in enumerate(fe_codes[1:], start=1):
        levels = int(codes.max()) + 1
        if i == 1:
            from scipy.sparse import coo_matrix
            from scipy.sparse.csgraph import connected_components

            a = fe_codes[0]
            na = int(a.max()) + 1
            g = coo_matrix((np.ones(len(a)), (a, na + codes)), shape=(na + levels, na + levels))
            n_comp, _ = connected_components(g, directed=False)
            dof += levels - n_comp
        else:
            dof += levels - 1
    return dof


def nested(fe: np.ndarray, clusters: np.ndarray) -> bool:
    """Whether every level of ``fe`` (codes 0..G-1) lies within one cluster."""
    clusters = np.asarray(clusters)
    seen = np.empty(int(fe.max()) + 1, dtype=clusters.dtype)
    seen[fe] = clusters  # one cluster per level, if nested: any row's cluster is every row's
    return bool((seen[fe] == clusters).all())


# ---------------------------------------------------------------------------------------------
# collinearity


def _sines(gram: np.ndarray) -> np.ndarray | None:
    """Diagonal of the Cholesky factor of a unit-diagonal Gram matrix, or None if not PD.

    Entry j is the sine of the angle between column j and the span of columns 0..j-1.
    """
    try:
        return np.diag(np.linalg.cholesky(gram))
    except np.linalg.LinAlgError:
        return None


def _scale(gram: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Column norms and the Gram matrix ``X'X`` scaled to a unit diagonal (zero columns 0)."""
    norms = np.sqrt(np.clip(np.diag(gram), 0.0, None))
    safe = np.where(norms > 0, norms, 1.0)
    return norms, gram / np.outer(safe, safe)


def _collinear_in_r(r: np.ndarray, norms: np.ndarray, tol: float) -> list[int]:
    """Columns whose diagonal of R (in X = QR) is below ``tol`` times their norm."""
    diag = np.abs(np.diag(r))
    return [j for j in range(len(norms)) if norms[j] == 0 or diag[j] <= tol * norms[j]]


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
    norms, scaled = _scale(X.T @ X)
    sines = _sines(scaled) if (norms > 0).all() else None
    if sines is not None and sines.min() >= _GRAM_MIN_SINE:
        return []
    return _collinear_in_r(np.linalg.qr(X, mode="r"), norms, tol)


def _collinear_error(names: Sequence[str], j: int) -> DataError:
    return DataError(
        Message(
            f"regressor {names[j]!r} is a linear combination of "
            f"{', '.join(map(repr, names[:j]))} (perfect collinearity); remove one",
            f"regresor {names[j]!r} merupakan kombinasi linear dari "
            f"{', '.join(map(repr, names[:j]))} (kolinearitas sempurna); hapus salah satu",
        ),
        "collinear",
    )


# ---------------------------------------------------------------------------------------------
# the fit


def _residual(yc: np.ndarray, Z: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``yc - Z @ b`` in one new array (at a million rows, each new array costs page faults)."""
    r = Z @ b
    return np.subtract(yc, r, out=r)


def _solve(
    Z: np.ndarray, yc: np.ndarray, gram: np.ndarray, names: Sequence[str]
) -> tuple[np.ndarray, np.ndarray, _Basis]:
    """Slopes of ``yc`` on ``Z`` (Gram matrix ``gram``), residuals and the covariances' basis.

    No intercept here: the caller centred ``Z`` and ``yc`` when the model has one.

    Well-conditioned designs (every column at a sine of at least 1e-4 from the span of the
    earlier ones, after scaling columns to unit length) use the Cholesky factor of the scaled
    Gram matrix with one step of iterative refinement (the corrected semi-normal equations,
    Bjorck 1996, "Numerical methods for least squares problems", 2.5.4): a k x k problem
    after a few passes over the data. Others use a QR decomposition, and columns whose sine
    is below 1e-9 are reported as collinear.
    """
    k = Z.shape[1]
    if k == 0:
        return np.zeros(0), yc.copy(), _Basis(Z, np.zeros((0, 0)), np.zeros(0), None, None)
    norms, scaled = _scale(gram)
    sines = _sines(scaled)
    if sines is not None and sines.min() >= _GRAM_MIN_SINE:
        c = linalg.cho_factor(scaled, lower=True)
        b = linalg.cho_solve(c, (Z.T @ yc) / norms) / norms
        b = b + linalg.cho_solve(c, (Z.T @ _residual(yc, Z, b)) / norms) / norms
        bread = linalg.cho_solve(c, np.eye(k)) / np.outer(norms, norms)
        return b, _residual(yc, Z, b), _Basis(Z, bread, norms, None, None)
    q, r = np.linalg.qr(Z)
    bad = _collinear_in_r(r, norms, _COLLINEAR_TOL)
    if bad:
        raise _collinear_error(names, bad[0])
    b = linalg.solve_triangular(r, q.T @ yc)
    r_inv = linalg.solve_triangular(r, np.eye(k))
    return b, _residual(yc, Z, b), _Basis(Z, r_inv @ r_inv.T, norms, q, r_inv)


def _value_text(value: float, lang: str) -> str:
    """A constant for a sentence: 2,000,000 (id: 2.000.000), 2.5 (id: 2,5); never 2e+06."""
    v = float(value)
    if v.is_integer() and abs(v) < 1e15:
        text = f"{int(v):,}"
        return text.replace(",", ".") if lang == "id" else text
    text = f"{v:.6g}"
    return text.replace(".", ",") if lang == "id" else text


def _no_variance_error(name: str, value: float | None) -> DataError:
    where_en = (
        " within the fixed-effect groups"
        if value is None
        else f" (every value is {_value_text(value, 'en')})"
    )
    where_id = (
        " di dalam kelompok efek tetap"
        if value is None
        else f" (semua bernilai {_value_text(value, 'id')})"
    )
    return DataError(
        Message(
            f"regressor {name!r} has no variance{where_en} in the rows used",
            f"regresor {name!r} tidak bervariasi{where_id} pada baris yang dipakai",
        ),
        "no_variance",
    )


def _check_outcome_varies(y: np.ndarray, y_var: float | None, within: bool = False) -> None:
    """Refuse an outcome whose (within-group) sum of squares is rounding noise."""
    # relative to the outcome's size: rounding leaves ~1e-16 of it in a constant's deviations
    if y_var is not None and y_var > 1e-20 * len(y) * float(np.mean(y * y)):
        return
    raise DataError(
        Message(
            "the outcome does not vary within the fixed-effect groups: there is nothing to explain"
            if within
            else f"the outcome has no variance (every value is {_value_text(y[0], 'en')}): "
            "there is nothing to explain",
            "variabel hasil tidak bervariasi di dalam kelompok efek tetap: tidak ada yang "
            "dapat dijelaskan"
            if within
            else f"variabel hasil tidak bervariasi (semua bernilai {_value_text(y[0], 'id')}): "
            "tidak ada yang dapat dijelaskan",
        ),
        "no_variance",
    )


def _leverage(basis: _Basis, base: float | np.ndarray) -> np.ndarray:
    """Leverage of each row: ``base`` (intercept, absorbed effects) + diag of Z (Z'Z)^-1 Z'."""
    B = basis.B
    h = np.empty(B.shape[0])
    for s in range(0, B.shape[0], _BLOCK):
        rows = slice(s, s + _BLOCK)
        b = B[rows]
        # rows of Q squared when QR was used
        h[rows] = np.einsum("ij,ij->i", b if basis.q is not None else b @ basis.bread, b)
    return h + base


def _meat(B: np.ndarray, w: np.ndarray, intercept: bool) -> np.ndarray:
    """``W' diag(w^2) W`` for ``W = [1, B]`` (or ``B``), by blocks of rows (no n x k temporary)."""
    k = B.shape[1]
    out = np.zeros((k + 1, k + 1))
    for s in range(0, B.shape[0], _BLOCK):
        rows = slice(s, s + _BLOCK)
        wb = w[rows]
        sb = B[rows] * wb[:, None]
        out[1:, 1:] += sb.T @ sb
        out[0, 1:] += sb.T @ wb
        out[0, 0] += wb @ wb
    out[1:, 0] = out[0, 1:]
    return out if intercept else out[1:, 1:]


def _cluster_sums(
    B: np.ndarray, codes: np.ndarray, n_groups: int, w: np.ndarray | None = None
) -> np.ndarray:
    """Column sums of ``B * w[:, None]`` (n, k) within each group: (n_groups, k)."""
    out = np.empty((n_groups, B.shape[1]))
    for j in range(B.shape[1]):
        out[:, j] = np.bincount(
            codes, weights=B[:, j] if w is None else B[:, j] * w, minlength=n_groups
        )
    return out


def _with_intercept(m: np.ndarray, n: int) -> np.ndarray:
    """``m`` for the slopes with the intercept's 1/n in front (block diagonal)."""
    out = np.zeros((m.shape[0] + 1, m.shape[1] + 1))
    out[0, 0] = 1.0 / n
    out[1:, 1:] = m
    return out


def _covariance(
    basis: _Basis,
    e: np.ndarray,
    intercept: bool,
    se_type: SeType,
    clusters: np.ndarray | None,
    fe_codes: list[np.ndarray],
    N: int,
    K: int,
    k_regressors: int | None,
    hc3_fallback: bool,
) -> tuple[np.ndarray, SeType, int | None, int, int, list[Message]]:
    """Covariance of (intercept of the centred model, slopes), with what it was computed as.

    Returns the covariance, the type used, clusters, the reference df, the ``K`` of the
    small-sample factor and notes. The centred regressors are orthogonal to the intercept,
    so its bread is 1/n alone and the sandwich is ``M (W' Omega W) M'``, ``W = [1, B]``.
    With ``k_regressors`` (``K`` not fixed by the caller), CR1 counts in ``K`` only the
    fixed effects not nested in the clusters (as reghdfe and fixest).
    """
    n = len(e)
    M = _with_intercept(basis.M, n) if intercept else basis.M
    notes: list[Message] = []
    if se_type == "classical":
        bread = _with_intercept(basis.bread, n) if intercept else basis.bread
        return (float(e @ e) / (N - K)) * bread, se_type, None, N - K, K, notes
    if se_type == "HC3":
        if len(fe_codes) > 1:
            n_one = None
        else:
            # the dummies' own leverage is 1 / size of the group (Frisch-Waugh-Lovell)
            base = (1.0 / np.bincount(fe_codes[0]))[fe_codes[0]] if fe_codes else 0.0
            h = _leverage(basis, 1.0 / n if intercept else base)
            n_one = int((h > 1.0 - _LEVERAGE_ONE).sum())
            if not n_one:
                meat = _meat(basis.B, e / (1.0 - h), intercept)
                return M @ meat @ M.T, se_type, None, N - K, K, notes
        if not hc3_fallback:
            raise DataError(_leverage_one_note(n_one, fallback=False), "leverage_one")
        notes.append(_leverage_one_note(n_one, fallback=True))
        se_type = "HC1"
    if se_type == "HC1":
        meat = _meat(basis.B, e, intercept)
        return (N / (N - K)) * (M @ meat @ M.T), se_type, None, N - K, K, notes
    assert clusters is not None
    codes, g = cluster_codes(clusters)
    if len(codes) != n:
        raise ValueError("cluster labels must have one entry per observation")
    if g < 2:
        raise DataError(
            Message(
                "clustered standard errors need at least 2 clusters; the rows used all "
                "belong to one",
                "galat baku terklaster memerlukan paling sedikit 2 klaster; semua baris "
                "yang dipakai termasuk satu klaster",
            ),
            "one_cluster",
        )
    U = _cluster_sums(basis.B, codes, g, e)
    if intercept:
        U = np.column_stack([np.bincount(codes, weights=e, minlength=g), U])
    K_cr = K
    if k_regressors is not None and fe_codes:
        K_cr = k_regressors + absorbed_dof([c for c in fe_codes if not nested(c, codes)])
    factor = g / (g - 1) * (N - 1) / (N - K_cr)
    return factor * (M @ (U.T @ U) @ M.T), "CR1", g, g - 1, K_cr, notes


def _leverage_one_note(n_one: int | None, *, fallback: bool) -> Message:
    """Why HC3 is undefined (``n_one`` rows with leverage 1, ``None``: several fixed effects)."""
    then_en = ": HC1 standard errors reported instead" if fallback else ""
    then_id = ": galat baku HC1 yang dilaporkan" if fallback else ""
    if n_one is None:
        return Message(
            "HC3 needs each observation's leverage, which is not available with more "
            f"than one absorbed fixed effect{then_en}",
            "HC3 memerlukan leverage tiap observasi, yang tidak tersedia dengan lebih "
            f"dari satu efek tetap{then_id}",
        )
    return Message(
        f"HC3 is undefined: {n_one} observations are fitted exactly (leverage 1, "
        f"e.g. the only member of a category){then_en}",
        f"HC3 tidak terdefinisi: {n_one} observasi terpasang persis (leverage 1, "
        f"mis. satu-satunya anggota suatu kategori){then_id}",
    )


def _as_solved(
    y: np.ndarray, y_centred: np.ndarray, X: np.ndarray, fe_codes: list[np.ndarray]
) -> tuple[bool, np.ndarray, np.ndarray, np.ndarray, float | None, np.ndarray]:
    """The outcome and regressors as solved, and the smallest norm a regressor may have.

    With fixed effects both are demeaned (no intercept); with an intercept (column 0 all
    ones) the other regressors are centred and the outcome is ``y_centred``; otherwise they
    are used as they are. Returns (intercept, y, Z, means removed from the regressors, TSS
    of the demeaned outcome or None, tolerance of each column of Z).
    """
    n, k = X.shape
    if fe_codes:
        both = np.empty((n, k + 1), order="F")
        both[:, 0] = y
        both[:, 1:] = X
        both = demean(both, fe_codes, copy=False)
        yc = both[:, 0]
        # demeaning leaves rounding noise where a regressor is constant within groups
        tol = np.array([1e-9 * np.linalg.norm(X[:, j] - X[:, j].mean()) for j in range(k)])
        return False, yc, both[:, 1:], np.zeros(k), float(yc @ yc), tol
    if k > 0 and X[:, 0].min() == 1.0 == X[:, 0].max():
        mean = X[:, 1:].mean(axis=0)
        tol = 1e-12 * np.maximum(1.0, np.sqrt(n) * np.abs(mean))
        return True, y_centred, np.subtract(X[:, 1:], mean, order="F"), mean, None, tol
    return False, y, X, np.zeros(k), None, np.full(k, 1e-12)


#: A missing or infinite value makes the TSS, or its column's norm, non-finite.
_MISSING = "missing or infinite values in the regression data; drop them first"


def _checked_arrays(
    y: np.ndarray, X: np.ndarray, se_type: str, clusters: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """``y`` and ``X`` as float arrays, after checking their shapes and the covariance type."""
    y = np.asarray(y, dtype="float64")
    X = np.asarray(X, dtype="float64")
    if X.ndim != 2 or y.ndim != 1 or X.shape[0] != y.shape[0]:
        raise ValueError(f"shapes do not match: y {y.shape}, X {X.shape}")
    if se_type not in ("classical", "HC1", "HC3", "CR1"):
        raise ValueError(f"unknown se_type {se_type!r}")
    if se_type == "CR1" and clusters is None:
        raise ValueError("se_type='CR1' needs cluster labels")
    return y, X


def _dof(n: int, k_all: int, df_n: int | None, df_k: int | None) -> tuple[int, int]:
    """``N`` and ``K`` of the small-sample factors (``k_all``: columns plus absorbed levels);
    refuses a regression without more observations than parameters."""
    N = n if df_n is None else int(df_n)
    K = k_all if df_k is None else int(df_k)
    if N - K <= 0:
        raise DataError(
            Message(
                f"{n} observations cannot estimate {K} parameters; "
                "more observations than parameters are needed",
                f"{n} observasi tidak cukup untuk menaksir {K} parameter; "
                "observasi harus lebih banyak daripada parameter",
            ),
            "too_few_rows",
        )
    return N, K


def _check_columns(
    gram: np.ndarray,
    tol: np.ndarray,
    X: np.ndarray,
    slope_names: Sequence[str],
    *,
    intercept: bool,
    demeaned: bool,
) -> None:
    """Refuse a solved column with a missing value or without variance (named, with its value
    unless it was demeaned)."""
    col_norms = np.sqrt(np.clip(np.diag(gram), 0.0, None))  # NaN where a value is missing
    if not np.isfinite(col_norms).all():
        raise ValueError(_MISSING)
    for j in np.flatnonzero(~(col_norms > tol)):
        value = None if demeaned else float(X[0, j + (1 if intercept else 0)])
        raise _no_variance_error(slope_names[j], value)


def _check_not_exact(ssr: float, y_var: float) -> None:
    """Refuse an exact fit: its table would present nothing but rounding noise."""
    if not ssr > 1e-24 * max(y_var, 1.0):
        raise DataError(
            Message(
                "the regressors explain the outcome exactly (every residual is 0); "
                "check that the outcome is not built from a regressor",
                "regresor menjelaskan variabel hasil secara persis (semua residual 0); "
                "periksa apakah variabel hasil dibentuk dari regresor",
            ),
            "perfect_fit",
        )


class _Solution(NamedTuple):
    """What :func:`_least_squares` found: ``params`` with the intercept first when there is
    one, residuals, the covariances' basis, SSR, TSS and the TSS within fixed-effect groups."""

    intercept: bool
    params: np.ndarray
    resid: np.ndarray
    basis: _Basis
    ssr: float
    tss: float
    tss_within: float | None


def _least_squares(
    y: np.ndarray,
    X: np.ndarray,
    fe_codes: list[np.ndarray],
    names: Sequence[str],
    check_outcome: bool,
) -> _Solution:
    """The coefficients of :func:`fit_ols`, solved in centred (or demeaned) coordinates."""
    y_mean = float(y.mean())
    y_centred = y - y_mean
    tss = float(y_centred @ y_centred)
    if not np.isfinite(tss):
        raise ValueError(_MISSING)

    intercept, yc, Z, mean, tss_within, tol = _as_solved(y, y_centred, X, fe_codes)
    # the outcome's variation the regressors can explain: within the groups with fixed effects
    y_var = tss if tss_within is None else tss_within
    if check_outcome:
        _check_outcome_varies(y, y_var, bool(fe_codes))
    gram = Z.T @ Z
    slope_names = names[1:] if intercept else names
    _check_columns(gram, tol, X, slope_names, intercept=intercept, demeaned=bool(fe_codes))

    b, e, basis = _solve(Z, yc, gram, slope_names)
    if intercept:
        basis = replace(basis, mean=mean)
    ssr = float(e @ e)
    if check_outcome:
        _check_not_exact(ssr, y_var)
    params = np.concatenate([[y_mean - float(mean @ b)], b]) if intercept else b
    return _Solution(intercept, params, e, basis, ssr, tss, tss_within)


def fit_ols(
    y: np.ndarray,
    X: np.ndarray,
    *,
    se_type: SeType = "classical",
    clusters: np.ndarray | None = None,
    fe_codes: Sequence[np.ndarray] = (),
    df_n: int | None = None,
    df_k: int | None = None,
    names: Sequence[str] | None = None,
    hc3_fallback: bool = False,
    check_outcome: bool = False,
) -> OlsFit:
    """Least squares of ``y`` on the columns of ``X`` with a covariance of ``se_type``.

    Parameters
    ----------
    y : (n,) outcome, no missing values.
    X : (n, k) regressors, no missing values. When column 0 is all ones it is the intercept.
    se_type : ``"classical"``, ``"HC1"``, ``"HC3"`` or ``"CR1"`` (needs ``clusters``).
    clusters : (n,) cluster labels for ``"CR1"`` (codes 0..G-1 are fastest).
    fe_codes : fixed effects to absorb, each an array of codes 0..G-1 per row; ``X`` then has
        no intercept column (it is absorbed).
    df_n, df_k : ``N`` and ``K`` of the small-sample factors when they are not the rows and
        parameters of this regression.
    names : regressor names for messages (``"column 0"``, ... by default).
    hc3_fallback : when HC3 is undefined (an observation with leverage 1, or more than one
        absorbed fixed effect), report HC1 and say so in ``notes`` instead of raising.
    check_outcome : refuse an outcome without variance (within the fixed-effect groups) and
        an exact fit, where a regression table would present nothing but rounding noise.

    Returns
    -------
    OlsFit

    Raises
    ------
    DataError
        Shapes that do not match, missing values, more parameters than observations, a
        regressor without variance (named), perfect collinearity (named), fewer than two
        clusters, HC3 with a leverage of 1 (unless ``hc3_fallback``); with ``check_outcome``,
        an outcome without variance or fitted exactly.

    Notes
    -----
    The intercept's column is not used in the solve: the other regressors are centred
    instead, which removes the near-collinearity between the intercept and regressors far
    from zero (years, rupiah) that makes raw normal equations inaccurate. The slopes then
    come from the Cholesky factor of the column-scaled Gram matrix with one step of iterative
    refinement, or from a QR decomposition when the design is ill-conditioned even so. On
    the NIST Longley data this gives 14 correct digits in the coefficients and 12 in the
    standard errors (statsmodels' pinv: 11 and 12), and on a million rows it costs a few
    matrix products.

    Sandwich covariances are formed in the centred coordinates, where the intercept is
    orthogonal to the slopes, and mapped back: CR1 is
    ``G/(G-1) * (N-1)/(N-K) * (X'X)^-1 (sum_g X_g'u_g u_g'X_g) (X'X)^-1`` as in Stata's
    ``regress, vce(cluster)`` and statsmodels' ``cov_type="cluster"``; HC3 divides each
    residual by ``1 - h_ii`` (with one absorbed fixed effect ``h_ii`` includes 1 / the size
    of the observation's group, the leverage of its dummy).

    Examples
    --------
    >>> X = np.column_stack([np.ones(4), [0.0, 1.0, 2.0, 3.0]])
    >>> fit_ols(np.array([1.0, 3.0, 5.0, 7.5]), X).params.round(2).tolist()
    [0.9, 2.15]
    """
    y, X = _checked_arrays(y, X, se_type, clusters)
    n, k = X.shape
    names = [f"column {j}" for j in range(k)] if names is None else list(names)
    fe_codes = list(fe_codes)
    N, K = _dof(n, k + absorbed_dof(fe_codes), df_n, df_k)
    sol = _least_squares(y, X, fe_codes, names, check_outcome)
    intercept, params, e, basis, ssr, tss, tss_within = sol
    cov_t, used, n_clusters, df_inf, K_used, notes = _covariance(
        basis, e, intercept, se_type, clusters, fe_codes, N, K,
        k if df_k is None else None, hc3_fallback,
    )  # fmt: skip
    vcov = basis.from_centred(cov_t) if intercept else cov_t
    return OlsFit(
        params=params,
        vcov=vcov,
        resid=e,
        nobs=n,
        df_k=K_used,
        df_resid=N - K,
        df_inference=df_inf,
        se_type=used,
        n_clusters=n_clusters,
        ssr=ssr,
        tss=tss,
        tss_within=tss_within,
        intercept=intercept,
        notes=tuple(notes),
        _basis=basis,
    )


# ---------------------------------------------------------------------------------------------
# tests and diagnostics


@dataclass(frozen=True)
class WaldTest:
    """F test that a set of coefficients are all zero."""

    f_stat: float
    df_num: int
    df_den: int
    p_value: float


def max_cluster_restrictions(n_clusters: int) -> int:
    """The most coefficients a cluster-robust Wald test may test jointly: ``G - 2``.

    The CR1 covariance is built from ``G`` cluster score sums that add up to zero, so its
    rank is at most ``G - 1``; testing ``q >= G - 1`` coefficients uses every direction it
    has, and the statistic is then as large as it likes (the demo's balance table gave
    F(6, 6) = 4,409 with 7 clusters). In Hotelling's T^2 terms, which the cluster Wald test
    resembles, the test needs ``G - q - 1 > 0`` degrees of freedom left for the denominator.
    """
    return max(n_clusters - 2, 0)


def wald_test(fit: OlsFit, columns: Sequence[int]) -> WaldTest:
    """F = b' V^-1 b / q for the coefficients ``columns``, referred to F(q, ``df_inference``).

    With classical covariance this is the usual F test of the restriction (for every slope
    of a model with an intercept, ``(ESS / q) / s^2``); with CR1 it is Stata's ``test`` after
    ``regress, vce(cluster)`` (denominator df G - 1).

    Raises
    ------
    ValueError
        When the covariance of those coefficients is singular or numerically rank-deficient,
        and, clustered, when ``q`` is at least ``G - 1`` (more than
        :func:`max_cluster_restrictions`): a cluster-robust covariance has rank at most
        ``G - 1``, and at ``q = G - 1`` the statistic is meaningless even where it can be
        computed.
    """
    idx = np.asarray(columns, dtype=np.intp)
    q = len(idx)
    if q == 0:
        raise ValueError("no coefficients to test")
    if fit.n_clusters is not None and q > max_cluster_restrictions(fit.n_clusters):
        raise ValueError(
            f"cannot test {q} coefficients jointly with {fit.n_clusters} clusters "
            f"(at most {max_cluster_restrictions(fit.n_clusters)}: fewer than clusters - 1)"
        )
    b = fit.params[idx]
    v = fit.vcov[np.ix_(idx, idx)]
    sd = np.sqrt(np.diag(v))
    if not (np.isfinite(sd).all() and (sd > 0).all()):
        raise ValueError("the covariance of the tested coefficients is singular")
    # rank on the correlation scale: rupiah and years differ by 10^6 in their variances
    corr = v / np.outer(sd, sd)
    eig = np.linalg.eigvalsh(corr)
    if eig[0] <= _COLLINEAR_TOL * q:
        raise ValueError("the covariance of the tested coefficients is singular")
    try:
        c = linalg.cho_factor(v)
        f = float(b @ linalg.cho_solve(c, b)) / q
    except linalg.LinAlgError as exc:
        raise ValueError("the covariance of the tested coefficients is singular") from exc
    p = float(special.fdtrc(q, fit.df_inference, f))
    return WaldTest(f, q, fit.df_inference, p)


def vif(fit: OlsFit) -> np.ndarray:
    """Variance inflation factor of each slope: ``1 / (1 - R^2_j)`` of slope j on the others.

    With an intercept the regressors are centred (as statsmodels'
    ``variance_inflation_factor`` on a design with a constant); with absorbed fixed effects
    they are the demeaned ones.
    """
    basis = fit._basis
    if basis is None:
        raise ValueError("this fit carries no design")
    return np.diag(basis.bread) * basis.norms**2


@dataclass(frozen=True)
class HetTest:
    """A heteroskedasticity test of the residuals.

    ``statistic`` and ``p_value`` are ``None`` when the test cannot be computed (squared
    residuals without variance); ``df`` is the chi-squared degrees of freedom.
    """

    name: str
    statistic: float | None
    df: int
    p_value: float | None


def breusch_pagan(fit: OlsFit) -> HetTest:
    """Koenker's studentized Breusch-Pagan test: LM = n R^2 of e^2 on the regressors and a
    constant, chi-squared with one df per slope (R ``lmtest::bptest`` default; statsmodels
    ``het_breuschpagan(robust=True)``)."""
    basis = fit._basis
    if basis is None:
        raise ValueError("this fit carries no design")
    name = "Breusch-Pagan (Koenker)"
    Z = basis.Z
    n, k_s = Z.shape
    u = fit.resid * fit.resid
    uc = u - u.mean()
    su = float(uc @ uc)
    if k_s == 0 or not su > 0:
        return HetTest(name, None, k_s, None)
    zbar = Z.mean(axis=0)
    try:
        if np.abs(zbar / basis.norms).max() < 1e-12:
            # Z is already centred: its Gram inverse is the fit's
            v = Z.T @ uc
            quad = float(v @ basis.bread @ v)
        else:
            Zc = Z - zbar
            Lc = linalg.cholesky(Zc.T @ Zc, lower=True)
            q = linalg.solve_triangular(Lc, Zc.T @ uc, lower=True)
            quad = float(q @ q)
    except linalg.LinAlgError:
        return HetTest(name, None, k_s, None)
    lm = n * quad / su
    return HetTest(name, lm, k_s, float(special.chdtrc(k_s, lm)))


# ---------------------------------------------------------------------------------------------
# wild cluster bootstrap


@dataclass(frozen=True)
class WildBootstrap:
    """A wild cluster bootstrap test of one coefficient."""

    p_value: float
    t_stat: float
    n_boot: int
    weights: Literal["rademacher", "webb"]
    n_clusters: int
    seed: int


def _weight_kind(weights: WildWeights, g: int) -> Literal["rademacher", "webb"]:
    """The bootstrap weights used: ``"auto"`` is Webb below :data:`WEBB_BELOW` clusters."""
    if weights == "auto":
        return "webb" if g < WEBB_BELOW else "rademacher"
    if weights in ("rademacher", "webb"):
        return weights  # type: ignore[return-value]
    raise ValueError(f"unknown weights {weights!r}")


@dataclass(frozen=True)
class _WcrPieces:
    """Cluster-level sums of the restricted fit that every bootstrap replication reuses.

    ``c_u``: X_g'u0_g per cluster (G, k); ``m_a``: row g is (X_g'X_g a)', so ``m_a @ beta*``
    gives a' X_g'X_g beta*; ``xty_fixed``: X'fitted0; ``h_a``, ``s_a``: a' X_g'fitted0_g and
    a' X_g'u0_g per cluster.
    """

    c_u: np.ndarray
    m_a: np.ndarray
    xty_fixed: np.ndarray
    h_a: np.ndarray
    s_a: np.ndarray


def _restricted_pieces(
    y: np.ndarray,
    X: np.ndarray,
    codes: np.ndarray,
    g: int,
    column: int,
    null: float,
    a: np.ndarray,
) -> _WcrPieces:
    """The restricted fit (``y - null * x_j`` on the other columns) as cluster-level sums."""
    others = [j for j in range(X.shape[1]) if j != column]
    fitted0 = null * X[:, column]
    if others:
        X0 = X[:, others]
        fitted0 = fitted0 + X0 @ fit_ols(y - fitted0, X0).params
    u0 = y - fitted0
    c_fit = _cluster_sums(X, codes, g, fitted0)  # (G, k)
    c_u = _cluster_sums(X, codes, g, u0)  # (G, k)
    m_a = _cluster_sums(X, codes, g, X @ a)
    return _WcrPieces(c_u=c_u, m_a=m_a, xty_fixed=c_fit.sum(axis=0), h_a=c_fit @ a, s_a=c_u @ a)


def _draw_weights(
    rng: np.random.Generator, kind: Literal["rademacher", "webb"], b: int, g: int
) -> np.ndarray:
    """(b, g) weights, one per replication and cluster."""
    if kind == "rademacher":
        return rng.integers(0, 2, size=(b, g)).astype("float64") * 2.0 - 1.0
    return _WEBB_POINTS[rng.integers(0, 6, size=(b, g))]


def _bootstrap_t(
    p: _WcrPieces, w: np.ndarray, bread: np.ndarray, column: int, null: float
) -> np.ndarray:
    """The t statistic of each replication (rows of ``w``), CR1 without its constant factor."""
    xty = p.xty_fixed[None, :] + w @ p.c_u  # (b, k): X'y* for each replication
    beta_b = xty @ bread  # bread is symmetric
    # a' X_g'(y*_g - X_g beta*) for each replication and cluster
    score = p.h_a[None, :] + w * p.s_a[None, :] - beta_b @ p.m_a.T
    with np.errstate(divide="ignore", invalid="ignore"):
        return (beta_b[:, column] - null) / np.sqrt((score**2).sum(axis=1))


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
    kind = _weight_kind(weights, g)
    # the sample statistic, unrestricted
    full = fit_ols(y, X)
    assert full._basis is not None
    bread = full._basis.x_bread()
    a = bread[column]  # row of (X'X)^-1 that maps scores to the tested coefficient
    beta = full.params
    s_hat = _cluster_sums(X, codes, g, full.resid) @ a
    t_stat = (beta[column] - null) / np.sqrt(s_hat @ s_hat)

    pieces = _restricted_pieces(y, X, codes, g, column, null, a)
    rng = np.random.default_rng(seed)
    exceed = 0
    done = 0
    abs_t = abs(t_stat)
    # a batch holds about two million floats per array
    chunk = max(1, min(chunk, 2_000_000 // g))
    while done < n_boot:
        b = min(chunk, n_boot - done)
        w = _draw_weights(rng, kind, b, g)
        t_b = _bootstrap_t(pieces, w, bread, column, null)
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
