"""Staggered adoption: members who join the program at different waves.

When program status is recorded per wave (0 before a member joins, 1 after) and members join at
different waves, the two-way fixed-effects estimate of :func:`analysis.methods.comparison.did_twfe`
can be biased: it uses members who joined earlier as controls for those who joined later, so
effects that grow over time can even flip its sign (Goodman-Bacon 2021). This module computes
the heterogeneity-robust alternative of Callaway and Sant'Anna (2021), the estimator of R's
``did`` package (``att_gt`` and ``aggte``): one clean 2x2 difference in differences per joining
wave ("cohort") and wave, then averages of them.

Conventions
-----------
- The survey is long, one row per unit per wave, with a 0/1 status column (``in_program``).
- A cohort is the first wave at which a unit's status is 1; never-treated units have none.
- Waves are ordered by :func:`analysis.schema.wave_order` (an ordered Categorical keeps its
  order; years sort as numbers). Event time counts *waves*, not years: with waves 2019, 2021,
  2023 a member who joined in 2021 is at event time 1 in 2023.
- Standard errors come from the influence function (analytic), clustered by a column when
  asked; a seeded multiplier bootstrap adds uniform (simultaneous) bands.
- Sentences meant for a person are :class:`~analysis.messages.Message` in English and
  Indonesian; input that cannot be analysed raises :class:`~analysis.messages.DataError`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats

from analysis.messages import DataError, Message
from analysis.methods.comparison import _binary, _find_wave, _wave_positions
from analysis.schema import wave_order

#: Comparison units for cohort g at wave t: ``"never"``, units never in the program (R's
#: default, ``"nevertreated"``); ``"notyet"``, those and the units not yet in it at t.
ControlGroup = Literal["never", "notyet"]
#: How :func:`aggregate_att` averages the group-time effects (R's ``aggte(type = ...)``).
Aggregation = Literal["simple", "dynamic", "group"]
#: What to do with units whose status goes back from 1 to 0: leave them out (default), or
#: keep them in their cohort (intention to treat from the first treated wave, as R's ``did``
#: does when given a first-treated column).
SwitchBack = Literal["drop", "keep"]

#: Seed of the multiplier bootstrap unless the caller gives one.
DEFAULT_SEED = 20210601

_NEVER = -1  # cohort position of a never-treated unit (and of a control-only cohort)


# ---------------------------------------------------------------------------------------------
# results


@dataclass(frozen=True)
class GroupTimeEffects:
    """Callaway and Sant'Anna group-time average treatment effects, ATT(g, t).

    Attributes
    ----------
    table : one row per cohort and wave, ordered by cohort then wave, columns

        - ``cohort``: the wave at which the cohort joined (ordered Categorical of the waves);
        - ``wave``: the wave t of the effect (same Categorical);
        - ``base_wave``: the wave the change is measured from (the wave before ``cohort`` for
          t at or after it; the wave before t for earlier waves, R's ``base_period =
          "varying"``);
        - ``event_time``: waves since joining (position of t minus position of the cohort;
          negative before joining);
        - ``att``: mean change of the cohort minus mean change of the controls, from
          ``base_wave`` to ``wave``; before joining a placebo that should be near 0;
        - ``se``: standard error from the influence function;
        - ``ci_low``, ``ci_high``: pointwise normal interval at ``1 - alpha``;
        - ``band_low``, ``band_high``: uniform band over all rows (multiplier bootstrap;
          missing when ``n_boot`` is 0);
        - ``n_treated``, ``n_control``: units in the cohort and in its controls for that row.
    influence : (units, rows) influence function of every row, scaled as in R's ``did`` (its
        column sums of squares over ``n_units ** 2`` are the variances); used by
        :func:`aggregate_att`.
    unit_cohort : cohort position (in ``waves``) of each unit behind ``influence``, -1 for
        never-treated units and for a cohort used only as a control.
    unit_cluster : cluster code of each unit (0..G-1), or ``None`` when not clustered.
    waves : the waves used, in order.
    control : ``"never"`` or ``"notyet"``.
    outcome, cluster : the outcome column and the clustering column (or ``None``).
    n_units : units in the balanced panel (cohorts and controls).
    n_clusters : clusters, or ``None``.
    alpha : 1 - confidence level of the intervals.
    n_boot, seed : bootstrap draws (0 = none) and seed.
    crit : critical value of the uniform band (``None`` without bootstrap).
    excluded : units left out, by reason: ``"incomplete"`` (a wave used without outcome or
        status), ``"always_treated"`` and ``"switched_back"`` (counted, never imputed).
    warnings : sentences the reader must see next to the estimates.
    """

    table: pd.DataFrame
    influence: np.ndarray
    unit_cohort: np.ndarray
    unit_cluster: np.ndarray | None
    waves: tuple[Any, ...]
    control: ControlGroup
    outcome: str
    cluster: str | None
    n_units: int
    n_clusters: int | None
    alpha: float
    n_boot: int
    seed: int
    crit: float | None
    excluded: dict[str, int]
    warnings: tuple[Message, ...] = ()


# ---------------------------------------------------------------------------------------------
# public functions


def adoption_cohorts(
    survey: pd.DataFrame,
    *,
    unit: str = "member_id",
    time: str = "wave",
    treat: str = "in_program",
) -> pd.DataFrame:
    """Each unit's joining wave (cohort), with the units a staggered design cannot use.

    Parameters
    ----------
    survey : long survey, one row per unit per wave.
    unit, time : unit identifier and wave columns.
    treat : program status per wave, 0/1 (booleans accepted; missing allowed).

    Returns
    -------
    DataFrame, one row per unit in order of first appearance, columns

    - ``unit`` (named as the ``unit`` column);
    - ``cohort``: first wave with status 1, missing for never-treated units (an ordered
      Categorical of the waves, so years and labels alike keep their order);
    - ``first_wave``, ``last_wave``: first and last wave with a known status;
    - ``n_waves``: waves with a known status;
    - ``never_treated``: status known at some wave and never 1;
    - ``always_treated``: status 1 at the survey's first wave. There is no wave before the
      program for these units, so they cannot be used (counted, not estimated);
    - ``switches_back``: status 1 at some wave and 0 at a later one. A staggered design
      assumes that a unit stays in the program; these are reported, never silently used;
    - ``cohort_uncertain``: the first status 1 follows a wave without a known status, so the
      unit may have joined earlier than ``cohort``;
    - ``usable``: none of the three problems above (and a status known at some wave).

    ``DataFrame.attrs`` holds ``waves`` (the order used), ``counts`` (units never treated,
    per cohort, always treated, switching back, uncertain, without any status) and
    ``warnings`` (a tuple of messages).

    Notes
    -----
    Missing data: a wave without a status is skipped when finding the cohort (and makes the
    cohort uncertain when it comes just before the first 1); a unit without any status has
    no cohort and is not usable. Nothing is imputed.

    Examples
    --------
    >>> df = pd.DataFrame({
    ...     "member_id": ["a"] * 3 + ["b"] * 3 + ["c"] * 3,
    ...     "wave": [2019, 2021, 2023] * 3,
    ...     "in_program": [0, 1, 1, 0, 0, 0, 1, 1, 1],
    ... })
    >>> adoption_cohorts(df)[["member_id", "cohort", "always_treated"]]
      member_id cohort  always_treated
    0         a   2021           False
    1         b    NaN           False
    2         c   2019            True
    """
    _check_columns(survey, [unit, time, treat])
    order = wave_order(survey[time])
    if not order:
        raise _no_waves_error(time)
    codes, labels = pd.factorize(survey[unit])
    wpos = _wave_positions(survey[time], order)
    ok = (codes >= 0) & (wpos >= 0)
    _check_unique(codes[ok], wpos[ok], len(order), labels, unit, order)
    status = np.full((len(labels), len(order)), np.nan)
    status[codes[ok], wpos[ok]] = _binary(survey[treat], treat)[ok]
    known = ~np.isnan(status)
    flags = _status_flags(status)
    first = np.where(known.any(1), known.argmax(1), -1)
    last = np.where(known.any(1), len(order) - 1 - known[:, ::-1].argmax(1), -1)
    out = pd.DataFrame(
        {
            unit: labels,
            "cohort": _wave_categorical(flags["cohort"], order),
            "first_wave": _wave_categorical(first, order),
            "last_wave": _wave_categorical(last, order),
            "n_waves": known.sum(1).astype(np.int64),
            "never_treated": known.any(1) & (flags["cohort"] < 0),
            "always_treated": flags["always"],
            "switches_back": flags["switch_back"],
            "cohort_uncertain": flags["uncertain"],
        }
    )
    out["usable"] = known.any(1) & ~(out["always_treated"] | out["switches_back"])
    out["usable"] &= ~out["cohort_uncertain"]
    out.attrs["waves"] = tuple(order)
    out.attrs["counts"] = _cohort_counts(out, known.any(1))
    out.attrs["warnings"] = _cohort_warnings(out.attrs["counts"], treat)
    return out


def group_time_att(
    survey: pd.DataFrame,
    *,
    outcome: str = "income",
    control: ControlGroup = "never",
    cluster: str | None = None,
    alpha: float = 0.05,
    n_boot: int = 0,
    seed: int = DEFAULT_SEED,
    waves: Sequence[Any] | None = None,
    switch_back: SwitchBack = "drop",
    unit: str = "member_id",
    time: str = "wave",
    treat: str = "in_program",
) -> GroupTimeEffects:
    """Group-time average treatment effects ATT(g, t) of Callaway and Sant'Anna (2021).

    For every cohort g (units joining at wave g) and wave t, the mean change of the outcome in
    the cohort minus the mean change among control units, both from a base wave to t: the
    unconditional 2x2 difference in differences (no covariates). Control units are the
    never-treated (``control="never"``) or also the units not yet treated at t
    (``"notyet"``).

    Parameters
    ----------
    survey : long survey, one row per unit per wave.
    outcome : numeric column (net business income by default).
    control : ``"never"`` or ``"notyet"`` (see :data:`ControlGroup`).
    cluster : cluster the standard errors by this column (a unit's value at its first wave),
        or ``None`` for independent units.
    alpha : the intervals have confidence ``1 - alpha``.
    n_boot : multiplier bootstrap draws for the uniform band (0: none; R uses 1,000).
    seed : seed of the bootstrap (same seed, same band).
    waves : the waves to use, default all (a sub-panel, e.g. without a pilot wave).
    switch_back : ``"drop"`` or ``"keep"`` units whose status goes back from 1 to 0.
    unit, time, treat : column names (unit identifier, wave, 0/1 status per wave).

    Returns
    -------
    GroupTimeEffects (its ``table`` is the tidy result, one row per cohort and wave).

    Raises
    ------
    DataError
        A missing column, a status other than 0/1, a unit twice in a wave, fewer than two
        waves, no unit joining after the first wave, or no control units.

    Notes
    -----
    Method: R's ``did::att_gt(..., xformla = ~1, base_period = "varying", panel = TRUE)``,
    whose doubly robust estimate is the difference of mean changes without covariates. Base
    wave: the wave before g for t at or after g (no anticipation); the wave before t for
    earlier t, so pre-program rows are wave-on-wave placebos (R's default ``"varying"``).
    ``"notyet"`` controls for (g, t) are units never treated or joining after t (and after
    the base wave). Without never-treated units ``"notyet"`` does as R: the last cohort is
    only a control and waves from its joining wave on are not estimated.

    Standard errors: each row's influence function is ``psi_i = n * (D_i (dY_i - m1) / n1 -
    C_i (dY_i - m0) / n0)`` over the panel's n units (D: in the cohort, C: a control; m, n
    their mean changes and counts) and ``se = sqrt(sum psi_i^2) / n`` (R's analytic one).
    Clustered: ``sqrt(G / (G - 1) * sum_c (sum_{i in c} psi_i)^2) / n`` (R's ``did``
    clusters only in its bootstrap). Intervals are normal. The uniform band takes the
    ``1 - alpha`` quantile of the largest ``|draw| / se`` over the rows, from Rademacher
    multiplier draws of the influence function (per cluster when clustered), as R's ``cband``.

    Missing data: the panel is balanced as R's ``did`` balances it: units without the outcome
    or the status at a wave used are left out (``excluded["incomplete"]``), as are
    always-treated units and, with ``switch_back="drop"``, units switching back. Units
    without a cluster value are clusters of their own. Nothing is imputed.

    Examples
    --------
    >>> df = pd.DataFrame({
    ...     "member_id": [m for m in "abcd" for _ in range(3)],
    ...     "wave": [2019, 2021, 2023] * 4,
    ...     "in_program": [0, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0],
    ...     "income": [1.0, 3.0, 4.0, 2.0, 3.0, 5.0, 1.0, 2.0, 2.0, 3.0, 3.0, 4.0],
    ... })
    >>> group_time_att(df).table[["cohort", "wave", "att"]]
      cohort  wave  att
    0   2021  2021  1.0
    1   2021  2023  2.0
    """
    _check_columns(survey, [unit, time, treat, outcome, *([cluster] if cluster else [])])
    if control not in ("never", "notyet"):
        raise ValueError(f"control must be 'never' or 'notyet', not {control!r}")
    warnings: list[Message] = []
    panel = _balanced_panel(survey, unit, time, treat, outcome, cluster, waves, warnings)
    panel = _usable_units(panel, switch_back, treat, warnings)
    cells = _cells(panel.cohort, len(panel.waves), control, warnings)
    table, influence = _estimate_cells(panel, cells, control, warnings)
    options = _Options(control, outcome, cluster, alpha, n_boot, seed)
    return _effects(panel, cells, table, influence, options, warnings)


def aggregate_att(effects: GroupTimeEffects, kind: Aggregation = "simple") -> pd.DataFrame:
    """Averages of the group-time effects, as R's ``did::aggte``, with their standard errors.

    Parameters
    ----------
    effects : the result of :func:`group_time_att`.
    kind : ``"simple"``, ``"dynamic"`` or ``"group"`` (see Notes).

    Returns
    -------
    DataFrame whose first row is the overall effect (``term="overall"``), followed for
    ``"dynamic"`` by one row per event time and for ``"group"`` by one row per cohort.
    Columns: ``term`` (``"overall"``, ``"event_time"`` or ``"cohort"``), ``event_time``
    (nullable integer, waves since joining), ``cohort`` (ordered Categorical of the waves),
    ``att``, ``se``, ``ci_low``, ``ci_high`` (pointwise normal), ``band_low``, ``band_high``
    (uniform band over the non-overall rows when ``effects.n_boot`` > 0, else missing) and
    ``n_cells`` (group-time effects averaged). ``DataFrame.attrs`` holds ``kind``, ``alpha``,
    ``n_units``, ``n_clusters``, ``cluster``, ``control``, ``crit`` and ``warnings``.

    Notes
    -----
    Only rows at or after joining enter (``event_time >= 0``) except the pre-program event
    times of ``"dynamic"``. Weights are cohort sizes (shares of all units in the panel):

    - ``simple``: the average of every post-joining ATT(g, t) weighted by cohort size;
    - ``dynamic``: per event time e the size-weighted average of ATT(g, g + e); the overall
      row is the plain mean over e >= 0;
    - ``group``: per cohort the plain mean of its post-joining effects; the overall row their
      size-weighted average.

    Standard errors come from the aggregated influence function, including the estimation of
    the cohort-size weights (R's ``wif``), so they match R's analytic ones
    (``aggte(..., bstrap = FALSE)``). Missing data: as in :func:`group_time_att`.

    Examples
    --------
    >>> df = pd.DataFrame({
    ...     "member_id": [m for m in "abc" for _ in range(2)],
    ...     "wave": [2021, 2023] * 3,
    ...     "in_program": [0, 1, 0, 0, 0, 0],
    ...     "income": [1.0, 4.0, 1.0, 2.0, 2.0, 4.0],
    ... })
    >>> aggregate_att(group_time_att(df), "simple")[["term", "att", "n_cells"]]
          term  att  n_cells
    0  overall  1.5        1
    """
    if kind not in ("simple", "dynamic", "group"):
        raise ValueError(f"kind must be 'simple', 'dynamic' or 'group', not {kind!r}")
    t = effects.table
    att = t["att"].to_numpy(dtype="float64")
    cohort = t["cohort"].cat.codes.to_numpy().astype(np.intp)
    event = t["event_time"].to_numpy(dtype=np.int64)
    post = event >= 0
    rows: list[tuple[str, Any, Any, float, np.ndarray, int]] = []
    if kind == "simple":
        a, psi = _size_weighted(att[post], effects.influence[:, post], cohort[post], effects)
        rows.append(("overall", None, None, a, psi, int(post.sum())))
    elif kind == "dynamic":
        per = []
        for e in np.unique(event):
            k = event == e
            a, psi = _size_weighted(att[k], effects.influence[:, k], cohort[k], effects)
            per.append(("event_time", int(e), None, a, psi, int(k.sum())))
        after = [r for r in per if r[1] >= 0]
        a = float(np.mean([r[3] for r in after]))
        psi = np.mean([r[4] for r in after], axis=0)
        rows = [("overall", None, None, a, psi, int(post.sum())), *per]
    else:
        rows = _group_rows(att, cohort, post, effects)
    return _aggregate_frame(rows, kind, effects)


@dataclass(frozen=True)
class _Options:
    """What :func:`group_time_att` was asked for, carried to the result."""

    control: ControlGroup
    outcome: str
    cluster: str | None
    alpha: float
    n_boot: int
    seed: int


def _effects(
    panel: _Panel,
    cells: np.ndarray,
    table: pd.DataFrame,
    influence: np.ndarray,
    opt: _Options,
    warnings: list[Message],
) -> GroupTimeEffects:
    """Standard errors, intervals and the band added to the estimates: the result."""
    unit_cohort = panel.cohort.copy()
    unit_cohort[~np.isin(unit_cohort, cells[:, 0])] = _NEVER  # a control-only cohort
    cl = panel.cluster_codes
    se = _standard_errors(influence, cl)
    crit = None
    if opt.n_boot > 0:
        crit = _uniform_crit(influence, se, cl, opt.n_boot, opt.seed, opt.alpha)
    return GroupTimeEffects(
        table=_finish_table(table, se, opt.alpha, crit, panel.waves), influence=influence,
        unit_cohort=unit_cohort, unit_cluster=cl, waves=tuple(panel.waves),
        control=opt.control, outcome=opt.outcome, cluster=opt.cluster, n_units=len(panel.y),
        n_clusters=None if cl is None else int(cl.max()) + 1, alpha=opt.alpha,
        n_boot=opt.n_boot, seed=opt.seed, crit=crit, excluded=dict(panel.excluded),
        warnings=tuple(warnings),
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# the balanced panel


@dataclass(frozen=True)
class _Panel:
    y: np.ndarray  # (units, waves) outcome
    status: np.ndarray  # (units, waves) 0/1
    cohort: np.ndarray  # (units,) position of the first treated wave, -1 never
    cluster_codes: np.ndarray | None  # (units,) 0..G-1
    waves: list[Any]
    excluded: dict[str, int]


def _balanced_panel(
    survey: pd.DataFrame,
    unit: str,
    time: str,
    treat: str,
    outcome: str,
    cluster: str | None,
    waves: Sequence[Any] | None,
    warnings: list[Message],
) -> _Panel:
    """Units x waves arrays of the outcome and status, units complete in every wave used."""
    order = _waves_used(survey[time], waves)
    codes, labels = pd.factorize(survey[unit])
    wpos = _wave_positions(survey[time], order)
    ok = (codes >= 0) & (wpos >= 0)
    n_all, t = len(labels), len(order)
    _check_unique(codes[ok], wpos[ok], t, labels, unit, order)
    y = np.full((n_all, t), np.nan)
    status = np.full((n_all, t), np.nan)
    values = pd.to_numeric(survey[outcome], errors="coerce")
    y[codes[ok], wpos[ok]] = values.to_numpy(dtype="float64", na_value=np.nan)[ok]
    status[codes[ok], wpos[ok]] = _binary(survey[treat], treat)[ok]
    seen = np.zeros(n_all, dtype=bool)
    seen[codes[ok]] = True
    complete = seen & np.isfinite(y).all(1) & np.isfinite(status).all(1)
    n_incomplete = int((seen & ~complete).sum())
    if n_incomplete:
        warnings.append(
            Message(
                f"{n_incomplete} unit(s) without {outcome} or {treat} at every wave used were "
                "left out (the estimate uses a balanced panel)",
                f"{n_incomplete} unit tanpa {outcome} atau {treat} di setiap gelombang yang "
                "dipakai tidak diikutkan (estimasi memakai panel seimbang)",
            )
        )
    cl = None
    if cluster is not None:
        cl = _unit_clusters(survey[cluster], codes, wpos, ok, n_all, cluster, warnings)[complete]
        cl = pd.factorize(cl)[0].astype(np.intp)
    first = np.where((status[complete] == 1).any(1), (status[complete] == 1).argmax(1), _NEVER)
    return _Panel(
        y=y[complete], status=status[complete], cohort=first.astype(np.intp), cluster_codes=cl,
        waves=order, excluded={"incomplete": n_incomplete},
    )  # fmt: skip


def _waves_used(s: pd.Series, waves: Sequence[Any] | None) -> list[Any]:
    order = wave_order(s)
    if waves is not None:
        wanted = [_find_wave(w, order) for w in waves]
        order = [w for w in order if w in wanted]
    if len(order) < 2:
        raise DataError(
            Message(
                f"at least 2 waves are needed; found {len(order)}",
                f"dibutuhkan minimal 2 gelombang; ditemukan {len(order)}",
            ),
            code="too_few_waves",
        )
    return order


def _unit_clusters(
    s: pd.Series,
    codes: np.ndarray,
    wpos: np.ndarray,
    ok: np.ndarray,
    n_all: int,
    cluster: str,
    warnings: list[Message],
) -> np.ndarray:
    """Each unit's cluster: its value at the earliest wave with one; own cluster if none."""
    cc = pd.factorize(s)[0].astype(np.intp)
    have = ok & (cc >= 0)
    out = np.full(n_all, -1, dtype=np.intp)
    for w in range(int(wpos.max(initial=-1)), -1, -1):  # the earliest wave written last
        at = have & (wpos == w)
        out[codes[at]] = cc[at]
    moved = int(np.unique(codes[have][cc[have] != out[codes[have]]]).size)
    if moved:
        warnings.append(
            Message(
                f"{moved} unit(s) change {cluster} between waves; each is clustered by its "
                "earliest value",
                f"{moved} unit berganti {cluster} antargelombang; klaster setiap unit dibaca "
                "dari nilai paling awal",
            )
        )
    missing = out < 0
    if missing.any():
        n_missing = int(missing[np.unique(codes[ok])].sum())
        if n_missing:
            warnings.append(
                Message(
                    f"{n_missing} unit(s) without a value of {cluster} count as clusters of "
                    "their own.",
                    f"{n_missing} unit tanpa nilai {cluster} dihitung sebagai klaster tersendiri.",
                )
            )
        out[missing] = out.max(initial=-1) + 1 + np.arange(int(missing.sum()))
    return out


def _usable_units(
    panel: _Panel, switch_back: SwitchBack, treat: str, warnings: list[Message]
) -> _Panel:
    """Drop always-treated units and (unless kept) units switching back, counting them."""
    if switch_back not in ("drop", "keep"):
        raise ValueError(f"switch_back must be 'drop' or 'keep', not {switch_back!r}")
    always = panel.cohort == 0
    flags = _status_flags(panel.status)
    back = flags["switch_back"] & ~always
    drop = always | (back if switch_back == "drop" else np.zeros_like(back))
    excluded = {**panel.excluded, "always_treated": int(always.sum())}
    excluded["switched_back"] = int(back.sum()) if switch_back == "drop" else 0
    if always.any():
        warnings.append(
            Message(
                f"{int(always.sum())} unit(s) already have {treat} = 1 at the first wave used: "
                "with no wave before joining they cannot be used and were left out",
                f"{int(always.sum())} unit sudah memiliki {treat} = 1 pada gelombang pertama "
                "yang dipakai: tanpa gelombang sebelum bergabung mereka tidak dapat dipakai",
            )
        )
    if back.any():
        what = ("were left out", "tidak diikutkan") if switch_back == "drop" else (
            "are kept in the cohort of their first treated wave",
            "tetap dalam kohort gelombang pertama mereka berstatus 1",
        )  # fmt: skip
        warnings.append(
            Message(
                f"{int(back.sum())} unit(s) switch {treat} back from 1 to 0 and {what[0]}",
                f"{int(back.sum())} unit kembali dari {treat} = 1 ke 0 dan {what[1]}",
            )
        )
    keep = ~drop
    cl = panel.cluster_codes
    if cl is not None:
        cl = pd.factorize(cl[keep])[0].astype(np.intp)
    return _Panel(
        y=panel.y[keep], status=panel.status[keep], cohort=panel.cohort[keep],
        cluster_codes=cl, waves=panel.waves, excluded=excluded,
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# estimation


def _cells(
    cohort: np.ndarray, t: int, control: ControlGroup, warnings: list[Message]
) -> np.ndarray:
    """(cohort, wave, base wave) positions of every estimable ATT(g, t), as R's ``att_gt``."""
    groups = sorted(int(g) for g in np.unique(cohort) if g > 0)
    if not groups:
        raise DataError(
            Message(
                "no unit joins the program after the first wave: there is no before and after "
                "to compare (a status that is 1 at every wave marks a group, not a joining "
                "wave: compare the groups with did_twfe)",
                "tidak ada unit yang bergabung setelah gelombang pertama: tidak ada sebelum dan "
                "sesudah untuk dibandingkan (status 1 di setiap gelombang menandai kelompok, "
                "bukan gelombang bergabung: bandingkan kelompok dengan did_twfe)",
            ),
            code="no_cohorts",
        )
    last_wave = t
    if not (cohort == _NEVER).any():
        if control == "never" or len(groups) < 2:
            raise DataError(
                Message(
                    "no unit is never in the program, so there is no comparison group; use "
                    "control='notyet' when members join at different waves",
                    "tidak ada unit yang tidak pernah ikut program, jadi tidak ada kelompok "
                    "pembanding; pakai control='notyet' bila anggota bergabung di gelombang "
                    "berbeda",
                ),
                code="no_comparison_group",
            )
        # R's did: the last cohort becomes the control group; its waves are not estimated
        last_wave = groups.pop()
        warnings.append(
            Message(
                "no unit is never in the program: the last cohort serves only as a control "
                "and waves from its joining wave on are not estimated",
                "tidak ada unit yang tidak pernah ikut program: kohort terakhir hanya menjadi "
                "pembanding dan gelombang sejak ia bergabung tidak diestimasi",
            )
        )
    cells = [(g, w, g - 1 if w >= g else w - 1) for g in groups for w in range(1, last_wave)]
    return np.array(cells, dtype=np.intp).reshape(-1, 3)


def _estimate_cells(
    panel: _Panel, cells: np.ndarray, control: ControlGroup, warnings: list[Message]
) -> tuple[pd.DataFrame, np.ndarray]:
    """Each cell's 2x2 DiD and influence function; cells without controls are left out."""
    n = len(panel.y)
    cohort = panel.cohort
    never = cohort == _NEVER
    rows, kept = [], []
    influence = np.zeros((n, len(cells)), order="F")  # filled in place: no second copy
    for j, (g, w, b) in enumerate(cells):
        d = cohort == g
        # not yet treated: joining after both compared waves (R: G > max(t, base))
        c = never if control == "never" else never | ((cohort > max(w, b)) & ~d)
        n1, n0 = int(d.sum()), int(c.sum())
        if n0 == 0:
            continue
        dy = panel.y[:, w] - panel.y[:, b]
        m1, m0 = float(dy[d].mean()), float(dy[c].mean())
        psi = influence[:, j]
        psi[d] = n * (dy[d] - m1) / n1
        psi[c] = -n * (dy[c] - m0) / n0
        rows.append((g, w, b, w - g, m1 - m0, n1, n0))
        kept.append(j)
    skipped = len(cells) - len(kept)
    if skipped:
        influence = np.asfortranarray(influence[:, kept])
        warnings.append(
            Message(
                f"{skipped} cohort-wave effect(s) have no control units and are not estimated",
                f"{skipped} efek kohort-gelombang tidak memiliki unit pembanding dan tidak "
                "diestimasi",
            )
        )
    cols = ["cohort", "wave", "base_wave", "event_time", "att", "n_treated", "n_control"]
    table = pd.DataFrame(rows, columns=cols)
    return table, influence


def _standard_errors(influence: np.ndarray, clusters: np.ndarray | None) -> np.ndarray:
    """Analytic standard errors from the (n-scaled) influence functions, per column."""
    n = influence.shape[0]
    if clusters is None:
        return np.sqrt((influence**2).sum(0)) / n
    sums = _cluster_sums(influence, clusters)
    g = sums.shape[0]
    factor = g / (g - 1) if g > 1 else np.nan
    return np.sqrt(factor * (sums**2).sum(0)) / n


def _cluster_sums(influence: np.ndarray, clusters: np.ndarray) -> np.ndarray:
    g = int(clusters.max()) + 1 if len(clusters) else 0
    out = np.zeros((g, influence.shape[1]))
    for j in range(influence.shape[1]):
        out[:, j] = np.bincount(clusters, weights=influence[:, j], minlength=g)
    return out


def _uniform_crit(
    influence: np.ndarray,
    se: np.ndarray,
    clusters: np.ndarray | None,
    n_boot: int,
    seed: int,
    alpha: float,
) -> float:
    """Critical value of the sup-t uniform band from Rademacher multiplier draws."""
    n = influence.shape[0]
    if clusters is None:
        base = influence
    else:
        base = _cluster_sums(influence, clusters)
        g = base.shape[0]
        base = base * np.sqrt(g / (g - 1))
    ok = se > 0
    base, s = base[:, ok], se[ok]
    m = base.shape[0]
    # w = 2 * bit - 1, so w @ base = 2 * (bit @ base) - colsum; bits unpacked from random
    # bytes and a float32 product: 3x faster at a million units, and an influence function
    # sums to zero, so nothing cancels
    base32, colsum = base.astype(np.float32), base.sum(0)
    rng = np.random.default_rng(seed)
    chunk = max(1, min(n_boot, 8_000_000 // max(1, m)))
    maxima = np.empty(n_boot)
    for start in range(0, n_boot, chunk):
        b = min(chunk, n_boot - start)
        raw = rng.integers(0, 256, size=(b, (m + 7) // 8), dtype=np.uint8)
        bits = np.unpackbits(raw, axis=1, count=m).astype(np.float32)
        draws = (2.0 * (bits @ base32).astype("float64") - colsum) / n
        maxima[start : start + b] = (np.abs(draws) / s).max(1) if s.size else 0.0
    return float(np.quantile(maxima, 1 - alpha))


def _finish_table(
    table: pd.DataFrame, se: np.ndarray, alpha: float, crit: float | None, order: list[Any]
) -> pd.DataFrame:
    """Waves as labels, standard errors, pointwise intervals and the uniform band."""
    z = float(stats.norm.ppf(1 - alpha / 2))
    att = table["att"].to_numpy(dtype="float64")
    band = np.nan if crit is None else crit
    out = pd.DataFrame(
        {
            "cohort": _wave_categorical(table["cohort"].to_numpy(), order),
            "wave": _wave_categorical(table["wave"].to_numpy(), order),
            "base_wave": _wave_categorical(table["base_wave"].to_numpy(), order),
            "event_time": table["event_time"].to_numpy(dtype=np.int64),
            **_intervals(att, se, z, band),
            "n_treated": table["n_treated"].to_numpy(dtype=np.int64),
            "n_control": table["n_control"].to_numpy(dtype=np.int64),
        }
    )
    return out


# ---------------------------------------------------------------------------------------------
# aggregation


def _size_weighted(
    att: np.ndarray, psi: np.ndarray, cohorts: np.ndarray, effects: GroupTimeEffects
) -> tuple[float, np.ndarray]:
    """Cohort-size weighted mean of effects and its influence function (R's ``wif`` added).

    The weights are the shares ``pg`` of the effects' cohorts among all units; estimating
    them adds, per unit, ``sum_k att_k (1{G=g_k} - pg_k) / S - sum_k (1{G=g_k} - pg_k) *
    sum_k pg_k att_k / S^2`` with ``S = sum_k pg_k`` (R ``did``'s ``wif``).
    """
    uc = effects.unit_cohort
    t = len(effects.waves)
    share = np.bincount(uc[uc >= 0], minlength=t) / len(uc)
    pg = share[cohorts]
    total = float(pg.sum())
    a = float(att @ pg) / total
    att_by = np.bincount(cohorts, weights=att, minlength=t)
    cells_by = np.bincount(cohorts, minlength=t).astype("float64")
    at = np.maximum(uc, 0)
    ind_att = np.where(uc >= 0, att_by[at], 0.0) - float(att @ pg)
    ind_cells = np.where(uc >= 0, cells_by[at], 0.0) - total
    wif = ind_att / total - ind_cells * float(att @ pg) / total**2
    return a, psi @ (pg / total) + wif


def _group_rows(
    att: np.ndarray, cohort: np.ndarray, post: np.ndarray, effects: GroupTimeEffects
) -> list[tuple[str, Any, Any, float, np.ndarray, int]]:
    """Per cohort the mean of its post-joining effects; overall their size-weighted mean."""
    per = []
    for g in np.unique(cohort[post]):
        k = post & (cohort == g)
        per.append(
            ("cohort", None, int(g), float(att[k].mean()), effects.influence[:, k].mean(1),
             int(k.sum()))
        )  # fmt: skip
    att_g = np.array([r[3] for r in per])
    psi_g = np.column_stack([r[4] for r in per])
    groups = np.array([r[2] for r in per], dtype=np.intp)
    a, psi = _size_weighted(att_g, psi_g, groups, effects)
    return [("overall", None, None, a, psi, int(post.sum())), *per]


def _aggregate_frame(
    rows: list[tuple[str, Any, Any, float, np.ndarray, int]],
    kind: Aggregation,
    effects: GroupTimeEffects,
) -> pd.DataFrame:
    """The tidy aggregate table with standard errors, intervals and (bootstrap) bands."""
    psi = np.column_stack([r[4] for r in rows])
    se = _standard_errors(psi, effects.unit_cluster)
    att = np.array([r[3] for r in rows])
    z = float(stats.norm.ppf(1 - effects.alpha / 2))
    band = np.full(len(rows), np.nan)
    crit = None
    if effects.n_boot > 0 and len(rows) > 1:
        crit = _uniform_crit(
            psi[:, 1:], se[1:], effects.unit_cluster, effects.n_boot, effects.seed, effects.alpha
        )
        band[1:] = crit
    cohorts = np.array([-1 if r[2] is None else r[2] for r in rows], dtype=np.intp)
    out = pd.DataFrame(
        {
            "term": [r[0] for r in rows],
            "event_time": pd.array([r[1] for r in rows], dtype="Int64"),
            "cohort": _wave_categorical(cohorts, list(effects.waves)),
            **_intervals(att, se, z, band),
            "n_cells": np.array([r[5] for r in rows], dtype=np.int64),
        }
    )
    out.attrs.update(
        kind=kind, alpha=effects.alpha, n_units=effects.n_units, n_clusters=effects.n_clusters,
        cluster=effects.cluster, control=effects.control, crit=crit, warnings=effects.warnings,
    )  # fmt: skip
    return out


# ---------------------------------------------------------------------------------------------
# small helpers


def _intervals(att: np.ndarray, se: np.ndarray, z: float, band: Any) -> dict[str, np.ndarray]:
    """Estimate, SE, pointwise interval (``z``) and uniform band (``band``, NaN without one)."""
    return {
        "att": att, "se": se, "ci_low": att - z * se, "ci_high": att + z * se,
        "band_low": att - band * se, "band_high": att + band * se,
    }  # fmt: skip


def _status_flags(status: np.ndarray) -> dict[str, np.ndarray]:
    """Cohort position (-1 never), always-treated, switching back, uncertain cohort."""
    is1 = status == 1
    any1 = is1.any(1)
    cohort = np.where(any1, is1.argmax(1), _NEVER).astype(np.intp)
    after_join = np.maximum.accumulate(is1, axis=1)
    switch_back = (after_join & (status == 0)).any(1)
    before = np.where(cohort > 0, cohort - 1, 0)
    gap = np.isnan(status[np.arange(len(status)), before])
    return {
        "cohort": cohort,
        "always": is1[:, 0] if status.shape[1] else np.zeros(len(status), dtype=bool),
        "switch_back": switch_back,
        "uncertain": (cohort > 0) & gap,
    }


def _cohort_counts(out: pd.DataFrame, has_status: np.ndarray) -> dict[str, Any]:
    sizes = out.loc[out["usable"] & out["cohort"].notna(), "cohort"].value_counts(sort=False)
    return {
        "units": len(out),
        "never_treated": int(out["never_treated"].sum()),
        "cohorts": {w: int(n) for w, n in sizes.items() if n},
        "always_treated": int(out["always_treated"].sum()),
        "switches_back": int(out["switches_back"].sum()),
        "cohort_uncertain": int(out["cohort_uncertain"].sum()),
        "no_status": int((~has_status).sum()),
    }


def _cohort_warnings(counts: dict[str, Any], treat: str) -> tuple[Message, ...]:
    out = []
    if counts["always_treated"]:
        n = counts["always_treated"]
        out.append(
            Message(
                f"{n} unit(s) have {treat} = 1 at the first wave: no wave before joining, "
                "they cannot be used",
                f"{n} unit memiliki {treat} = 1 pada gelombang pertama: tanpa gelombang "
                "sebelum bergabung, mereka tidak dapat dipakai",
            )
        )
    if counts["switches_back"]:
        n = counts["switches_back"]
        out.append(
            Message(
                f"{n} unit(s) switch {treat} back from 1 to 0",
                f"{n} unit kembali dari {treat} = 1 ke 0",
            )
        )
    if counts["cohort_uncertain"]:
        n = counts["cohort_uncertain"]
        out.append(
            Message(
                f"{n} unit(s) have no {treat} at the wave before their first 1: they may have "
                "joined earlier",
                f"{n} unit tidak memiliki {treat} pada gelombang sebelum nilai 1 pertama: "
                "mereka mungkin bergabung lebih awal",
            )
        )
    return tuple(out)


def _wave_categorical(positions: np.ndarray, order: list[Any]) -> pd.Categorical:
    """Wave labels of positions (-1 = missing) as an ordered Categorical of ``order``."""
    codes = np.asarray(positions, dtype=np.int64)
    return pd.Categorical.from_codes(codes, categories=pd.Index(order), ordered=True)


def _check_unique(
    codes: np.ndarray, wpos: np.ndarray, t: int, labels: pd.Index, unit: str, order: list[Any]
) -> None:
    """A unit may appear once per wave; the first duplicate is named."""
    key = codes.astype(np.int64) * t + wpos
    counts = np.bincount(key, minlength=1)
    if counts.size and counts.max() > 1:
        k = int(counts.argmax())
        who, wave = labels[k // t], order[k % t]
        raise DataError(
            Message(
                f"{unit} {who!r} appears more than once at wave {wave!r}",
                f"{unit} {who!r} muncul lebih dari sekali pada gelombang {wave!r}",
            ),
            code="duplicate_rows",
        )


def _check_columns(survey: pd.DataFrame, columns: list[str]) -> None:
    absent = [c for c in dict.fromkeys(columns) if c not in survey.columns]
    if absent:
        raise DataError(
            Message(
                f"column(s) {absent} are not in the survey",
                f"kolom {absent} tidak ada dalam survei",
            ),
            code="missing_column",
        )


def _no_waves_error(time: str) -> DataError:
    return DataError(
        Message(f"the survey has no value of {time}", f"survei tidak memiliki nilai {time}"),
        code="too_few_waves",
    )


@dataclass(frozen=True)
class StaggeredSummary:
    """What the report and the Comparison page show when status is recorded per wave.

    Attributes
    ----------
    control : ``"never"`` (members never in the program) or ``"notyet"`` (no one is never in).
    cohorts : joining wave -> members joining then, in wave order.
    counts : the counts of :func:`adoption_cohorts` (never treated, always treated, ...).
    effects : the group-time effects (:func:`group_time_att`).
    simple, dynamic, group : :func:`aggregate_att` of each kind, the ``overall`` row first.
    warnings : what a reader must know (cohorts left out, switches back, few units).
    """

    control: Literal["never", "notyet"]
    cohorts: dict[Any, int]
    counts: dict[str, Any]
    effects: GroupTimeEffects
    simple: pd.DataFrame
    dynamic: pd.DataFrame
    group: pd.DataFrame
    warnings: tuple[Message, ...]

    @property
    def staggered(self) -> bool:
        """Members join at two or more waves: the two-way estimate can be biased."""
        return len(self.cohorts) >= 2


def staggered_summary(
    survey: pd.DataFrame,
    *,
    outcome: str = "income",
    cluster: str | None = None,
    unit: str = "member_id",
    time: str = "wave",
    treat: str = "in_program",
) -> StaggeredSummary | None:
    """Cohorts, group-time effects and their three averages, or ``None`` when the program
    status does not vary by wave (then the two-way estimate is the one to read).

    The control group is the never-treated members when there are any, otherwise the
    not-yet-treated ones. Missing data: as :func:`group_time_att` (units missing the outcome
    or the status at a wave used are left out and counted).

    Raises
    ------
    DataError
        As :func:`group_time_att`.
    """
    from analysis.methods.panel import status_varies

    if not status_varies(survey, member=unit, group=treat):
        return None
    cohorts = adoption_cohorts(survey, unit=unit, time=time, treat=treat)
    counts = cohorts.attrs["counts"]
    control: Literal["never", "notyet"] = "never" if counts["never_treated"] else "notyet"
    effects = group_time_att(
        survey, outcome=outcome, control=control, cluster=cluster, unit=unit, time=time, treat=treat
    )
    return StaggeredSummary(
        control=control,
        cohorts=dict(counts["cohorts"]),
        counts={k: v for k, v in counts.items() if k != "cohorts"},
        effects=effects,
        simple=aggregate_att(effects, "simple"),
        dynamic=aggregate_att(effects, "dynamic"),
        group=aggregate_att(effects, "group"),
        warnings=(*cohorts.attrs["warnings"], *effects.warnings),
    )
