"""The parameters the demo generator plants (:class:`PlantedEffects`, :data:`PLANTED_EFFECTS`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PlantedEffects:
    """Every parameter the demo generator plants, in the units the analysis reports.

    Income of member ``i`` at wave ``t`` (rupiah per month, before rounding to Rp 10,000)::

        income_it = base_i * (1 + u_it) + trend_t + in_program_i * program_effect * f_t
                    + b_capital_i * capital received since baseline up to t
                    + b_training_i * training hours since baseline up to t
                    + b_channels_i * (market_channels_it - market_channels_i0)
                    [+ outlier shift at the last wave]

    where ``f_t`` is the share of the baseline-to-last-wave years elapsed at ``t`` (0 at
    baseline, 1 at the last wave), ``trend_t`` is the change of Jember's UMK since the baseline
    year (same for members and comparison: parallel trends hold by construction), and
    ``u_it ~ N(0, transitory_sd)``. The effects are assumptions, not findings
    (DOMAIN.md: no published before/after income figures exist for the Kopwan program).

    Attributes
    ----------
    program_effect : Rp/month gained by members by the last wave beyond the common trend and
        beyond what capital, training and channels explain (the DiD "residual" effect).
    capital_per_million : Rp/month of income per Rp 1,000,000 of loan capital received since
        baseline (4% a month; de Mel, McKenzie and Woodruff 2008 found real returns to capital
        of about 5% a month in Sri Lankan microenterprises, for scale).
    training_per_hour : Rp/month per training hour received since baseline.
    channel_effect : Rp/month per market channel added since baseline (members and comparison).
    capital_multiplier, channel_multiplier : heterogeneity: the slope of capital (channels)
        for each business type is the base slope times this multiplier. Both average exactly 1
        under the Kaliwates business mix; outside Kaliwates, where farming is commoner, the
        average is about 0.97 (capital) and 1.00 (channels). The realised per-member slopes
        are in :attr:`DemoData.truth`.
    baseline_log_sd : standard deviation of log baseline income (lognormal incomes).
    member_log_premium : members' baseline income is ``exp(member_log_premium)`` times the
        comparison group's, other things equal (selection into membership).
    member_extra_channels, member_emp_premium : members' baseline advantage in the mean number
        of market channels and on the latent empowerment scale (selection).
    transitory_sd : standard deviation of the wave-specific income shock, as a share of the
        member's base income (so noise is heteroskedastic).
    outlier_share : share of people whose last-wave income jumps by U(1.5, 3) times the baseline
        year's UMK (Rp 3.5-7.1 million a month from a 2021 baseline: a large order or
        contract), in both groups alike. A fixed scale, not a multiple of the person's income,
        keeps a handful of outliers visible without swamping every mean.
    attrition_member, attrition_comparison : share without a last-wave survey row.
    midline_loss : share (of those lost at the last wave) already lost at the middle waves.
    missing_share : share of values missing in each optional column (see ``_MISSING_COLUMNS``).
    missing_income_share : share of rows with the income left blank.
    emp_gain_per_year : members' yearly gain on the latent scale of each empowerment item
        (order of :data:`EMPOWERMENT_ITEMS`); observed Likert answers are rounded and clipped
        to 1-5, which shrinks the observed gain a little.
    emp_common_per_year : everyone's yearly drift on every empowerment item.
    trouble_share, weak_trouble_share : share of loans whose borrower runs into trouble, in a
        normal and in the weak cooperative.
    group_cover_share, weak_group_cover_share : share of troubles covered by the
        joint-liability group (the loan is then repaid on time; DOMAIN.md: tanggung renteng
        hides member distress).
    late_share, weak_late_share : share of running loans one instalment behind (1-30 days).
    """

    program_effect: float = 300_000.0
    capital_per_million: float = 40_000.0
    training_per_hour: float = 5_000.0
    channel_effect: float = 150_000.0
    capital_multiplier: tuple[tuple[str, float], ...] = (
        ("warung/kelontong", 1.00),
        ("kue & catering", 1.25),
        ("pedagang sayur", 1.00),
        ("jahit/konveksi", 0.90),
        ("salon", 0.75),
        ("kerajinan/batik", 0.90),
        ("pertanian/peternakan", 0.68),
    )
    channel_multiplier: tuple[tuple[str, float], ...] = (
        ("warung/kelontong", 0.80),
        ("kue & catering", 1.20),
        ("pedagang sayur", 0.90),
        ("jahit/konveksi", 1.10),
        ("salon", 0.70),
        ("kerajinan/batik", 1.50),
        ("pertanian/peternakan", 1.02),
    )
    baseline_log_sd: float = 0.5
    member_log_premium: float = 0.05
    member_extra_channels: float = 0.2
    member_emp_premium: float = 0.1
    transitory_sd: float = 0.15
    outlier_share: float = 0.005
    attrition_member: float = 0.06
    attrition_comparison: float = 0.14
    midline_loss: float = 0.3
    missing_share: float = 0.02
    missing_income_share: float = 0.01
    emp_gain_per_year: tuple[float, ...] = (0.10, 0.20, 0.10, 0.08, 0.20, 0.15, 0.15)
    emp_common_per_year: float = 0.02
    trouble_share: float = 0.04
    weak_trouble_share: float = 0.30
    group_cover_share: float = 0.9
    weak_group_cover_share: float = 0.3
    late_share: float = 0.04
    weak_late_share: float = 0.15

    def capital_slope(self, business_type: str) -> float:
        """Rp/month of income per rupiah of capital for ``business_type``."""
        return self.capital_per_million / 1e6 * dict(self.capital_multiplier)[business_type]

    def channel_slope(self, business_type: str) -> float:
        """Rp/month of income per added market channel for ``business_type``."""
        return self.channel_effect * dict(self.channel_multiplier)[business_type]


#: The parameters :func:`generate_demo` plants by default (documented in data/README.md).
PLANTED_EFFECTS = PlantedEffects()
