"""A seeded synthetic Kopwan program: the demo data the dashboard opens with, and test data.

Everything here is SYNTHETIC. It imitates women's cooperatives (Koperasi Wanita, Kopwan) in
Kabupaten Jember, East Java, with incomes, loans and places following /work/shared/DOMAIN.md,
and plants documented effects (:data:`PLANTED_EFFECTS`) so tests can check that the analysis
recovers them. No figure here is a finding about the real program.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.messages import plain_list

# --- Places -------------------------------------------------------------------------------
# Kelurahan of Kecamatan Kaliwates with Ministry of Home Affairs codes (DOMAIN.md, "Places").
# Patrang (35.09.20) and Sumbersari (35.09.21) are the neighbouring kecamatan named there;
# their kelurahan codes were not read from a primary source, so they are left out (None).
# Order matters: the first cooperatives of a small demo cover Kaliwates plus one kelurahan
# of each neighbour, and index 3 (Sempusari) is the weak cooperative (see _WEAK_EVERY).
# (cooperative name, kelurahan, kecamatan, Home Affairs kelurahan code or None)
_PLACES: tuple[tuple[str, str, str, str | None], ...] = (
    (
        "Gama",
        "Kaliwates",
        "Kaliwates",
        "35.09.19.1004",
    ),  # Kopwan Gama: the case that started Berdaya
    ("Mawar", "Mangli", "Kaliwates", "35.09.19.1001"),
    ("Melati", "Patrang", "Patrang", None),
    ("Sekar Arum", "Sempusari", "Kaliwates", "35.09.19.1002"),
    ("Srikandi", "Sumbersari", "Sumbersari", None),
    ("Kartini", "Kebonagung", "Kaliwates", "35.09.19.1003"),
    ("Dewi Sri", "Jember Kidul", "Kaliwates", "35.09.19.1005"),
    ("Anggrek", "Kepatihan", "Kaliwates", "35.09.19.1006"),
    ("Mekar Sari", "Tegal Besar", "Kaliwates", "35.09.19.1007"),
    ("Sri Rejeki", "Gebang", "Patrang", None),
    ("Tunas Harapan", "Kebonsari", "Sumbersari", None),
    ("Bina Sejahtera", "Jember Lor", "Patrang", None),
    ("Cempaka", "Karangrejo", "Sumbersari", None),
    ("Kenanga", "Slawu", "Patrang", None),
    ("Teratai", "Tegal Gede", "Sumbersari", None),
    ("Flamboyan", "Bintoro", "Patrang", None),
    ("Sumber Rejeki", "Wirolegi", "Sumbersari", None),
    ("Permata", "Baratan", "Patrang", None),
    ("Harapan Bunda", "Kranjingan", "Sumbersari", None),
    ("Wijaya Kusuma", "Jumerto", "Patrang", None),
    ("Seruni", "Antirogo", "Sumbersari", None),
    ("Nusa Indah", "Banjarsengon", "Patrang", None),
)
_KABUPATEN = "Jember"  # Kabupaten Jember, Home Affairs code 35.09 (DOMAIN.md, "Places")
#: Every _WEAK_EVERY-th cooperative, starting at index 3, follows the Pamekasan failure pattern
#: (DOMAIN.md, "The program": about 40% of funded Kopwan there became inactive as loans went bad).
_WEAK_EVERY = 20
_WEAK_FIRST = 3

# --- People and businesses ----------------------------------------------------------------
BUSINESS_TYPES: tuple[str, ...] = (
    "warung/kelontong",
    "kue & catering",
    "pedagang sayur",
    "jahit/konveksi",
    "salon",
    "kerajinan/batik",
    "pertanian/peternakan",
)
# Shares by kecamatan (assumption): farming and livestock are rarer in urban Kaliwates
# (DOMAIN.md, "Businesses and incomes").
_TYPE_SHARES_KALIWATES = np.array([0.30, 0.22, 0.16, 0.10, 0.08, 0.09, 0.05])
_TYPE_SHARES_OTHER = np.array([0.25, 0.20, 0.15, 0.09, 0.06, 0.10, 0.15])
# Log-income offset of each business type at baseline (assumption).
_TYPE_LOG_INCOME = np.array([0.05, 0.0, -0.15, 0.0, 0.05, -0.05, -0.10])
# Net income as a share of sales (omzet) by business type (assumption): a warung turns over
# much to earn little, a salon sells mostly labour.
_TYPE_MARGIN = np.array([0.15, 0.30, 0.20, 0.45, 0.50, 0.35, 0.40])

EDUCATION_LEVELS: tuple[str, ...] = ("SD", "SMP", "SMA", "D3/S1")
# Members are slightly better educated than the comparison group (planted selection).
_EDU_SHARES_MEMBER = np.array([0.27, 0.25, 0.37, 0.11])
_EDU_SHARES_COMPARISON = np.array([0.33, 0.26, 0.32, 0.09])
_EDU_LOG_INCOME = np.array([-0.15, -0.05, 0.05, 0.25])

EMPOWERMENT_ITEMS: tuple[str, ...] = (
    "decide_income",
    "decide_loan",
    "mobility",
    "purchase",
    "speak_meeting",
    "confidence",
    "own_savings",
)
# Level of each item relative to 3 on the latent scale (assumption): speaking at meetings and
# savings in one's own name start lowest.
_EMP_OFFSET = np.array([0.2, -0.2, 0.3, 0.0, -0.5, 0.0, -0.4])

# Regency minimum wage (UMK) of Jember, rupiah per month (DOMAIN.md, "Businesses and incomes";
# 2010, 2012 and 2014 marked unverified there). Baseline median income sits at the UMK of the
# baseline year and the common trend follows the UMK.
UMK_JEMBER: dict[int, float] = {
    2010: 830_000.0,  # unverified
    2012: 920_000.0,  # unverified
    2014: 1_270_000.0,  # unverified
    2016: 1_629_000.0,
    2019: 2_170_917.0,
    2020: 2_355_663.0,
    2021: 2_355_663.0,
    2022: 2_355_663.0,
    2023: 2_555_663.0,
    2024: 2_665_392.0,
    2025: 2_838_642.0,
}

# --- Loans --------------------------------------------------------------------------------
_DAYS_PER_MONTH = 30.4375  # 365.25 / 12: instalments fall due every this many days
# Terms of 5-12 months (DOMAIN.md, "Members, groups and loans"); shares are an assumption.
_TERMS = np.array([5, 6, 8, 10, 12])
_TERM_SHARES = np.array([0.10, 0.30, 0.15, 0.20, 0.25])
# Kolektibilitas (DOMAIN.md, "Vocabulary") by days overdue, with OJK's day limits for bank loans
# (POJK 40/POJK.03/2019: lancar 0, dalam perhatian khusus 1-90, kurang lancar 91-120, diragukan
# 121-180, macet over 180 days), "dalam perhatian khusus" folded into lancar to give the four
# classes cooperatives use: the same limits as analysis.methods.portfolio.KOLEKTIBILITAS_DAYS.
# Cooperatives are not supervised by OJK, so these are an approximation. A repaid loan is
# "lunas"; a loan more than two years overdue is written off ("hapus buku", an assumption) and
# keeps its outstanding principal in the ledger.
LOAN_STATUSES: tuple[str, ...] = (
    "lunas",
    "lancar",
    "kurang lancar",
    "diragukan",
    "macet",
    "hapus buku",
)
_STATUS_LIMITS = np.array([90, 120, 180, 730])

_MISSING_COLUMNS: tuple[str, ...] = (
    "training_hours",
    "market_channels",
    "revenue",
    "age",
    "education",
    "household_size",
    "business_age_years",
    *(f"emp_{item}" for item in EMPOWERMENT_ITEMS),
)


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


@dataclass(frozen=True, eq=False)
class DemoData:
    """A synthetic program: survey, loan ledger and the truth behind them.

    Attributes
    ----------
    survey : canonical long survey, one row per person per wave (see :func:`generate_demo`).
    loans : canonical loan ledger, one row per loan.
    truth : one row per person with the parameters and noise-free quantities that produced
        the data (for tests; never shown as a result). Columns: ``member_id``, ``in_program``,
        ``cooperative_id``, ``kelurahan``, ``business_type``, ``weak_cooperative``,
        ``base_income``, ``b_capital`` (Rp/month per rupiah), ``b_training`` (per hour),
        ``b_channels`` (per channel), ``program_effect`` (Rp/month at the last wave),
        ``common_trend`` (Rp/month, last wave minus baseline), ``capital_total``,
        ``training_total`` and ``channels_gain`` (baseline to last wave, before any value
        was blanked), ``outlier_shift`` (Rp/month added at the last wave), ``expected_change``
        (noise-free last-wave minus baseline income), ``attrited`` (no last-wave row).
    """

    survey: pd.DataFrame
    loans: pd.DataFrame
    truth: pd.DataFrame


def _umk(year: int) -> float:
    """Jember's UMK for ``year``; the latest earlier year known (or the earliest known)."""
    known = sorted(UMK_JEMBER)
    earlier = [y for y in known if y <= year]
    return UMK_JEMBER[earlier[-1] if earlier else known[0]]


def _check_args(members: int, waves: Sequence[int], comparison_share: float) -> list[int]:
    if isinstance(members, bool) or not isinstance(members, (int, np.integer)) or members < 1:
        raise ValueError(f"members must be a whole number of at least 1; got {members!r}")
    if not 0.0 <= comparison_share < 1.0:
        raise ValueError(
            f"comparison_share must be at least 0 and below 1; got {comparison_share!r}"
        )
    years = [int(w) for w in waves]
    if len(years) < 2:
        raise ValueError(f"at least two waves (years) are needed; got [{plain_list(waves)}]")
    if any(b <= a for a, b in itertools.pairwise(years)):
        raise ValueError(f"waves must be increasing years; got [{plain_list(waves)}]")
    return years


def _take(labels: Sequence[str | None] | pa.Array, codes: np.ndarray) -> pd.Series:
    """Labels picked by integer codes as a pandas ``str`` column; a negative code is missing.

    Arrow's ``take`` avoids a Python string object per row (a million-member demo has
    several million rows per column).
    """
    table = labels if isinstance(labels, pa.Array) else pa.array(list(labels), pa.large_string())
    picked = table.take(pa.array(codes, mask=codes < 0))
    return pd.Series(pd.array(picked, dtype="str"))


def _ids(prefix: str, n: int) -> pa.Array:
    """``prefix`` followed by 1..n zero-padded to at least 6 digits (``A000001``)."""
    width = max(6, len(str(n)))
    numbers = pd.Series(np.arange(1, n + 1)).astype("str").str.zfill(width)
    ids = pa.array(prefix + numbers, pa.large_string())
    return ids.combine_chunks() if isinstance(ids, pa.ChunkedArray) else ids


def _loan_ids(member_ids: pa.Array, member: np.ndarray, cycle: np.ndarray) -> pd.Series:
    """``<member_id>-<cycle>`` with the cycle zero-padded to two digits (``A000001-03``)."""
    width = max(2, len(str(int(cycle.max(initial=1)))))
    cycles = pa.array(
        [str(c).zfill(width) for c in range(int(cycle.max(initial=1)) + 1)], pa.large_string()
    )
    joined = pc.binary_join_element_wise(
        member_ids.take(pa.array(member)),
        cycles.take(pa.array(cycle)),
        pa.scalar("-", pa.large_string()),
    )
    return pd.Series(pd.array(joined, dtype="str"))


def _cooperative_sizes(rng: np.random.Generator, n_prog: int) -> np.ndarray:
    """Program members per cooperative: about 60 each, between 20 and 150 (DOMAIN.md, "Scale")."""
    n_coop = max(1, round(n_prog / 60))
    weights = np.clip(rng.lognormal(0.0, 0.45, n_coop), 20 / 60, 150 / 60)
    sizes = np.floor(n_prog * weights / weights.sum()).astype(np.int64)
    sizes[np.argsort(-weights)[: n_prog - sizes.sum()]] += 1
    return sizes


def generate_demo(
    members: int = 600,
    seed: int = 42,
    *,
    waves: Sequence[int] = (2021, 2022, 2023),
    comparison_share: float = 0.3,
    effects: PlantedEffects = PLANTED_EFFECTS,
) -> DemoData:
    """Generate a synthetic Kopwan program with planted, documented effects.

    Parameters
    ----------
    members : people surveyed: program members plus comparison non-members.
    seed : random seed; the same seed gives identical frames.
    waves : survey years, baseline first (each survey describes the state at the year's end).
    comparison_share : share of ``members`` who are comparison non-members from the same
        kelurahan (``in_program`` 0; at least one program member is always kept).
    effects : the planted parameters (:data:`PLANTED_EFFECTS` by default).

    Returns
    -------
    DemoData
        ``survey``: one row per person per wave with ``member_id`` (str, ``A000123`` for
        members, ``N000045`` for comparison non-members), ``wave`` (ordered Categorical of the
        years), ``income`` (float64, Rp/month, net business income, rounded to Rp 10,000),
        ``in_program`` (Int8), ``cooperative_id`` (for a non-member, the Kopwan of her
        kelurahan: the sampling cluster, not a membership), ``group_id`` (missing for
        non-members), ``kabupaten``, ``kecamatan``, ``kelurahan``, ``business_type``,
        ``education`` (str), ``capital`` (loan principal disbursed after the previous wave's
        year end up to this wave's year end; 0 at baseline and for non-members),
        ``training_hours`` (same period), ``market_channels`` (count at the wave), ``revenue``
        (Rp/month), ``age``, ``household_size``, ``business_age_years`` and ``emp_*`` (Likert
        1-5), all float64.

        ``loans``: one row per loan of a program member, from her first loan (up to two years
        before the baseline) to the last wave's year end: ``loan_id`` (``<member_id>-<cycle>``),
        ``member_id``, ``disbursed_on`` (datetime64), ``principal``, ``term_months``,
        ``amount_repaid`` (principal repaid; the flat service charge is not in the ledger),
        ``outstanding`` (principal - amount_repaid), ``days_overdue`` (float64), ``status``
        (one of :data:`LOAN_STATUSES`), ``cycle`` (float64), ``group_id``, ``cooperative_id``.

        ``truth``: see :class:`DemoData`.

    Raises
    ------
    ValueError
        When ``members`` is not a positive whole number, ``comparison_share`` is outside
        [0, 1), or ``waves`` holds fewer than two increasing years.

    Notes
    -----
    Missing data is planted on purpose: ``missing_share`` of each optional column, a few blank
    incomes, and whole rows absent for attrition (more among non-members). ``capital`` is never
    blanked, so it always equals the ledger's principal disbursed in the period.

    Examples
    --------
    >>> demo = generate_demo(members=50, seed=1)
    >>> demo.survey["wave"].cat.categories.tolist()
    [2021, 2022, 2023]
    """
    years = _check_args(members, waves, comparison_share)
    rng = np.random.default_rng(seed)
    n_comp = min(round(members * comparison_share), members - 1)
    n_prog = members - n_comp
    n = members
    is_member = np.r_[np.ones(n_prog, dtype=bool), np.zeros(n_comp, dtype=bool)]

    # Cooperatives and joint-liability groups of about 17 (10-25; DOMAIN.md says 10-30).
    sizes = _cooperative_sizes(rng, n_prog)
    n_coop = len(sizes)
    coop_of_prog = np.repeat(np.arange(n_coop), sizes)
    within = np.arange(n_prog) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    groups_per_coop = np.maximum(1, np.rint(sizes / 17).astype(np.int64))
    group_in_coop = within * groups_per_coop[coop_of_prog] // sizes[coop_of_prog]
    group_offset = np.cumsum(groups_per_coop) - groups_per_coop
    # Non-members are sampled in the same kelurahan, in proportion to the cooperatives' sizes.
    coop_of_comp = rng.choice(n_coop, size=n_comp, p=sizes / sizes.sum())
    coop = np.r_[coop_of_prog, coop_of_comp]
    group = np.r_[group_offset[coop_of_prog] + group_in_coop, np.full(n_comp, -1)]

    place = np.arange(n_coop) % len(_PLACES)
    rounds = np.arange(n_coop) // len(_PLACES)
    coop_names = [
        f"Kopwan {_PLACES[p][0]}" + (f" {r + 1}" if r else "")
        for p, r in zip(place, rounds, strict=True)
    ]
    group_names = [
        f"{coop_names[c].removeprefix('Kopwan ')}-K{g + 1:02d}"
        for c in range(n_coop)
        for g in range(groups_per_coop[c])
    ]
    weak_coop = (np.arange(n_coop) % _WEAK_EVERY) == _WEAK_FIRST
    kaliwates_coop = np.array([_PLACES[p][2] == "Kaliwates" for p in place])

    # People: business, schooling, household, age.
    in_kaliwates = kaliwates_coop[coop]
    u = rng.random(n)
    btype = np.where(
        in_kaliwates,
        np.searchsorted(np.cumsum(_TYPE_SHARES_KALIWATES), u, side="right"),
        np.searchsorted(np.cumsum(_TYPE_SHARES_OTHER), u, side="right"),
    ).clip(0, len(BUSINESS_TYPES) - 1)
    u = rng.random(n)
    edu = np.where(
        is_member,
        np.searchsorted(np.cumsum(_EDU_SHARES_MEMBER), u, side="right"),
        np.searchsorted(np.cumsum(_EDU_SHARES_COMPARISON), u, side="right"),
    ).clip(0, len(EDUCATION_LEVELS) - 1)
    span = years[-1] - years[0]
    # Ages 22-65 over the whole survey (issue 2), so baseline ages stop at 65 - span.
    age0 = np.clip(np.rint(rng.normal(42.0 - 1.0 * ~is_member, 9.0, n)), 22, 65 - span)
    household = np.clip(2 + rng.poisson(1.9, n), 1, 10).astype(np.float64)
    business_age0 = np.minimum(
        np.floor(1.0 + rng.gamma(2.0, 3.5, n) + is_member), age0 - 16
    ).astype(np.float64)

    # Baseline income: lognormal with median near the UMK of the baseline year
    # (DOMAIN.md); +0.04 recentres the type and schooling offsets on the UMK.
    log_base = (
        math.log(_umk(years[0]))
        + 0.04
        + _TYPE_LOG_INCOME[btype]
        + _EDU_LOG_INCOME[edu]
        + effects.member_log_premium * is_member
        + rng.normal(0.0, effects.baseline_log_sd, n)
    )
    base = np.exp(log_base)

    cap_mult = np.array([dict(effects.capital_multiplier)[t] for t in BUSINESS_TYPES])
    chan_mult = np.array([dict(effects.channel_multiplier)[t] for t in BUSINESS_TYPES])
    b_capital = effects.capital_per_million / 1e6 * cap_mult[btype]
    b_training = np.full(n, effects.training_per_hour)
    b_channels = effects.channel_effect * chan_mult[btype]

    loans, capital = _ledger(
        rng,
        effects,
        years,
        n_prog,
        coop_of_prog,
        weak_coop,
    )
    capital = np.vstack([capital, np.zeros((n_comp, len(years)))])

    # Training hours per period: most members attend sessions of 4 hours; a few non-members
    # get training elsewhere (assumption).
    n_w = len(years)
    attends = rng.random((n, n_w)) < np.where(is_member, 0.75, 0.10)[:, None]
    hours = 4.0 * (1 + rng.poisson(np.where(is_member, 2.5, 0.5)[:, None], (n, n_w)))
    training = np.where(attends, hours, 0.0)
    training[:, 0] = 0.0

    # Market channels: a level at each wave; members add more (program marketing networks:
    # pameran, titip jual, online), everyone sometimes drops one.
    ch0 = np.clip(1 + rng.poisson(0.6 + effects.member_extra_channels * is_member), 1, 6)
    up = rng.random((n, n_w))
    step = (up < np.where(is_member, 0.35, 0.12)[:, None]).astype(np.int64)
    step += (up < 0.05) & is_member[:, None]
    drop = rng.random((n, n_w)) < 0.04
    step = step - drop
    step[:, 0] = 0
    channels = np.maximum(1, ch0[:, None] + np.cumsum(step, axis=1)).astype(np.float64)

    frac = (np.array(years) - years[0]) / span
    trend = np.array([_umk(y) - _umk(years[0]) for y in years])
    cum_cap = np.cumsum(capital, axis=1)
    cum_train = np.cumsum(training, axis=1)
    shocks = rng.normal(0.0, effects.transitory_sd, (n, n_w))
    expected = (
        base[:, None]
        + trend[None, :]
        + effects.program_effect * frac[None, :] * is_member[:, None]
        + b_capital[:, None] * cum_cap
        + b_training[:, None] * cum_train
        + b_channels[:, None] * (channels - channels[:, :1])
    )
    outlier = rng.random(n) < effects.outlier_share
    outlier_shift = np.where(outlier, _umk(years[0]) * rng.uniform(1.5, 3.0, n), 0.0)
    expected[:, -1] += outlier_shift
    income = np.rint((expected + base[:, None] * shocks) / 1e4) * 1e4

    margin = _TYPE_MARGIN[btype][:, None] * np.exp(rng.normal(0.0, 0.1, (n, n_w)))
    revenue = np.rint(income / margin / 1e4) * 1e4

    # Empowerment items: a latent level per person, item noise per wave, members gain.
    latent = rng.normal(effects.member_emp_premium * is_member, 1.0, n)
    elapsed = (np.array(years) - years[0]).astype(np.float64)
    emp = {}
    gains = np.asarray(effects.emp_gain_per_year)
    for k, item in enumerate(EMPOWERMENT_ITEMS):
        score = (
            3.0
            + _EMP_OFFSET[k]
            + 0.8 * latent[:, None]
            + rng.normal(0.0, 0.6, (n, n_w))
            + (gains[k] * is_member[:, None] + effects.emp_common_per_year) * elapsed[None, :]
        )
        emp[f"emp_{item}"] = np.clip(np.rint(score), 1.0, 5.0)

    # Attrition: rows absent from the last wave on (some already from a middle wave).
    lost = rng.random(n) < np.where(
        is_member, effects.attrition_member, effects.attrition_comparison
    )
    first_lost = np.full(n, n_w)
    if n_w > 2:
        early = lost & (rng.random(n) < effects.midline_loss)
        first_lost[early] = rng.integers(1, n_w - 1, n)[early]
    first_lost[lost & (first_lost == n_w)] = n_w - 1
    present = np.arange(n_w)[None, :] < first_lost[:, None]

    member_ids = pa.concat_arrays([_ids("A", n_prog), _ids("N", n_comp)])
    rows_i, rows_w = np.nonzero(present)
    n_rows = len(rows_i)

    def per_row(a: np.ndarray) -> np.ndarray:
        return a[rows_i, rows_w]

    def blank(a: np.ndarray, share: float) -> np.ndarray:
        a = a.astype(np.float64, copy=True)
        a[rng.random(n_rows) < share] = np.nan
        return a

    miss = effects.missing_share
    age_w = age0[rows_i] + elapsed[rows_w]
    edu_codes = np.where(rng.random(n_rows) < miss, -1, edu[rows_i])
    coop_rows = coop[rows_i]
    group_rows = group[rows_i]
    survey = pd.DataFrame(
        {
            "member_id": _take(member_ids, rows_i),
            "wave": pd.Categorical.from_codes(
                rows_w, categories=pd.Index(years, dtype="int64"), ordered=True
            ),
            "income": blank(per_row(income), effects.missing_income_share),
            "in_program": pd.array(is_member[rows_i].astype(np.int8), dtype="Int8"),
            "cooperative_id": _take(coop_names, coop_rows),
            "group_id": _take(group_names, group_rows),
            "kabupaten": pd.Series(np.full(n_rows, _KABUPATEN, dtype=object), dtype="str"),
            "kecamatan": _take([p[2] for p in _PLACES], place[coop_rows]),
            "kelurahan": _take([p[1] for p in _PLACES], place[coop_rows]),
            "business_type": _take(BUSINESS_TYPES, btype[rows_i]),
            "capital": per_row(capital).astype(np.float64),
            "training_hours": blank(per_row(training), miss),
            "market_channels": blank(per_row(channels), miss),
            "revenue": blank(per_row(revenue), miss),
            "age": blank(age_w, miss),
            "education": _take(EDUCATION_LEVELS, edu_codes),
            "household_size": blank(household[rows_i], miss),
            "business_age_years": blank(business_age0[rows_i] + elapsed[rows_w], miss),
            **{name: blank(per_row(values), miss) for name, values in emp.items()},
        }
    )

    truth = pd.DataFrame(
        {
            "member_id": _take(member_ids, np.arange(n)),
            "in_program": pd.array(is_member.astype(np.int8), dtype="Int8"),
            "cooperative_id": _take(coop_names, coop),
            "kelurahan": _take([p[1] for p in _PLACES], place[coop]),
            "business_type": _take(BUSINESS_TYPES, btype),
            "weak_cooperative": weak_coop[coop],
            "base_income": base,
            "b_capital": b_capital,
            "b_training": b_training,
            "b_channels": b_channels,
            "program_effect": effects.program_effect * is_member,
            "common_trend": np.full(n, trend[-1]),
            "capital_total": cum_cap[:, -1],
            "training_total": cum_train[:, -1],
            "channels_gain": channels[:, -1] - channels[:, 0],
            "outlier_shift": outlier_shift,
            "expected_change": expected[:, -1] - expected[:, 0],
            "attrited": first_lost < n_w,
        }
    )

    loans_frame = pd.DataFrame(
        {
            "loan_id": _loan_ids(member_ids, loans["member"], loans["cycle"]),
            "member_id": _take(member_ids, loans["member"]),
            "disbursed_on": pd.Series(
                (np.datetime64("1970-01-01", "D") + loans["day"]).astype("datetime64[us]")
            ),
            "principal": loans["principal"],
            "term_months": loans["term"].astype(np.float64),
            "amount_repaid": loans["repaid"],
            "outstanding": loans["principal"] - loans["repaid"],
            "days_overdue": loans["overdue"].astype(np.float64),
            "status": _take(LOAN_STATUSES, loans["status"]),
            "cycle": loans["cycle"].astype(np.float64),
            "group_id": _take(group_names, group[loans["member"]]),
            "cooperative_id": _take(coop_names, coop[loans["member"]]),
        }
    )
    return DemoData(survey=survey, loans=loans_frame, truth=truth)


def _ledger(
    rng: np.random.Generator,
    effects: PlantedEffects,
    years: list[int],
    n_prog: int,
    coop_of_prog: np.ndarray,
    weak_coop: np.ndarray,
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Every program member's loans, cycle by cycle, as of the last wave's year end.

    Returns the loans as flat arrays (member index, cycle, day, principal, term, repaid,
    overdue, status code) and the capital disbursed per member and survey period.
    """
    epoch = np.datetime64("1970-01-01", "D")
    day = lambda s: int((np.datetime64(s, "D") - epoch).astype(np.int64))  # noqa: E731
    asof = day(f"{years[-1]}-12-31")
    first = day(f"{years[0] - 2}-01-01")  # the cooperative lent before the evaluated program
    last_start = day(f"{years[0] + 1}-06-30")
    period_end = np.array([day(f"{y}-12-31") for y in years])

    k_max = math.ceil((asof - first) / (_TERMS.min() * _DAYS_PER_MONTH)) + 1
    shape = (n_prog, k_max)
    start = rng.integers(first, last_start + 1, n_prog)
    term = _TERMS[
        np.searchsorted(np.cumsum(_TERM_SHARES), rng.random(shape), side="right").clip(
            0, len(_TERMS) - 1
        )
    ]
    term_days = np.rint(term * _DAYS_PER_MONTH).astype(np.int64)
    # Most renew within two weeks of repaying; some pause for a season (assumption).
    gap = np.where(
        rng.random(shape) < 0.7, rng.integers(0, 15, shape), rng.integers(15, 121, shape)
    )
    disb = start[:, None] + np.cumsum(
        np.c_[np.zeros(n_prog, dtype=np.int64), (term_days + gap)[:, :-1]], axis=1
    )

    # First loan Rp 0.5-1 million, growing about 1.3x per repaid cycle up to a ceiling of
    # Rp 5-10 million (DOMAIN.md, "Members, groups and loans"; issue 2).
    first_amount = rng.integers(5, 11, n_prog) * 100_000.0
    growth = np.where(rng.random(shape) < 0.15, 1.0, rng.uniform(1.2, 1.5, shape))
    growth[:, 0] = 1.0
    ceiling = rng.integers(10, 21, n_prog) * 500_000.0
    principal = np.minimum(
        np.rint(first_amount[:, None] * np.cumprod(growth, axis=1) / 50_000) * 50_000,
        ceiling[:, None],
    )

    weak = weak_coop[coop_of_prog][:, None]
    trouble = rng.random(shape) < np.where(weak, effects.weak_trouble_share, effects.trouble_share)
    covered = rng.random(shape) < np.where(
        weak, effects.weak_group_cover_share, effects.group_cover_share
    )
    default = trouble & ~covered
    exists = disb <= asof
    # A borrower whose loan goes unpaid gets no further loan.
    defaulted_before = np.cumsum(default & exists, axis=1) - (default & exists)
    exists &= defaulted_before == 0

    elapsed = asof - disb
    due = np.clip(np.floor((elapsed + 0.5) / _DAYS_PER_MONTH), 0, term).astype(np.int64)
    stop = np.floor(rng.random(shape) * term).astype(np.int64)  # instalments paid before trouble
    late = (rng.random(shape) < np.where(weak, effects.weak_late_share, effects.late_share)) & (
        (due >= 1) & (due < term)
    )
    paid = np.where(default, np.minimum(stop, due), np.where(late, due - 1, due))
    behind = paid < due
    overdue = np.where(
        behind, np.maximum(0, elapsed - np.rint((paid + 1) * _DAYS_PER_MONTH)), 0
    ).astype(np.int64)
    repaid = np.where(paid >= term, principal, np.rint(paid * principal / term))
    status = np.where(
        repaid >= principal, 0, 1 + np.searchsorted(_STATUS_LIMITS, overdue, side="left")
    )

    member, cycle = np.nonzero(exists)
    d = disb[member, cycle]
    p = principal[member, cycle]
    period = np.searchsorted(period_end, d, side="left")
    capital = np.zeros((n_prog, len(years)))
    in_survey = (period >= 1) & (period < len(years))
    np.add.at(capital, (member[in_survey], period[in_survey]), p[in_survey])
    loans = {
        "member": member,
        "cycle": cycle + 1,
        "day": d,
        "principal": p,
        "term": term[member, cycle],
        "repaid": repaid[member, cycle],
        "overdue": overdue[member, cycle],
        "status": status[member, cycle],
    }
    return loans, capital


def write_demo(out_dir: str | Path, members: int = 600, seed: int = 42) -> list[Path]:
    """Write ``synthetic_survey.csv`` and ``synthetic_loans.csv`` into ``out_dir``.

    Parameters
    ----------
    out_dir : folder, created when absent.
    members, seed : passed to :func:`generate_demo`.

    Returns
    -------
    The two paths written, survey first.

    Notes
    -----
    Plain UTF-8, comma-separated, dot decimals, ISO dates (YYYY-MM-DD), no index column;
    missing values are empty cells; whole numbers are written without a decimal part.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    demo = generate_demo(members, seed)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, frame in (("synthetic_survey.csv", demo.survey), ("synthetic_loans.csv", demo.loans)):
        table = pa.Table.from_pandas(frame, preserve_index=False)
        for i, col in enumerate(table.column_names):
            typ = table.schema.field(col).type
            if pa.types.is_dictionary(typ):
                table = table.set_column(i, col, table[col].cast(typ.value_type))
            elif pa.types.is_timestamp(typ):
                table = table.set_column(i, col, table[col].cast(pa.date32()))
        path = out / name
        # Quoting "none": every demo string is free of commas and quotes (plain, readable CSV).
        options = pacsv.WriteOptions(quoting_style="none", quoting_header="none")
        pacsv.write_csv(table, path, options)
        paths.append(path)
    return paths
