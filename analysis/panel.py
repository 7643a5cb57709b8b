"""From a long survey (member x wave) to one row per member between two compared waves.

Before/after comparisons, first-difference estimates and the driver regressions all start
from this table, so they agree on who is compared and how capital and training are counted.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .schema import SURVEY_FIELDS, wave_order

_FLOW = tuple(f.name for f in SURVEY_FIELDS if f.temporal == "flow")
_STOCK = tuple(f.name for f in SURVEY_FIELDS if f.temporal == "stock" and f.name != "income")
_BASELINE = tuple(f.name for f in SURVEY_FIELDS if f.temporal == "baseline")
_FIXED = tuple(
    f.name
    for f in SURVEY_FIELDS
    if f.temporal == "fixed" and f.name not in ("member_id", "wave", "income")
)


def resolve_waves(
    survey: pd.DataFrame,
    before: object | None = None,
    after: object | None = None,
    *,
    wave: str = "wave",
) -> tuple[object, object, list[object]]:
    """The pair of waves to compare (first and last by default) and the full wave order.

    Raises
    ------
    ValueError
        When the data has fewer than two waves, a requested wave is absent, or ``before``
        does not come before ``after``.
    """
    order = wave_order(survey[wave])
    if len(order) < 2:
        raise ValueError(
            f"at least two survey waves are needed to compare incomes; found {len(order)}"
        )
    b = order[0] if before is None else _match_wave(before, order)
    a = order[-1] if after is None else _match_wave(after, order)
    if order.index(b) >= order.index(a):
        raise ValueError(f"wave {b!r} must come before wave {a!r} (order: {order})")
    return b, a, order


def _match_wave(value: object, order: list[object]) -> object:
    """Find ``value`` among the waves, accepting '2021' for 2021 (command-line input)."""
    if value in order:
        return value
    for w in order:
        if str(w) == str(value):
            return w
    raise ValueError(f"wave {value!r} is not in the data; waves are {order}")


def member_changes(
    survey: pd.DataFrame,
    before: object | None = None,
    after: object | None = None,
    *,
    member: str = "member_id",
    wave: str = "wave",
    income: str = "income",
) -> pd.DataFrame:
    """One row per member observed with an income in both compared waves.

    Parameters
    ----------
    survey : long survey, one row per member per wave, canonical column names.
    before, after : waves to compare; first and last wave by default.
    member, wave, income : column names.

    Returns
    -------
    DataFrame indexed 0..n-1 with columns:

    - ``member_id``; fixed attributes (``in_program``, ``cooperative_id``, ``group_id``,
      ``kabupaten``, ``kecamatan``, ``kelurahan``, ``business_type``) read at the earlier wave,
      falling back to the later one;
    - ``income_before``, ``income_after``, ``income_change``, ``pct_change`` (percent of the
      earlier income, missing when it is not positive), ``log_income_change`` (missing unless
      both incomes are positive);
    - flows summed over the waves after ``before`` up to and including ``after``:
      ``capital``, ``training_hours`` (missing when missing in every wave of the period);
    - stocks at both waves and their change: ``market_channels_before``, ``_after``,
      ``_change``, and the same for ``revenue``;
    - baseline covariates read at the earlier wave: ``age``, ``education``,
      ``household_size``, ``business_age_years``;
    - every other column as ``X_before`` and ``X_after``, plus ``X_change`` when numeric.

    Canonical columns absent from ``survey`` are absent from the result, except
    ``in_program``, which defaults to 1 (everyone a program member).

    Notes
    -----
    Missing data: a member without an income in either compared wave is left out (count it
    with :func:`attrition`); other missing values stay missing. Duplicate member-wave rows
    raise ``ValueError`` (the loader removes and reports them first).

    Examples
    --------
    >>> df = pd.DataFrame({"member_id": ["a", "a"], "wave": [2019, 2023],
    ...                    "income": [1.0e6, 1.5e6]})
    >>> member_changes(df)["income_change"].tolist()
    [500000.0]
    """
    b, a, order = resolve_waves(survey, before, after, wave=wave)
    rows = survey[survey[wave].isin([b, a])]
    if rows.duplicated([member, wave]).any():
        raise ValueError("duplicate member-wave rows; load the survey with load_survey first")
    w_before = rows[rows[wave] == b].set_index(member)
    w_after = rows[rows[wave] == a].set_index(member)
    both = w_before.index[w_before[income].notna()].intersection(
        w_after.index[w_after[income].notna()], sort=False
    )
    wb = w_before.loc[both]
    wa = w_after.loc[both]

    out: dict[str, object] = {member: both.to_numpy()}
    for col in _FIXED:
        if col in wb.columns:
            out[col] = wb[col].where(wb[col].notna(), wa[col]).to_numpy()
    if "in_program" not in out:
        out["in_program"] = np.ones(len(both), dtype="int8")
    inc_b = wb[income].to_numpy(dtype="float64")
    inc_a = wa[income].to_numpy(dtype="float64")
    out["income_before"] = inc_b
    out["income_after"] = inc_a
    out["income_change"] = inc_a - inc_b
    with np.errstate(divide="ignore", invalid="ignore"):
        out["pct_change"] = np.where(inc_b > 0, 100.0 * (inc_a - inc_b) / inc_b, np.nan)
        pos = (inc_b > 0) & (inc_a > 0)
        out["log_income_change"] = np.where(pos, np.log(inc_a) - np.log(inc_b), np.nan)

    flows = [c for c in _FLOW if c in survey.columns]
    if flows:
        period = order[order.index(b) + 1 : order.index(a) + 1]
        in_period = survey[survey[wave].isin(period) & survey[member].isin(both)]
        sums = in_period.groupby(member, sort=False, observed=True)[flows].sum(min_count=1)
        sums = sums.reindex(both)
        for col in flows:
            out[col] = sums[col].to_numpy(dtype="float64")
    for col in _STOCK:
        if col in wb.columns:
            vb = pd.to_numeric(wb[col]).to_numpy(dtype="float64")
            va = pd.to_numeric(wa[col]).to_numpy(dtype="float64")
            out[f"{col}_before"], out[f"{col}_after"], out[f"{col}_change"] = vb, va, va - vb
    for col in _BASELINE:
        if col in wb.columns:
            out[col] = wb[col].to_numpy()

    canonical = {member, wave, income, *_FLOW, *_STOCK, *_BASELINE, *_FIXED}
    for col in (c for c in survey.columns if c not in canonical):
        vb, va = wb[col], wa[col]
        out[f"{col}_before"], out[f"{col}_after"] = vb.to_numpy(), va.to_numpy()
        if pd.api.types.is_numeric_dtype(vb.dtype) and not pd.api.types.is_bool_dtype(vb.dtype):
            out[f"{col}_change"] = va.to_numpy(dtype="float64") - vb.to_numpy(dtype="float64")
    return pd.DataFrame(out)


def attrition(
    survey: pd.DataFrame,
    before: object | None = None,
    after: object | None = None,
    *,
    member: str = "member_id",
    wave: str = "wave",
    income: str = "income",
    group: str = "in_program",
) -> pd.DataFrame:
    """Who is lost between the compared waves, by program status.

    Returns
    -------
    DataFrame, one row per value of ``group`` (all members as one row when the column is
    absent), with columns ``group``, ``n_before`` (members with an income at ``before``),
    ``n_after``, ``n_both`` (compared), ``n_lost`` (at ``before`` but not compared) and
    ``share_lost``.

    Notes
    -----
    A member counts at a wave only with a non-missing income there.
    """
    b, a, _ = resolve_waves(survey, before, after, wave=wave)
    have = survey[survey[income].notna() & survey[wave].isin([b, a])]
    if group in have.columns:
        keys = have[group].fillna(-1)
    else:
        keys = pd.Series(1, index=have.index)
    rows = []
    for g, sub in have.groupby(keys, sort=True):
        at_b = set(sub.loc[sub[wave] == b, member])
        at_a = set(sub.loc[sub[wave] == a, member])
        n_both = len(at_b & at_a)
        rows.append(
            {
                "group": g,
                "n_before": len(at_b),
                "n_after": len(at_a),
                "n_both": n_both,
                "n_lost": len(at_b) - n_both,
                "share_lost": (len(at_b) - n_both) / len(at_b) if at_b else np.nan,
            }
        )
    return pd.DataFrame(
        rows, columns=["group", "n_before", "n_after", "n_both", "n_lost", "share_lost"]
    )
