"""Demo survey waves: baseline incomes, training, market channels, wave incomes, attrition.

SYNTHETIC (see :mod:`analysis.demo`). The random draws here run in the order
:func:`analysis.demo.generate_demo` makes them; changing that order changes every seed's data.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from analysis.demo.effects import PlantedEffects
from analysis.demo.empowerment import EMPOWERMENT_ITEMS
from analysis.demo.people import (
    _EDU_LOG_INCOME,
    _KABUPATEN,
    _PLACES,
    _TYPE_LOG_INCOME,
    _TYPE_MARGIN,
    BUSINESS_TYPES,
    EDUCATION_LEVELS,
    People,
    Places,
    _take,
)

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


def _umk(year: int) -> float:
    """Jember's UMK for ``year``; the latest earlier year known (or the earliest known)."""
    known = sorted(UMK_JEMBER)
    earlier = [y for y in known if y <= year]
    return UMK_JEMBER[earlier[-1] if earlier else known[0]]


@dataclass(frozen=True, eq=False)
class Slopes:
    """Each person's baseline income (Rp/month) and income slopes on capital, training, channels."""

    base: np.ndarray
    b_capital: np.ndarray
    b_training: np.ndarray
    b_channels: np.ndarray


@dataclass(frozen=True, eq=False)
class Waves:
    """Person-by-wave arrays (one row per person, one column per wave) and their ingredients."""

    training: np.ndarray
    channels: np.ndarray
    trend: np.ndarray
    cum_cap: np.ndarray
    cum_train: np.ndarray
    expected: np.ndarray
    outlier_shift: np.ndarray
    income: np.ndarray
    revenue: np.ndarray


def slopes(
    rng: np.random.Generator,
    effects: PlantedEffects,
    years: list[int],
    who: People,
    is_member: np.ndarray,
) -> Slopes:
    """Baseline income and the per-person slopes (business type sets the heterogeneity)."""
    n = len(is_member)
    btype = who.btype
    # Baseline income: lognormal with median near the UMK of the baseline year
    # (DOMAIN.md); +0.04 recentres the type and schooling offsets on the UMK.
    log_base = (
        math.log(_umk(years[0]))
        + 0.04
        + _TYPE_LOG_INCOME[btype]
        + _EDU_LOG_INCOME[who.edu]
        + effects.member_log_premium * is_member
        + rng.normal(0.0, effects.baseline_log_sd, n)
    )
    base = np.exp(log_base)

    cap_mult = np.array([dict(effects.capital_multiplier)[t] for t in BUSINESS_TYPES])
    chan_mult = np.array([dict(effects.channel_multiplier)[t] for t in BUSINESS_TYPES])
    return Slopes(
        base=base,
        b_capital=effects.capital_per_million / 1e6 * cap_mult[btype],
        b_training=np.full(n, effects.training_per_hour),
        b_channels=effects.channel_effect * chan_mult[btype],
    )


def waves(
    rng: np.random.Generator,
    effects: PlantedEffects,
    years: list[int],
    is_member: np.ndarray,
    who: People,
    s: Slopes,
    capital: np.ndarray,
) -> Waves:
    """Training, market channels, income and revenue of every person at every wave."""
    n = len(is_member)
    base = s.base
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

    frac = (np.array(years) - years[0]) / (years[-1] - years[0])
    trend = np.array([_umk(y) - _umk(years[0]) for y in years])
    cum_cap = np.cumsum(capital, axis=1)
    cum_train = np.cumsum(training, axis=1)
    shocks = rng.normal(0.0, effects.transitory_sd, (n, n_w))
    expected = (
        base[:, None]
        + trend[None, :]
        + effects.program_effect * frac[None, :] * is_member[:, None]
        + s.b_capital[:, None] * cum_cap
        + s.b_training[:, None] * cum_train
        + s.b_channels[:, None] * (channels - channels[:, :1])
    )
    outlier = rng.random(n) < effects.outlier_share
    outlier_shift = np.where(outlier, _umk(years[0]) * rng.uniform(1.5, 3.0, n), 0.0)
    expected[:, -1] += outlier_shift
    income = np.rint((expected + base[:, None] * shocks) / 1e4) * 1e4

    margin = _TYPE_MARGIN[who.btype][:, None] * np.exp(rng.normal(0.0, 0.1, (n, n_w)))
    revenue = np.rint(income / margin / 1e4) * 1e4
    return Waves(
        training=training,
        channels=channels,
        trend=trend,
        cum_cap=cum_cap,
        cum_train=cum_train,
        expected=expected,
        outlier_shift=outlier_shift,
        income=income,
        revenue=revenue,
    )


def first_lost(
    rng: np.random.Generator, effects: PlantedEffects, is_member: np.ndarray, n_w: int
) -> np.ndarray:
    """Index of each person's first missing wave (``n_w`` when never lost).

    Attrition: rows absent from the last wave on (some already from a middle wave).
    """
    n = len(is_member)
    lost = rng.random(n) < np.where(
        is_member, effects.attrition_member, effects.attrition_comparison
    )
    first = np.full(n, n_w)
    if n_w > 2:
        early = lost & (rng.random(n) < effects.midline_loss)
        first[early] = rng.integers(1, n_w - 1, n)[early]
    first[lost & (first == n_w)] = n_w - 1
    return first


def survey_frame(
    rng: np.random.Generator,
    effects: PlantedEffects,
    years: list[int],
    ids: pa.Array,
    is_member: np.ndarray,
    parts: tuple[Places, People, Waves, np.ndarray, dict[str, np.ndarray]],
    first: np.ndarray,
) -> pd.DataFrame:
    """The canonical long survey: one row per person per wave she answered, values blanked.

    ``parts`` holds the places, people, waves, capital (person by wave) and empowerment items.
    """
    where, who, w, capital, emp = parts
    n_w = len(years)
    present = np.arange(n_w)[None, :] < first[:, None]
    elapsed = (np.array(years) - years[0]).astype(np.float64)
    rows_i, rows_w = np.nonzero(present)
    n_rows = len(rows_i)

    def per_row(a: np.ndarray) -> np.ndarray:
        return a[rows_i, rows_w]

    def blank(a: np.ndarray, share: float) -> np.ndarray:
        a = a.astype(np.float64, copy=True)
        a[rng.random(n_rows) < share] = np.nan
        return a

    miss = effects.missing_share
    age_w = who.age0[rows_i] + elapsed[rows_w]
    edu_codes = np.where(rng.random(n_rows) < miss, -1, who.edu[rows_i])
    coop_rows = where.coop[rows_i]
    group_rows = where.group[rows_i]
    return pd.DataFrame(
        {
            "member_id": _take(ids, rows_i),
            "wave": pd.Categorical.from_codes(
                rows_w, categories=pd.Index(years, dtype="int64"), ordered=True
            ),
            "income": blank(per_row(w.income), effects.missing_income_share),
            "in_program": pd.array(is_member[rows_i].astype(np.int8), dtype="Int8"),
            "cooperative_id": _take(where.coop_names, coop_rows),
            "group_id": _take(where.group_names, group_rows),
            "kabupaten": pd.Series(np.full(n_rows, _KABUPATEN, dtype=object), dtype="str"),
            "kecamatan": _take([p[2] for p in _PLACES], where.place[coop_rows]),
            "kelurahan": _take([p[1] for p in _PLACES], where.place[coop_rows]),
            "business_type": _take(BUSINESS_TYPES, who.btype[rows_i]),
            "capital": per_row(capital).astype(np.float64),
            "training_hours": blank(per_row(w.training), miss),
            "market_channels": blank(per_row(w.channels), miss),
            "revenue": blank(per_row(w.revenue), miss),
            "age": blank(age_w, miss),
            "education": _take(EDUCATION_LEVELS, edu_codes),
            "household_size": blank(who.household[rows_i], miss),
            "business_age_years": blank(who.business_age0[rows_i] + elapsed[rows_w], miss),
            **{name: blank(per_row(values), miss) for name, values in emp.items()},
        }
    )


def truth_frame(
    effects: PlantedEffects,
    ids: pa.Array,
    is_member: np.ndarray,
    parts: tuple[Places, People, Slopes, Waves],
    first: np.ndarray,
) -> pd.DataFrame:
    """One row per person with the parameters and noise-free quantities (see ``DemoData``)."""
    where, who, s, w = parts
    n = len(is_member)
    coop = where.coop
    return pd.DataFrame(
        {
            "member_id": _take(ids, np.arange(n)),
            "in_program": pd.array(is_member.astype(np.int8), dtype="Int8"),
            "cooperative_id": _take(where.coop_names, coop),
            "kelurahan": _take([p[1] for p in _PLACES], where.place[coop]),
            "business_type": _take(BUSINESS_TYPES, who.btype),
            "weak_cooperative": where.weak_coop[coop],
            "base_income": s.base,
            "b_capital": s.b_capital,
            "b_training": s.b_training,
            "b_channels": s.b_channels,
            "program_effect": effects.program_effect * is_member,
            "common_trend": np.full(n, w.trend[-1]),
            "capital_total": w.cum_cap[:, -1],
            "training_total": w.cum_train[:, -1],
            "channels_gain": w.channels[:, -1] - w.channels[:, 0],
            "outlier_shift": w.outlier_shift,
            "expected_change": w.expected[:, -1] - w.expected[:, 0],
            "attrited": first < len(w.trend),
        }
    )
