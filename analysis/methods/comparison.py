"""Program members versus the comparison group: balance, difference in differences, trends.

These functions answer "did members' incomes grow more than comparable non-members'?" in the
forms evaluators know from the World Bank's ``iebaltab`` and ``ieddtab`` and from Stata's
``xtreg, fe`` / ``reghdfe``. They build on :func:`analysis.methods.panel.member_changes` (who is
compared between two waves) and on the least-squares core in :mod:`analysis.methods.least_squares`.

Conventions shared by every function here
-----------------------------------------
- ``group`` names a 0/1 column: 1 = program member, 0 = comparison. A member's group is read at
  the earliest wave where it is known. Members without one are left out and counted in a
  warning. When the status is recorded per wave (0 before a member joins, 1 after: some member
  has both), the two-way estimate uses each member-wave's own status, a two-wave comparison
  sets members who joined between the waves against those not yet in (members already in at
  the earlier wave are left out and counted), and balance and trends compare members ever in
  the program with the others. With members joining at different waves the two-way estimate
  can be biased; :mod:`analysis.methods.staggered` gives heterogeneity-robust estimates.
- Differences are program minus comparison.
- Cluster-robust standard errors are CR1, t and F tests use ``G - 1`` degrees of freedom, and
  fewer than :data:`FEW_CLUSTERS` clusters adds a warning and (for :func:`did_twfe`) a wild
  cluster bootstrap p-value. With a single cluster there is no clustered standard error: the
  functions fall back to HC1 and say so.
- Every sentence meant for a person is a :class:`~analysis.messages.Message` in English and
  Indonesian; input that cannot be analysed raises :class:`~analysis.messages.DataError`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

import numpy as np
import pandas as pd

from analysis.messages import DataError, Message
from analysis.methods.inference import group_moments, t_interval
from analysis.methods.least_squares import (
    FEW_CLUSTERS,
    OlsFit,
    WildBootstrap,
    cluster_codes,
    collinear_columns,
    demean,
    fit_ols,
    max_cluster_restrictions,
    nested,
    t_pvalue,
    wald_test,
    wild_cluster_bootstrap,
)
from analysis.methods.panel import ever_in_program, member_changes, resolve_waves, status_varies
from analysis.schema import wave_order

#: The usual clustering columns; any column name works.
ClusterBy = Literal["cooperative_id", "group_id", "member_id", "kelurahan"]
#: When to add a wild cluster bootstrap p-value: below :data:`FEW_CLUSTERS` clusters, always
#: (whenever there are two clusters or more), or never.
WildBootstrapMode = Literal["auto", "always", "never"]
Period = Literal["pre", "reference", "post"]

#: Seed of the wild cluster bootstrap unless the caller gives one.
DEFAULT_SEED = 20240601
#: Numeric covariates a balance table shows unless told otherwise (those present in the data).
DEFAULT_BALANCE_COVARIATES: tuple[str, ...] = (
    "income",
    "revenue",
    "market_channels",
    "age",
    "household_size",
    "business_age_years",
)

_LABEL = {1: ("program", "program"), 0: ("comparison", "pembanding")}


# ---------------------------------------------------------------------------------------------
# results


@dataclass(frozen=True)
class DidResult:
    """A difference-in-differences estimate with two-way (member and wave) fixed effects.

    Attributes
    ----------
    estimate : program minus comparison change in ``outcome`` (same unit as the outcome).
    se : standard error of ``se_type``.
    t_stat, df : t statistic and its degrees of freedom (``G - 1`` when clustered).
    ci_low, ci_high : t-based confidence interval at ``confidence``.
    p_value : two-sided p-value from Student's t with ``df``.
    n_members : members in the regression (observed in the compared waves).
    n_program, n_comparison : of which program and comparison members.
    n_obs : member-wave observations behind the estimate (2 x members for two waves).
    n_clusters : clusters (``None`` when the standard error is not clustered).
    cluster : clustering column, or ``None``.
    se_type : ``"CR1"`` (cluster-robust) or ``"HC1"`` (heteroskedasticity-robust).
    wild_p : wild cluster bootstrap p-value, ``None`` when not run.
    wild_weights : ``"rademacher"`` or ``"webb"`` when run.
    n_boot : bootstrap replications when run, else 0.
    seed : seed of the bootstrap.
    method : ``"first-difference"`` (two waves) or ``"two-way within"`` (more waves).
    outcome, before, after : what was compared, between which waves.
    mean_change_program, mean_change_comparison : the two first differences (two waves only,
        else ``None``).
    confidence : level of the interval.
    warnings : messages the reader must see next to the estimate.
    """

    estimate: float
    se: float
    t_stat: float
    df: int
    ci_low: float
    ci_high: float
    p_value: float
    n_members: int
    n_program: int
    n_comparison: int
    n_obs: int
    n_clusters: int | None
    cluster: str | None
    se_type: Literal["CR1", "HC1"]
    wild_p: float | None
    wild_weights: Literal["rademacher", "webb"] | None
    n_boot: int
    seed: int
    method: Literal["first-difference", "two-way within"]
    outcome: str
    before: Any
    after: Any
    mean_change_program: float | None
    mean_change_comparison: float | None
    confidence: float
    warnings: tuple[Message, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict (the report's ``did`` object plus details)."""
        return {
            "estimate": self.estimate,
            "se": self.se,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "p_value": self.p_value,
            "n_members": self.n_members,
            "n_clusters": self.n_clusters,
            "se_type": self.se_type,
            "cluster": self.cluster,
            "t_stat": self.t_stat,
            "df": self.df,
            "confidence": self.confidence,
            "n_program": self.n_program,
            "n_comparison": self.n_comparison,
            "n_obs": self.n_obs,
            "wild_p": self.wild_p,
            "wild_weights": self.wild_weights,
            "n_boot": self.n_boot,
            "method": self.method,
            "outcome": self.outcome,
            "before": _jsonable(self.before),
            "after": _jsonable(self.after),
            "mean_change_program": self.mean_change_program,
            "mean_change_comparison": self.mean_change_comparison,
            "warnings": [m.to_dict() for m in self.warnings],
        }


@dataclass(frozen=True)
class BalanceTable:
    """Baseline balance of program and comparison members, ``iebaltab`` style.

    Attributes
    ----------
    table : one row per covariate (a text covariate gives one 0/1 row per category, named
        ``column=value``), columns:

        - ``variable``;
        - ``n_program``, ``mean_program``, ``sd_program``, ``se_program`` (members with a value);
        - ``n_comparison``, ``mean_comparison``, ``sd_comparison``, ``se_comparison``;
        - ``difference`` (program minus comparison), ``se_difference``, ``p_value`` (regression
          of the covariate on the group indicator; classical or CR1 standard error);
        - ``normalized_difference``: ``difference / sqrt((sd_program^2 + sd_comparison^2)/2)``;
        - ``note``: empty, or why a statistic is missing (no variation, one member).
    baseline : wave at which balance is checked.
    n_program, n_comparison : members at that wave in each group.
    cluster, n_clusters, se_type : clustering column, number of clusters and ``"classical"``,
        ``"CR1"`` or ``"HC1"`` (single cluster).
    joint_f, joint_df_num, joint_df_den, joint_p : F test that the covariates jointly do not
        predict the group (``None`` when it cannot be computed; see ``joint_note``).
    joint_n : members with every covariate of the joint test.
    joint_variables : covariates in the joint test (a reference category of each text
        covariate and covariates without variation are left out).
    joint_note : why the joint test is missing or what it left out, or ``None``.
    warnings : messages for the reader.
    """

    table: pd.DataFrame
    baseline: Any
    n_program: int
    n_comparison: int
    cluster: str | None
    n_clusters: int | None
    se_type: Literal["classical", "CR1", "HC1"]
    joint_f: float | None
    joint_df_num: int | None
    joint_df_den: int | None
    joint_p: float | None
    joint_n: int
    joint_variables: tuple[str, ...]
    joint_note: Message | None
    warnings: tuple[Message, ...] = ()


@dataclass(frozen=True)
class EventStudy:
    """Program-minus-comparison differences wave by wave, relative to a reference wave.

    Attributes
    ----------
    table : one row per wave, in order, columns ``wave``, ``period`` (``"pre"``,
        ``"reference"``, ``"post"``), ``estimate`` (0 at the reference wave by construction),
        ``se``, ``ci_low``, ``ci_high``, ``p_value`` (missing at the reference wave only),
        ``n_program``, ``n_comparison`` (members with the outcome at that wave).
    reference_wave : the wave every estimate is relative to.
    first_exposed_wave : first wave in which the program could have acted.
    pretrend_f, pretrend_df_num, pretrend_df_den, pretrend_p : joint F test that every
        pre-program estimate other than the reference is zero; ``None`` when there is no such
        estimate (see ``pretrend_note``).
    pretrend_note : why the pre-trend test is missing, or ``None``.
    n_members, n_obs, n_clusters, cluster, se_type : sample and standard errors.
    warnings : messages for the reader.
    """

    table: pd.DataFrame
    reference_wave: Any
    first_exposed_wave: Any
    pretrend_f: float | None
    pretrend_df_num: int | None
    pretrend_df_den: int | None
    pretrend_p: float | None
    pretrend_note: Message | None
    n_members: int
    n_obs: int
    n_clusters: int | None
    cluster: str | None
    se_type: Literal["CR1", "HC1"]
    warnings: tuple[Message, ...] = field(default=())


# ---------------------------------------------------------------------------------------------
# public functions


def did_twfe(
    survey: pd.DataFrame,
    before: object | None = None,
    after: object | None = None,
    *,
    group: str = "in_program",
    outcome: str = "income",
    cluster: str | None = "cooperative_id",
    all_waves: bool = False,
    wild_bootstrap: WildBootstrapMode = "auto",
    n_boot: int = 9999,
    seed: int = DEFAULT_SEED,
    confidence: float = 0.95,
    member: str = "member_id",
    wave: str = "wave",
) -> DidResult:
    """Difference in differences with member and wave fixed effects, clustered standard errors.

    Parameters
    ----------
    survey : long survey, one row per member per wave.
    before, after : compared waves (first and last by default).
    group : 0/1 column, 1 = program member.
    outcome : numeric column compared (net business income by default).
    cluster : column whose values define clusters (``"cooperative_id"``, ``"group_id"``,
        ``"member_id"``, ``"kelurahan"`` or any other), or ``None`` for HC1 standard errors.
    all_waves : use every wave from ``before`` to ``after`` (the treatment indicator is
        program x "after ``before``") instead of the two waves alone.
    wild_bootstrap : ``"auto"`` adds a wild cluster bootstrap p-value when there are fewer than
        :data:`FEW_CLUSTERS` clusters; ``"always"`` and ``"never"`` do what they say.
    n_boot, seed : bootstrap replications and seed (same seed, same p-value).
    confidence : level of the confidence interval.
    member, wave : column names.

    Returns
    -------
    DidResult

    Raises
    ------
    DataError
        No comparison group, fewer than two members in a group, no variation in the outcome's
        change, or a missing column.

    Notes
    -----
    Method. With two waves the two-way fixed-effects coefficient equals the slope of the
    first-difference regression ``(y_after - y_before) ~ 1 + program`` over members observed
    in both waves, which is what is computed (``method="first-difference"``). With
    ``all_waves`` the outcome, the treatment indicator and the wave dummies are demeaned
    within member and regressed on each other (Frisch-Waugh-Lovell; exact for unbalanced
    panels); members seen in one wave only carry no information and are dropped, as
    ``reghdfe`` does. No member dummies are ever built.

    Standard errors follow Stata's ``xtreg, fe vce(cluster)`` / ``reghdfe``: CR1 with
    ``G/(G-1) * (N-1)/(N-K)``, N = member-wave observations, K = regressors + number of waves
    (the wave effects and the constant); member fixed effects are not counted because members
    are nested in clusters (when a member changes cluster between waves they are counted).
    ``regress D.y program, vce(cluster c)`` on the differenced data counts N = members and
    K = 2 instead and so gives a standard error larger by the factor
    ``sqrt((n-1)/(n-2) / ((2n-1)/(2n-3)))`` (0.3% at 10 members, under 0.03% from 30 on). With
    ``cluster=None`` or a single cluster the standard error is HC1 with every fixed effect
    counted (equal to HC1 of the first-difference regression).

    Wild cluster bootstrap: null imposed (WCR), Rademacher weights, Webb's six-point weights
    below 12 clusters, symmetric p-value; see :func:`analysis.methods.least_squares.wild_cluster_bootstrap`.

    Missing data: members without the outcome in a compared wave, without a group or without
    a cluster are left out (counted in ``warnings``); attrition is reported by
    :func:`analysis.methods.panel.attrition`.

    Examples
    --------
    >>> df = pd.DataFrame({
    ...     "member_id": [m for m in "abcdef" for _ in (0, 1)],
    ...     "wave": [2021, 2023] * 6,
    ...     "income": [1.0, 3.0, 1.0, 3.5, 1.0, 2.5, 1.0, 1.5, 1.0, 2.0, 1.0, 1.0],
    ...     "in_program": [1] * 6 + [0] * 6,
    ... })
    >>> res = did_twfe(df, cluster=None)
    >>> round(res.estimate, 3), res.method
    (1.5, 'first-difference')
    """
    _check_columns(survey, [member, wave, outcome], cluster, group=group)
    cols = _Columns(member=member, wave=wave, outcome=outcome, group=group, cluster=cluster)
    boot = _WildOptions(mode=wild_bootstrap, n_boot=n_boot, seed=seed)
    warnings: list[Message] = []
    if all_waves:
        did = _did_within(_long_panel(survey, before, after, cols, warnings), cols, warnings)
    else:
        did = _did_first_difference(
            _first_differences(survey, before, after, cols, warnings), cols, warnings
        )
    wild = _maybe_wild(did, boot, cluster, warnings)
    return _did_result(did, cols, wild, seed, confidence, warnings)


def did_table(
    survey: pd.DataFrame,
    before: object | None = None,
    after: object | None = None,
    *,
    group: str = "in_program",
    outcome: str = "income",
    cluster: str | None = None,
    confidence: float = 0.95,
    member: str = "member_id",
    wave: str = "wave",
) -> pd.DataFrame:
    """The 2x2 difference-in-differences table (``ieddtab`` style), members in both waves.

    Parameters
    ----------
    survey : long survey, one row per member per wave.
    before, after : compared waves (first and last by default).
    group : 0/1 column, 1 = program member.
    outcome : numeric column compared.
    cluster : cluster every standard error by this column (CR1), or ``None`` for classical
        standard errors (``ieddtab``'s default ``regress``).
    confidence : level of the confidence interval of the change.
    member, wave : column names.

    Returns
    -------
    DataFrame with three rows, ``group`` = ``"program"``, ``"comparison"``, ``"difference"``,
    and columns:

    - ``n``: members (in the difference row: both groups);
    - ``before_mean``, ``before_se``: mean at ``before`` and its standard error (difference
      row: program minus comparison and the standard error of that difference);
    - ``after_mean``, ``after_se``: the same at ``after``;
    - ``change``, ``change_se``, ``change_p``: the first difference (mean change) with its
      standard error and the p-value of a zero change (paired t-test); in the difference row
      the second difference (the DiD estimate), from the regression of the change on the
      group indicator;
    - ``ci_low``, ``ci_high``: confidence interval of ``change``;
    - ``note``: empty, or why a standard error or p-value is missing.

    ``DataFrame.attrs`` holds ``before``, ``after``, ``outcome``, ``se_type``
    (``"classical"``, ``"CR1"``, or ``"HC1"`` when clustering was asked for but there is a
    single cluster), ``n_clusters`` and ``warnings`` (a tuple of messages).

    Raises
    ------
    DataError
        As :func:`did_twfe`.

    Notes
    -----
    ``ieddtab`` regresses the outcome on time, treatment and their interaction in the pooled
    rows; on the same members observed in both waves its second difference equals the one
    here, while its standard error ignores that each member is observed twice. Here the
    second difference comes from the first-difference regression ``change ~ 1 + group``
    (classical: the equal-variance two-sample t-test of the changes; clustered: CR1 with
    N = members, K = 2, exactly statsmodels' ``cov_type="cluster"``). Group standard errors
    are ``sd / sqrt(n)`` (clustered: CR1 of a regression on a constant). Missing data: as
    :func:`did_twfe`.

    Examples
    --------
    >>> df = pd.DataFrame({
    ...     "member_id": [m for m in "abcd" for _ in (0, 1)],
    ...     "wave": [1, 2] * 4,
    ...     "income": [1.0, 3.0, 2.0, 5.0, 1.0, 2.0, 3.0, 4.0],
    ...     "in_program": [1, 1, 1, 1, 0, 0, 0, 0],
    ... })
    >>> round(float(did_table(df).set_index("group").loc["difference", "change"]), 6)
    1.5
    """
    _check_columns(survey, [member, wave, outcome], cluster, group=group)
    cols = _Columns(member=member, wave=wave, outcome=outcome, group=group, cluster=cluster)
    warnings: list[Message] = []
    fd = _first_differences(survey, before, after, cols, warnings)
    se_type, cl = _choose_se(fd.clusters, cluster, warnings)
    # classical unless clustering was asked for; HC1 when it was but only one cluster exists
    se_kind: Literal["classical", "CR1", "HC1"] = "classical" if cluster is None else se_type
    rows = [_did_group_row(fd, value, se_kind, cl, confidence) for value in (1, 0)]
    dd = _did_difference_fit(fd, se_kind, cl, outcome)
    rows.append(_did_difference_row(fd, dd, confidence))
    out = pd.DataFrame(rows)
    out.attrs.update(
        {
            "before": fd.before,
            "after": fd.after,
            "outcome": outcome,
            "se_type": se_kind,
            "n_clusters": dd.change.n_clusters,
            "warnings": tuple(warnings),
        }
    )
    return out


def group_trends(
    survey: pd.DataFrame,
    *,
    group: str = "in_program",
    outcome: str = "income",
    confidence: float = 0.95,
    balanced: bool = False,
    member: str = "member_id",
    wave: str = "wave",
) -> pd.DataFrame:
    """Mean outcome by group and wave with t-based confidence intervals.

    Parameters
    ----------
    survey : long survey, one row per member per wave.
    group : 0/1 column, 1 = program member; when the column is absent everyone is a program
        member (as in :func:`analysis.methods.panel.member_changes`).
    outcome : numeric column.
    confidence : level of the intervals.
    balanced : keep only members with the outcome at every wave (the same people throughout).
    member, wave : column names.

    Returns
    -------
    DataFrame, one row per (group, wave), program first, waves in order, columns ``group``
    (``"program"``/``"comparison"``), ``group_value`` (1/0), ``wave``, ``n``, ``mean``,
    ``sd``, ``se``, ``ci_low``, ``ci_high``, ``note`` (empty, or "one member: no standard
    error", in which case ``sd``, ``se`` and the interval are missing).

    Notes
    -----
    Missing data: rows without the outcome or the group are left out; a group's members at a
    wave are those with the outcome there (so the groups may change with attrition unless
    ``balanced``). Each wave's group is read row by row, not from the earliest wave.

    Examples
    --------
    >>> df = pd.DataFrame({"member_id": ["a", "a", "b", "b"], "wave": [1, 2, 1, 2],
    ...                    "income": [1.0, 2.0, 3.0, 6.0], "in_program": [1, 1, 1, 1]})
    >>> group_trends(df)["mean"].tolist()
    [2.0, 4.0]
    """
    _check_columns(survey, [member, wave, outcome], None)
    if status_varies(survey, member=member, group=group):  # lines of 'ever in the program'
        survey = survey.assign(**{group: ever_in_program(survey, member=member, group=group)})
    order = _waves(survey[wave])
    wpos = _wave_positions(survey[wave], order)
    y = pd.to_numeric(survey[outcome], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    if group in survey.columns:
        d = _binary(survey[group], group)
    else:
        d = np.ones(len(survey))
    keep = np.isfinite(y) & ~np.isnan(d) & (wpos >= 0)
    if balanced:
        codes, uniques = pd.factorize(survey[member])
        keep &= codes >= 0
        full = np.bincount(codes[keep], minlength=len(uniques)) == len(order)
        keep &= full[np.where(codes >= 0, codes, 0)]
    y, d, wpos = y[keep], d[keep].astype(np.intp), wpos[keep]
    t = len(order)
    key = (1 - d) * t + wpos  # program rows first
    gm = group_moments(y, key, 2 * t, median=False)
    se, low, high = t_interval(gm.n, gm.mean, gm.sd, confidence=confidence)
    rows = []
    for k in range(2 * t):
        if gm.n[k] == 0:
            continue
        value = 1 - k // t
        rows.append(
            {
                "group": _LABEL[value][0],
                "group_value": value,
                "wave": order[k % t],
                "n": int(gm.n[k]),
                "mean": float(gm.mean[k]),
                "sd": float(gm.sd[k]),
                "se": float(se[k]),
                "ci_low": float(low[k]),
                "ci_high": float(high[k]),
                "note": "" if gm.n[k] >= 2 else "one member: no standard error",
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "group", "group_value", "wave", "n", "mean", "sd", "se", "ci_low", "ci_high", "note",
        ],
    )  # fmt: skip


def event_study(
    survey: pd.DataFrame,
    *,
    reference_wave: object | None = None,
    first_exposed_wave: object | None = None,
    group: str = "in_program",
    outcome: str = "income",
    cluster: str | None = "cooperative_id",
    confidence: float = 0.95,
    member: str = "member_id",
    wave: str = "wave",
) -> EventStudy:
    """Program-minus-comparison difference at every wave relative to a reference wave.

    Parameters
    ----------
    survey : long survey, one row per member per wave (two waves or more).
    reference_wave : wave every estimate is measured against; the last wave before
        ``first_exposed_wave`` by default.
    first_exposed_wave : first wave at which the program could have changed the outcome; the
        second wave by default (the first wave is the baseline, before the program), or, when
        the status is recorded per wave, the first wave at which any member is in the program.
    group, outcome : as for :func:`did_twfe`.
    cluster : clustering column or ``None`` (HC1).
    confidence : level of the intervals.
    member, wave : column names.

    Returns
    -------
    EventStudy

    Notes
    -----
    The regression is ``y_it = a_i + l_t + sum_{w != ref} b_w program_i 1[t = w] + e_it``
    with member and wave fixed effects, estimated by within-member demeaning as in
    :func:`did_twfe` (same standard errors, same K convention). ``b_w`` for a wave before
    the program measures a difference in trends before anything happened: if the groups
    followed parallel paths, these are zero, and the joint F test of them (``G - 1``
    denominator degrees of freedom when clustered) is the pre-trend check. "Pre" means every
    wave before ``first_exposed_wave``. With the baseline as the only pre-program wave (the
    usual baseline/midline/endline design), it is the reference and nothing is left to test:
    the result says so in ``pretrend_note`` instead of offering a midline comparison, because
    at midline the program was already running and a difference there is part of the effect.

    Missing data: member-waves without the outcome, group or cluster are left out; members
    observed once carry no information and are dropped.

    Examples
    --------
    >>> df = pd.DataFrame({
    ...     "member_id": [m for m in "abcd" for _ in range(3)],
    ...     "wave": [1, 2, 3] * 4,
    ...     "income": [1.0, 2.0, 3.0, 1.0, 2.5, 4.0, 1.0, 1.5, 2.0, 1.0, 1.0, 1.0],
    ...     "in_program": [1] * 6 + [0] * 6,
    ... })
    >>> event_study(df, cluster=None).table["estimate"].round(2).tolist()
    [0.0, 1.0, 2.0]
    """
    _check_columns(survey, [member, wave, outcome], cluster, group=group)
    cols = _Columns(member=member, wave=wave, outcome=outcome, group=group, cluster=cluster)
    warnings: list[Message] = []
    panel = _long_panel(survey, None, None, cols, warnings, min_waves=2)
    if first_exposed_wave is None and panel.d_it is not None and (panel.d_it == 1).any():
        # status recorded per wave: the program starts where the first member joins
        first_exposed_wave = panel.order[int(panel.wpos[panel.d_it == 1].min())]
    waves = _event_waves(panel.order, first_exposed_wave, reference_wave)
    d_row = panel.d[panel.mcode]
    counts = _event_counts(panel, d_row, outcome)
    fit, se_type = _event_fit(panel, d_row, waves, cols, warnings)
    pretrend = _pretrend_test(fit, panel.order, waves)
    return EventStudy(
        table=_event_table(fit, panel.order, waves, counts, confidence),
        reference_wave=waves.reference,
        first_exposed_wave=waves.first_exposed,
        n_members=panel.n_members,
        n_obs=len(panel.y),
        n_clusters=fit.n_clusters,
        cluster=cluster if se_type == "CR1" else None,
        se_type=se_type,
        warnings=tuple(warnings),
        **pretrend.fields("pretrend"),
    )


def balance_table(
    survey: pd.DataFrame,
    baseline: object | None = None,
    covariates: Sequence[str] | None = None,
    *,
    group: str = "in_program",
    cluster: str | None = None,
    member: str = "member_id",
    wave: str = "wave",
) -> BalanceTable:
    """Are program and comparison members alike at baseline? (``iebaltab`` style.)

    Parameters
    ----------
    survey : long survey, one row per member per wave.
    baseline : wave at which balance is checked; the first wave by default.
    covariates : columns to compare. Numeric columns give one row each; text columns give
        one 0/1 row per category (``"education=SMA"``). By default the numeric columns of
        :data:`DEFAULT_BALANCE_COVARIATES` present at that wave.
    group : 0/1 column, 1 = program member.
    cluster : cluster p-values and the joint test by this column (CR1), or ``None``.
    member, wave : column names.

    Returns
    -------
    BalanceTable

    Raises
    ------
    DataError
        No comparison group, no program member, a missing column, duplicate members at the
        wave, or no usable covariate.

    Notes
    -----
    Like ``iebaltab``: the p-value of each difference comes from regressing the covariate on
    the group indicator (classical standard error by default, which equals the
    equal-variance two-sample t-test; CR1 and t with ``G - 1`` df when clustered); the
    normalized difference is Imbens and Rubin's (2015, ch. 14), which unlike the p-value does
    not grow with the sample (|value| above 0.25 is often read as a meaningful imbalance);
    the joint test (``iebaltab``'s ``ftest``) regresses the group indicator on all covariates
    and tests that every slope is zero (F with classical covariance; Wald F with
    ``G - 1`` denominator df when clustered). Clustered, the joint test needs fewer than
    ``G - 1`` covariates: the cluster-robust covariance has rank at most ``G - 1``, and with
    ``q >= G - 1`` covariates the F statistic is meaningless (7 clusters and 6 covariates gave
    F = 4,409 on balanced demo data), so ``joint_f`` and ``joint_p`` are ``None`` and
    ``joint_note`` says why.

    Missing data: each row uses the members with that covariate; the joint test uses members
    with every covariate in it (``joint_n``). Members without a group are left out.

    Examples
    --------
    >>> df = pd.DataFrame({"member_id": list("abcd"), "wave": [1] * 4,
    ...                    "income": [1.0, 2.0, 2.0, 5.0], "age": [30.0, 40.0, 35.0, 45.0],
    ...                    "in_program": [1, 1, 0, 0]})
    >>> balance_table(df).table["difference"].tolist()
    [-2.0, -5.0]
    """
    _check_columns(survey, [member, wave], cluster, group=group)
    if status_varies(survey, member=member, group=group):  # at baseline nobody has joined yet
        survey = survey.assign(**{group: ever_in_program(survey, member=member, group=group)})
    order = _waves(survey[wave])
    base = order[0] if baseline is None else _find_wave(baseline, order)
    _check_covariates_present(survey, covariates)
    wanted = [member, group, *([cluster] if cluster else [])]
    wanted += list(covariates) if covariates is not None else list(DEFAULT_BALANCE_COVARIATES)
    rows_at = _baseline_rows(survey, wave, base, wanted, member)
    warnings: list[Message] = []
    d, keep, clusters = _baseline_groups(rows_at, group, cluster, member, warnings)
    n1, n0 = int((d[keep] == 1).sum()), int((d[keep] == 0).sum())
    _require_groups(n1, n0, group, base, None)
    variables, reference_cats = _balance_variables(
        rows_at, _balance_covariates(rows_at, covariates, base)
    )
    se_kind, cl_k, n_clusters = _balance_se(clusters, cluster, warnings)
    rows = _balance_rows(variables, keep, d[keep], se_kind, cl_k)
    joint = _joint_balance_test(
        _joint_candidates(variables, rows, reference_cats, keep), d[keep], se_kind, cl_k
    )
    return BalanceTable(
        table=pd.DataFrame(rows),
        baseline=base,
        n_program=n1,
        n_comparison=n0,
        cluster=cluster if se_kind == "CR1" else None,
        n_clusters=n_clusters,
        se_type=se_kind,
        joint_n=joint.n,
        joint_variables=joint.variables,
        warnings=tuple(warnings),
        **joint.test.fields("joint"),
    )


# ---------------------------------------------------------------------------------------------
# data preparation


class _Columns(NamedTuple):
    """The survey columns an estimate reads, as the caller named them (unpacks in this order)."""

    member: str
    wave: str
    outcome: str
    group: str
    cluster: str | None


class _WildOptions(NamedTuple):
    """When and how :func:`did_twfe` runs the wild cluster bootstrap."""

    mode: WildBootstrapMode
    n_boot: int
    seed: int


@dataclass(frozen=True)
class _FirstDifferences:
    y0: np.ndarray
    y1: np.ndarray
    dy: np.ndarray
    d: np.ndarray
    clusters: np.ndarray | None
    n_program: int
    before: Any
    after: Any


@dataclass(frozen=True)
class _LongPanel:
    y: np.ndarray
    mcode: np.ndarray  # member code per row, 0..n_members-1
    wpos: np.ndarray  # wave position per row in ``order``
    d: np.ndarray  # group per member (0/1)
    clusters: np.ndarray | None  # cluster label per row
    n_members: int
    order: list[Any]
    #: program status per row when it is recorded per wave (0 before joining), else None
    d_it: np.ndarray | None = None


def _first_differences(
    survey: pd.DataFrame,
    before: object | None,
    after: object | None,
    cols: _Columns,
    warnings: list[Message],
) -> _FirstDifferences:
    """Members in both waves with their outcome, change, group and cluster."""
    member, wave, outcome, group, cluster = cols
    b, a, _ = resolve_waves(survey, before, after, wave=wave)
    needed = list(dict.fromkeys([member, wave, outcome, group, *([cluster] if cluster else [])]))
    rows = survey.loc[survey[wave].isin([b, a]), needed]
    # integer member and cluster codes: member_changes then indexes int64, not strings (5x
    # faster at a million members); the labels themselves are never needed here
    codes = {member: _label_codes(rows[member])}
    if (codes[member] < 0).any():
        warnings.append(_dropped_message(int((codes[member] < 0).sum()), member, rows=True))
    if cluster is not None and cluster != member:
        cc = _label_codes(rows[cluster])
        codes[cluster] = np.where(cc >= 0, cc, np.nan)  # float so that missing stays missing
    rows = rows.assign(**codes)[codes[member] >= 0]
    ch = member_changes(rows, b, a, member=member, wave=wave, income=outcome)
    if ch.empty:
        raise DataError(
            Message(
                f"no member has {outcome} in both waves {_fmt(b)} and {_fmt(a)}",
                f"tidak ada anggota yang memiliki {outcome} di kedua gelombang {_fmt(b)} dan {_fmt(a)}",
            ),
            code="no_pairs",
        )
    d, keep = _known_groups(_member_attr(ch, group), group, warnings)
    if status_varies(survey, member=member, group=group):
        keep &= _untreated_before(rows, ch, b, cols, warnings)
    clusters = None
    if cluster is not None:
        cl = ch[member] if cluster == member else _member_attr(ch, cluster)
        cl_codes = cl.to_numpy(dtype="float64", na_value=np.nan)
        cl_codes = np.where(np.isnan(cl_codes), -1, cl_codes).astype(np.intp)
        cl_codes = _singletons(cl_codes, np.arange(len(cl_codes)), cluster, warnings, keep)
        clusters = cl_codes[keep]
    d = d[keep]
    n1, n0 = int((d == 1).sum()), int((d == 0).sum())
    _require_groups(n1, n0, group, b, a)
    y0 = ch["income_before"].to_numpy(dtype="float64")[keep]
    y1 = ch["income_after"].to_numpy(dtype="float64")[keep]
    return _FirstDifferences(y0, y1, y1 - y0, d, clusters, n1, b, a)


def _long_panel(
    survey: pd.DataFrame,
    before: object | None,
    after: object | None,
    cols: _Columns,
    warnings: list[Message],
    min_waves: int = 2,
) -> _LongPanel:
    """Member-wave rows with the outcome, a group and a cluster, members seen twice or more."""
    member, wave, outcome, group, cluster = cols
    order_all = wave_order(survey[wave])
    if len(order_all) < min_waves:
        raise DataError(
            Message(
                f"at least {min_waves} waves are needed; found {len(order_all)}",
                f"dibutuhkan minimal {min_waves} gelombang; ditemukan {len(order_all)}",
            ),
            code="too_few_waves",
        )
    if before is None and after is None:
        order = order_all
    else:
        b, a, _ = resolve_waves(survey, before, after, wave=wave)
        order = order_all[order_all.index(b) : order_all.index(a) + 1]
    wpos = _wave_positions(survey[wave], order)
    y = pd.to_numeric(survey[outcome], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    d_row = _binary(survey[group], group)
    mcodes, members = pd.factorize(survey[member])
    keep = (wpos >= 0) & np.isfinite(y) & (mcodes >= 0)
    ccodes = None
    if cluster is not None:
        ccodes = mcodes if cluster == member else _label_codes(survey[cluster])
        ccodes = _singletons(ccodes, mcodes, cluster, warnings, keep)

    n_all = len(members)
    if status_varies(survey, member=member, group=group):
        return _long_panel_by_status(y, d_row, mcodes, wpos, keep, ccodes, order, cols, warnings)
    # a member's group: the earliest wave where it is known
    d_member = np.full(n_all, np.nan)
    for w in range(len(order)):
        at = keep & (wpos == w) & ~np.isnan(d_row)
        idx = mcodes[at]
        fill = np.isnan(d_member[idx])
        d_member[idx[fill]] = d_row[at][fill]
    known = keep & ~np.isnan(d_row)
    changed = np.zeros(n_all, dtype=bool)
    changed[mcodes[known][d_row[known] != d_member[mcodes[known]]]] = True
    if changed.any():
        warnings.append(
            Message(
                f"{int(changed.sum())} member(s) change {group} between waves; each member's "
                "group is read at the earliest wave",
                f"{int(changed.sum())} anggota berganti {group} antargelombang; kelompok setiap "
                "anggota dibaca pada gelombang paling awal",
            )
        )
    no_group = keep & np.isnan(d_member[np.where(mcodes >= 0, mcodes, 0)])
    if no_group.any():
        n_ng = len(np.unique(mcodes[no_group]))
        warnings.append(_dropped_message(n_ng, group))
    keep &= ~no_group

    return _panel_of(y, mcodes, wpos, keep, d_member, ccodes, order, group)


def _panel_of(
    y: np.ndarray,
    mcodes: np.ndarray,
    wpos: np.ndarray,
    keep: np.ndarray,
    d_member: np.ndarray,
    ccodes: np.ndarray | None,
    order: list[Any],
    group: str,
    d_row: np.ndarray | None = None,
) -> _LongPanel:
    """The kept rows as a :class:`_LongPanel`, members renumbered; members observed once
    carry no within-member variation and are dropped; both groups need two members."""
    counts = np.bincount(mcodes[keep], minlength=len(d_member))
    keep = keep & (counts[np.where(mcodes >= 0, mcodes, 0)] >= 2)
    used, new_codes = np.unique(mcodes[keep], return_inverse=True)
    d_used = d_member[used]
    _require_groups(int((d_used == 1).sum()), int((d_used == 0).sum()), group, order[0], order[-1])
    return _LongPanel(
        y=y[keep],
        mcode=new_codes.astype(np.intp),
        wpos=wpos[keep],
        d=d_used,
        clusters=None if ccodes is None else ccodes[keep],
        n_members=len(used),
        order=list(order),
        d_it=None if d_row is None else d_row[keep],
    )


def _untreated_before(
    rows: pd.DataFrame, ch: pd.DataFrame, b: Any, cols: _Columns, warnings: list[Message]
) -> np.ndarray:
    """With status recorded per wave, who can be compared between ``b`` and the later wave.

    A two-wave contrast needs everyone untreated at ``b``: members who joined by the later wave
    (``in_program`` there is 1) against those not yet in (0). Members already in at ``b``, or
    whose status at ``b`` is unknown, are left out and counted in a warning.
    """
    member, wave, group = cols.member, cols.wave, cols.group
    at_b = rows[rows[wave] == b]
    status_b = pd.Series(_binary(at_b[group], group), index=at_b[member].to_numpy())
    ok = status_b.reindex(ch[member].to_numpy()).to_numpy() == 0
    if (~ok).any():
        n = int((~ok).sum())
        warnings.append(
            Message(
                f"{group} is recorded per wave: {n} member(s) already in the program (or with "
                f"no status) at wave {_fmt(b)} are left out of this comparison, which sets "
                "members who joined by the later wave against those not yet in",
                f"{group} dicatat per gelombang: {n} anggota yang sudah ikut program (atau tanpa "
                f"status) pada gelombang {_fmt(b)} tidak diikutkan dalam perbandingan ini, yang "
                "membandingkan anggota yang bergabung hingga gelombang akhir dengan yang belum",
            )
        )
    return ok


def _long_panel_by_status(
    y: np.ndarray,
    d_row: np.ndarray,
    mcodes: np.ndarray,
    wpos: np.ndarray,
    keep: np.ndarray,
    ccodes: np.ndarray | None,
    order: list[Any],
    cols: _Columns,
    warnings: list[Message],
) -> _LongPanel:
    """The long panel when status is recorded per wave: rows keep their own status (the
    two-way estimate's treatment), a member's group is 'ever in the program'. Rows without a
    status are left out; members who leave the program (1 then 0) are counted in a warning."""
    keep = keep & ~np.isnan(d_row)
    n_all = int(mcodes.max()) + 1 if len(mcodes) else 0
    ever = np.full(n_all, -np.inf)
    np.maximum.at(ever, mcodes[keep], d_row[keep])
    first_in = np.full(n_all, np.inf)
    np.minimum.at(first_in, mcodes[keep & (d_row == 1)], wpos[keep & (d_row == 1)])
    left = keep & (d_row == 0) & (wpos > first_in[np.where(mcodes >= 0, mcodes, 0)])
    if left.any():
        warnings.append(
            Message(
                f"{len(np.unique(mcodes[left]))} member(s) leave the program ({cols.group} 1 "
                "then 0); their later waves count as untreated",
                f"{len(np.unique(mcodes[left]))} anggota keluar dari program ({cols.group} 1 "
                "lalu 0); gelombang berikutnya dihitung tanpa program",
            )
        )
    return _panel_of(y, mcodes, wpos, keep, ever, ccodes, order, cols.group, d_row)


# ---------------------------------------------------------------------------------------------
# estimation pieces


class _DidFit(NamedTuple):
    """A DiD regression and the data its bootstrap redraws."""

    fit: OlsFit
    se_type: Literal["CR1", "HC1"]
    y: np.ndarray
    X: np.ndarray
    clusters: np.ndarray | None
    column: int  # the program coefficient
    sample: dict[str, Any]  # the DidResult fields that describe method and sample


def _did_first_difference(
    fd: _FirstDifferences, cols: _Columns, warnings: list[Message]
) -> _DidFit:
    """TWFE DiD over two waves as the first-difference regression ``dy ~ 1 + program``."""
    n = len(fd.dy)
    X = np.column_stack([np.ones(n), fd.d])
    se_type, cl = _choose_se(fd.clusters, cols.cluster, warnings)
    if se_type == "CR1":
        # xtreg/reghdfe convention on the 2n member-wave rows: K = 1 regressor + 2 waves
        fit = fit_ols(fd.dy, X, se_type="CR1", clusters=cl, df_n=2 * n, df_k=3)
    else:
        fit = fit_ols(fd.dy, X, se_type="HC1")
    _require_variation(fit, 1, cols.outcome, fd.before, fd.after)
    sample = {
        "method": "first-difference", "n_members": n, "n_program": fd.n_program,
        "n_comparison": n - fd.n_program, "n_obs": 2 * n, "before": fd.before, "after": fd.after,
        "mean_change_program": float(fd.dy[fd.d == 1].mean()),
        "mean_change_comparison": float(fd.dy[fd.d == 0].mean()),
    }  # fmt: skip
    return _DidFit(fit, se_type, fd.dy, X, cl, 1, sample)


def _did_within(panel: _LongPanel, cols: _Columns, warnings: list[Message]) -> _DidFit:
    """TWFE DiD over every wave of the panel: program x (wave after the first)."""
    t = len(panel.order)
    d_row = panel.d[panel.mcode]
    # status recorded per wave: each member-wave's own status (TWFE with a time-varying D)
    treat = panel.d_it if panel.d_it is not None else d_row * (panel.wpos > 0)
    dummies = np.column_stack([(panel.wpos == w).astype("float64") for w in range(1, t)])
    fit, se_type, yw, Xw = _within_fit(
        panel, np.column_stack([treat, dummies]), 1, cols.cluster, warnings
    )
    _require_variation(fit, 0, cols.outcome, panel.order[0], panel.order[-1])
    n1 = int((panel.d == 1).sum())
    sample = {
        "method": "two-way within", "n_members": panel.n_members, "n_program": n1,
        "n_comparison": panel.n_members - n1, "n_obs": len(panel.y), "before": panel.order[0],
        "after": panel.order[-1], "mean_change_program": None, "mean_change_comparison": None,
    }  # fmt: skip
    return _DidFit(fit, se_type, yw, Xw, panel.clusters, 0, sample)


def _within_fit(
    panel: _LongPanel, X: np.ndarray, p: int, cluster: str | None, warnings: list[Message]
) -> tuple[OlsFit, Literal["CR1", "HC1"], np.ndarray, np.ndarray]:
    """Member-demeaned OLS of y on X (p treatment columns, then T-1 wave dummies).

    Returns the fit, its standard-error type and the demeaned y and X (for the bootstrap).
    """
    t = len(panel.order)
    yw = demean(panel.y, [panel.mcode])
    Xw = demean(X, [panel.mcode])
    n = len(yw)
    se_type, cl = _choose_se(panel.clusters, cluster, warnings)
    if se_type == "CR1":
        assert cl is not None
        stays = nested(panel.mcode, cl)
        # xtreg/reghdfe: regressors + wave effects + constant; member effects only when a
        # member moves between clusters
        k = p + (t - 1) + 1 + (0 if stays else panel.n_members - 1)
        if not stays:
            warnings.append(
                Message(
                    f"some members change {cluster} between waves: member fixed effects are "
                    "counted in the small-sample correction",
                    f"sebagian anggota berpindah {cluster} antargelombang: efek tetap anggota "
                    "dihitung dalam koreksi sampel kecil",
                )
            )
        fit = fit_ols(yw, Xw, se_type="CR1", clusters=cl, df_n=n, df_k=k)
    else:
        fit = fit_ols(yw, Xw, se_type="HC1", df_n=n, df_k=p + (t - 1) + panel.n_members)
    return fit, se_type, yw, Xw


def _choose_se(
    clusters: np.ndarray | None, cluster: str | None, warnings: list[Message]
) -> tuple[Literal["CR1", "HC1"], np.ndarray | None]:
    if clusters is None:
        return "HC1", None
    codes, g = cluster_codes(clusters)
    if g < 2:
        warnings.append(_single_cluster_message(cluster or ""))
        return "HC1", None
    return "CR1", codes


def _maybe_wild(
    did: _DidFit, boot: _WildOptions, cluster: str | None, warnings: list[Message]
) -> WildBootstrap | None:
    if did.clusters is None or did.fit.n_clusters is None:
        return None
    g = did.fit.n_clusters
    few = g < FEW_CLUSTERS
    mode = boot.mode
    if few:
        warnings.append(_few_clusters_message(g, cluster or "", wild=mode != "never"))
    if mode == "never" or (mode == "auto" and not few):
        return None
    return wild_cluster_bootstrap(
        did.y, did.X, did.clusters, did.column, n_boot=boot.n_boot, seed=boot.seed
    )


def _did_result(
    did: _DidFit,
    cols: _Columns,
    wild: WildBootstrap | None,
    seed: int,
    confidence: float,
    warnings: list[Message],
) -> DidResult:
    fit, j = did.fit, did.column
    ci = fit.conf_int(confidence)[j]
    return DidResult(
        estimate=float(fit.params[j]),
        se=float(fit.bse[j]),
        t_stat=float(fit.tvalues[j]),
        df=int(fit.df_inference),
        ci_low=float(ci[0]),
        ci_high=float(ci[1]),
        p_value=float(fit.pvalues[j]),
        n_clusters=fit.n_clusters,
        cluster=cols.cluster if did.se_type == "CR1" else None,
        se_type="CR1" if fit.se_type == "CR1" else "HC1",
        wild_p=None if wild is None else float(wild.p_value),
        wild_weights=None if wild is None else wild.weights,
        n_boot=0 if wild is None else int(wild.n_boot),
        seed=seed,
        outcome=cols.outcome,
        confidence=confidence,
        warnings=tuple(warnings),
        **did.sample,
    )


def _did_group_row(
    fd: _FirstDifferences,
    value: int,
    se_kind: Literal["classical", "CR1", "HC1"],
    cl: np.ndarray | None,
    confidence: float,
) -> dict[str, Any]:
    """The program (``value`` 1) or comparison (0) row of :func:`did_table`."""
    sel = fd.d == value
    ones = np.ones((int(sel.sum()), 1))
    clg = None if cl is None else cl[sel]
    fits = [_mean_fit(v[sel], ones, se_kind, clg) for v in (fd.y0, fd.y1, fd.dy)]
    note = ""
    change_fit = fits[2]
    se_c = float(change_fit.bse[0]) if change_fit is not None else float("nan")
    if change_fit is None or not se_c > 0:
        p, lo, hi = float("nan"), float("nan"), float("nan")
        note = (
            "all members of this group are in one cluster: no clustered standard error"
            if change_fit is None
            else "no variation in the change: no standard error"
        )
    else:
        p = float(change_fit.pvalues[0])
        lo, hi = (float(v) for v in change_fit.conf_int(confidence)[0])
    return {
        "group": _LABEL[value][0],
        "n": int(sel.sum()),
        "before_mean": float(fd.y0[sel].mean()),
        "before_se": _se_or_nan(fits[0]),
        "after_mean": float(fd.y1[sel].mean()),
        "after_se": _se_or_nan(fits[1]),
        "change": float(fd.dy[sel].mean()),
        "change_se": se_c,
        "change_p": p,
        "ci_low": lo,
        "ci_high": hi,
        "note": note,
    }


class _DifferenceFits(NamedTuple):
    """Regressions of the outcome before, after and of its change on ``[1, program]``."""

    before: OlsFit
    after: OlsFit
    change: OlsFit


def _did_difference_fit(
    fd: _FirstDifferences,
    se_kind: Literal["classical", "CR1", "HC1"],
    cl: np.ndarray | None,
    outcome: str,
) -> _DifferenceFits:
    """The program-minus-comparison regressions of :func:`did_table`; checks the change varies."""
    n = len(fd.dy)
    X = np.column_stack([np.ones(n), fd.d])
    fits = _DifferenceFits(
        *(fit_ols(v, X, se_type=se_kind, clusters=cl) for v in (fd.y0, fd.y1, fd.dy))
    )
    _require_variation(fits.change, 1, outcome, fd.before, fd.after)
    return fits


def _did_difference_row(
    fd: _FirstDifferences, fits: _DifferenceFits, confidence: float
) -> dict[str, Any]:
    """The ``difference`` row of :func:`did_table`: the slopes on the program indicator."""
    dd = fits.change
    dd_low, dd_high = dd.conf_int(confidence)[1]
    return {
        "group": "difference",
        "n": len(fd.dy),
        "before_mean": float(fits.before.params[1]),
        "before_se": float(fits.before.bse[1]),
        "after_mean": float(fits.after.params[1]),
        "after_se": float(fits.after.bse[1]),
        "change": float(dd.params[1]),
        "change_se": float(dd.bse[1]),
        "change_p": float(dd.pvalues[1]),
        "ci_low": float(dd_low),
        "ci_high": float(dd_high),
        "note": "",
    }


class _EventWaves(NamedTuple):
    """The waves of an event study and their positions in the wave order."""

    first_exposed: Any
    reference: Any
    fpos: int  # position of the first exposed wave
    rpos: int  # position of the reference wave
    others: list[int]  # positions of every wave but the reference, in order


class _JointF(NamedTuple):
    """A joint F test, or ``None`` with a note saying why there is none."""

    f: float | None = None
    df_num: int | None = None
    df_den: int | None = None
    p: float | None = None
    note: Message | None = None

    def fields(self, prefix: str) -> dict[str, Any]:
        """The result's ``{prefix}_f``, ``_df_num``, ``_df_den``, ``_p`` and ``_note`` fields."""
        return {f"{prefix}_{name}": value for name, value in self._asdict().items()}


def _event_waves(
    order: list[Any], first_exposed_wave: object | None, reference_wave: object | None
) -> _EventWaves:
    """The first exposed wave (the second by default) and the reference (the wave before it)."""
    first = order[1] if first_exposed_wave is None else _find_wave(first_exposed_wave, order)
    fpos = order.index(first)
    if fpos == 0:
        raise DataError(
            Message(
                f"the first exposed wave {_fmt(first)} is the first wave: there is no wave before "
                "the program to compare with",
                f"gelombang pertama terpapar {_fmt(first)} adalah gelombang pertama: tidak ada "
                "gelombang sebelum program sebagai pembanding",
            ),
            code="no_pre_wave",
        )
    ref = order[fpos - 1] if reference_wave is None else _find_wave(reference_wave, order)
    rpos = order.index(ref)
    others = [w for w in range(len(order)) if w != rpos]
    return _EventWaves(first, ref, fpos, rpos, others)


def _event_counts(panel: _LongPanel, d_row: np.ndarray, outcome: str) -> np.ndarray:
    """Members per group (row 0 program, row 1 comparison) and wave; every cell must be filled."""
    order = panel.order
    t = len(order)
    counts = np.bincount((1 - d_row.astype(np.intp)) * t + panel.wpos, minlength=2 * t)
    counts = counts.reshape(2, t)  # row 0 program, row 1 comparison
    for w in range(t):
        for row, (en, id_) in ((0, _LABEL[1]), (1, _LABEL[0])):
            if counts[row, w] == 0:
                raise DataError(
                    Message(
                        f"wave {_fmt(order[w])} has no {en} member with {outcome} who is also "
                        "observed in another wave",
                        f"gelombang {_fmt(order[w])} tidak memiliki anggota {id_} dengan {outcome} "
                        "yang juga teramati di gelombang lain",
                    ),
                    code="empty_wave",
                )
    return counts


def _event_fit(
    panel: _LongPanel,
    d_row: np.ndarray,
    waves: _EventWaves,
    cols: _Columns,
    warnings: list[Message],
) -> tuple[OlsFit, Literal["CR1", "HC1"]]:
    """Within-member OLS on program x wave and wave dummies, every wave but the reference."""
    others, order, cluster = waves.others, panel.order, cols.cluster
    inter = np.column_stack([d_row * (panel.wpos == w) for w in others])
    dummies = np.column_stack([(panel.wpos == w).astype("float64") for w in others])
    fit, se_type, _, _ = _within_fit(
        panel, np.column_stack([inter, dummies]), len(others), cluster, warnings
    )
    _require_variation(fit, 0, cols.outcome, order[0], order[-1])
    if fit.n_clusters is not None and fit.n_clusters < FEW_CLUSTERS:
        warnings.append(_few_clusters_message(fit.n_clusters, cluster or "", wild=False))
    return fit, se_type


def _event_table(
    fit: OlsFit, order: list[Any], waves: _EventWaves, counts: np.ndarray, confidence: float
) -> pd.DataFrame:
    """One row per wave: the program x wave estimate (0 at the reference) and the group sizes."""
    rpos, fpos = waves.rpos, waves.fpos
    ci = fit.conf_int(confidence)
    rows = []
    for w in range(len(order)):
        period: Period = "reference" if w == rpos else ("pre" if w < fpos else "post")
        if w == rpos:
            est, se, lo, hi, p = 0.0, float("nan"), float("nan"), float("nan"), float("nan")
        else:
            j = waves.others.index(w)
            est, se = float(fit.params[j]), float(fit.bse[j])
            lo, hi, p = float(ci[j, 0]), float(ci[j, 1]), float(fit.pvalues[j])
        rows.append(
            {
                "wave": order[w],
                "period": period,
                "estimate": est,
                "se": se,
                "ci_low": lo,
                "ci_high": hi,
                "p_value": p,
                "n_program": int(counts[0, w]),
                "n_comparison": int(counts[1, w]),
            }
        )
    return pd.DataFrame(rows)


def _pretrend_test(fit: OlsFit, order: list[Any], waves: _EventWaves) -> _JointF:
    """Joint F test of the pre-program estimates other than the reference, or why there is none."""
    rpos, fpos = waves.rpos, waves.fpos
    pre = [waves.others.index(w) for w in range(fpos) if w != rpos]
    if rpos >= fpos:
        return _JointF(
            note=Message(
                f"The reference wave {_fmt(order[rpos])} comes after the program started, so the "
                "estimates before it are not a pre-trend check; choose a pre-program reference "
                "wave for that.",
                f"Gelombang acuan {_fmt(order[rpos])} berada sesudah program dimulai, sehingga estimasi "
                "sebelumnya bukan pemeriksaan tren sebelum program; pilih gelombang acuan sebelum "
                "program untuk itu.",
            )
        )
    if not pre:
        return _JointF(
            note=Message(
                f"Only one wave ({_fmt(order[rpos])}) comes before the program, and it is the "
                "reference: parallel trends before the program cannot be tested with these data. "
                "The estimates after it combine the program's effect with any difference in the "
                "groups' trends.",
                f"Hanya satu gelombang ({_fmt(order[rpos])}) sebelum program, dan itu menjadi acuan: "
                "kesejajaran tren sebelum program tidak dapat diuji dengan data ini. Estimasi "
                "sesudahnya menggabungkan dampak program dengan perbedaan tren antarkelompok.",
            )
        )
    g = fit.n_clusters
    if g is not None and len(pre) > max_cluster_restrictions(g):
        return _JointF(
            note=Message(
                f"No pre-trend test: {len(pre)} pre-program waves cannot be tested together with "
                f"only {g} clusters (a cluster-robust joint test needs fewer than clusters - 1 "
                "coefficients). Read the pre-program estimates one by one.",
                f"Tidak ada uji tren sebelum program: {len(pre)} gelombang sebelum program tidak "
                f"dapat diuji bersama dengan hanya {g} klaster (uji gabungan kokoh-klaster "
                "memerlukan kurang dari jumlah klaster - 1 koefisien). Bacalah estimasi sebelum "
                "program satu per satu.",
            )
        )
    try:
        wt = wald_test(fit, pre)
    except ValueError:
        return _JointF(
            note=Message(
                "The pre-trend test cannot be computed: the covariance of the pre-program "
                "estimates is singular.",
                "Uji tren sebelum program tidak dapat dihitung: kovarians estimasi sebelum "
                "program singular.",
            )
        )
    return _JointF(wt.f_stat, wt.df_num, wt.df_den, wt.p_value)


def _mean_fit(
    v: np.ndarray,
    ones: np.ndarray,
    se_kind: Literal["classical", "CR1", "HC1"],
    cl: np.ndarray | None,
) -> OlsFit | None:
    """Mean and its standard error as a regression on a constant; None when not estimable."""
    if len(v) < 2:
        return None
    if se_kind == "CR1":
        assert cl is not None
        if cluster_codes(cl)[1] < 2:
            return None
        return fit_ols(v, ones, se_type="CR1", clusters=cl)
    return fit_ols(v, ones, se_type=se_kind)


def _se_or_nan(fit: OlsFit | None) -> float:
    return float("nan") if fit is None else float(fit.bse[0])


def _balance_variables(
    rows_at: pd.DataFrame, covariates: Sequence[str]
) -> tuple[list[tuple[str, np.ndarray]], set[str]]:
    """(name, float values) per balance row; text columns become one 0/1 row per category."""
    out: list[tuple[str, np.ndarray]] = []
    reference: set[str] = set()
    for col in covariates:
        s = rows_at[col]
        if pd.api.types.is_bool_dtype(s.dtype) or pd.api.types.is_numeric_dtype(s.dtype):
            out.append((col, pd.to_numeric(s).to_numpy(dtype="float64", na_value=np.nan)))
            continue
        present = s.dropna()
        cats = sorted(present.astype(str).unique())
        if not cats:
            out.append((col, np.full(len(s), np.nan)))
            continue
        text = s.astype(str).to_numpy()
        isna = s.isna().to_numpy()
        for i, cat in enumerate(cats):
            values = np.where(isna, np.nan, (text == cat).astype("float64"))
            name = f"{col}={cat}"
            out.append((name, values))
            if i == 0:
                reference.add(name)
    return out, reference


def _balance_covariates(
    rows_at: pd.DataFrame, covariates: Sequence[str] | None, base: Any
) -> Sequence[str]:
    """The covariates asked for, or the default ones with values at the baseline; never none."""
    if covariates is None:
        covariates = [
            c
            for c in DEFAULT_BALANCE_COVARIATES
            if c in rows_at.columns
            and pd.api.types.is_numeric_dtype(rows_at[c].dtype)
            and rows_at[c].notna().any()
        ]
    if not covariates:
        raise DataError(
            Message(
                "no covariate to compare: none of the default covariates "
                f"{list(DEFAULT_BALANCE_COVARIATES)} has values at wave {_fmt(base)}",
                "tidak ada kovariat untuk dibandingkan: tidak satu pun kovariat bawaan "
                f"{list(DEFAULT_BALANCE_COVARIATES)} memiliki nilai pada gelombang {_fmt(base)}",
            ),
            code="no_covariates",
        )
    return covariates


def _balance_se(
    clusters: np.ndarray | None, cluster: str | None, warnings: list[Message]
) -> tuple[Literal["classical", "CR1", "HC1"], np.ndarray | None, int | None]:
    """Classical without clusters, else CR1 (HC1 with a single cluster), codes and G when CR1."""
    if clusters is None:
        return "classical", None, None
    se_type, codes = _choose_se(clusters, cluster, warnings)
    if codes is None:
        return se_type, None, None
    n_clusters = int(codes.max()) + 1  # cluster codes are 0..G-1
    if n_clusters < FEW_CLUSTERS:
        warnings.append(_few_clusters_message(n_clusters, cluster or "", wild=False))
    return se_type, codes, n_clusters


def _baseline_groups(
    rows_at: pd.DataFrame, group: str, cluster: str | None, member: str, warnings: list[Message]
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Each member's group, where it is known, and the clusters of those members (or None)."""
    d, keep = _known_groups(rows_at[group], group, warnings)
    if cluster is None:
        return d, keep, None
    cl_all = _label_codes(rows_at[cluster] if cluster != member else rows_at[member])
    cl_all = _singletons(cl_all, np.arange(len(cl_all)), cluster, warnings, keep)
    return d, keep, cl_all[keep]


def _balance_rows(
    variables: list[tuple[str, np.ndarray]],
    keep: np.ndarray,
    d: np.ndarray,
    se_kind: Literal["classical", "CR1", "HC1"],
    cl: np.ndarray | None,
) -> list[dict[str, Any]]:
    """One balance row per variable over the members in ``keep`` with a value of it."""
    rows = []
    for name, values in variables:
        x = values[keep]
        ok = np.isfinite(x)
        rows.append(_balance_row(name, x[ok], d[ok], se_kind, None if cl is None else cl[ok]))
    return rows


def _joint_candidates(
    variables: list[tuple[str, np.ndarray]],
    rows: list[dict[str, Any]],
    reference: set[str],
    keep: np.ndarray,
) -> list[tuple[str, np.ndarray]]:
    """Covariates of the joint test: those with variation, less one reference category per text.

    A text covariate's first category is its reference (its 0/1 rows sum to one).
    """
    return [
        (name, values[keep])
        for (name, values), row in zip(variables, rows, strict=True)
        if name not in reference and row["note"] == ""
    ]


class _JointBalance(NamedTuple):
    """The joint test of a balance table, the members it used and the covariates it tested."""

    test: _JointF
    n: int = 0
    variables: tuple[str, ...] = ()


def _joint_balance_test(
    usable: list[tuple[str, np.ndarray]],
    d: np.ndarray,
    se_kind: Literal["classical", "CR1", "HC1"],
    cl: np.ndarray | None,
) -> _JointBalance:
    """F test that the covariates (name, values) jointly do not predict the group ``d``."""
    if not usable:
        note = Message(
            "No covariate with variation in both groups: no joint test.",
            "Tidak ada kovariat yang bervariasi di kedua kelompok: tidak ada uji gabungan.",
        )
        return _JointBalance(_JointF(note=note))
    Z = np.column_stack([v for _, v in usable])
    ok = np.isfinite(Z).all(axis=1)
    joint_n = int(ok.sum())
    Xj, names, note = _drop_collinear(
        np.column_stack([np.ones(joint_n), Z[ok]]), [nm for nm, _ in usable]
    )
    q = Xj.shape[1] - 1
    cl_ok = None if cl is None else cl[ok]
    g_joint = 0 if cl_ok is None else len(np.unique(cl_ok))
    if se_kind == "CR1" and q > max_cluster_restrictions(g_joint):
        return _JointBalance(
            _JointF(note=_few_clusters_joint_message(q, g_joint)), joint_n, tuple(names)
        )
    try:
        fit = fit_ols(d[ok], Xj, se_type=se_kind, clusters=cl_ok)
        wt = wald_test(fit, list(range(1, q + 1)))
    except DataError as exc:  # fit_ols: too few members for the covariates
        note = Message(
            f"The joint test cannot be computed: {exc.message.en}.",
            f"Uji gabungan tidak dapat dihitung: {exc.message.id}.",
        )
    except ValueError:  # wald_test: a singular covariance
        note = Message(
            f"The joint test cannot be computed: the {joint_n} members with every "
            f"covariate cannot separate the {q} covariates' effects (their "
            "covariance is singular).",
            f"Uji gabungan tidak dapat dihitung: {joint_n} anggota yang memiliki semua "
            f"kovariat tidak cukup untuk memisahkan pengaruh {q} kovariat (kovariansnya "
            "singular).",
        )
    else:
        test = _JointF(wt.f_stat, wt.df_num, wt.df_den, wt.p_value, note)
        return _JointBalance(test, joint_n, tuple(names))
    return _JointBalance(_JointF(note=note), joint_n, tuple(names))


def _drop_collinear(
    X: np.ndarray, names: list[str]
) -> tuple[np.ndarray, list[str], Message | None]:
    """X (a constant, then one column per name) without collinear columns, and a note on them."""
    drop = collinear_columns(X)
    if not drop:
        return X, names, None
    dropped = [names[j - 1] for j in drop if j > 0]
    note = Message(
        f"left out of the joint test as collinear with the others: {dropped}",
        f"tidak diikutkan dalam uji gabungan karena kolinear dengan yang lain: {dropped}",
    )
    keep_cols = [j for j in range(X.shape[1]) if j not in drop]
    return X[:, keep_cols], [names[j - 1] for j in keep_cols if j > 0], note


def _balance_row(
    name: str,
    x: np.ndarray,
    d: np.ndarray,
    se_kind: Literal["classical", "CR1", "HC1"],
    cl: np.ndarray | None,
) -> dict[str, Any]:
    """One balance row in closed form (the regression of x on [1, d], without building it).

    For ``x ~ 1 + d`` the slope is ``m1 - m0``, the residual is x minus its group mean, and
    the row of (X'X)^-1 that maps scores to the slope is ``[-1/n0, 1/n0 + 1/n1]``, so each
    observation's influence on the slope is ``u/n1`` (program) or ``-u/n0`` (comparison).
    Classical, HC1 and CR1 variances follow with the usual factors (tests check them against
    statsmodels); this is about ten passes over the data instead of forty.
    """
    d1 = d == 1
    g1 = d1.astype(np.intp)
    n1 = int(g1.sum())
    n0 = len(x) - n1
    sums = np.bincount(g1, weights=x, minlength=2)
    m0 = float(sums[0] / n0) if n0 else float("nan")
    m1 = float(sums[1] / n1) if n1 else float("nan")
    u = x - np.where(d1, m1, m0)
    ss0, ss1 = np.bincount(g1, weights=u * u, minlength=2)
    s0 = float(np.sqrt(ss0 / (n0 - 1))) if n0 >= 2 else float("nan")
    s1 = float(np.sqrt(ss1 / (n1 - 1))) if n1 >= 2 else float("nan")
    note = ""
    se_d = p = nd = float("nan")
    if n1 < 2 or n0 < 2:
        note = "fewer than two members with a value in a group"
    elif np.ptp(x) == 0:
        note = "no variation"
    else:
        denom = np.sqrt((s1**2 + s0**2) / 2.0)
        nd = (m1 - m0) / denom if denom > 0 else float("nan")
        n = n1 + n0
        if se_kind == "classical":
            var, df = (ss0 + ss1) / (n - 2) * (1.0 / n1 + 1.0 / n0), n - 2
        elif se_kind == "HC1":
            var, df = n / (n - 2) * (ss1 / n1**2 + ss0 / n0**2), n - 2
        else:
            assert cl is not None
            codes, g = cluster_codes(cl)
            if g < 2:
                var, df = 0.0, 0
                note = "one cluster among members with a value: no clustered standard error"
            else:
                infl = np.bincount(codes, weights=u * np.where(d1, 1.0 / n1, -1.0 / n0))
                var, df = g / (g - 1) * (n - 1) / (n - 2) * float(infl @ infl), g - 1
        if var > 0:
            se_d = float(np.sqrt(var))
            p = float(t_pvalue(np.array(abs(m1 - m0) / se_d), df))
        elif not note:
            note = "no variation within groups: no standard error"
    return {
        "variable": name,
        "n_program": n1,
        "mean_program": m1,
        "sd_program": s1,
        "se_program": s1 / np.sqrt(n1) if n1 >= 2 else float("nan"),
        "n_comparison": n0,
        "mean_comparison": m0,
        "sd_comparison": s0,
        "se_comparison": s0 / np.sqrt(n0) if n0 >= 2 else float("nan"),
        "difference": m1 - m0,
        "se_difference": se_d,
        "p_value": p,
        "normalized_difference": nd,
        "note": note,
    }


# ---------------------------------------------------------------------------------------------
# checks and messages


def _waves(s: pd.Series) -> list[Any]:
    """The survey's waves in order; an error when there is none."""
    order = wave_order(s)
    if not order:
        raise DataError(Message("the survey has no waves", "survei tidak memiliki gelombang"))
    return order


def _check_covariates_present(survey: pd.DataFrame, covariates: Sequence[str] | None) -> None:
    if covariates is None:
        return
    absent = [c for c in covariates if c not in survey.columns]
    if absent:
        raise DataError(
            Message(
                f"covariate column(s) {absent} are not in the survey",
                f"kolom kovariat {absent} tidak ada dalam survei",
            ),
            code="missing_column",
        )


def _baseline_rows(
    survey: pd.DataFrame, wave: str, base: Any, columns: list[str], member: str
) -> pd.DataFrame:
    """The rows at wave ``base``, with those of ``columns`` the survey has; one per member."""
    rows_at = survey.loc[survey[wave] == base, [c for c in dict.fromkeys(columns) if c in survey]]
    mcodes, _ = pd.factorize(rows_at[member])
    if len(mcodes) and np.bincount(mcodes[mcodes >= 0]).max(initial=0) > 1:
        raise DataError(
            Message(
                f"some members appear more than once at wave {_fmt(base)}; load the survey with "
                "load_survey first",
                f"sebagian anggota muncul lebih dari sekali pada gelombang {_fmt(base)}; muat survei "
                "dengan load_survey terlebih dahulu",
            ),
            code="duplicate_members",
        )
    return rows_at


def _known_groups(
    s: pd.Series, group: str, warnings: list[Message]
) -> tuple[np.ndarray, np.ndarray]:
    """The 0/1 group (NaN where missing) and where it is known; counts the missing in a warning."""
    d = _binary(s, group)
    keep = ~np.isnan(d)
    if (~keep).any():
        warnings.append(_dropped_message(int((~keep).sum()), group))
    return d, keep


def _check_columns(
    survey: pd.DataFrame, columns: list[str], cluster: str | None, *, group: str | None = None
) -> None:
    needed = list(columns) + ([group] if group else []) + ([cluster] if cluster else [])
    absent = [c for c in dict.fromkeys(needed) if c not in survey.columns]
    if not absent:
        return
    if group is not None and group in absent:
        g = group
        raise DataError(
            Message(
                f"the survey has no {g!r} column: without a comparison group (members with "
                f"{g} = 0) there is no program-versus-comparison analysis",
                f"survei tidak memiliki kolom {g!r}: tanpa kelompok pembanding (anggota dengan "
                f"{g} = 0) analisis program versus pembanding tidak dapat dilakukan",
            ),
            code="no_comparison_group",
        )
    raise DataError(
        Message(
            f"column(s) {absent} are not in the survey",
            f"kolom {absent} tidak ada dalam survei",
        ),
        code="missing_column",
    )


def _binary(s: pd.Series, name: str) -> np.ndarray:
    """0/1 as float with NaN for missing; anything else is an error."""
    if pd.api.types.is_bool_dtype(s.dtype):
        v = s.astype("float64").to_numpy()
    else:
        v = pd.to_numeric(s, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        bad = s.notna().to_numpy() & np.isnan(v)
        if bad.any():
            raise DataError(
                Message(
                    f"{name} must be 0 (comparison) or 1 (program); found {s[bad].iloc[0]!r}",
                    f"{name} harus 0 (pembanding) atau 1 (program); ditemukan {s[bad].iloc[0]!r}",
                ),
                code="bad_group",
            )
    odd = ~np.isnan(v) & (v != 0) & (v != 1)
    if odd.any():
        raise DataError(
            Message(
                f"{name} must be 0 (comparison) or 1 (program); found {float(v[odd][0]):g}",
                f"{name} harus 0 (pembanding) atau 1 (program); ditemukan {float(v[odd][0]):g}",
            ),
            code="bad_group",
        )
    return v


def _label_codes(s: pd.Series) -> np.ndarray:
    """Integer codes of any labels, -1 where missing."""
    return pd.factorize(s)[0].astype(np.intp)


def _member_attr(ch: pd.DataFrame, col: str) -> pd.Series:
    """A member attribute from member_changes: fixed columns as is, extras from either wave."""
    if col in ch.columns:
        return ch[col]
    before, after = ch[f"{col}_before"], ch[f"{col}_after"]
    return before.where(before.notna(), after)


def _wave_positions(s: pd.Series, order: list[Any]) -> np.ndarray:
    """Position of each row's wave in ``order`` (-1 when missing or not in ``order``)."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        cats = list(s.dtype.categories)
        lookup = np.array([order.index(c) if c in order else -1 for c in cats] + [-1])
        codes = s.cat.codes.to_numpy()
        return lookup[np.where(codes >= 0, codes, len(cats))].astype(np.intp)
    return pd.Categorical(s, categories=order).codes.astype(np.intp)


def _find_wave(value: object, order: list[Any]) -> Any:
    if value in order:
        return value
    for w in order:
        if str(w) == str(value):
            return w
    raise DataError(
        Message(
            f"wave {_fmt(value)} is not in the data; waves are {', '.join(_fmt(w) for w in order)}",
            f"gelombang {_fmt(value)} tidak ada dalam data; gelombang yang ada: {', '.join(_fmt(w) for w in order)}",
        ),
        code="missing_wave",
    )


def _require_groups(n1: int, n0: int, group: str, before: Any, after: Any) -> None:
    where_en = (
        f"in both waves {_fmt(before)} and {_fmt(after)}"
        if after is not None
        else f"at {_fmt(before)}"
    )
    where_id = (
        f"di kedua gelombang {_fmt(before)} dan {_fmt(after)}"
        if after is not None
        else f"pada {_fmt(before)}"
    )
    if n0 == 0:
        raise DataError(
            Message(
                f"There is no comparison group: no member with {group} = 0 is observed "
                f"{where_en}. Program-versus-comparison estimates need comparison members.",
                f"Tidak ada kelompok pembanding: tidak ada anggota dengan {group} = 0 yang "
                f"teramati {where_id}. Estimasi program versus pembanding membutuhkan anggota "
                "pembanding.",
            ),
            code="no_comparison_group",
        )
    if n1 == 0:
        raise DataError(
            Message(
                f"No program member ({group} = 1) is observed {where_en}.",
                f"Tidak ada anggota program ({group} = 1) yang teramati {where_id}.",
            ),
            code="no_program_group",
        )
    for n, (en, id_) in ((n1, _LABEL[1]), (n0, _LABEL[0])):
        if n < 2:
            raise DataError(
                Message(
                    f"Only {n} {en} member is observed {where_en}; each group needs at least 2 "
                    "to estimate a standard error.",
                    f"Hanya {n} anggota {id_} yang teramati {where_id}; setiap kelompok "
                    "membutuhkan minimal 2 anggota untuk menghitung galat baku.",
                ),
                code="group_too_small",
            )


def _require_variation(fit: OlsFit, j: int, outcome: str, before: Any, after: Any) -> None:
    if not (np.isfinite(fit.bse[j]) and fit.bse[j] > 0):
        raise DataError(
            Message(
                f"The change in {outcome} between {_fmt(before)} and {_fmt(after)} is the same for every "
                "member of each group, so the estimate has no standard error and cannot be "
                "tested.",
                f"Perubahan {outcome} antara {_fmt(before)} dan {_fmt(after)} sama untuk setiap anggota "
                "di masing-masing kelompok, sehingga estimasi tidak memiliki galat baku dan "
                "tidak dapat diuji.",
            ),
            code="no_variation",
        )


def _few_clusters_message(g: int, cluster: str, *, wild: bool) -> Message:
    en = (
        f"Only {g} clusters ({cluster}): cluster-robust standard errors are unreliable with "
        f"fewer than {FEW_CLUSTERS} clusters and p-values tend to be too small."
    )
    id_ = (
        f"Hanya {g} klaster ({cluster}): galat baku klaster kurang dapat diandalkan bila "
        f"klaster kurang dari {FEW_CLUSTERS}, dan nilai p cenderung terlalu kecil."
    )
    if wild:
        en += " Read the wild cluster bootstrap p-value instead."
        id_ += " Gunakan nilai p wild cluster bootstrap."
    return Message(en, id_)


def _few_clusters_joint_message(q: int, g: int) -> Message:
    most = max(g - 1, 0)
    return Message(
        f"No joint test: {q} covariates cannot be tested together with only {g} clusters. "
        "A cluster-robust covariance has rank at most clusters - 1, so a joint test needs "
        f"fewer than {most} covariates; at {most} or more its F statistic is meaningless (it "
        "can be in the thousands for balanced groups). Read the covariates one by one.",
        f"Tidak ada uji gabungan: {q} kovariat tidak dapat diuji bersama dengan hanya {g} "
        "klaster. Kovarians kokoh-klaster berpangkat paling tinggi jumlah klaster - 1, sehingga "
        f"uji gabungan memerlukan kurang dari {most} kovariat; pada {most} atau lebih, "
        "statistik F-nya tidak bermakna (bisa mencapai ribuan untuk kelompok yang seimbang). "
        "Bacalah kovariat satu per satu.",
    )


def _single_cluster_message(cluster: str) -> Message:
    return Message(
        f"All members are in a single {cluster}: clustered standard errors cannot be computed. "
        "Heteroskedasticity-robust (HC1) standard errors are shown instead; they ignore "
        "correlation between members of the same cluster and may be too small.",
        f"Semua anggota berada dalam satu {cluster}: galat baku klaster tidak dapat dihitung. "
        "Sebagai gantinya ditampilkan galat baku robust heteroskedastisitas (HC1), yang "
        "mengabaikan korelasi antaranggota dalam klaster yang sama dan mungkin terlalu kecil.",
    )


def _singletons(
    codes: np.ndarray,
    member_codes: np.ndarray,
    cluster: str,
    warnings: list[Message],
    keep: np.ndarray,
) -> np.ndarray:
    """Cluster codes where a member without a cluster label is a cluster of her own.

    Comparison non-members belong to no joint-liability group (or cooperative): dropping them
    would drop the comparison group, so each counts as an independent cluster, as sampled.
    """
    missing = (codes < 0) & (member_codes >= 0)
    if not missing.any():
        return codes
    n = int(np.unique(member_codes[missing & keep]).size)
    if n:
        warnings.append(
            Message(
                f"{n} member(s) without a value of {cluster} count as clusters of their own.",
                f"{n} anggota tanpa nilai {cluster} dihitung sebagai klaster tersendiri.",
            )
        )
    start = int(codes.max(initial=-1)) + 1
    return np.where(missing, start + member_codes, codes).astype(np.intp)


def _dropped_message(n: int, column: str, *, rows: bool = False) -> Message:
    what_en, what_id = ("row(s)", "baris") if rows else ("member(s)", "anggota")
    return Message(
        f"{n} {what_en} without a value of {column} were left out.",
        f"{n} {what_id} tanpa nilai {column} tidak diikutkan.",
    )


def _fmt(value: Any) -> str:
    """A wave or label for a sentence: 2021 (not np.int64(2021)), 'baseline' quoted."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return repr(value) if isinstance(value, str) else str(value)


def _jsonable(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (pd.Timestamp,)):
        return value.isoformat()
    return value
