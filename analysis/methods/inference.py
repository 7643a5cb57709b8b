"""Small statistical helpers shared by the analysis modules: tests on paired differences,
Cohen's d_z with its interval, a seeded bootstrap interval of a mean, multiple-testing corrections.

Private numpy/scipy code with no pandas and no column names, so that the before/after tables,
the program-versus-comparison tables and anything else can agree on one implementation.

How to use it (for other modules)
---------------------------------
- :func:`group_moments` gives per-group counts, means, standard deviations and medians in a
  few vectorised passes (for thousands of subgroups).
- :func:`t_interval` gives the standard error and t interval of means from counts, means and
  standard deviations (group trends, dose-response bands).
- :func:`t_test_moments` is the one-sample t-test of ``mean == 0`` (a paired t-test when the
  sample is the within-pair differences) from ``n``, ``mean`` and ``sd``, vectorised over arrays
  of groups. :func:`paired_t_test` does the same from the differences themselves. Both agree with
  ``scipy.stats.ttest_rel`` and R's ``t.test(..., paired = TRUE)``.
- :func:`wilcoxon_signed_rank` follows R's ``wilcox.test(x, y, paired = TRUE)`` rule by rule
  (zeros dropped, exact null distribution below 50 pairs without ties or zeros, otherwise the
  normal approximation with tie correction and continuity correction), so that its p-value can be
  put next to R's; :func:`wilcoxon_by_group` does the same for many groups in one sort.
- :func:`cohen_dz` gives d_z = mean / sd of the differences with the exact noncentral-t interval,
  vectorised.
- :func:`bootstrap_mean_ci` gives a percentile bootstrap interval of a mean, vectorised in
  blocks of bounded memory, seeded with a numpy ``Generator``.
- :func:`wilson_interval` gives the Wilson score interval of a proportion (share of members
  whose income rose), vectorised; it equals statsmodels' ``proportion_confint(method="wilson")``
  and R's ``prop.test(correct = FALSE)``.
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

#: Up to this many groups, group_moments takes medians group by group (selection, O(n) each)
#: rather than sorting every value once.
_FEW_GROUPS = 8


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


def _moments(
    n: np.ndarray | float, mean: np.ndarray | float, sd: np.ndarray | float
) -> tuple[bool, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(scalar input?, n, mean, sd as float arrays, where a test is defined, zeros to broadcast).

    A test on ``n`` values with this mean and standard deviation is defined when there are
    two values or more and the standard deviation is finite and positive.
    """
    scalar = np.ndim(n) == 0 and np.ndim(mean) == 0 and np.ndim(sd) == 0
    n_ = np.asarray(n, dtype="float64")
    m = np.asarray(mean, dtype="float64")
    s = np.asarray(sd, dtype="float64")
    ok = (n_ >= 2) & np.isfinite(m) & np.isfinite(s) & (s > 0)
    return scalar, n_, m, s, ok, np.zeros(np.broadcast(n_, m, s).shape)


def _sort_within_groups(values: np.ndarray, codes: np.ndarray, n_groups: int) -> np.ndarray:
    """Indices ordering by group code, then by value within each group.

    Equal values within a group may come in any order (medians and average ranks do not
    care), which allows numpy's fast unstable sort on the values followed by a stable sort on
    the codes -- a radix sort when the codes fit in 16 bits; about three times faster than
    ``np.lexsort`` on a million values.
    """
    by_value = np.argsort(values)
    small = np.uint16 if n_groups <= np.iinfo(np.uint16).max else np.int64
    return by_value[np.argsort(codes[by_value].astype(small), kind="stable")]


@dataclass(frozen=True)
class GroupMoments:
    """Per-group summaries, one element per group code (NaN where a group is too small).

    Attributes
    ----------
    n : count (int64).
    mean : mean (NaN for empty groups).
    sd : standard deviation with ``ddof=1`` (NaN below two values).
    median : median, the mean of the two middle values for even counts (as ``np.median``).
    """

    n: np.ndarray
    mean: np.ndarray
    sd: np.ndarray
    median: np.ndarray


def group_moments(
    x: np.ndarray, group: np.ndarray, n_groups: int, *, median: bool = True
) -> GroupMoments:
    """Count, mean, standard deviation and median of ``x`` within each group, vectorised.

    Parameters
    ----------
    x : values, missing values removed.
    group : integer group code of each value, ``0 <= group < n_groups``.
    n_groups : number of groups.
    median : ``False`` skips the medians (left NaN), which cost a sort.

    Notes
    -----
    The standard deviation takes two passes (deviations from each group's mean), not the
    one-pass ``sum(x^2) - n mean^2``, which loses every digit on incomes in the millions of
    rupiah. Medians come from one sort by (group, value).

    Examples
    --------
    >>> m = group_moments(np.array([1.0, 2.0, 4.0, 10.0]), np.array([0, 0, 0, 1]), 3)
    >>> m.n.tolist(), m.mean.tolist()[:2], m.median.tolist()[:2]
    ([3, 1, 0], [2.3333333333333335, 10.0], [2.0, 10.0])
    """
    values = np.asarray(x, dtype="float64")
    codes = np.asarray(group, dtype="int64")
    n = np.bincount(codes, minlength=n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.bincount(codes, weights=values, minlength=n_groups) / n
        dev = values - mean[codes]
        ss = np.bincount(codes, weights=dev * dev, minlength=n_groups)
        sd = np.where(n >= 2, np.sqrt(ss / (n - 1)), np.nan)
    mean = np.where(n > 0, mean, np.nan)
    medians = np.full(n_groups, np.nan)
    has = n > 0
    if not median:
        return GroupMoments(n, mean, sd, medians)
    if n_groups <= _FEW_GROUPS:
        # a few groups (program, comparison): selection is cheaper than a full sort
        for k in np.flatnonzero(has):
            medians[k] = np.median(values[codes == k])
        return GroupMoments(n, mean, sd, medians)
    ordered = values[_sort_within_groups(values, codes, n_groups)]
    start = np.cumsum(n) - n
    lo = start[has] + (n[has] - 1) // 2
    hi = start[has] + n[has] // 2
    medians[has] = (ordered[lo] + ordered[hi]) / 2.0
    return GroupMoments(n, mean, sd, medians)


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
    scalar, n_, m, s, ok, zero = _moments(n, mean, sd)
    se, low, high = t_interval(n_, m, s, confidence=conf)
    with np.errstate(divide="ignore", invalid="ignore"):
        df = np.where(ok, n_ - 1.0, np.nan)
        se = np.where(ok, se, np.nan)
        t = np.where(ok, m / se, np.nan)
        # scipy.special's ufuncs, not scipy.stats.t: the same functions without the
        # per-call overhead that dominates when there are thousands of subgroups.
        p = np.where(ok, 2.0 * special.stdtr(df, -np.abs(t)), np.nan)
    low, high = np.where(ok, low, np.nan) + zero, np.where(ok, high, np.nan) + zero
    return TTest(*_unwrap((t + zero, df + zero, p + zero, se + zero, low, high), scalar))


def t_interval(
    n: np.ndarray | float,
    mean: np.ndarray | float,
    sd: np.ndarray | float,
    *,
    confidence: float = 0.95,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Standard error and t confidence interval of a mean from ``n``, ``mean`` and ``sd``.

    Returns arrays ``(se, low, high)``: ``se = sd / sqrt(n)`` and ``mean -/+ t_{n-1} * se``,
    NaN where ``n < 2`` (a standard deviation of 0 gives the interval ``[mean, mean]``; the
    t-test of :func:`t_test_moments` is undefined there).

    Examples
    --------
    >>> se, low, high = t_interval(np.array([4, 1]), np.array([2.0, 5.0]), np.array([2.0, 0.0]))
    >>> se.tolist()[0], round(float(low[0]), 4), bool(np.isnan(high[1]))
    (1.0, -1.1824, True)
    """
    conf = _check_confidence(confidence)
    n_ = np.asarray(n, dtype="float64")
    m = np.asarray(mean, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        se = np.where(n_ >= 2, np.asarray(sd, dtype="float64") / np.sqrt(n_), np.nan)
        q = np.where(n_ >= 2, special.stdtrit(np.maximum(n_ - 1.0, 1.0), 0.5 + conf / 2.0), np.nan)
    return se, m - q * se, m + q * se


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
    subtract exactly in float64) so that ties are ties. :func:`wilcoxon_by_group` computes the
    same for many groups at once.

    Examples
    --------
    >>> r = wilcoxon_signed_rank(np.array([1.0, 2.0, 3.0, 4.0, 5.0]))
    >>> r.v, r.p, r.method
    (15.0, 0.0625, 'exact')
    """
    d = np.asarray(diff, dtype="float64")
    g = wilcoxon_by_group(d, np.zeros(d.size, dtype="int64"), 1)
    return Wilcoxon(float(g.v[0]), float(g.p[0]), g.method[0], int(g.n_used[0]), int(g.n_zero[0]))


@dataclass(frozen=True)
class WilcoxonGroups:
    """:class:`Wilcoxon` fields as arrays, one element per group."""

    v: np.ndarray
    p: np.ndarray
    method: np.ndarray
    n_used: np.ndarray
    n_zero: np.ndarray


def wilcoxon_by_group(diff: np.ndarray, group: np.ndarray, n_groups: int) -> WilcoxonGroups:
    """:func:`wilcoxon_signed_rank` within each group, vectorised.

    Parameters
    ----------
    diff : differences, missing values removed.
    group : integer group code of each difference, ``0 <= group < n_groups``.
    n_groups : number of groups (groups without differences get method ``"none"``).

    Returns
    -------
    WilcoxonGroups
        One element per group code.

    Notes
    -----
    One sort by (group, |difference|) gives every group's average ranks and
    tie blocks, so thousands of groups (cooperatives on a large survey) cost one sort rather
    than thousands of calls. Same rules and results as :func:`wilcoxon_signed_rank`.
    """
    d = np.asarray(diff, dtype="float64")
    codes = np.asarray(group, dtype="int64")
    if np.isnan(d).any():
        raise ValueError("wilcoxon_signed_rank: remove missing differences first")
    if d.shape != codes.shape:
        raise ValueError("diff and group must have the same length")
    nonzero = d != 0
    n_zero = np.bincount(codes[~nonzero], minlength=n_groups)
    dn, gn = d[nonzero], codes[nonzero]
    n_used = np.bincount(gn, minlength=n_groups)
    absd = np.abs(dn)
    order = _sort_within_groups(absd, gn, n_groups)
    gs, as_, positive = gn[order], absd[order], dn[order] > 0
    # tie blocks: runs of equal |difference| within a group
    new_block = np.ones(gs.size, dtype=bool)
    new_block[1:] = (gs[1:] != gs[:-1]) | (as_[1:] != as_[:-1])
    block_of = np.cumsum(new_block) - 1
    block_start = np.flatnonzero(new_block)
    block_size = np.diff(np.append(block_start, gs.size))
    block_group = gs[block_start]
    group_start = np.cumsum(n_used) - n_used
    # a block of c equal values starting at position s of its group (0-based) holds ranks
    # s+1..s+c, average s + (c+1)/2
    block_rank = block_start - group_start[block_group] + (block_size + 1) / 2.0
    v = np.bincount(gs[positive], weights=block_rank[block_of[positive]], minlength=n_groups)
    sizes = block_size.astype("float64")
    tie_term = np.bincount(block_group, weights=sizes**3 - sizes, minlength=n_groups)
    ties = np.bincount(block_group, weights=block_size > 1, minlength=n_groups) > 0

    n = n_used.astype("float64")
    p = np.full(n_groups, np.nan)
    method = np.full(n_groups, "none", dtype=object)
    exact = (n_used > 0) & (n_used < WILCOXON_EXACT_BELOW) & ~ties & (n_zero == 0)
    for size in np.unique(n_used[exact]):
        idx = np.flatnonzero(exact & (n_used == size))
        cdf = _signrank_cdf(int(size))
        vi = np.rint(v[idx]).astype("int64")
        upper = v[idx] > size * (size + 1) / 4.0
        below = np.where(vi >= 1, cdf[np.maximum(vi - 1, 0)], 0.0)
        tail = np.where(upper, 1.0 - below, cdf[vi])  # P(V >= v) or P(V <= v)
        p[idx] = np.minimum(1.0, 2.0 * tail)
        method[idx] = "exact"
    with np.errstate(invalid="ignore", divide="ignore"):
        sigma = np.sqrt(n * (n + 1) * (2 * n + 1) / 24.0 - tie_term / 48.0)
        normal = (n_used > 0) & ~exact & (sigma > 0)
        z = v - n * (n + 1) / 4.0
        z = (z - 0.5 * np.sign(z)) / sigma
        p = np.where(normal, np.minimum(1.0, 2.0 * special.ndtr(-np.abs(z))), p)
    method[normal] = "normal"
    v = np.where(n_used > 0, v, np.nan)
    return WilcoxonGroups(v, p, method, n_used, n_zero)


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
    (``scipy.special.nctdtrinc`` as a start, then a Brent root search on the noncentral t
    distribution function, so the bounds invert it to machine precision). Where that inversion fails numerically (|t| in the
    thousands), the normal approximation ``d_z -/+ z * sqrt(1/n + d_z^2 / (2n))`` of the same
    review is used; the two agree to six digits well before that point.

    Examples
    --------
    >>> e = cohen_dz(10, -1.58, 1.2299955)
    >>> round(e.dz, 4), round(e.ci_low, 3), round(e.ci_high, 3)
    (-1.2846, -2.118, -0.415)
    """
    conf = _check_confidence(confidence)
    scalar, n_, m, s, ok, zero = _moments(n, mean, sd)
    with np.errstate(divide="ignore", invalid="ignore"):
        dz = np.where(ok, m / s, np.nan)
        df = np.where(ok, n_ - 1.0, np.nan)
        t = dz * np.sqrt(n_)
        alpha = 1.0 - conf
        root_n = np.sqrt(n_)
        low = np.where(ok, _nc_for(df, 1.0 - alpha / 2.0, t) / root_n, np.nan)
        high = np.where(ok, _nc_for(df, alpha / 2.0, t) / root_n, np.nan)
        failed = ok & ~(np.isfinite(low) & np.isfinite(high))
        if failed.any():
            z = special.ndtri(1.0 - alpha / 2.0)
            se = np.sqrt(1.0 / n_ + dz**2 / (2.0 * n_))
            low = np.where(failed, dz - z * se, low)
            high = np.where(failed, dz + z * se, high)
    return EffectSize(*_unwrap((dz + zero, low + zero, high + zero), scalar))


#: Beyond this |t| the d_z interval uses the normal approximation (see :func:`cohen_dz`).
_NCT_LIMIT = 1000.0


def _nc_for(df: np.ndarray, p: float, t: np.ndarray) -> np.ndarray:
    """The noncentrality ``nc`` with ``P(T <= t | df, nc) = p``, solved to machine precision.

    ``scipy.special.nctdtrinc`` alone stops at about 3e-7 relative; its answer is the start of
    a bracketed root search (Brent) on the noncentral t distribution function itself. NaN
    past |t| = :data:`_NCT_LIMIT` (scipy's inversion takes minutes out there) or where the
    start is not finite: the caller then uses the normal approximation.
    """
    from scipy.optimize import brentq

    shape = np.broadcast_shapes(np.shape(df), np.shape(t))
    dfs = np.broadcast_to(np.asarray(df, dtype="float64"), shape).ravel()
    ts = np.broadcast_to(np.asarray(t, dtype="float64"), shape).ravel()
    # scipy's own inversion takes seconds to minutes past |t| ~ 1e5: far out, the caller's
    # normal approximation is as good, so those are left NaN
    near = np.isfinite(ts) & (np.abs(ts) <= _NCT_LIMIT) & np.isfinite(dfs)
    start = np.full(ts.shape, np.nan)
    if near.any():
        start[near] = special.nctdtrinc(dfs[near], p, ts[near])
    out = start.copy()
    for i, (nc0, d, x) in enumerate(zip(start, dfs, ts, strict=True)):
        if not (np.isfinite(nc0) and np.isfinite(d) and np.isfinite(x)):
            continue

        def f(nc: float, d: float = d, x: float = x) -> float:
            return float(special.nctdtr(d, nc, x)) - p

        step = 1e-4 * max(1.0, abs(nc0))
        lo, hi = nc0 - step, nc0 + step
        # the distribution function falls as nc grows: widen until the root is bracketed
        for _ in range(60):
            if f(lo) * f(hi) <= 0:
                out[i] = brentq(f, lo, hi, xtol=1e-15, rtol=4 * np.finfo(float).eps)
                break
            step *= 2.0
            lo, hi = nc0 - step, nc0 + step
    return out.reshape(shape)


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


def wilson_interval(
    successes: np.ndarray | float,
    n: np.ndarray | float,
    *,
    confidence: float = 0.95,
) -> tuple[np.ndarray | float, np.ndarray | float]:
    """Wilson score interval of a proportion ``successes / n``.

    Parameters
    ----------
    successes, n : counts; scalars or arrays of the same shape, one element per group.
    confidence : level of the interval.

    Returns
    -------
    (low, high) : floats for scalar input, arrays otherwise; NaN where ``n`` is zero.

    Notes
    -----
    With ``p = k / n`` and ``z`` the normal quantile at ``1 - alpha / 2``, the interval is
    ``(p + z^2 / 2n -/+ z sqrt(p (1 - p) / n + z^2 / 4n^2)) / (1 + z^2 / n)`` (Wilson 1927).
    Unlike the Wald interval ``p -/+ z sqrt(p (1 - p) / n)`` it stays inside [0, 1] and keeps
    a width when ``p`` is 0 or 1 (every member's income rose), which is common in small
    subgroups. It is statsmodels' ``proportion_confint(k, n, method="wilson")`` and R's
    ``prop.test(k, n, correct = FALSE)$conf.int``.

    Examples
    --------
    >>> low, high = wilson_interval(8, 10)
    >>> round(low, 4), round(high, 4)
    (0.4902, 0.9433)
    """
    conf = _check_confidence(confidence)
    scalar = np.ndim(successes) == 0 and np.ndim(n) == 0
    k = np.asarray(successes, dtype="float64")
    n_ = np.asarray(n, dtype="float64")
    z = float(special.ndtri(0.5 + conf / 2.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k / n_
        denom = 1.0 + z * z / n_
        centre = (p + z * z / (2.0 * n_)) / denom
        half = z * np.sqrt(p * (1.0 - p) / n_ + z * z / (4.0 * n_ * n_)) / denom
        ok = n_ > 0
        # exactly 0 and 1 at the ends (rounding leaves 1e-17 and 1 - 1e-16 otherwise)
        low = np.where(ok, np.where(k <= 0, 0.0, np.clip(centre - half, 0.0, 1.0)), np.nan)
        high = np.where(ok, np.where(k >= n_, 1.0, np.clip(centre + half, 0.0, 1.0)), np.nan)
    if scalar:
        return float(low), float(high)
    return low, high


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
