"""From a long survey (member x wave) to one row per member between two compared waves.

Before/after comparisons, first-difference estimates and the driver regressions all start
from this table, so they agree on who is compared and how capital and training are counted.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.messages import plain, plain_list
from analysis.schema import SURVEY_FIELDS, wave_order

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
        raise ValueError(
            f"wave {plain(b)} must come before wave {plain(a)} (order: {plain_list(order)})"
        )
    return b, a, order


def _match_wave(value: object, order: list[object]) -> object:
    """Find ``value`` among the waves, accepting '2021' for 2021 (command-line input)."""
    if value in order:
        return value
    for w in order:
        if str(w) == str(value):
            return w
    raise ValueError(f"wave {plain(value)} is not in the data; waves are {plain_list(order)}")


def status_varies(
    survey: pd.DataFrame, *, member: str = "member_id", group: str = "in_program"
) -> bool:
    """Whether program status is recorded per wave: some member is 0 at one wave and 1 at
    another (0 before joining, 1 after), as most panels record it.

    Missing data: missing statuses are ignored; an absent column varies in nothing.
    """
    if group not in survey.columns or member not in survey.columns:
        return False
    st = pd.to_numeric(survey[group], errors="coerce")
    known = st.notna().to_numpy()
    if not known.any():
        return False
    codes = pd.factorize(survey[member])[0][known]
    vals = st.to_numpy(dtype="float64", na_value=np.nan)[known]
    ok = codes >= 0
    n = int(codes.max()) + 1 if ok.any() else 0
    lo = np.full(n, np.inf)
    hi = np.full(n, -np.inf)
    np.minimum.at(lo, codes[ok], vals[ok])
    np.maximum.at(hi, codes[ok], vals[ok])
    return bool((hi > lo).any())


def ever_in_program(
    survey: pd.DataFrame, *, member: str = "member_id", group: str = "in_program"
) -> pd.Series:
    """Per survey row, 1 when its member is in the program at any wave (0 when known and
    never 1; missing when never known): the group of a member whose status varies by wave."""
    st = pd.to_numeric(survey[group], errors="coerce")
    ever = st.groupby(survey[member].to_numpy(), sort=False).transform("max")
    return ever.astype("Float64").astype("Int8")


def _period_flows(
    survey: pd.DataFrame, idx: _MemberIndex, period: list, *, wave: str
) -> dict[str, np.ndarray]:
    """Each flow column summed per compared member over the waves of ``period``.

    Missing unless known at every wave of the period: a wave whose row was dropped, or whose
    cell is blank, leaves the member's total unknown rather than counting it as 0 (training
    hours of a missed interview are not zero hours).
    """
    flows = [c for c in _FLOW if c in survey.columns]
    if not flows:
        return {}
    in_period = survey[wave].isin(period).to_numpy()
    codes = idx.codes[in_period]
    out = {}
    for col in flows:
        vals = pd.to_numeric(survey[col]).to_numpy(dtype="float64")[in_period]
        seen = ~np.isnan(vals)
        # bincount on integer member codes: a vectorised groupby-sum, counting the waves seen
        total = np.bincount(codes[seen], weights=vals[seen], minlength=idx.n_members)
        count = np.bincount(codes[seen], minlength=idx.n_members)
        out[col] = np.where(count == len(period), total, np.nan)[idx.both]
    return out


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

    - ``member_id``; fixed attributes (``cooperative_id``, ``group_id``, ``kabupaten``,
      ``kecamatan``, ``kelurahan``, ``business_type``) read at the earlier wave, falling back
      to the later one; ``in_program`` read at the later wave, falling back to the earlier
      one (the same for a fixed status; a status recorded per wave, 0 before a member
      joins, counts her in the program once she has joined by the later wave);
    - ``income_before``, ``income_after``, ``income_change``, ``pct_change`` (percent of the
      earlier income, missing when it is not positive), ``log_income_change`` (missing unless
      both incomes are positive);
    - flows summed over the waves after ``before`` up to and including ``after``:
      ``capital``, ``training_hours`` (missing unless known at every wave of the period);
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
    idx = _member_index(survey, b, a, member=member, wave=wave, income=income)
    both, row_b, row_a = idx.both, idx.row_before, idx.row_after
    wb = survey.iloc[row_b].reset_index(drop=True)
    wa = survey.iloc[row_a].reset_index(drop=True)

    # Text columns stay pandas Series: to_numpy() on arrow strings round-trips via objects (slow).
    out: dict[str, object] = {member: wb[member], **_fixed(survey, wb, wa, len(both))}
    inc_b = wb[income].to_numpy(dtype="float64")
    inc_a = wa[income].to_numpy(dtype="float64")
    out["income_before"] = inc_b
    out["income_after"] = inc_a
    out["income_change"] = inc_a - inc_b
    with np.errstate(divide="ignore", invalid="ignore"):
        out["pct_change"] = np.where(inc_b > 0, 100.0 * (inc_a - inc_b) / inc_b, np.nan)
        pos = (inc_b > 0) & (inc_a > 0)
        out["log_income_change"] = np.where(pos, np.log(inc_a) - np.log(inc_b), np.nan)

    period = order[order.index(b) + 1 : order.index(a) + 1]
    out.update(_period_flows(survey, idx, period, wave=wave))
    for col in _STOCK:
        if col in survey.columns:
            vb = pd.to_numeric(wb[col]).to_numpy(dtype="float64")
            va = pd.to_numeric(wa[col]).to_numpy(dtype="float64")
            out[f"{col}_before"], out[f"{col}_after"], out[f"{col}_change"] = vb, va, va - vb
    for col in _BASELINE:
        if col in survey.columns:
            out[col] = wb[col]

    canonical = {member, wave, income, *_FLOW, *_STOCK, *_BASELINE, *_FIXED}
    for col in (c for c in survey.columns if c not in canonical):
        # an extra whose derived names would overwrite an output (e.g. nominal `income` when
        # comparing `income_real`) is left out rather than silently replacing the result
        if f"{col}_before" in out or f"{col}_change" in out or col in out:
            continue
        vb, va = wb[col], wa[col]
        out[f"{col}_before"], out[f"{col}_after"] = vb, va
        if pd.api.types.is_numeric_dtype(vb.dtype) and not pd.api.types.is_bool_dtype(vb.dtype):
            out[f"{col}_change"] = va.to_numpy(dtype="float64") - vb.to_numpy(dtype="float64")
    return pd.DataFrame(out)


def _fixed(survey: pd.DataFrame, wb: pd.DataFrame, wa: pd.DataFrame, n: int) -> dict[str, object]:
    """Fixed attributes at the earlier wave (else the later); ``in_program`` at the later wave
    (else the earlier: a status recorded per wave counts a member in once she has joined),
    1 for everyone when the survey has no such column."""
    out: dict[str, object] = {}
    for col in _FIXED:
        if col in survey.columns:
            first, then = (wa, wb) if col == "in_program" else (wb, wa)
            out[col] = first[col].where(first[col].notna(), then[col])
    if "in_program" not in out:
        out["in_program"] = np.ones(n, dtype="int8")
    return out


@dataclass(frozen=True)
class _MemberIndex:
    """Integer positions of each member's rows at the two compared waves."""

    codes: np.ndarray  # member code of every survey row
    n_members: int
    has_before: np.ndarray  # per member code: an income at the earlier wave
    has_after: np.ndarray
    both: np.ndarray  # member codes compared, in order of first appearance
    row_before: np.ndarray  # survey row positions of the compared members
    row_after: np.ndarray


def _member_index(
    survey: pd.DataFrame, b: object, a: object, *, member: str, wave: str, income: str
) -> _MemberIndex:
    # Factorising once and indexing by integer codes keeps 3,000,000 rows to well under a
    # second; set-based or text-id `isin` lookups took several seconds at that size.
    codes, uniques = pd.factorize(survey[member], use_na_sentinel=True)
    n = len(uniques)
    waves = survey[wave]
    has_income = survey[income].notna().to_numpy()
    positions = []
    for w in (b, a):
        at = (waves == w).to_numpy() & (codes >= 0)
        if np.bincount(codes[at], minlength=n).max(initial=0) > 1:
            raise ValueError(
                f"duplicate member-wave rows at wave {plain(w)}; load the survey with load_survey "
                "first (it reports and removes them)"
            )
        pos = np.full(n, -1, dtype=np.int64)
        rows = np.flatnonzero(at & has_income)
        pos[codes[rows]] = rows
        positions.append(pos)
    has_b, has_a = positions[0] >= 0, positions[1] >= 0
    both = np.flatnonzero(has_b & has_a)
    return _MemberIndex(codes, n, has_b, has_a, both, positions[0][both], positions[1][both])


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
    idx = _member_index(survey, b, a, member=member, wave=wave, income=income)
    seen = np.flatnonzero(idx.has_before | idx.has_after)
    if group in survey.columns:
        # a member's group is read at the earlier wave where she has one, else the later one
        row = np.full(idx.n_members, -1, dtype=np.int64)
        at_b = (survey[wave] == b).to_numpy() & (idx.codes >= 0)
        at_a = (survey[wave] == a).to_numpy() & (idx.codes >= 0)
        row[idx.codes[at_a]] = np.flatnonzero(at_a)
        row[idx.codes[at_b]] = np.flatnonzero(at_b)
        keys = survey[group].iloc[row[seen]].reset_index(drop=True)
        keys = keys.astype("Float64").fillna(-1) if keys.isna().any() else keys
    else:
        keys = pd.Series(1, index=range(len(seen)))
    per_member = pd.DataFrame(
        {
            "group": keys.to_numpy(),
            "n_before": idx.has_before[seen],
            "n_after": idx.has_after[seen],
            "n_both": idx.has_before[seen] & idx.has_after[seen],
        }
    )
    out = per_member.groupby("group", sort=True).sum().reset_index()
    out[["n_before", "n_after", "n_both"]] = out[["n_before", "n_after", "n_both"]].astype("int64")
    out["n_lost"] = out["n_before"] - out["n_both"]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["share_lost"] = np.where(
            out["n_before"] > 0, out["n_lost"] / out["n_before"].clip(lower=1), np.nan
        )
    return out[["group", "n_before", "n_after", "n_both", "n_lost", "share_lost"]]
