"""Small statistical helpers shared by the analysis modules: tests on paired differences,
Cohen's d_z with its interval, a seeded bootstrap interval of a mean, multiple-testing corrections.

Private numpy/scipy code with no pandas and no column names, so that the before/after tables,
the program-versus-comparison tables and anything else can agree on one implementation.

How to use it (for other modules)
---------------------------------
- :func:`t_test_moments` is the one-sample t-test of ``mean == 0`` (a paired t-test when the
  sample is the within-pair differences) from ``n``, ``mean`` and ``sd``, vectorised over arrays
  of groups. :func:`paired_t_test` does the same from the differences themselves. Both agree with
  ``scipy.stats.ttest_rel`` and R's ``t.test(..., paired = TRUE)``.
- :func:`wilcoxon_signed_rank` follows R's ``wilcox.test(x, y, paired = TRUE)`` rule by rule
  (zeros dropped, exact null distribution below 50 pairs without ties or zeros, otherwise the
  normal approximation with tie correction and continuity correction), so that its p-value can be
  put next to R's.
- :func:`cohen_dz` gives d_z = mean / sd of the differences with the exact noncentral-t interval,
  vectorised.
- :func:`bootstrap_mean_ci` gives a percentile bootstrap interval of a mean, vectorised in
  blocks of bounded memory, seeded with a numpy ``Generator``.
- :func:`p_adjust` gives Benjamini-Hochberg or Holm adjusted p-values, ignoring missing ones.

Every function returns NaN (never a number) where its statistic is undefined (fewer than two
observations, zero variance); the callers turn that into a row note for the person reading.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np
from scipy import special

Adjust = Literal["bh", "holm"]

#: The largest number of resampled values held in memory at once by the bootstrap (about 32 MB
#: of indices plus 32 MB of gathered values).
BOOTSTRAP_BLOCK = 1 << 22

#: R's ``wilcox.test`` computes the exact null distribution when there are fewer than 50
#: non-zero differences and neither ties nor zeros (R 4.x, ``stats:::wilcox.test.default``).
WILCOXON_EXACT_BELOW = 50


@dataclass(frozen=True)
class TTest:
    """A t-test of ``mean == 0`` with the t interval of the mean.

    Attributes are floats, or arrays of one value per group when the inputs were arrays.

    Attributes
    ----------
    t : t statistic, ``mean / se``.
    df : degrees of freedom, ``n - 1``.
    p : two-sided p-value.
    se : standard error of the mean, ``sd / sqrt(n)``.
    ci_low, ci_high : ``mean -/+ t_{df, 1 - alpha/2} * se``.
    """

    t: np.ndarray | float
    df: np.ndarray | float
    p: np.ndarray | float
    se: np.ndarray | float
    ci_low: np.ndarray | float
    ci_high: np.ndarray | float


@dataclass(frozen=True)
class Wilcoxon:
    """A Wilcoxon signed-rank test on paired differences, computed as R does.

    Attributes
    ----------
    v : R's statistic V, the sum of the ranks of the positive differences.
    p : two-sided p-value (NaN when no difference is non-zero).
    method : ``"exact"`` or ``"normal"`` (normal approximation with tie and continuity
        correction), or ``"none"`` when the test is undefined.
    n_used : non-zero differences ranked.
    n_zero : zero differences dropped.
    """

    v: float
    p: float
    method: Literal["exact", "normal", "none"]
    n_used: int
    n_zero: int


@dataclass(frozen=True)
class EffectSize:
    """Cohen's d_z with its confidence interval (floats, or arrays of one value per group)."""

    dz: np.ndarray | float
    ci_low: np.ndarray | float
    ci_high: np.ndarray | float


def _check_confidence(confidence: float) -> float:
    if not 0.0 < float(confidence) < 1.0:
        raise ValueError(f"confidence must lie strictly between 0 and 1; got {confidence!r}")
    return float(confidence)


def _unwrap(values: tuple[np.ndarray, ...], scalar: bool) -> tuple[np.ndarray | float, ...]:
    if scalar:
        return tuple(float(v) for v in values)
    return values


def t_test_moments(
    n: np.ndarray | float,
    mean: np.ndarray | float,
    sd: np.ndarray | float,
    *,
    confidence: float = 0.95,
) -> TTest:
    """One-sample t-test of ``mean == 0`` from sample size, mean and standard deviation.

    Parameters
    ----------
    n, mean, sd : sample size, mean and standard deviation (``ddof=1``); scalars or arrays of
        the same shape, one element per group.
    confidence : level of the interval of the mean.

    Returns
    -------
    TTest
        Floats for scalar input, arrays otherwise. Every field is NaN where ``n < 2``, ``sd`` is
        zero or any input is not finite.

    Notes
    -----
    ``t = mean / (sd / sqrt(n))`` on ``n - 1`` degrees of freedom; two-sided
    ``p = 2 * P(T > |t|)``. Applied to within-pair differences this is the paired t-test of
    Student (1908), identical to ``scipy.stats.ttest_rel`` and R's ``t.test(paired = TRUE)``.

    Examples
    --------
    >>> r = t_test_moments(10, -1.58, 1.2299955)
    >>> round(r.t, 4), r.df
    (-4.0621, 9.0)
    """
    conf = _check_confidence(confidence)
    scalar = np.ndim(n) == 0 and np.ndim(mean) == 0 and np.ndim(sd) == 0
    n_ = np.asarray(n, dtype="float64")
    m = np.asarray(mean, dtype="float64")
    s = np.asarray(sd, dtype="float64")
    ok = (n_ >= 2) & np.isfinite(m) & np.isfinite(s) & (s > 0)
    zero = np.zeros(np.broadcast(n_, m, s).shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        df = np.where(ok, n_ - 1.0, np.nan)
        se = np.where(ok, s / np.sqrt(n_), np.nan)
        t = np.where(ok, m / se, np.nan)
        # scipy.special's ufuncs, not scipy.stats.t: the same functions without the
        # per-call overhead that dominates when there are thousands of subgroups.
        p = np.where(ok, 2.0 * special.stdtr(df, -np.abs(t)), np.nan)
        q = np.where(ok, special.stdtrit(df, 0.5 + conf / 2.0), np.nan)
    low, high = m - q * se + zero, m + q * se + zero
    return TTest(*_unwrap((t + zero, df + zero, p + zero, se + zero, low, high), scalar))


def paired_t_test(diff: np.ndarray, *, confidence: float = 0.95) -> TTest:
    """Paired t-test on the differences ``after - before`` (missing values must be removed).

    See :func:`t_test_moments`; this computes ``n``, the mean and the standard deviation first.
    """
    d = np.asarray(diff, dtype="float64")
    n = d.size
    sd = float(np.std(d, ddof=1)) if n >= 2 else np.nan
    return t_test_moments(n, float(d.mean()) if n else np.nan, sd, confidence=confidence)


@lru_cache(maxsize=64)
def _signrank_cdf(n: int) -> np.ndarray:
    """P(V <= v) for v = 0..n(n+1)/2 under the null, no ties (R's ``psignrank``).

    Counts of subsets of {1..n} by their sum, built one rank at a time; the counts stay below
    2^49 for n < 50, so float64 holds them exactly.
    """
    counts = np.zeros(n * (n + 1) // 2 + 1)
    counts[0] = 1.0
    top = 0
    for k in range(1, n + 1):
        counts[k : top + k + 1] += counts[: top + 1].copy()
        top += k
    return np.cumsum(counts) / 2.0**n


def wilcoxon_signed_rank(diff: np.ndarray) -> Wilcoxon:
    """Wilcoxon signed-rank test of paired differences, following R's ``wilcox.test``.

    Parameters
    ----------
    diff : differences ``after - before``, missing values removed.

    Returns
    -------
    Wilcoxon

    Notes
    -----
    The rules of R's ``wilcox.test(x, y, paired = TRUE)`` (R 4.x, the default
    ``correct = TRUE``), chosen so that results match what an evaluator runs in R:

    - zero differences are dropped before ranking (Wilcoxon's original convention, ``scipy``'s
      ``zero_method="wilcox"``); ``n_zero`` reports how many;
    - with fewer than 50 non-zero differences, no tied absolute values and no zeros, the p-value
      is exact: ``2 * P(V <= v)`` or ``2 * P(V >= v)`` for the smaller tail, capped at 1;
    - otherwise the normal approximation
      ``z = (V - n(n+1)/4 - 0.5 sign) / sqrt(n(n+1)(2n+1)/24 - sum(t^3 - t)/48)``
      with ``t`` the sizes of tied groups of absolute differences.

    Ranks are of the differences as given: pass exact differences (incomes in whole rupiah
    subtract exactly in float64) so that ties are ties.

    Examples
    --------
    >>> r = wilcoxon_signed_rank(np.array([1.0, 2.0, 3.0, 4.0, 5.0]))
    >>> r.v, r.p, r.method
    (15.0, 0.0625, 'exact')
    """
    d = np.asarray(diff, dtype="float64")
    if np.isnan(d).any():
        raise ValueError("wilcoxon_signed_rank: remove missing differences first")
    nonzero = d[d != 0]
    n_zero = int(d.size - nonzero.size)
    n = int(nonzero.size)
    if n == 0:
        return Wilcoxon(np.nan, np.nan, "none", 0, n_zero)
    absd = np.abs(nonzero)
    # One sort gives both the average ranks and the tie groups: a group of c equal values
    # ending at sorted position e (1-based) holds ranks e-c+1..e, average e - (c-1)/2.
    _, inverse, tie_sizes = np.unique(absd, return_inverse=True, return_counts=True)
    mid_rank = np.cumsum(tie_sizes) - (tie_sizes - 1) / 2.0
    v = float(mid_rank[inverse[nonzero > 0]].sum())
    ties = bool((tie_sizes > 1).any())
    if n < WILCOXON_EXACT_BELOW and not ties and n_zero == 0:
        cdf = _signrank_cdf(n)
        vi = round(v)
        if v > n * (n + 1) / 4.0:
            tail = 1.0 - cdf[vi - 1]  # P(V >= v)
        else:
            tail = cdf[vi]  # P(V <= v)
        return Wilcoxon(v, float(min(1.0, 2.0 * tail)), "exact", n, n_zero)
    ts = tie_sizes.astype("float64")
    sigma = np.sqrt(n * (n + 1) * (2 * n + 1) / 24.0 - float(np.sum(ts**3 - ts)) / 48.0)
    if sigma == 0:
        return Wilcoxon(v, np.nan, "none", n, n_zero)
    z = v - n * (n + 1) / 4.0
    z = (z - 0.5 * np.sign(z)) / sigma
    p = 2.0 * special.ndtr(-abs(z))
    return Wilcoxon(v, float(min(1.0, p)), "normal", n, n_zero)


def cohen_dz(
    n: np.ndarray | float,
    mean: np.ndarray | float,
    sd: np.ndarray | float,
    *,
    confidence: float = 0.95,
) -> EffectSize:
    """Cohen's d_z (mean of the differences over their standard deviation) with its interval.

    Parameters
    ----------
    n, mean, sd : sample size, mean and standard deviation (``ddof=1``) of the paired
        differences; scalars or arrays of one element per group.
    confidence : level of the interval.

    Returns
    -------
    EffectSize
        NaN where ``n < 2`` or ``sd`` is zero.

    Notes
    -----
    ``d_z = mean / sd`` (Cohen 1988; Lakens 2013, "Calculating and reporting effect sizes",
    Frontiers in Psychology 4:863, eq. 6). Since ``t = d_z * sqrt(n)`` follows a noncentral t
    distribution with ``n - 1`` degrees of freedom and noncentrality ``delta * sqrt(n)``, the
    interval inverts that distribution at the observed t (Cumming & Finch 2001; the method for
    d_z in Goulet-Pelletier & Cousineau 2018, "A review of effect sizes and their confidence
    intervals, Part I", The Quantitative Methods for Psychology 14(4), and in R's
    ``MOTE::d.dep.t.diff``): the bounds are the noncentralities ``nc`` at which the observed
    t is the upper and lower ``(1 - confidence) / 2`` quantile, divided by ``sqrt(n)``
    (``scipy.special.nctdtrinc``). Where that inversion fails numerically (|t| in the
    thousands), the normal approximation ``d_z -/+ z * sqrt(1/n + d_z^2 / (2n))`` of the same
    review is used; the two agree to six digits well before that point.

    Examples
    --------
    >>> e = cohen_dz(10, -1.58, 1.2299955)
    >>> round(e.dz, 4), round(e.ci_low, 3), round(e.ci_high, 3)
    (-1.2846, -2.118, -0.415)
    """
    conf = _check_confidence(confidence)
    scalar = np.ndim(n) == 0 and np.ndim(mean) == 0 and np.ndim(sd) == 0
    n_ = np.asarray(n, dtype="float64")
    m = np.asarray(mean, dtype="float64")
    s = np.asarray(sd, dtype="float64")
    ok = (n_ >= 2) & np.isfinite(m) & np.isfinite(s) & (s > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        dz = np.where(ok, m / s, np.nan)
        df = np.where(ok, n_ - 1.0, np.nan)
        t = dz * np.sqrt(n_)
        alpha = 1.0 - conf
        root_n = np.sqrt(n_)
        low = np.where(ok, special.nctdtrinc(df, 1.0 - alpha / 2.0, t) / root_n, np.nan)
        high = np.where(ok, special.nctdtrinc(df, alpha / 2.0, t) / root_n, np.nan)
        failed = ok & ~(np.isfinite(low) & np.isfinite(high))
        if failed.any():
            z = special.ndtri(1.0 - alpha / 2.0)
            se = np.sqrt(1.0 / n_ + dz**2 / (2.0 * n_))
            low = np.where(failed, dz - z * se, low)
            high = np.where(failed, dz + z * se, high)
    zero = np.zeros(np.broadcast(n_, m, s).shape)
    return EffectSize(*_unwrap((dz + zero, low + zero, high + zero), scalar))


def bootstrap_mean_ci(
    x: np.ndarray,
    *,
    n_boot: int = 2000,
    seed: int | np.random.Generator = 20090101,
    confidence: float = 0.95,
    block: int = BOOTSTRAP_BLOCK,
) -> tuple[float, float]:
    """Percentile bootstrap confidence interval of the mean of ``x``.

    Parameters
    ----------
    x : sample, missing values removed.
    n_boot : number of resamples.
    seed : seed of a fresh ``numpy.random.default_rng``, or a ``Generator`` to draw from.
    confidence : level of the interval.
    block : most resampled values drawn at once; bounds memory at about ``16 * block`` bytes.

    Returns
    -------
    (low, high)
        The ``(1 - confidence) / 2`` and ``(1 + confidence) / 2`` quantiles (numpy's default
        linear interpolation, R's type 7) of the ``n_boot`` resampled means; NaN when ``x`` has
        fewer than two values.

    Notes
    -----
    Resamples are drawn as one ``Generator.integers(0, n, size=(rows, n))`` matrix per block
    of ``rows = max(1, block // n)`` resamples. numpy's generators produce the same stream
    whatever the split into blocks, so the interval depends only on ``x``, ``n_boot`` and the
    seed, not on ``block``. Percentile method: Efron & Tibshirani (1993), *An Introduction to
    the Bootstrap*, ch. 13.

    Examples
    --------
    >>> lo, hi = bootstrap_mean_ci(np.arange(100.0), n_boot=500, seed=1)
    >>> bool(lo < 49.5 < hi)
    True
    """
    conf = _check_confidence(confidence)
    if int(n_boot) < 1:
        raise ValueError(f"n_boot must be a positive number of resamples; got {n_boot!r}")
    values = np.asarray(x, dtype="float64")
    n = values.size
    if n < 2:
        return (np.nan, np.nan)
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    rows = max(1, int(block) // n)
    means = np.empty(int(n_boot))
    done = 0
    while done < n_boot:
        k = min(rows, int(n_boot) - done)
        idx = rng.integers(0, n, size=(k, n))
        means[done : done + k] = values[idx].mean(axis=1)
        done += k
    alpha = 1.0 - conf
    low, high = np.quantile(means, [alpha / 2.0, 1.0 - alpha / 2.0])
    return (float(low), float(high))


def p_adjust(p: np.ndarray, method: Adjust) -> np.ndarray:
    """Adjusted p-values for multiple testing, as R's ``p.adjust`` (missing values ignored).

    Parameters
    ----------
    p : p-values; NaN entries are left NaN and not counted among the tests.
    method : ``"bh"`` (Benjamini & Hochberg 1995, false discovery rate) or ``"holm"``
        (Holm 1979, family-wise error rate).

    Returns
    -------
    Array of adjusted p-values in the input order.

    Notes
    -----
    With the ``m`` non-missing p-values sorted ascending, ``p_(1) <= ... <= p_(m)``:
    BH gives ``min_{j >= i} min(1, m p_(j) / j)``; Holm gives
    ``max_{j <= i} min(1, (m - j + 1) p_(j))``.

    Examples
    --------
    >>> p_adjust(np.array([0.01, 0.04, 0.03]), "bh").round(3).tolist()
    [0.03, 0.04, 0.04]
    >>> p_adjust(np.array([0.01, 0.04, 0.03]), "holm").round(3).tolist()
    [0.03, 0.06, 0.06]
    """
    if method not in ("bh", "holm"):
        raise ValueError(f"method must be 'bh' or 'holm'; got {method!r}")
    values = np.asarray(p, dtype="float64")
    out = np.full(values.shape, np.nan)
    keep = np.flatnonzero(~np.isnan(values))
    m = keep.size
    if m == 0:
        return out
    if ((values[keep] < 0) | (values[keep] > 1)).any():
        raise ValueError("p-values must lie between 0 and 1")
    order = keep[np.argsort(values[keep], kind="stable")]
    ranked = values[order]
    i = np.arange(1, m + 1, dtype="float64")
    if method == "bh":
        adj = np.minimum.accumulate((ranked * m / i)[::-1])[::-1]
    else:
        adj = np.maximum.accumulate(ranked * (m - i + 1))
    out[order] = np.minimum(adj, 1.0)
    return out
