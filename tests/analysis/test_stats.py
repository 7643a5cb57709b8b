"""_stats: paired t, Wilcoxon signed-rank, Cohen's d_z, bootstrap interval, p-value corrections.

Every expected value is an independent computation written out here (scipy, statsmodels or
arithmetic by hand) or a published figure, cited beside it.
"""

from __future__ import annotations

import doctest

import numpy as np
import pytest
from scipy import optimize, stats

from analysis.methods import inference as _stats
from analysis.methods.inference import (
    WILCOXON_EXACT_BELOW,
    bootstrap_mean_ci,
    cohen_dz,
    group_moments,
    p_adjust,
    paired_t_test,
    t_interval,
    t_test_moments,
    wilcoxon_by_group,
    wilcoxon_signed_rank,
    wilson_interval,
)


def _pairs(n: int, seed: int, *, shift: float = 0.3) -> tuple[np.ndarray, np.ndarray]:
    """Before/after pairs with a shift; seeded."""
    rng = np.random.default_rng(seed)
    before = rng.normal(10.0, 2.0, n)
    return before, before + rng.normal(shift, 1.0, n)


# --- paired t ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "seed", "confidence"),
    [
        (2, 1, 0.95),  # the smallest sample with a test
        (12, 2, 0.95),  # a small cooperative
        (500, 3, 0.90),  # another confidence level
        (5000, 4, 0.99),
    ],
)
def test_paired_t_test_matches_scipy_ttest_rel(n: int, seed: int, confidence: float) -> None:
    before, after = _pairs(n, seed)
    ours = paired_t_test(after - before, confidence=confidence)
    ref = stats.ttest_rel(after, before)  # scipy's paired t-test, independent code path
    ci = ref.confidence_interval(confidence_level=confidence)
    np.testing.assert_allclose(
        [ours.t, ours.df, ours.p, ours.ci_low, ours.ci_high],
        [ref.statistic, ref.df, ref.pvalue, ci.low, ci.high],
        rtol=1e-10,
    )


def test_t_test_moments_by_hand_on_four_differences() -> None:
    # d = 1, 0.5, 1, 2: mean 1.125, sd sqrt(1.1875 / 3) = 0.629153 (hand)
    r = t_test_moments(4, 1.125, np.sqrt(1.1875 / 3))
    se = np.sqrt(1.1875 / 3) / 2  # sd / sqrt(n)
    assert r.t == pytest.approx(1.125 / se)
    assert r.df == 3
    assert r.p == pytest.approx(2 * stats.t.sf(1.125 / se, 3))  # two-sided
    assert r.ci_low == pytest.approx(1.125 - stats.t.ppf(0.975, 3) * se)


def test_t_test_moments_is_vectorised_over_groups() -> None:
    n, mean, sd = np.array([5, 40, 3]), np.array([1.0, -0.2, 3.0]), np.array([2.0, 1.0, 0.5])
    together = t_test_moments(n, mean, sd)
    for i in range(3):
        alone = t_test_moments(int(n[i]), float(mean[i]), float(sd[i]))
        assert together.p[i] == pytest.approx(alone.p)
        assert together.ci_high[i] == pytest.approx(alone.ci_high)


@pytest.mark.parametrize(
    ("n", "mean", "sd"),
    [
        (1, 2.0, 1.0),  # one observation: no degrees of freedom
        (10, 2.0, 0.0),  # every difference equal: t undefined
        (10, np.nan, 1.0),  # a missing mean
    ],
)
def test_t_test_is_nan_where_undefined(n: int, mean: float, sd: float) -> None:
    r = t_test_moments(n, mean, sd)
    assert np.isnan([r.t, r.df, r.p, r.ci_low, r.ci_high]).all()


def test_invalid_confidence_is_refused() -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        t_test_moments(10, 1.0, 1.0, confidence=95)
    with pytest.raises(ValueError, match="between 0 and 1"):
        t_interval(10, 1.0, 1.0, confidence=95)


@pytest.mark.parametrize(
    ("n", "mean", "sd", "confidence"),
    [
        (12, 250_000.0, 400_000.0, 0.95),  # a cooperative's mean income change
        (2, -1.5, 0.7, 0.90),  # the smallest sample with an interval
        (5_000, 3.0, 10.0, 0.99),  # a large group
    ],
)
def test_t_interval_matches_scipy_t_interval(
    n: int, mean: float, sd: float, confidence: float
) -> None:
    se, low, high = t_interval(
        np.array([n]), np.array([mean]), np.array([sd]), confidence=confidence
    )
    # scipy: stats.t.interval(confidence, n - 1, loc=mean, scale=sd / sqrt(n))
    ref = stats.t.interval(confidence, n - 1, loc=mean, scale=sd / np.sqrt(n))
    assert se[0] == pytest.approx(sd / np.sqrt(n))
    np.testing.assert_allclose([low[0], high[0]], ref, rtol=1e-12)


def test_t_interval_is_a_point_without_variance_and_nan_for_one_value() -> None:
    se, low, high = t_interval(np.array([6, 1]), np.array([4.0, 9.0]), np.array([0.0, np.nan]))
    # hand: sd 0 gives se 0 and the interval [mean, mean]; one value has no interval
    assert (se[0], low[0], high[0]) == (0.0, 4.0, 4.0)
    assert np.isnan([se[1], low[1], high[1]]).all()
    # where t_test_moments is undefined (sd 0) the interval is not
    assert np.isnan(t_test_moments(6, 4.0, 0.0).ci_low)


# --- Wilcoxon signed-rank ------------------------------------------------------------------


def test_wilcoxon_exact_p_by_hand_for_five_positive_differences() -> None:
    # All five ranks positive: V = 1+2+3+4+5 = 15, the largest of 2^5 equally likely sign
    # patterns, so P(V >= 15) = 1/32 and the two-sided p is 2/32 = 0.0625 (hand).
    r = wilcoxon_signed_rank(np.array([1.0, 2.0, 3.0, 4.0, 5.0]))
    assert (r.v, r.p, r.method) == (15.0, 0.0625, "exact")


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("n", [6, 20, WILCOXON_EXACT_BELOW - 1])
def test_wilcoxon_exact_p_matches_scipy_exact(n: int, seed: int) -> None:
    before, after = _pairs(n, seed)  # continuous values: no ties, no zeros
    d = after - before
    ref = stats.wilcoxon(d, method="exact")  # scipy's exact null distribution
    r = wilcoxon_signed_rank(d)
    assert r.method == "exact"
    assert r.p == pytest.approx(ref.pvalue, rel=1e-12)
    # V (R's statistic) is the sum of positive ranks: scipy.stats.rankdata written out
    assert r.v == pytest.approx(stats.rankdata(np.abs(d))[d > 0].sum())


@pytest.mark.parametrize(
    "d",
    [
        # fifty distinct differences: R's rule switches to the normal approximation at n = 50
        np.linspace(-1.0, 3.0, WILCOXON_EXACT_BELOW),
        # ties among the absolute values
        np.array([1.0, -1.0, 2.0, 2.0, 3.0, 4.0, 4.0, 4.0, 5.0, -2.0]),
        # zeros, dropped before ranking (R and scipy's zero_method="wilcox")
        np.array([0.0, 0.0, 1.0, 2.5, -0.5, 3.0, 4.0, 1.5]),
        # many members, whole-rupiah changes with many ties
        np.round(np.random.default_rng(9).normal(50_000, 200_000, 3000), -4),
    ],
)
def test_wilcoxon_normal_approximation_matches_scipy_with_continuity_correction(
    d: np.ndarray,
) -> None:
    # scipy's asymptotic p with the same conventions as R's default wilcox.test
    ref = stats.wilcoxon(d, zero_method="wilcox", correction=True, method="asymptotic")
    r = wilcoxon_signed_rank(d)
    assert r.method == "normal"
    assert r.p == pytest.approx(ref.pvalue, rel=1e-10)
    assert r.n_zero == int((d == 0).sum())


def test_wilcoxon_is_undefined_when_nothing_changed() -> None:
    r = wilcoxon_signed_rank(np.zeros(7))
    assert r.method == "none" and np.isnan(r.p) and r.n_zero == 7


def test_wilcoxon_refuses_missing_differences() -> None:
    with pytest.raises(ValueError, match="missing"):
        wilcoxon_signed_rank(np.array([1.0, np.nan]))


# --- Cohen's d_z -----------------------------------------------------------------------------


@pytest.mark.parametrize(("n", "seed"), [(5, 1), (30, 2), (400, 3)])
def test_cohen_dz_interval_inverts_the_noncentral_t(n: int, seed: int) -> None:
    before, after = _pairs(n, seed)
    d = after - before
    e = cohen_dz(n, d.mean(), d.std(ddof=1))
    assert e.dz == pytest.approx(d.mean() / d.std(ddof=1))  # Lakens (2013), eq. 6
    t_obs = d.mean() / (d.std(ddof=1) / np.sqrt(n))

    # Independent inversion with scipy.stats.nct and a root finder: the lower bound's
    # noncentrality puts the observed t at the 97.5th percentile, the upper at the 2.5th.
    def bound(q: float) -> float:
        return optimize.brentq(
            lambda nc: stats.nct.cdf(t_obs, n - 1, nc) - q, t_obs - 50, t_obs + 50, xtol=1e-12
        ) / np.sqrt(n)

    # scipy.special.nctdtrinc solves to about 1e-7 relative; six decimals are plenty
    assert e.ci_low == pytest.approx(bound(0.975), abs=1e-6)
    assert e.ci_high == pytest.approx(bound(0.025), abs=1e-6)


def test_cohen_dz_interval_approaches_the_normal_approximation_for_large_n() -> None:
    # Goulet-Pelletier & Cousineau (2018): var(d_z) ~ 1/n + d_z^2 / (2n) for large n
    n, dz = 200_000, 0.8
    e = cohen_dz(n, dz, 1.0)
    se = np.sqrt(1 / n + dz**2 / (2 * n))
    assert e.ci_low == pytest.approx(dz - 1.959964 * se, abs=1e-5)
    assert e.ci_high == pytest.approx(dz + 1.959964 * se, abs=1e-5)


def test_cohen_dz_is_nan_without_variance() -> None:
    e = cohen_dz(10, 1.0, 0.0)
    assert np.isnan([e.dz, e.ci_low, e.ci_high]).all()


# --- bootstrap ----------------------------------------------------------------------------------


def test_bootstrap_ci_is_the_percentile_interval_of_seeded_resampled_means() -> None:
    x = np.random.default_rng(3).lognormal(14, 0.6, 300)
    # Written out: one resample matrix from a fresh generator, means, type-7 quantiles
    rng = np.random.default_rng(11)
    means = x[rng.integers(0, x.size, size=(1000, x.size))].mean(axis=1)
    expected = np.quantile(means, [0.025, 0.975])
    assert bootstrap_mean_ci(x, n_boot=1000, seed=11) == pytest.approx(tuple(expected))


def test_bootstrap_ci_does_not_depend_on_the_memory_block() -> None:
    x = np.random.default_rng(4).normal(0, 1, 97)
    whole = bootstrap_mean_ci(x, n_boot=600, seed=5)
    assert bootstrap_mean_ci(x, n_boot=600, seed=5, block=97 * 7) == whole  # 7 rows a block
    assert bootstrap_mean_ci(x, n_boot=600, seed=5, block=1) == whole  # one row a block


def test_bootstrap_ci_agrees_with_scipy_bootstrap_and_the_t_interval() -> None:
    x = np.random.default_rng(6).normal(5.0, 2.0, 400)
    ours = bootstrap_mean_ci(x, n_boot=4000, seed=1)
    ref = stats.bootstrap(
        (x,), np.mean, n_resamples=4000, method="percentile", rng=np.random.default_rng(2)
    ).confidence_interval
    t = paired_t_test(x)
    # Monte Carlo error of a 4,000-resample percentile bound is about 0.01 here
    assert ours == pytest.approx((ref.low, ref.high), abs=0.03)
    assert ours == pytest.approx((t.ci_low, t.ci_high), abs=0.03)


def test_bootstrap_ci_needs_two_values_and_positive_resamples() -> None:
    assert np.isnan(bootstrap_mean_ci(np.array([1.0]))).all()
    with pytest.raises(ValueError, match="n_boot"):
        bootstrap_mean_ci(np.arange(5.0), n_boot=0)


# --- multiple testing -----------------------------------------------------------------------


def test_p_adjust_by_hand_on_r_style_example() -> None:
    p = np.array([0.01, 0.02, 0.03, 0.04, 0.05])
    # BH (hand): m p_(i) / i = 0.05 for every i, so all adjusted p are 0.05
    np.testing.assert_allclose(p_adjust(p, "bh"), [0.05] * 5)
    # Holm (hand): 5*0.01, 4*0.02, 3*0.03, then running maximum: 0.05, 0.08, 0.09, 0.09, 0.09
    np.testing.assert_allclose(p_adjust(p, "holm"), [0.05, 0.08, 0.09, 0.09, 0.09])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_p_adjust_matches_statsmodels_multipletests(seed: int) -> None:
    from statsmodels.stats.multitest import multipletests

    p = np.random.default_rng(seed).uniform(0, 0.2, 25)
    p[[3, 7]] = p[5]  # ties
    for ours, theirs in (("bh", "fdr_bh"), ("holm", "holm")):
        np.testing.assert_allclose(p_adjust(p, ours), multipletests(p, method=theirs)[1])


def test_p_adjust_ignores_missing_p_values() -> None:
    from statsmodels.stats.multitest import multipletests

    p = np.array([0.01, np.nan, 0.04, 0.03, np.nan])
    kept = p[~np.isnan(p)]
    out = p_adjust(p, "holm")
    assert np.isnan(out[[1, 4]]).all()  # untested levels stay untested
    np.testing.assert_allclose(out[[0, 2, 3]], multipletests(kept, method="holm")[1])


def test_p_adjust_refuses_unknown_methods_and_impossible_p() -> None:
    with pytest.raises(ValueError, match="'bh' or 'holm'"):
        p_adjust(np.array([0.1]), "bonferroni")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="between 0 and 1"):
        p_adjust(np.array([1.5]), "bh")


# --- share of members: Wilson score interval ------------------------------------------------


def test_wilson_interval_by_hand_for_8_of_10() -> None:
    # hand: p = 0.8, z = 1.959964, z^2 = 3.841459; centre = (0.8 + 0.192073) / 1.384146 =
    # 0.716740; half = 1.959964 * sqrt(0.016 + 0.009604) / 1.384146 = 0.226578
    low, high = wilson_interval(8, 10)
    assert (low, high) == pytest.approx((0.716740 - 0.226578, 0.716740 + 0.226578), abs=2e-6)


@pytest.mark.parametrize(
    ("k", "n", "confidence"),
    [
        (0, 3, 0.95),  # nobody's income rose: the interval still has a width
        (3, 3, 0.95),  # everybody's did: the upper end is exactly 1
        (1, 1, 0.95),  # one member
        (35, 379, 0.95),  # the demo's program group, roughly
        (612, 1000, 0.90),  # another confidence level
        (5, 40, 0.99),
    ],
)
def test_wilson_interval_matches_statsmodels_proportion_confint(
    k: int, n: int, confidence: float
) -> None:
    from statsmodels.stats.proportion import proportion_confint

    ref = proportion_confint(k, n, alpha=1 - confidence, method="wilson")
    assert wilson_interval(k, n, confidence=confidence) == pytest.approx(ref, abs=1e-12)


def test_wilson_interval_is_vectorised_and_nan_without_members() -> None:
    from statsmodels.stats.proportion import proportion_confint

    low, high = wilson_interval(np.array([2, 0, 7]), np.array([5, 0, 7]))
    assert np.isnan(low[1]) and np.isnan(high[1])  # no member: no share, no interval
    ref = proportion_confint(np.array([2, 7]), np.array([5, 7]), method="wilson")
    np.testing.assert_allclose([low[[0, 2]], high[[0, 2]]], ref, atol=1e-12)


# --- grouped versions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "n_groups",
    [
        8,  # few groups: medians group by group
        40,  # many groups (cooperatives): medians from one sort
    ],
)
def test_group_moments_match_numpy_within_each_group(n_groups: int) -> None:
    rng = np.random.default_rng(8)
    x = np.round(rng.lognormal(14, 0.5, 500), -3)
    g = rng.integers(0, n_groups - 1, 500)  # the last group is empty
    g[g == 5] = 6  # group 5 empty
    m = group_moments(x, g, n_groups)
    for k in range(n_groups):
        v = x[g == k]
        assert m.n[k] == v.size
        if v.size == 0:
            assert np.isnan([m.mean[k], m.sd[k], m.median[k]]).all()
            continue
        assert m.mean[k] == pytest.approx(v.mean())
        assert m.median[k] == pytest.approx(np.median(v))
        assert m.sd[k] == pytest.approx(v.std(ddof=1))


def test_group_moments_without_medians_skips_only_the_medians() -> None:
    rng = np.random.default_rng(9)
    x = rng.normal(size=300)
    g = rng.integers(0, 12, 300)
    full, quick = group_moments(x, g, 12), group_moments(x, g, 12, median=False)
    # the same counts, means and sds as the full call (checked above against numpy)
    np.testing.assert_array_equal(quick.n, full.n)
    np.testing.assert_array_equal(quick.mean, full.mean)
    np.testing.assert_array_equal(quick.sd, full.sd)
    assert np.isnan(quick.median).all()


def test_wilcoxon_by_group_equals_one_test_per_group() -> None:
    rng = np.random.default_rng(10)
    # whole-rupiah changes: ties and zeros; group sizes from 0 to ~300 cross every rule
    d = np.round(rng.normal(20_000, 100_000, 900), -4)
    d[:40] = rng.normal(0, 1, 40)  # a few continuous values (no ties) for exact p-values
    g = np.concatenate([np.repeat([0, 1, 2, 3], 10), rng.integers(4, 9, 860)])
    together = wilcoxon_by_group(d, g, 10)  # group 9 empty
    for k in range(10):
        alone = wilcoxon_signed_rank(d[g == k])
        assert together.method[k] == alone.method
        assert together.n_used[k] == alone.n_used and together.n_zero[k] == alone.n_zero
        np.testing.assert_allclose([together.v[k], together.p[k]], [alone.v, alone.p])
        if alone.method != "none":  # and each against scipy with R's conventions
            scipy_method = "exact" if alone.method == "exact" else "asymptotic"
            ref = stats.wilcoxon(d[g == k], correction=True, method=scipy_method)
            assert alone.p == pytest.approx(ref.pvalue, rel=1e-10)


def test_module_examples_run() -> None:
    result = doctest.testmod(_stats)
    assert result.failed == 0
    assert result.attempted > 0


def test_the_dz_interval_inverts_the_noncentral_t_to_machine_precision() -> None:
    # issue 9, item 9: scipy's nctdtrinc alone left the bounds ~3e-7 relative off. The
    # bounds are the noncentralities (divided by sqrt(n)) at which the observed t sits at the
    # 97.5th and 2.5th percentiles: check that definition directly with scipy's nct.
    import numpy as np
    from scipy import stats

    from analysis.methods.inference import cohen_dz

    for n, mean, sd in ((10, -1.58, 1.2299955), (40, 0.3, 1.1), (600, 0.05, 0.9), (3, 2.0, 0.5)):
        e = cohen_dz(n, mean, sd)
        t = e.dz * np.sqrt(n)
        assert abs(stats.nct.cdf(t, n - 1, e.ci_low * np.sqrt(n)) - 0.975) < 1e-12
        assert abs(stats.nct.cdf(t, n - 1, e.ci_high * np.sqrt(n)) - 0.025) < 1e-12


def test_a_huge_t_uses_the_normal_approximation_of_the_dz_interval() -> None:
    # scipy's noncentral-t inversion takes minutes past |t| ~ 1e5 (found when a near-constant
    # income change made the report hang); past |t| = 1,000 the interval is the normal
    # approximation d -/+ z * sqrt(1/n + d^2 / (2n)), here computed by hand
    import numpy as np
    from scipy import stats

    from analysis.methods.inference import cohen_dz

    n, d = 24, 1e6
    e = cohen_dz(n, d, 1.0)
    half = stats.norm.ppf(0.975) * np.sqrt(1 / n + d**2 / (2 * n))
    assert e.ci_low == pytest.approx(d - half) and e.ci_high == pytest.approx(d + half)
