"""Before/after income: members' incomes at two survey waves compared pair by pair, for the
program group and the comparison group, and by subgroup.

Who is compared comes from :func:`analysis.methods.panel.member_changes` and who is lost from
:func:`analysis.methods.panel.attrition`; the tests from :mod:`analysis.methods.inference`. For incomes in constant
prices, deflate first (:func:`analysis.methods.prices.deflate_incomes`) and pass ``income="income_real"``.

The tests follow R so that results can be checked there: ``t.test(after, before,
paired = TRUE)`` and ``wilcox.test(after, before, paired = TRUE)`` (zero changes dropped,
exact p below 50 pairs without ties or zeros, otherwise the normal approximation with tie
and continuity correction). d_z: Lakens (2013); its interval inverts the noncentral t
(see :func:`analysis.methods.inference.cohen_dz`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from analysis.messages import plain
from analysis.methods import inference as _stats
from analysis.methods.panel import attrition, member_changes, resolve_waves

CiMethod = Literal["auto", "bootstrap", "t"]
PTest = Literal["t", "wilcoxon"]

#: ``ci_method="auto"`` bootstraps a group of at most this many members and uses the t
#: interval above it: at 1,000,000 members a 2,000-resample bootstrap takes about 21 s and
#: agrees with the t interval to 0.04% (issue 3, performance notes).
BOOTSTRAP_MAX_N = 5_000

#: ``subgroup_before_after`` with ``ci_method="auto"`` falls back to t intervals for every
#: level when bootstrapping them all would draw more resampled values than this (about half
#: a second of work on the reference machine).
BOOTSTRAP_BUDGET = 50_000_000

#: Loan-size tiers of the capital received between the compared waves (IDR): lower bound
#: (inclusive), upper bound (exclusive), label. First loans in Kopwan were Rp 0.5-1 million
#: (Malang, 2012) and grow each repaid cycle; national group lenders lend Rp 2-15 million
#: (PNM Mekaar) -- see shared/DOMAIN.md.
LOAN_TIERS: tuple[tuple[float, float, str], ...] = (
    (0.0, 0.0, "none"),
    (0.0, 2e6, "under 2 million"),
    (2e6, 5e6, "2-5 million"),
    (5e6, 1e7, "5-10 million"),
    (1e7, np.inf, "10 million and over"),
)

#: Subgroups computed from member_changes' columns: name -> (survey column needed, meaning).
DERIVED_SUBGROUPS: dict[str, tuple[str, str]] = {
    "loan_tier": ("capital", "capital received between the waves, in LOAN_TIERS bands"),
    "trained": ("training_hours", "'trained' when training_hours between the waves > 0"),
    "market_channels": ("market_channels", "market channels used at the later wave"),
}

MISSING_LEVEL = "(missing)"

_GROUP_LABELS = {1: "program", 0: "comparison", -1: "unknown"}

_STAT_COLUMNS = [
    "mean_before",
    "mean_after",
    "median_before",
    "median_after",
    "mean_change",
    "median_change",
    "sd_change",
    "pct_change",
    "share_improved",
    "share_improved_ci_low",
    "share_improved_ci_high",
    "t_stat",
    "t_df",
    "t_p",
    "ci_low",
    "ci_high",
    "ci_method",
    "wilcoxon_v",
    "wilcoxon_p",
    "wilcoxon_method",
    "cohen_dz",
    "dz_ci_low",
    "dz_ci_high",
]


def before_after(
    survey: pd.DataFrame,
    before: object | None = None,
    after: object | None = None,
    *,
    group: str | None = "in_program",
    income: str = "income",
    member: str = "member_id",
    wave: str = "wave",
    ci_method: CiMethod = "auto",
    n_boot: int = 2000,
    seed: int = 20090101,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Paired comparison of income between two waves, one row per group.

    Parameters
    ----------
    survey : long survey, one row per member per wave (canonical column names).
    before, after : waves compared; the first and the last wave by default.
    group : column splitting members into groups, read at the earlier wave. With
        ``"in_program"`` (default) the rows are ``program`` (1) and ``comparison`` (0); when
        that column is absent every member counts as a program member (as in
        :func:`analysis.methods.panel.member_changes`). ``None``: one row ``all``.
    income : income column; ``"income_real"`` after :func:`analysis.methods.prices.deflate_incomes`.
    member, wave : column names.
    ci_method : interval of the mean change: ``"bootstrap"`` (percentile, ``n_boot``
        resamples), ``"t"`` (Student's t), or ``"auto"``: bootstrap for groups of at most
        :data:`BOOTSTRAP_MAX_N` members, t above.
    n_boot : bootstrap resamples.
    seed : seed of the bootstrap; each row starts a fresh generator from it, so a group's
        interval does not depend on which other groups are present.
    confidence : level of every interval.

    Returns
    -------
    DataFrame, one row per group (program first, then comparison; ``unknown`` counts members
    whose program status is missing and is not analysed):

    - ``group`` (str); ``wave_before``, ``wave_after``: the compared waves;
    - ``n``: members with an income at both waves; ``n_lost``, ``share_lost``: members with
      an income at ``before`` but none at ``after`` (attrition);
    - ``mean_before``, ``mean_after``, ``median_before``, ``median_after``,
      ``mean_change``, ``median_change`` (of the member-level changes), ``sd_change``;
    - ``pct_change``: 100 * (mean_after - mean_before) / mean_before;
    - ``share_improved``: share of members whose income rose (strictly);
      ``share_improved_ci_low``, ``share_improved_ci_high``: its Wilson score interval
      (statsmodels' ``proportion_confint(method="wilson")``; from two members);
    - ``t_stat``, ``t_df``, ``t_p``: paired t-test of mean change = 0;
    - ``ci_low``, ``ci_high``: interval of the mean change; ``ci_method``: ``bootstrap``
      or ``t``;
    - ``wilcoxon_v``, ``wilcoxon_p``, ``wilcoxon_method`` (``exact`` or ``normal``):
      Wilcoxon signed-rank test, computed as R's ``wilcox.test(paired = TRUE)``;
    - ``cohen_dz``, ``dz_ci_low``, ``dz_ci_high``: mean change / sd of changes with its
      noncentral-t interval;
    - ``note``: why a statistic is missing, or what to keep in mind; missing when there is
      nothing to say.

    Raises
    ------
    ValueError
        When a column is missing, income is not numeric, member ids are missing, the survey has
        fewer than two waves, a requested wave is absent or out of order, or an option is
        invalid.

    Notes
    -----
    Missing data: a member is compared only with a non-missing income at both waves; the
    others at ``before`` are counted in ``n_lost``, never imputed. A statistic that cannot be
    computed (one member; every change equal, so the standard deviation is zero; a mean income
    before that is not positive) is missing, and ``note`` says why.

    The tests follow R (see the module docstring for the calls that reproduce them).

    Examples
    --------
    >>> df = pd.DataFrame({"member_id": list("abcdabcd"), "wave": [2021] * 4 + [2023] * 4,
    ...                    "income": [1.0, 2.0, 3.0, 4.0, 2.0, 2.5, 4.0, 6.0]})
    >>> row = before_after(df, ci_method="t").iloc[0]
    >>> row["group"], int(row["n"]), float(row["mean_change"]), round(float(row["t_p"]), 4)
    ('program', 4, 1.125, 0.0374)
    """
    _check_options(ci_method, n_boot, confidence)
    b, a, narrow, _ = _narrow(survey, before, after, group, income, member, wave, ())
    options = {"ci_method": ci_method, "n_boot": n_boot, "seed": seed, "confidence": confidence}
    return _group_rows(
        member_changes(narrow, b, a), attrition(narrow, b, a), (b, a), group, options
    )


def _group_rows(
    changes: pd.DataFrame,
    lost: pd.DataFrame,
    waves: tuple[object, object],
    group: str | None,
    options: dict,
) -> pd.DataFrame:
    """:func:`before_after`'s table from the member-level changes and the attrition counts."""
    b, a = waves
    ci_method = options["ci_method"]
    codes, names = _group_codes(changes["in_program"], group)
    lost_labels = lost["group"].map(lambda g: _label(g, group))
    lost = lost.assign(label=lost_labels.to_numpy()).set_index("label")

    present = _ordered_labels(list(dict.fromkeys([*lost.index, *names])))
    # cells: one per label present, in output order (a label with nobody compared is empty)
    cell_of_code = np.array([present.index(name) for name in names], dtype="int64")
    cell = cell_of_code[codes] if codes.size else codes.astype("int64")
    counts = np.bincount(cell, minlength=len(present))
    methods = [_resolve_ci(ci_method, int(k)) for k in counts]
    testable = np.array([label != "unknown" for label in present])
    stats_table = _cell_stats(
        changes["income_before"].to_numpy(),
        changes["income_after"].to_numpy(),
        cell,
        len(present),
        testable=testable,
        methods=methods,
        n_boot=options["n_boot"],
        seed=options["seed"],
        confidence=options["confidence"],
    )
    rows: list[dict[str, object]] = []
    for i, label in enumerate(present):
        row: dict[str, object] = {"group": label, "wave_before": b, "wave_after": a}
        row["n"] = int(counts[i])
        row["n_lost"] = int(lost.loc[label, "n_lost"]) if label in lost.index else 0
        n_before = int(lost.loc[label, "n_before"]) if label in lost.index else row["n"]
        row["share_lost"] = row["n_lost"] / n_before if n_before else np.nan
        row.update(stats_table[i])
        if label == "unknown":
            row["note"] = f"{group} is missing for these members: counted, not analysed"
        rows.append(row)
    columns = ["group", "wave_before", "wave_after", "n", "n_lost", "share_lost"]
    return _finish(pd.DataFrame(rows), columns)


def subgroup_before_after(
    survey: pd.DataFrame,
    by: str | Sequence[str],
    before: object | None = None,
    after: object | None = None,
    *,
    group: str | None = "in_program",
    income: str = "income",
    member: str = "member_id",
    wave: str = "wave",
    min_n: int = 2,
    ci_method: CiMethod = "auto",
    n_boot: int = 2000,
    seed: int = 20090101,
    confidence: float = 0.95,
    test: PTest = "t",
) -> pd.DataFrame:
    """The before/after comparison within each level of a subgroup, with corrected p-values.

    Parameters
    ----------
    survey, before, after, group, income, member, wave, ci_method, n_boot, seed, confidence :
        as in :func:`before_after`. With ``ci_method="auto"`` a level is bootstrapped when it
        has at most :data:`BOOTSTRAP_MAX_N` members, unless bootstrapping every such level
        would resample more than :data:`BOOTSTRAP_BUDGET` values (hundreds of levels on a
        large survey): then every level gets the t interval. ``ci_method`` says which.
    by : the subgroup: any column of :func:`analysis.methods.panel.member_changes`' output or a
        survey column: fixed attributes (``business_type``, ``cooperative_id``,
        ``kelurahan``) and baseline covariates as they are; other per-wave columns at the
        earlier wave (``X`` means ``X_before``; name ``X_after`` for the later one). A list
        of names gives one table with the rows of each in turn, computing the members'
        changes once for all (cheaper than one call per subgroup on a large survey). Derived:
        ``"loan_tier"`` (capital received between the waves, in :data:`LOAN_TIERS` bands),
        ``"trained"`` (training hours between the waves > 0), ``"market_channels"`` (channels
        used at the later wave, ``market_channels_after``).
    min_n : levels with fewer compared members are counted but not tested, and their
        statistics are left out (they would also disclose individual incomes).
    test : which p-value is corrected for multiple testing: ``"t"`` (``t_p``) or
        ``"wilcoxon"`` (``wilcoxon_p``).

    Returns
    -------
    DataFrame, one row per group and level (every level appears for every group, with
    ``n = 0`` where no member has it; members with a missing level form the level
    ``(missing)``, counted but not tested): ``group``, ``by``, ``level`` (str),
    ``wave_before``, ``wave_after``, ``n``, the statistics of :func:`before_after` (without
    attrition), ``tested`` (bool: the corrected p-value exists), ``p_bh``
    (Benjamini-Hochberg) and ``p_holm`` (Holm) adjusted over the tested levels of the same
    group, and ``note``.

    Raises
    ------
    ValueError
        As :func:`before_after`, and when ``by`` names no column of the survey or of
        member_changes' output.

    Notes
    -----
    Missing data: as :func:`before_after`; a member with a missing subgroup value is counted in
    the ``(missing)`` level. Categorical subgroups (such as ``loan_tier``) list every category,
    in order; others list their values sorted. Each group (program, comparison) is its own
    family of tests for the corrections. ``market_channels`` at the later wave may itself be
    affected by the program: a descriptive split, not a pre-treatment subgroup.

    Examples
    --------
    >>> df = pd.DataFrame({"member_id": list("abcdabcd"), "wave": [1] * 4 + [2] * 4,
    ...                    "income": [1.0, 2.0, 3.0, 4.0, 2.0, 2.5, 4.0, 6.0],
    ...                    "business_type": ["kue", "kue", "warung", "warung"] * 2})
    >>> out = subgroup_before_after(df, "business_type", ci_method="t")
    >>> out[["level", "n", "mean_change"]].values.tolist()
    [['kue', 2, 0.75], ['warung', 2, 1.5]]
    """
    _check_options(ci_method, n_boot, confidence)
    bys = _check_subgroup_options(by, test, min_n)
    found = {x: _subgroup_source(survey, x, member, wave, income) for x in bys}
    extra = list(dict.fromkeys(c for source, _ in found.values() for c in source))
    b, a, narrow, _ = _narrow(survey, before, after, group, income, member, wave, extra)
    changes = member_changes(narrow, b, a)
    if changes.empty:
        raise ValueError(
            f"no member has an {income} at both waves {plain(b)} and {plain(a)}: there is "
            "nothing to compare within subgroups"
        )
    gcodes, names = _group_codes(changes["in_program"], group)
    options = {"ci_method": ci_method, "n_boot": n_boot, "seed": seed, "confidence": confidence}
    options.update(waves=(b, a), group=group, min_n=int(min_n), test=test)
    tables = [_subgroup_table(changes, x, found[x][1], gcodes, names, **options) for x in bys]
    return tables[0] if len(tables) == 1 else pd.concat(tables, ignore_index=True)


def _check_subgroup_options(by: str | Sequence[str], test: str, min_n: int) -> list[str]:
    """The subgroup columns as a list, after checking ``test`` and ``min_n``."""
    if test not in ("t", "wilcoxon"):
        raise ValueError(f"test must be 't' or 'wilcoxon'; got {test!r}")
    if int(min_n) < 1:
        raise ValueError(f"min_n must be at least 1; got {min_n!r}")
    bys = [by] if isinstance(by, str) else list(by)
    if not bys:
        raise ValueError("by must name at least one subgroup column")
    return bys


def _subgroup_table(
    changes: pd.DataFrame,
    by: str,
    column: str,
    gcodes: np.ndarray,
    names: list[str],
    *,
    waves: tuple[object, object],
    group: str | None,
    min_n: int,
    ci_method: CiMethod,
    n_boot: int,
    seed: int,
    confidence: float,
    test: PTest,
) -> pd.DataFrame:
    key = _subgroup_key(changes, by, column)
    lcodes, levels = _level_codes(key)
    group_labels = _ordered_labels(names)
    n_levels = len(levels)
    # cell = (group in output order, level): every combination is a row, even when empty
    rank = np.array([group_labels.index(name) for name in names], dtype="int64")
    cell = (rank[gcodes] if gcodes.size else gcodes) * n_levels + lcodes
    n_cells = len(group_labels) * n_levels
    counts = np.bincount(cell, minlength=n_cells)
    cell_group = [g for g in group_labels for _ in levels]
    cell_level = [level for _ in group_labels for level in levels]
    testable = np.array(
        [
            g != "unknown" and level != MISSING_LEVEL and k >= min_n
            for g, level, k in zip(cell_group, cell_level, counts, strict=True)
        ],
        dtype=bool,
    )
    small = testable & (counts <= BOOTSTRAP_MAX_N)
    auto_boot = int(counts[small].sum()) * int(n_boot) <= BOOTSTRAP_BUDGET
    if ci_method == "auto":
        methods = ["bootstrap" if auto_boot and sm else "t" for sm in small]
    else:
        methods = [ci_method] * n_cells
    stats_table = _cell_stats(
        changes["income_before"].to_numpy(),
        changes["income_after"].to_numpy(),
        cell,
        n_cells,
        testable=testable,
        methods=methods,
        n_boot=n_boot,
        seed=seed,
        confidence=confidence,
    )
    rows: list[dict[str, object]] = []
    for i in range(n_cells):
        g, level = cell_group[i], cell_level[i]
        row: dict[str, object] = {"group": g, "by": by, "level": level}
        row.update(wave_before=waves[0], wave_after=waves[1], n=int(counts[i]))
        row.update(stats_table[i])
        if not testable[i]:
            if g == "unknown":
                row["note"] = f"{group} is missing for these members: counted, not tested"
            elif level == MISSING_LEVEL:
                row["note"] = f"{by} is missing for these members: counted, not tested"
            elif counts[i] == 0:
                row["note"] = "no member in this subgroup"
            else:
                row["note"] = f"fewer than {min_n} members: counted, not tested"
        rows.append(row)
    out = _finish(pd.DataFrame(rows), ["group", "by", "level", "wave_before", "wave_after", "n"])
    p_col = "t_p" if test == "t" else "wilcoxon_p"
    out["tested"] = out[p_col].notna()
    out["p_bh"] = np.nan
    out["p_holm"] = np.nan
    for g in group_labels:
        rows_g = (out["group"] == g).to_numpy()
        p = out.loc[rows_g, p_col].to_numpy(dtype="float64")
        out.loc[rows_g, "p_bh"] = _stats.p_adjust(p, "bh")
        out.loc[rows_g, "p_holm"] = _stats.p_adjust(p, "holm")
    front = [c for c in out.columns if c != "note"]
    return out[[*front, "note"]]


# --- shared steps ---------------------------------------------------------------------------


def _check_options(ci_method: str, n_boot: int, confidence: float) -> None:
    if ci_method not in ("auto", "bootstrap", "t"):
        raise ValueError(f"ci_method must be 'auto', 'bootstrap' or 't'; got {ci_method!r}")
    if int(n_boot) < 100:
        raise ValueError(f"n_boot must be at least 100 resamples; got {n_boot!r}")
    if not 0.0 < float(confidence) < 1.0:
        raise ValueError(f"confidence must lie strictly between 0 and 1; got {confidence!r}")


def _narrow(
    survey: pd.DataFrame,
    before: object | None,
    after: object | None,
    group: str | None,
    income: str,
    member: str,
    wave: str,
    extra: Sequence[str],
) -> tuple[object, object, pd.DataFrame, list[object]]:
    """The few columns member_changes needs, under canonical names, member ids as integers.

    Integer codes instead of the ids themselves: hashing a million text ids costs seconds in
    member_changes and attrition and nothing here needs the ids back. Renaming keeps a
    deflated income apart from the nominal one (member_changes would otherwise also carry
    ``income`` as an extra column named ``income_before``).
    """
    for name, col in (("member", member), ("wave", wave), ("income", income)):
        if col not in survey.columns:
            raise ValueError(f"the survey has no {name} column {col!r}")
    if not pd.api.types.is_numeric_dtype(survey[income].dtype):
        raise ValueError(f"income column {income!r} must hold numbers (IDR per month)")
    if group is not None and group not in survey.columns and group != "in_program":
        raise ValueError(f"the survey has no group column {group!r}")
    if survey[member].isna().any():
        n_missing = int(survey[member].isna().sum())
        raise ValueError(f"{n_missing} survey row(s) have no {member}; load with load_survey")
    b, a, order = resolve_waves(survey, before, after, wave=wave)
    # Only the rows member_changes reads: the two compared waves, plus the waves between them
    # when a flow (capital, training hours) is summed over the period.
    flows = any(c in ("capital", "training_hours") for c in extra)
    keep = order[order.index(b) : order.index(a) + 1] if flows else [b, a]
    rows = survey if len(keep) == len(order) else survey[survey[wave].isin(keep)]
    codes, _ = pd.factorize(rows[member])
    cols: dict[str, object] = {
        "member_id": codes,
        "wave": rows[wave].array,
        "income": rows[income].to_numpy(dtype="float64", na_value=np.nan),
    }
    if group is not None and group in rows.columns:
        cols["in_program"] = rows[group].array
    for col in extra:
        if col not in cols and col not in (member, wave, income, group):
            cols[col] = rows[col].array
    return b, a, pd.DataFrame(cols, copy=False), order


def _label(value: object, group: str | None) -> str:
    if group is None:
        return "all"
    if pd.isna(value):
        return "unknown"
    if group == "in_program":
        try:
            return _GROUP_LABELS[int(value)]  # type: ignore[call-overload]
        except (KeyError, TypeError, ValueError):
            return str(value)
    return "unknown" if value == -1 else str(value)


def _group_codes(values: pd.Series, group: str | None) -> tuple[np.ndarray, list[str]]:
    """Each member's group as an integer code into the returned labels (distinct labels)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    raw = [_label(u, group) for u in uniques]
    names = list(dict.fromkeys(raw))
    remap = np.array([names.index(r) for r in raw], dtype="int64")
    return remap[codes] if len(remap) else codes.astype("int64"), names


def _ordered_labels(labels: Sequence[str]) -> list[str]:
    first = [g for g in ("program", "comparison", "all") if g in labels]
    rest = sorted(g for g in labels if g not in (*first, "unknown"))
    return first + rest + (["unknown"] if "unknown" in labels else [])


def _resolve_ci(ci_method: CiMethod, n: int) -> Literal["bootstrap", "t"]:
    if ci_method == "auto":
        return "bootstrap" if n <= BOOTSTRAP_MAX_N else "t"
    return ci_method


def _cell_stats(
    inc_before: np.ndarray,
    inc_after: np.ndarray,
    cell: np.ndarray,
    n_cells: int,
    *,
    testable: np.ndarray,
    methods: Sequence[str],
    n_boot: int,
    seed: int,
    confidence: float,
) -> list[dict[str, object]]:
    """Every statistic of every cell (group, or group x level), with notes where undefined.

    Counts, means, medians, t-tests, d_z and Wilcoxon tests are computed for all cells at once
    (a few sorts and bincounts); only bootstrap intervals loop over cells. Cells that are not
    ``testable`` get missing statistics and no note (the caller says why).
    """
    d = inc_after - inc_before
    mb = _stats.group_moments(inc_before, cell, n_cells)
    ma = _stats.group_moments(inc_after, cell, n_cells)
    md = _stats.group_moments(d, cell, n_cells)
    n = md.n
    n_improved = np.bincount(cell, weights=d > 0, minlength=n_cells)
    with np.errstate(invalid="ignore", divide="ignore"):
        improved = n_improved / n
        pct = np.where(mb.mean > 0, 100.0 * (ma.mean - mb.mean) / mb.mean, np.nan)
    t = _stats.t_test_moments(n, md.mean, md.sd, confidence=confidence)
    e = _stats.cohen_dz(n, md.mean, md.sd, confidence=confidence)
    w = _stats.wilcoxon_by_group(d, cell, n_cells)
    share_low, share_high = _stats.wilson_interval(n_improved, n, confidence=confidence)
    order = np.argsort(cell, kind="stable")
    start = np.cumsum(n) - n

    out: list[dict[str, object]] = []
    for i in range(n_cells):
        row: dict[str, object] = dict.fromkeys(_STAT_COLUMNS, np.nan)
        row.update(ci_method=None, wilcoxon_method=None, note=None)
        out.append(row)
        if not testable[i]:
            continue
        k = int(n[i])
        if k == 0:
            row["note"] = "no member of this group has an income in both waves"
            continue
        notes: list[str] = []
        row.update(
            mean_before=mb.mean[i],
            mean_after=ma.mean[i],
            median_before=mb.median[i],
            median_after=ma.median[i],
            mean_change=md.mean[i],
            median_change=md.median[i],
            share_improved=improved[i],
            pct_change=pct[i],
        )
        if not mb.mean[i] > 0:
            notes.append("mean income before is not positive: percent change undefined")
        if k < 2:
            notes.append("only one member compared: no test, interval or effect size")
            row["note"] = "; ".join(notes)
            continue
        row["sd_change"] = md.sd[i]
        row.update(share_improved_ci_low=share_low[i], share_improved_ci_high=share_high[i])
        if md.sd[i] > 0:
            row.update(t_stat=t.t[i], t_df=t.df[i], t_p=t.p[i], cohen_dz=e.dz[i])
            row.update(dz_ci_low=e.ci_low[i], dz_ci_high=e.ci_high[i], ci_method=methods[i])
            if methods[i] == "bootstrap":
                idx = order[start[i] : start[i] + k]
                low, high = _stats.bootstrap_mean_ci(
                    d[idx], n_boot=n_boot, seed=seed, confidence=confidence
                )
            else:
                low, high = t.ci_low[i], t.ci_high[i]
            row.update(ci_low=low, ci_high=high)
        else:
            notes.append(
                f"every member's income changed by the same amount ({md.mean[i]:,.0f}): "
                "the t-test, the interval of the mean change and d_z are undefined"
            )
        if w.method[i] == "none":
            notes.append("no income changed: the Wilcoxon test is undefined")
        else:
            row.update(wilcoxon_v=w.v[i], wilcoxon_p=w.p[i], wilcoxon_method=w.method[i])
        row["note"] = "; ".join(notes) if notes else None
    return out


def _finish(frame: pd.DataFrame, front: list[str]) -> pd.DataFrame:
    """Column order and dtypes: counts as int64, statistics float64, labels and notes str."""
    frame = frame.reindex(columns=[*front, *_STAT_COLUMNS, "note"])
    for col in _STAT_COLUMNS:
        if col not in ("ci_method", "wilcoxon_method"):
            frame[col] = frame[col].astype("float64")
    for col in ("ci_method", "wilcoxon_method", "note", "group"):
        frame[col] = frame[col].astype("str")  # pandas 3: missing stays missing
    for col in ("n", "n_lost"):
        if col in frame.columns:
            frame[col] = frame[col].astype("int64")
    return frame.reset_index(drop=True)


# --- subgroups ------------------------------------------------------------------------------


def _subgroup_source(
    survey: pd.DataFrame, by: str, member: str, wave: str, income: str
) -> tuple[tuple[str, ...], str]:
    """(survey columns needed, member_changes column or derived name) for ``by``."""
    if not isinstance(by, str) or not by:
        raise ValueError(f"by must name a column; got {by!r}")
    if by in (member, wave):
        raise ValueError(f"cannot split by {by!r}: it identifies members or waves")
    if by in DERIVED_SUBGROUPS:
        need = DERIVED_SUBGROUPS[by][0]
        if need not in survey.columns:
            raise ValueError(f"subgroup {by!r} needs the survey column {need!r}")
        return (need,), by
    if by in survey.columns and by != income:
        return (by,), by
    for suffix in ("_before", "_after", "_change"):
        base = by[: -len(suffix)] if by.endswith(suffix) else None
        if base == "income" or base == income:
            return (), by
        if base and base in survey.columns:
            return (base,), by
    if by in ("pct_change", "log_income_change", "income_change"):
        return (), by
    raise ValueError(
        f"cannot split by {by!r}: it is not a survey column, a member_changes column "
        f"(X_before, X_after, X_change) or one of {sorted(DERIVED_SUBGROUPS)}"
    )


def _subgroup_key(changes: pd.DataFrame, by: str, column: str) -> pd.Series:
    """The subgroup value of each compared member (missing where unknown)."""
    if by == "loan_tier":
        return loan_tier(changes["capital"])
    if by == "trained":
        hours = pd.to_numeric(changes["training_hours"])
        out = pd.Series(np.where(hours > 0, "trained", "not trained"), dtype="object")
        cats = pd.CategoricalDtype(["not trained", "trained"], ordered=True)
        return out.where(hours.notna().to_numpy(), None).astype(cats)
    if by == "market_channels":
        return changes["market_channels_after"]
    if column in changes.columns:
        return changes[column]
    if f"{column}_before" in changes.columns:
        return changes[f"{column}_before"]
    raise ValueError(f"cannot split by {by!r}: member_changes gives no such column")


def loan_tier(capital: pd.Series) -> pd.Series:
    """Ordered categorical of :data:`LOAN_TIERS` labels; missing or negative capital -> missing.

    Examples
    --------
    >>> loan_tier(pd.Series([0.0, 1.5e6, 2e6, 2.5e7, None])).tolist()
    ['none', 'under 2 million', '2-5 million', '10 million and over', nan]
    """
    x = pd.to_numeric(capital).to_numpy(dtype="float64", na_value=np.nan)
    conditions = [x == 0] + [(x >= lo) & (x < hi) & (x > 0) for lo, hi, _ in LOAN_TIERS[1:]]
    labels = [label for _, _, label in LOAN_TIERS]
    codes = np.select(conditions, list(range(len(labels))), default=-1)
    return pd.Series(pd.Categorical.from_codes(codes, categories=labels, ordered=True))


def _level_codes(key: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Each member's level as an integer code into the returned level names.

    Categories keep their order (all of them, observed or not); other values are sorted.
    Missing values get the last level, ``(missing)``, present only when needed.
    """
    if isinstance(key.dtype, pd.CategoricalDtype):
        codes = np.asarray(key.cat.codes, dtype="int64")
        values = list(key.dtype.categories)
    else:
        codes, uniques = pd.factorize(key, sort=False)
        values = list(uniques)
        try:
            rank = sorted(range(len(values)), key=lambda i: values[i])
        except TypeError:
            rank = sorted(range(len(values)), key=lambda i: str(values[i]))
        position = np.empty(len(values), dtype="int64")
        position[rank] = np.arange(len(values))
        codes = np.where(codes >= 0, position[np.maximum(codes, 0)] if len(values) else 0, -1)
        values = [values[i] for i in rank]
    names = [_level_text(v) for v in values]
    if (codes < 0).any():
        names.append(MISSING_LEVEL)
        codes = np.where(codes < 0, len(names) - 1, codes)
    return codes.astype("int64"), names


def _level_text(value: object) -> str:
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value)
