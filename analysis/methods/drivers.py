"""Drivers of income change: regressions of members' income change on loan capital, training
and market access, a dose-response table by capital band, and capital taken from the loans
ledger.

Everything starts from :func:`analysis.methods.panel.member_changes` (one row per member between two
waves); formulas become design matrices in ``analysis.methods.formulas`` and are fitted by the
project's one least-squares core, ``analysis.methods.least_squares`` (numpy, no statsmodels).
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from analysis.messages import DataError, Message, plain
from analysis.methods.formulas import (
    CI_LEVEL,
    ModelResult,
    ResidualSummary,
    SeType,
    estimate,
)
from analysis.methods.inference import group_moments, t_interval
from analysis.methods.least_squares import HetTest

__all__ = [
    "DEFAULT_BANDS",
    "HetTest",
    "ModelResult",
    "ResidualSummary",
    "SeType",
    "capital_from_loans",
    "custom_model",
    "dose_response",
    "driver_models",
    "period_from_waves",
    "regression_table",
]

Sample = Literal["members", "all"]

#: Upper edges (Rp) of the capital bands of :func:`dose_response` after the band of members
#: who received nothing: (0, 1 jt], (1, 2.5 jt], (2.5, 5 jt], (5, 10 jt], then above 10 jt.
#: First Kopwan loans are Rp 0.5-1 million and grow with each repaid cycle to Rp 5-10 million
#: (see shared/DOMAIN.md), so the bands follow the loan ladder.
DEFAULT_BANDS: tuple[float, ...] = (1e6, 2.5e6, 5e6, 10e6)

#: Capital enters the models in millions of rupiah (juta) so coefficients read as "per Rp 1 jt".
CAPITAL_UNIT = 1e6

_BASE = ("capital_m", "training_hours", "market_channels_change")
_CONTROLS = ("age", "education", "household_size", "business_type", "business_age_years")

_SE_TYPES: tuple[str, ...] = ("HC3", "HC1", "nonrobust", "cluster")


def _resolve_se(se: str, cluster: str | None, data: pd.DataFrame) -> tuple[SeType, str | None]:
    """The standard-error option and clustering column actually used."""
    if se not in _SE_TYPES:
        raise ValueError(f"se must be one of {', '.join(_SE_TYPES)}; got {se!r}")
    if cluster is not None:
        if se in ("nonrobust", "HC1"):
            raise ValueError(
                f"se={se!r} and cluster={cluster!r} contradict each other: pass se='cluster' "
                "(or leave se at its default) to cluster, or drop cluster"
            )
        return "cluster", cluster
    if se == "cluster":
        if "cooperative_id" not in data.columns:
            raise ValueError(
                "se='cluster' needs a cluster column: pass cluster=... (the default, "
                "cooperative_id, is not in the data)"
            )
        return "cluster", "cooperative_id"
    return se, None  # type: ignore[return-value]


def _varies(s: pd.Series, rows: np.ndarray) -> bool:
    """Whether the non-missing values of ``s`` on ``rows`` take at least two values."""
    v = s[rows]
    if pd.api.types.is_numeric_dtype(v.dtype) and not pd.api.types.is_bool_dtype(v.dtype):
        a = v.to_numpy(dtype="float64", na_value=np.nan)
        a = a[np.isfinite(a)]
        return a.size > 1 and a.min() != a.max()
    return v.dropna().nunique() > 1


def _is_text(s: pd.Series) -> bool:
    return not (pd.api.types.is_numeric_dtype(s.dtype) or pd.api.types.is_bool_dtype(s.dtype))


def driver_models(
    changes: pd.DataFrame,
    *,
    se: SeType = "HC3",
    cluster: str | None = None,
    sample: Sample = "members",
) -> list[ModelResult]:
    """The four default regressions of income change, ready to set side by side.

    Parameters
    ----------
    changes : output of :func:`analysis.methods.panel.member_changes` (one row per member), optionally
        with ``capital`` replaced by :func:`capital_from_loans`.
    se : ``"HC3"`` (default), ``"HC1"``, ``"nonrobust"`` or ``"cluster"`` (CR1, clustered by
        ``cluster``, ``cooperative_id`` when not given).
    cluster : column to cluster by; giving it is enough to get clustered standard errors.
    sample : ``"members"`` (default): program members only (``in_program == 1``);
        ``"all"``: members and the comparison group, with an ``in_program`` dummy, in models
        1, 2 and 4 (see Notes).

    Returns
    -------
    list of ModelResult, in this order (a model that cannot be estimated is left out and the
    first model's warnings say why):

    1. ``capital_training_market``: ``income_change ~ capital_m + training_hours +
       market_channels_change``. ``capital_m`` is loan capital received over the period in
       millions of rupiah, so its coefficient is the change in monthly income (Rp) per
       Rp 1 million of capital; ``training_hours`` are hours received over the period;
       ``market_channels_change`` is the change in the number of sales channels.
    2. ``with_controls``: model 1 plus ``age``, ``education``, ``household_size``,
       ``business_type`` and ``business_age_years`` (read at the earlier wave). Text columns
       enter as dummies; the reference level is the most common one and is stated in
       ``reference_levels``.
    3. ``log_log``: ``log_income_change ~ log(capital) + training_hours +
       market_channels_change`` for members who received capital: the coefficient of
       ``log(capital)`` is an elasticity (percent change in income per percent more capital).
       Members without capital are excluded by design (log 0 is undefined), and
       ``log_income_change`` is missing when an income is 0 or negative (counted as dropped).
    4. ``interaction``: model 1 plus ``capital_m:training_hours``: whether capital pays more
       with training.

    Notes
    -----
    Missing data: each model drops the rows missing any value it uses (``n_dropped``), so N can
    differ between models; rows outside a model's sample are counted in ``n_excluded``.
    A regressor absent from the data or without variance in the sample is left out of every
    model, with a warning.

    With ``sample="all"`` the comparison group (``in_program == 0``) anchors the zero dose:
    its members received no program capital or training, so their missing ``capital`` and
    ``training_hours`` are set to 0 (counted in a warning), and ``in_program`` separates the
    program's common shift from the dose effects. Model 3 stays members-only (no capital, no
    log). Members whose ``in_program`` is missing are excluded.

    Examples
    --------
    >>> from analysis.methods.panel import member_changes
    >>> rng = np.random.default_rng(1)
    >>> n = 200
    >>> survey = pd.DataFrame({
    ...     "member_id": np.repeat([f"m{i}" for i in range(n)], 2),
    ...     "wave": [2021, 2023] * n,
    ...     "income": rng.lognormal(14.5, 0.3, 2 * n),
    ...     "capital": np.ravel([[0.0, c] for c in rng.uniform(5e5, 5e6, n)]),
    ...     "training_hours": np.ravel([[0.0, t] for t in rng.integers(0, 40, n)]),
    ...     "market_channels": rng.integers(1, 4, 2 * n).astype(float),
    ... })
    >>> models = driver_models(member_changes(survey))
    >>> [m.name for m in models]
    ['capital_training_market', 'log_log', 'interaction']
    """
    se_code, cluster_col = _resolve_se(se, cluster, changes)
    prepared = _prepare(changes, sample)
    first_notes: list[Message] = []  # said once, in the first model's warnings
    base = _base_regressors(prepared, first_notes)
    controls = _controls(prepared, first_notes)
    specs = _default_specs(prepared, base, controls, first_notes)
    results = _fit_specs(prepared, specs, se_code, cluster_col, first_notes)
    if first_notes:
        results[0] = dataclasses.replace(results[0], warnings=(*results[0].warnings, *first_notes))
    return results


@dataclass(frozen=True)
class _Prepared:
    """The changes table ready for the driver models.

    ``data`` has ``capital_m`` (and, with the comparison group, its zero doses filled);
    ``members`` and ``base_rows`` (members, plus the comparison group when it is modelled)
    mark rows; ``common`` holds the notes every model carries.
    """

    data: pd.DataFrame
    members: np.ndarray
    base_rows: np.ndarray
    with_comparison: bool
    common: tuple[Message, ...]


@dataclass(frozen=True)
class _Spec:
    """One model to fit: its name, formula, the rows of its sample and notes of its own."""

    name: str
    formula: str
    rows: np.ndarray
    notes: tuple[Message, ...] = ()


def _prepare(changes: pd.DataFrame, sample: Sample) -> _Prepared:
    """Check the changes table, pick the rows modelled and add ``capital_m``."""
    if "income_change" not in changes.columns:
        raise ValueError(
            "changes has no income_change column: pass the output of member_changes(...)"
        )
    if sample not in ("members", "all"):
        raise ValueError(f"sample must be 'members' or 'all'; got {sample!r}")
    if "in_program" in changes.columns:
        prog = changes["in_program"].to_numpy(dtype="float64", na_value=np.nan)
    else:
        prog = np.ones(len(changes))
    members = prog == 1
    comparison = prog == 0
    common: list[Message] = []
    n_na = int(np.isnan(prog).sum())
    if n_na:
        common.append(
            Message(
                f"{n_na} rows without in_program (member or comparison) left out",
                f"{n_na} baris tanpa in_program (anggota atau pembanding) tidak diikutkan",
            )
        )
    data = changes
    with_comparison = sample == "all" and bool(comparison.any())
    if sample == "all" and not comparison.any():
        common.append(
            Message(
                "sample='all' but there is no comparison group: members only",
                "sample='all' tetapi tidak ada kelompok pembanding: hanya anggota",
            )
        )
    if with_comparison:
        data = _zero_dose(data, comparison, common)
    base_rows = members | comparison if with_comparison else members
    _check_enough_rows(data, base_rows)
    if "capital" in data.columns:
        data = data.assign(capital_m=data["capital"].to_numpy(dtype="float64") / CAPITAL_UNIT)
    if data.attrs.get("capital_source") == "loans":
        start, end = data.attrs.get("capital_period", (None, None))
        common.append(
            Message(
                f"capital: principal of loans disbursed from {_day(start)} (exclusive) to "
                f"{_day(end)} in the loans ledger",
                f"modal: pokok pinjaman yang dicairkan setelah {_day(start)} sampai "
                f"{_day(end)} menurut buku pinjaman",
            )
        )
    return _Prepared(data, members, base_rows, with_comparison, tuple(common))


def _zero_dose(data: pd.DataFrame, comparison: np.ndarray, notes: list[Message]) -> pd.DataFrame:
    """``data`` with the comparison group's missing capital and training set to 0 (it received
    no program support), each fill counted in ``notes``."""
    fills = {}
    for col in ("capital", "training_hours"):
        if col in data.columns:
            v = data[col].to_numpy(dtype="float64", na_value=np.nan)
            fill = comparison & np.isnan(v)
            if fill.any():
                fills[col] = np.where(fill, 0.0, v)
                notes.append(
                    Message(
                        f"{int(fill.sum())} comparison-group rows without {col} set to 0 "
                        "(no program support)",
                        f"{int(fill.sum())} baris kelompok pembanding tanpa {col} diisi 0 "
                        "(tidak menerima dukungan program)",
                    )
                )
    return data.assign(**fills) if fills else data


def _check_enough_rows(data: pd.DataFrame, base_rows: np.ndarray) -> None:
    """Refuse an empty table, no program member, or fewer than three rows to model."""
    if len(data) == 0:
        raise DataError(
            Message(
                "no member to model: the changes table is empty (no member has an income at "
                "both compared waves)",
                "tidak ada anggota untuk dimodelkan: tabel perubahan kosong (tidak ada anggota "
                "dengan pendapatan pada kedua gelombang yang dibandingkan)",
            ),
            "no_members",
        )
    if not base_rows.any():
        raise DataError(
            Message(
                "no program member (in_program == 1) to model",
                "tidak ada anggota program (in_program == 1) untuk dimodelkan",
            ),
            "no_members",
        )
    n_rows = int(base_rows.sum())
    if n_rows < 3:
        raise DataError(
            Message(
                f"only {n_rows} member(s) to model: a regression needs more members than "
                "coefficients",
                f"hanya {n_rows} anggota untuk dimodelkan: regresi memerlukan lebih banyak "
                "anggota daripada koefisien",
            ),
            "too_few_rows",
        )


def _base_regressors(p: _Prepared, notes: list[Message]) -> list[str]:
    """The drivers (capital, training, market channels) the data carry with some variance;
    why any other is left out goes to ``notes``."""
    base: list[str] = []
    for col in _BASE:
        if col not in p.data.columns:
            src = "capital" if col == "capital_m" else col
            notes.append(
                Message(
                    f"{src} is not in the data: left out of every model",
                    f"{src} tidak ada dalam data: tidak diikutkan di semua model",
                )
            )
        elif not _varies(p.data[col], p.base_rows):
            notes.append(
                Message(
                    f"{col} has no variance among the members modelled: left out of every model",
                    f"{col} tidak bervariasi di antara anggota yang dimodelkan: tidak "
                    "diikutkan di semua model",
                )
            )
        else:
            base.append(col)
    if not base:
        raise DataError(
            Message(
                "none of capital, training_hours or market_channels_change is in the data with "
                "some variance: the driver models cannot be estimated",
                "tidak ada capital, training_hours, atau market_channels_change yang bervariasi "
                "dalam data: model pendorong tidak dapat ditaksir",
            ),
            "no_drivers",
        )
    return base


def _controls(p: _Prepared, notes: list[Message]) -> list[str]:
    """The controls of ``with_controls`` as formula terms (text columns as ``C(...)``)."""
    controls = []
    for c in _CONTROLS:
        if c not in p.data.columns:
            continue
        if not _varies(p.data[c], p.base_rows):
            notes.append(
                Message(
                    f"{c} has no variance among the members modelled: left out of with_controls",
                    f"{c} tidak bervariasi di antara anggota yang dimodelkan: tidak diikutkan "
                    "di with_controls",
                )
            )
            continue
        controls.append(f"C({c})" if _is_text(p.data[c]) else c)
    return controls


def _default_specs(
    p: _Prepared, base: list[str], controls: list[str], notes: list[Message]
) -> list[_Spec]:
    """The four default models the data allow, in order; why one is not: in ``notes``."""
    extra = ["in_program"] if p.with_comparison else []
    rhs = " + ".join(base + extra)
    candidates: list[_Spec | Message | None] = [
        _Spec("capital_training_market", f"income_change ~ {rhs}", p.base_rows),
        _Spec(
            "with_controls",
            f"income_change ~ {' + '.join(base + extra + controls)}",
            p.base_rows,
        )
        if controls
        else Message(
            "model with_controls not estimated: none of age, education, household_size, "
            "business_type, business_age_years is in the data with some variance",
            "model with_controls tidak ditaksir: tidak ada age, education, household_size, "
            "business_type, business_age_years yang bervariasi dalam data",
        ),
        _log_spec(p, base),
        _Spec("interaction", f"income_change ~ {rhs} + capital_m:training_hours", p.base_rows)
        if "capital_m" in base and "training_hours" in base
        else Message(
            "model interaction not estimated: it needs both capital and training_hours",
            "model interaction tidak ditaksir: memerlukan capital dan training_hours",
        ),
    ]
    specs = []
    for c in candidates:
        if isinstance(c, _Spec):
            specs.append(c)
        elif c is not None:
            notes.append(c)
    return specs


def _log_spec(p: _Prepared, base: list[str]) -> _Spec | None:
    """The log-log model on the members who received capital; ``None`` without capital or a
    log income change in the data."""
    data = p.data
    if "capital_m" not in base or "log_income_change" not in data.columns:
        return None
    cap = data["capital"].to_numpy(dtype="float64", na_value=np.nan)
    has_cap = p.members & (cap > 0)
    n_none = int((p.members & ~(cap > 0) & ~np.isnan(cap)).sum())
    # said only when someone is left out: "0 members excluded" is noise in the report
    log_notes = [
        Message(
            f"log model: {n_none} members without capital (capital = 0) excluded, since "
            "log(0) is undefined; it describes members who received capital",
            f"model log: {n_none} anggota tanpa modal (modal = 0) dikeluarkan karena "
            "log(0) tak terdefinisi; model ini menggambarkan anggota yang menerima modal",
        )
    ][: 1 if n_none else 0]
    li = data["log_income_change"].to_numpy(dtype="float64", na_value=np.nan)
    n_nolog = int((has_cap & np.isnan(li)).sum())
    if n_nolog:
        log_notes.append(
            Message(
                f"log model: {n_nolog} members with an income of 0 or less in a compared "
                "wave have no log income change and are dropped",
                f"model log: {n_nolog} anggota dengan pendapatan 0 atau kurang pada salah "
                "satu gelombang tidak memiliki perubahan log pendapatan dan dibuang",
            )
        )
    others = [c for c in base if c != "capital_m"]
    formula = f"log_income_change ~ {' + '.join(['log(capital)', *others])}"
    return _Spec("log_log", formula, has_cap, tuple(log_notes))


def _fit_specs(
    p: _Prepared,
    specs: Sequence[_Spec],
    se_code: SeType,
    cluster_col: str | None,
    notes: list[Message],
) -> list[ModelResult]:
    """Fit each model; the first must fit, a later one that cannot is noted and left out."""
    results: list[ModelResult] = []
    for i, spec in enumerate(specs):
        try:
            res = estimate(
                p.data,
                spec.formula,
                name=spec.name,
                se=se_code,
                cluster=cluster_col,
                sample=spec.rows,
                notes=[*p.common, *spec.notes],
            )
        except DataError as exc:
            if i == 0:
                raise
            notes.append(
                Message(
                    f"model {spec.name} not estimated: {exc.message.en}",
                    f"model {spec.name} tidak ditaksir: {exc.message.id}",
                )
            )
            continue
        results.append(res)
    return results


def custom_model(
    data: pd.DataFrame,
    formula: str,
    *,
    fixed_effects: Sequence[str] = (),
    se: SeType = "HC3",
    cluster: str | None = None,
    name: str = "custom",
) -> ModelResult:
    """A regression from a formula over any columns of ``data`` (extra user columns included).

    Parameters
    ----------
    data : usually the output of :func:`analysis.methods.panel.member_changes`; every row is used.
    formula : ``"outcome ~ a + b"`` in Wilkinson notation: ``a:b`` product, ``a*b`` both
        main effects and the product, ``C(x)`` or ``C(x, Treatment('level'))`` for a
        categorical with a chosen reference (text columns are categorical anyway; the default
        reference is the most common level), ``log(x)``, ``sqrt(x)``, ``log1p(x)``,
        ``I(x / 1e6)`` or ``I(x**2)`` for arithmetic, ``- 1`` for no intercept, and
        `` `odd name` `` for a column name with spaces.
    fixed_effects : columns whose every level gets its own intercept, absorbed by subtracting
        group means (no dummies are built, so thousands of levels cost nothing). They can
        also be written in the formula after ``|``, as in fixest:
        ``"income_change ~ capital_m | cooperative_id"`` (so that the command line's
        ``--model`` reaches them).
    se : ``"HC3"`` (default), ``"HC1"``, ``"nonrobust"`` or ``"cluster"``.
    cluster : column to cluster by (CR1); giving it is enough to cluster.
    name : the model's name in tables.

    Returns
    -------
    ModelResult

    Raises
    ------
    ValueError
        Naming the column when the formula refers to an unknown column, a regressor has no
        variance, regressors are collinear, the outcome is constant, there are no more rows
        than parameters, or clustering finds one cluster.

    Notes
    -----
    Missing data: rows missing any value the model uses (outcome, regressors, cluster, fixed
    effects) or where a transformation is undefined (``log`` of 0) are dropped and counted in
    ``n_dropped``. With fixed effects, rows alone in their group are dropped (``n_excluded``);
    R-squared is that of the full model (as Stata's ``areg``) and ``r2_within`` that of the
    demeaned one; HC3 is exact with one fixed effect (leverage includes 1/group size) and falls
    back to HC1 with several; in clustered errors, fixed effects nested in the clusters do not
    count in the small-sample factor (as fixest and reghdfe).

    Examples
    --------
    >>> df = pd.DataFrame({"y": [1.0, 2.9, 5.1, 7.2, 8.8, 11.1], "x": [0, 1, 2, 3, 4, 5],
    ...                    "g": list("aabbcc")})
    >>> m = custom_model(df, "y ~ x", se="nonrobust")
    >>> round(float(m.coefficients.loc[1, "estimate"]), 3)
    2.009
    """
    se_code, cluster_col = _resolve_se(se, cluster, data)
    main, in_formula = _split_fixed_effects(formula)
    result = estimate(
        data,
        main,
        name=name,
        se=se_code,
        cluster=cluster_col,
        fixed_effects=tuple(dict.fromkeys([*fixed_effects, *in_formula])),
    )
    return dataclasses.replace(result, formula=formula.strip()) if in_formula else result


def _split_fixed_effects(formula: str) -> tuple[str, list[str]]:
    """``"y ~ x | a + b"`` -> ``("y ~ x", ["a", "b"])`` (fixest's notation); no ``|``: none."""
    if "|" not in formula:
        return formula, []
    main, _, fe_part = formula.partition("|")
    names = [t.strip().strip("`").strip() for t in fe_part.split("+")]
    if "|" in fe_part or not all(names) or "~" in fe_part:
        raise DataError(
            Message(
                f"formula {formula!r}: after '|' name the fixed-effect columns joined by '+', "
                "e.g. 'income_change ~ capital_m | cooperative_id + wave'",
                f"formula {formula!r}: sesudah '|' sebutkan kolom efek tetap yang digabung "
                "dengan '+', misalnya 'income_change ~ capital_m | cooperative_id + wave'",
            ),
            "formula",
        )
    return main.strip(), names


def _fmt(x: float, digits: int) -> str:
    """``digits`` significant digits, thousands separated, never in scientific notation."""
    if not np.isfinite(x):
        return ""
    if x == 0:
        return "0"
    mag = int(np.floor(np.log10(abs(x))))
    dec = max(0, digits - 1 - mag)
    return f"{x:,.{dec}f}"


def _stars(p: float) -> str:
    if not np.isfinite(p):
        return ""
    return "***" if p < 0.01 else "**" if p < 0.05 else "*" if p < 0.10 else ""


def regression_table(
    models: Sequence[ModelResult],
    *,
    stars: bool = True,
    digits: int = 4,
    labels: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Models side by side as in a paper: estimates with standard errors in parentheses.

    Parameters
    ----------
    models : fitted models (e.g. :func:`driver_models` plus a :func:`custom_model`).
    stars : mark estimates with * p < 0.10, ** p < 0.05, *** p < 0.01.
    digits : significant digits shown.
    labels : display names for terms (``{"capital_m": "Capital (Rp jt)"}``); others as they are.

    Returns
    -------
    DataFrame of text with columns ``term``, ``statistic`` and one column per model (its
    name, made unique). Per term two rows: ``statistic == "estimate"`` and ``"se"`` (in
    parentheses); the intercept last. Then one row each (``statistic`` empty) for ``N``,
    ``R-squared``, ``Adj. R-squared``, ``F``, ``SE type``, ``Clusters``, ``Fixed effects``,
    ``Reference levels``. A term absent from a model is empty there. ``attrs["note"]``
    holds the footnote (star levels, standard error types).

    Examples
    --------
    >>> df = pd.DataFrame({"y": [1.0, 2.9, 5.1, 7.2, 8.8, 11.1], "x": [0, 1, 2, 3, 4, 5]})
    >>> regression_table([custom_model(df, "y ~ x")])["custom"].tolist()[:2]
    ['2.009***', '(0.03652)']
    """
    if not models:
        raise ValueError("regression_table needs at least one model")
    cols = _unique_names(models)
    rows = _coefficient_rows(models, cols, dict(labels or {}), stars=stars, digits=digits)
    rows += _summary_rows(models, cols, stars=stars, digits=digits)
    out = pd.DataFrame(rows, columns=["term", "statistic", *cols])
    se_types = sorted({m.se_type for m in models})
    out.attrs["note"] = (
        ("* p < 0.10, ** p < 0.05, *** p < 0.01. " if stars else "")
        + "Standard errors in parentheses: "
        + "; ".join(se_types)
        + f". {int(CI_LEVEL * 100)}% confidence intervals in each model's coefficients."
    )
    return out


def _unique_names(models: Sequence[ModelResult]) -> list[str]:
    """The models' names as column names: a repeated name gets " (2)", " (3)", ..."""
    cols: list[str] = []
    for m in models:
        name, k = m.name, 2
        while name in cols:
            name, k = f"{m.name} ({k})", k + 1
        cols.append(name)
    return cols


def _coefficient_rows(
    models: Sequence[ModelResult],
    cols: list[str],
    labels: Mapping[str, str],
    *,
    stars: bool,
    digits: int,
) -> list[dict[str, str]]:
    """Two rows per term (estimate, then its standard error in parentheses), in order of
    first appearance across the models, the intercept last."""
    terms: list[str] = []
    for m in models:
        for t in m.coefficients["term"]:
            if t not in terms and t != "Intercept":
                terms.append(t)
    if any("Intercept" in set(m.coefficients["term"]) for m in models):
        terms.append("Intercept")
    rows: list[dict[str, str]] = []
    for t in terms:
        est_row = {"term": labels.get(t, t), "statistic": "estimate"}
        se_row = {"term": labels.get(t, t), "statistic": "se"}
        for col, m in zip(cols, models, strict=True):
            c = m.coefficients.set_index("term")
            if t in c.index:
                r = c.loc[t]
                est_row[col] = _fmt(float(r["estimate"]), digits) + (
                    _stars(float(r["p"])) if stars else ""
                )
                se_row[col] = f"({_fmt(float(r['se']), digits)})"
            else:
                est_row[col] = se_row[col] = ""
        rows += [est_row, se_row]
    return rows


def _summary_rows(
    models: Sequence[ModelResult], cols: list[str], *, stars: bool, digits: int
) -> list[dict[str, str]]:
    """One row per model statistic below the coefficients (N, R-squared, ..., reference
    levels)."""

    def bottom(label: str, values: list[str]) -> dict[str, str]:
        return {"term": label, "statistic": "", **dict(zip(cols, values, strict=True))}

    def f_text(m: ModelResult) -> str:
        if m.fvalue is None:
            return ""
        p = m.f_pvalue if m.f_pvalue is not None else np.nan
        return _fmt(m.fvalue, digits) + (_stars(p) if stars else "")

    return [
        bottom("N", [f"{m.nobs:,}" for m in models]),
        bottom("R-squared", [f"{m.r2:.4f}" for m in models]),
        bottom("Adj. R-squared", [f"{m.adj_r2:.4f}" for m in models]),
        bottom("F", [f_text(m) for m in models]),
        bottom("SE type", [m.se_type for m in models]),
        bottom("Clusters", ["" if m.n_clusters is None else f"{m.n_clusters:,}" for m in models]),
        bottom("Fixed effects", [", ".join(m.fixed_effects) for m in models]),
        bottom(
            "Reference levels",
            [", ".join(f"{k} = {v}" for k, v in m.reference_levels.items()) for m in models],
        ),
    ]


def _rp_short(x: float) -> str:
    """Rupiah in juta (million) or ribu (thousand): 2500000 -> '2.5 jt'."""
    if x >= 1e6:
        return f"{x / 1e6:g} jt"
    if x >= 1e3:
        return f"{x / 1e3:g} rb"
    return f"{x:g}"


def dose_response(
    changes: pd.DataFrame,
    *,
    bands: Sequence[float] | None = None,
    outcome: str = "income_change",
    capital: str = "capital",
    sample: Sample = "members",
) -> pd.DataFrame:
    """Mean income change by band of capital received, with 95% confidence intervals.

    Parameters
    ----------
    changes : output of :func:`analysis.methods.panel.member_changes`.
    bands : increasing positive upper edges in rupiah; default :data:`DEFAULT_BANDS`
        (1, 2.5, 5 and 10 million). Members with no capital form their own first band.
    outcome, capital : column names.
    sample : ``"members"`` (default, ``in_program == 1``) or ``"all"`` rows.

    Returns
    -------
    DataFrame, one row per band in order (empty bands included, ``n = 0``): ``band`` (label:
    ``"0"``, ``"(0, 1 jt]"``, ..., ``"> 10 jt"``), ``lower``, ``upper`` (Rp; ``inf`` for the
    last), ``n``, ``mean``, ``sd``, ``se``, ``ci_low``, ``ci_high``, ``note``. The interval is
    ``mean +- t(0.975, n - 1) * sd / sqrt(n)``. ``mean`` is missing when ``n = 0`` and
    ``sd``/``se``/the interval when ``n < 2``; ``note`` then says so.
    ``attrs["n_dropped"]`` counts rows of the sample without the outcome or capital.

    Notes
    -----
    Missing data: rows missing the outcome or capital are left out and counted. Negative
    capital raises ``ValueError``. Bands are right-closed: Rp 1,000,000 falls in (0, 1 jt].

    Examples
    --------
    >>> df = pd.DataFrame({"income_change": [1e5, 2e5, 3e5, 5e5],
    ...                    "capital": [0.0, 0.0, 2e6, 2.2e6]})
    >>> dose_response(df)[["band", "n", "mean"]].iloc[[0, 2]].to_dict("list")
    {'band': ['0', '(1 jt, 2.5 jt]'], 'n': [2, 2], 'mean': [150000.0, 400000.0]}
    """
    edges = list(DEFAULT_BANDS if bands is None else bands)
    if not edges or any(b <= 0 for b in edges) or any(np.diff(edges) <= 0):
        raise ValueError(f"bands must be increasing positive amounts in rupiah; got {edges}")
    for col in (outcome, capital):
        if col not in changes.columns:
            raise ValueError(f"column {col!r} is not in the data")
    n_all = len(changes)
    if sample == "members" and "in_program" in changes.columns:
        keep = changes["in_program"].to_numpy(dtype="float64", na_value=np.nan) == 1
    else:
        keep = np.ones(n_all, dtype=bool)
    y = changes[outcome].to_numpy(dtype="float64", na_value=np.nan)[keep]
    cap = changes[capital].to_numpy(dtype="float64", na_value=np.nan)[keep]
    ok = np.isfinite(y) & np.isfinite(cap)
    n_dropped = int((~ok).sum())
    y, cap = y[ok], cap[ok]
    if (cap < 0).any():
        raise ValueError(
            f"{int((cap < 0).sum())} rows have negative {capital}; capital received cannot be "
            "negative"
        )
    lowers = [0.0, 0.0, *edges]
    uppers = [0.0, *edges, np.inf]
    labels = ["0", f"(0, {_rp_short(edges[0])}]"]
    labels += [f"({_rp_short(a)}, {_rp_short(b)}]" for a, b in itertools.pairwise(edges)]
    labels.append(f"> {_rp_short(edges[-1])}")
    # band index: 0 for capital == 0, then right-closed intervals
    idx = np.where(cap == 0, 0, 1 + np.searchsorted(np.asarray(edges), cap, side="left"))
    gm = group_moments(y, idx, len(labels), median=False)
    se, low, high = t_interval(gm.n, gm.mean, gm.sd, confidence=CI_LEVEL)
    notes = ["no members" if m == 0 else "one member: no interval" if m == 1 else "" for m in gm.n]
    out = pd.DataFrame(
        {
            "band": labels,
            "lower": lowers,
            "upper": uppers,
            "n": gm.n.astype("int64"),
            "mean": gm.mean,
            "sd": gm.sd,
            "se": se,
            "ci_low": low,
            "ci_high": high,
            "note": notes,
        }
    )
    out.attrs["n_dropped"] = n_dropped
    return out


def _day(ts: object) -> str:
    return "?" if ts is None else pd.Timestamp(ts).strftime("%Y-%m-%d")  # type: ignore[arg-type]


_YEAR = re.compile(r"^\s*(\d{4})\s*$")


def _wave_end(wave: object) -> pd.Timestamp:
    if isinstance(wave, (pd.Timestamp, _dt.date, np.datetime64)):
        return pd.Timestamp(wave)  # type: ignore[arg-type]
    if isinstance(wave, (int, np.integer)) and 1900 <= int(wave) <= 2200:
        return pd.Timestamp(year=int(wave), month=12, day=31)
    if isinstance(wave, (float, np.floating)) and float(wave).is_integer():
        return _wave_end(int(wave))
    if isinstance(wave, str):
        m = _YEAR.match(wave)
        if m:
            return _wave_end(int(m.group(1)))
        if re.match(r"^\s*\d{4}-\d{2}-\d{2}", wave):
            return pd.Timestamp(wave.strip())
    raise ValueError(
        f"wave '{plain(wave)}' is a label without a date: give the loan period explicitly, "
        "e.g. period=(pd.Timestamp('2021-12-31'), pd.Timestamp('2023-12-31'))"
    )


def period_from_waves(before: object, after: object) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The loan period matching the capital flows between two waves.

    A wave that is a year stands for the end of that year (wave 2021 -> 2021-12-31), so loans
    disbursed after the ``before`` wave up to the end of the ``after`` year count, as the
    survey's ``capital`` counts capital received in the periods ending at the later waves.
    A wave that is a date is used as it is.

    Raises
    ------
    ValueError
        When a wave is a label (``"baseline"``) that carries no date, or the period is empty.

    Examples
    --------
    >>> period_from_waves(2021, 2023)
    (Timestamp('2021-12-31 00:00:00'), Timestamp('2023-12-31 00:00:00'))
    """
    start, end = _wave_end(before), _wave_end(after)
    if not start < end:
        raise ValueError(f"the period must end after it starts: {start:%Y-%m-%d} to {end:%Y-%m-%d}")
    return start, end


def capital_from_loans(
    changes: pd.DataFrame,
    loans: pd.DataFrame,
    *,
    period: tuple[pd.Timestamp, pd.Timestamp],
    member: str = "member_id",
    disbursed: str = "disbursed_on",
    principal: str = "principal",
) -> pd.DataFrame:
    """Replace ``capital`` by the principal of the loans each member received in the period.

    Parameters
    ----------
    changes : output of :func:`analysis.methods.panel.member_changes`.
    loans : loans ledger (one row per loan) with ``member``, ``disbursed`` and ``principal``.
    period : ``(start, end)``: loans disbursed after ``start`` and up to ``end`` (calendar
        days, both as dates) count; :func:`period_from_waves` derives it from year waves.
    member, disbursed, principal : column names.

    Returns
    -------
    A copy of ``changes`` with ``capital`` (Rp) from the ledger (0 for a member without a
    loan in the period) and the survey's value kept as ``capital_survey`` (when there was
    one). ``attrs``: ``capital_source = "loans"``, ``capital_period``, ``n_capital_changed``
    (members whose capital differs from the survey's, a missing survey value counting as
    different), ``n_loans_used``, ``n_loans_incomplete`` (loans in the ledger without a date or
    principal, ignored), ``n_members_with_loans``.

    Notes
    -----
    Missing data: a loan without a disbursement date or principal is ignored and counted.
    Loans of ids not in ``changes`` are ignored (the loader reports unmatched ids).

    Examples
    --------
    >>> ch = pd.DataFrame({"member_id": ["a", "b"], "capital": [1e6, 0.0]})
    >>> ln = pd.DataFrame({"member_id": ["a", "a", "b"], "principal": [5e5, 1e6, 2e6],
    ...                    "disbursed_on": pd.to_datetime(["2022-03-01", "2023-05-01",
    ...                                                    "2020-01-01"])})
    >>> capital_from_loans(ch, ln, period=period_from_waves(2021, 2023))["capital"].tolist()
    [1500000.0, 0.0]
    """
    for col in (member, disbursed, principal):
        if col not in loans.columns:
            raise ValueError(f"the loans ledger has no {col!r} column")
    if member not in changes.columns:
        raise ValueError(f"changes has no {member!r} column")
    start, end = (pd.Timestamp(p).normalize() for p in period)
    if not start < end:
        raise ValueError(f"the period must end after it starts: {start:%Y-%m-%d} to {end:%Y-%m-%d}")
    when = loans[disbursed]
    if not pd.api.types.is_datetime64_any_dtype(when.dtype):
        when = pd.to_datetime(when, errors="coerce")
    stamp = when.to_numpy(dtype="datetime64[ns]")
    amount = pd.to_numeric(loans[principal], errors="coerce").to_numpy(
        dtype="float64", na_value=np.nan
    )
    complete = ~np.isnat(stamp) & np.isfinite(amount) & loans[member].notna().to_numpy()
    # by calendar day: after the start day, up to and including the end day
    one_day = np.timedelta64(1, "D")
    lo = np.datetime64(start + pd.Timedelta(days=1), "ns")
    hi = np.datetime64(end, "ns") + one_day
    used = complete & (stamp >= lo) & (stamp < hi)
    people = pd.Index(changes[member])
    if not people.is_unique:
        raise ValueError(f"changes has repeated {member} values: pass one row per member")
    pos = people.get_indexer(loans[member].to_numpy()[used])
    hit = pos >= 0
    new = np.bincount(pos[hit], weights=amount[used][hit], minlength=len(people))
    n_with = int((np.bincount(pos[hit], minlength=len(people)) > 0).sum())
    assign: dict[str, object] = {"capital": new}
    if "capital" in changes.columns:
        old = changes["capital"].to_numpy(dtype="float64", na_value=np.nan)
        assign["capital_survey"] = old
        n_changed = int((~(old == new)).sum())
    else:
        n_changed = len(changes)
    out = changes.assign(**assign)
    out.attrs.update(
        capital_source="loans",
        capital_period=(start, end),
        n_capital_changed=n_changed,
        n_loans_used=int(used.sum()),
        n_loans_incomplete=int((~complete).sum()),
        n_members_with_loans=n_with,
    )
    return out
