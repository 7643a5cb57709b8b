"""The whole analysis in one JSON-ready dict, and an evaluator's readable report of it.

:func:`build_report` calls the same public functions the dashboard calls (before/after,
program versus comparison, driver regressions, loan portfolio) on one dataset and assembles
their results; it computes no statistic of its own, only converts them to plain JSON values
(missing and infinite numbers become ``null``, bilingual messages become sentences).
:func:`report_markdown` renders that dict as a markdown document in English or Indonesian.
``python -m analysis report`` is the two of them behind a command line; the JSON keys are a
documented contract (``docs/report_json.md``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from analysis.messages import DataError, Lang, Message
from analysis.methods.panel import attrition, member_changes, resolve_waves

if TYPE_CHECKING:  # the loaders module is only needed for the type of a loaded dataset
    from analysis.ingest.loaders import Loaded

#: Version of the JSON layout; raised when a key changes meaning or disappears.
SCHEMA_VERSION = 1

#: Subgroups of the before/after comparison in the report (issue 3), those the data allows.
DEFAULT_SUBGROUPS: tuple[str, ...] = (
    "business_type",
    "cooperative_id",
    "kelurahan",
    "loan_tier",
    "trained",
    "market_channels",
)

#: Keys of each group in ``before_after`` that the contract promises (issue 3).
BEFORE_AFTER_KEYS: tuple[str, ...] = (
    "n",
    "mean_before",
    "mean_after",
    "mean_change",
    "median_change",
    "pct_change",
    "share_improved",
    "t_stat",
    "t_df",
    "t_p",
    "wilcoxon_p",
    "ci_low",
    "ci_high",
    "cohen_dz",
)
#: Keys of ``did`` that the contract promises.
DID_KEYS: tuple[str, ...] = (
    "estimate",
    "se",
    "ci_low",
    "ci_high",
    "p_value",
    "n_members",
    "n_clusters",
    "se_type",
)
#: Keys of each entry of ``regressions`` that the contract promises.
REGRESSION_KEYS: tuple[str, ...] = (
    "name",
    "formula",
    "nobs",
    "r2",
    "adj_r2",
    "se_type",
    "n_clusters",
    "coefficients",
)
#: Top-level keys, always present (``null`` when the part could not be computed).
TOP_KEYS: tuple[str, ...] = (
    "schema_version",
    "lang",
    "dataset",
    "load",
    "methods",
    "attrition",
    "before_after",
    "subgroups",
    "balance",
    "did",
    "did_table",
    "trends",
    "event_study",
    "capital",
    "regressions",
    "dose_response",
    "loans",
    "loans_by",
    "disbursements",
    "warnings",
)

_SHIPPED_CPI = "Jember December CPI shipped with Berdaya (data/cpi/jember_cpi.csv)"


# ---------------------------------------------------------------------------------------------
# JSON-safe conversion


def jsonable(value: Any, lang: Lang = "en") -> Any:
    """``value`` as plain JSON types: ``json.dumps(..., allow_nan=False)`` accepts the result.

    Missing values (``None``, NaN, ``pd.NA``, ``NaT``) and infinities become ``None``; numpy
    scalars become Python numbers; dates become ISO text (``YYYY-MM-DD`` when there is no time
    of day); pandas periods their text (``2021Q3``); :class:`~analysis.messages.Message` its
    sentence in ``lang``; data frames a list of row dicts; dataclasses a dict of their fields;
    mappings, lists and tuples recursively. Anything else becomes its ``str``.

    Examples
    --------
    >>> jsonable({"a": np.float64("nan"), "b": [np.int64(2), pd.Timestamp("2023-12-31")]})
    {'a': None, 'b': [2, '2023-12-31']}
    """
    if value is None or isinstance(value, (bool, str, _Converted)):
        return value
    if isinstance(value, (int, np.integer)) and not isinstance(value, np.bool_):
        return int(value)
    if isinstance(value, (float, np.floating)):
        v = float(value)
        return v if math.isfinite(v) else None
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, Message):
        return value.text(lang)
    if isinstance(value, Mapping):
        return {str(k): jsonable(v, lang) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v, lang) for v in value]
    if isinstance(value, pd.DataFrame):
        return _records(value, lang)
    if isinstance(value, (pd.Series, pd.Index, np.ndarray, pd.api.extensions.ExtensionArray)):
        return [jsonable(v, lang) for v in list(value)]
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return _iso(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return _iso(pd.Timestamp(value))
    if isinstance(value, pd.Period):
        return str(value)
    if isinstance(value, np.datetime64):
        return None if np.isnat(value) else _iso(pd.Timestamp(value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name), lang) for f in dataclasses.fields(value)}
    return str(value)


class _Converted(list):  # type: ignore[type-arg]
    """Rows already converted by :func:`_records`: :func:`jsonable` does not walk them again."""


def _iso(ts: pd.Timestamp) -> str | None:
    if pd.isna(ts):
        return None
    if ts == ts.normalize() and ts.tzinfo is None:
        return ts.strftime("%Y-%m-%d")
    return ts.isoformat()


def _column(s: pd.Series, lang: Lang) -> list[Any]:
    """One column as JSON values; numbers converted in bulk (a per-cell call costs seconds on
    the tens of thousands of rows of a portfolio by group)."""
    dtype = s.dtype
    if pd.api.types.is_bool_dtype(dtype) and not s.hasnans:
        return s.to_numpy(dtype=bool).tolist()
    if pd.api.types.is_integer_dtype(dtype) and not s.hasnans:
        return s.to_numpy(dtype="int64").tolist()
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        a = s.to_numpy(dtype="float64", na_value=np.nan)
        out: list[Any] = a.tolist()
        for i in np.flatnonzero(~np.isfinite(a)).tolist():
            out[i] = None
        if pd.api.types.is_integer_dtype(dtype):
            return [None if v is None else int(v) for v in out]
        return out
    return [v if type(v) is str else jsonable(v, lang) for v in s.tolist()]


def _records(frame: pd.DataFrame, lang: Lang) -> list[dict[str, Any]]:
    """Rows of ``frame`` as dicts, column by column so that large tables stay fast."""
    columns = [str(c) for c in frame.columns]
    values = [_column(frame.iloc[:, j], lang) for j in range(frame.shape[1])]
    if not len(frame):
        return _Converted()
    return _Converted(dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True))


# ---------------------------------------------------------------------------------------------
# the report


class _Collector:
    """Warnings of every part, in order, without repeats; ``part: sentence``."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang
        self.items: list[str] = []

    def add(self, part: str, message: Message | str | None) -> None:
        if message is None:
            return
        text = message.text(self.lang) if isinstance(message, Message) else str(message)
        if not text:
            return
        line = f"{part}: {text}"
        if line not in self.items:
            self.items.append(line)

    def error(self, part: str, exc: ValueError) -> None:
        """A part that could not be computed: its reason, in ``lang`` when the engine gave both."""
        self.add(part, exc.message if isinstance(exc, DataError) else str(exc))


def _attempt(
    warnings: _Collector, part: str, fn: Callable[..., Any], *args: Any, **kwargs: Any
) -> Any:
    """``fn(*args, **kwargs)``, or ``None`` with the reason in the warnings.

    Only ``ValueError`` (``DataError`` included) is caught: that is how every public function
    says "these data cannot give this result". Anything else is a bug and propagates.
    """
    try:
        return fn(*args, **kwargs)
    except ValueError as exc:
        warnings.error(part, exc)
        return None


def _fit_models(
    warnings: _Collector,
    part: str,
    fn: Callable[..., Any],
    *args: Any,
    cluster: str | None,
    **kwargs: Any,
) -> Any:
    """A regression call clustered by ``cluster``; with a single cluster, again unclustered.

    The regressions refuse clustered errors on one cluster; the comparison functions fall back
    to robust errors in that case, and so does the report (HC3), saying so.
    """
    try:
        return fn(*args, cluster=cluster, **kwargs)
    except ValueError as exc:
        if getattr(exc, "code", None) != "one_cluster" or cluster is None:
            warnings.error(part, exc)
            return None
    warnings.add(
        part,
        Message(
            f"all members modelled are in one {cluster}: standard errors are HC3, not clustered",
            f"semua anggota yang dimodelkan berada dalam satu {cluster}: galat baku HC3, tidak "
            "diklaster",
        ),
    )
    return _attempt(warnings, part, fn, *args, cluster=None, **kwargs)


def build_report(
    survey: Loaded | pd.DataFrame,
    loans: Loaded | pd.DataFrame | None = None,
    *,
    waves: tuple[object, object] | None = None,
    cluster: str | None = "cooperative_id",
    regression_cluster: str | None = None,
    model: str | None = None,
    cpi: pd.DataFrame | None = None,
    sha256: str | None = None,
    loans_sha256: str | None = None,
    subgroups: Sequence[str] = DEFAULT_SUBGROUPS,
    lang: Lang = "en",
) -> dict[str, Any]:
    """Every estimate of the analysis on one dataset, as a JSON-ready dict.

    Parameters
    ----------
    survey : the loaded survey (``load_survey``'s result) or a canonical long survey frame.
    loans : the loaded loans ledger or a canonical loans frame; ``None`` when there is none.
    waves : ``(before, after)`` waves compared (``"2021"`` matches 2021); first and last by
        default.
    cluster : column clustering the program-versus-comparison standard errors (difference in
        differences, 2x2 table, balance table, event study): ``"cooperative_id"`` (default),
        ``"group_id"``, ``"member_id"`` or any column; ``None`` for heteroskedasticity-robust
        errors (HC1). A cluster column absent from the survey falls back to ``None`` with a
        warning. A member without a cluster label is a cluster of her own.
    regression_cluster : column clustering the driver regressions' standard errors; ``None``
        (default) for HC3, as issue 3 asks ("HC3 by default, clustered when chosen").
    model : a custom regression formula over :func:`analysis.methods.panel.member_changes` columns
        (``"income_change ~ capital + age"``), added to ``regressions`` as ``custom``.
    cpi : a CPI table from :func:`analysis.methods.prices.load_cpi` for real incomes; the shipped
        Jember table when ``None``.
    sha256 : hash of the survey file's bytes, when ``survey`` is a frame (a loaded survey
        carries its own).
    loans_sha256 : the same for the loans file.
    subgroups : subgroup splits of the before/after comparison; those the data cannot make
        (a column absent) are left out with a warning.
    lang : language of every sentence in the result (warnings, notes, standard-error labels).

    Returns
    -------
    dict with the keys of :data:`TOP_KEYS`, always present, ``None`` where a part could not be
    computed (the reason is in ``warnings``). See ``docs/report_json.md`` for every key, type
    and unit; in short:

    - ``dataset``: rows, members, program and comparison members, waves, compared waves,
      sha256 of the input bytes, loans rows and hash;
    - ``before_after``: ``program``, ``comparison`` (each the row of
      :func:`analysis.before_after`), ``unknown`` and ``real`` (the same on
      incomes deflated by :func:`analysis.methods.prices.deflate_incomes`, with ``deflation``);
    - ``did``: :func:`analysis.methods.comparison.did_twfe`; ``regressions``: the driver models of
      :func:`analysis.methods.drivers.driver_models` (and the custom model); ``loans``:
      :func:`analysis.methods.portfolio.portfolio_summary`; ``warnings``: list of sentences;
    - the other parts as documented.

    Raises
    ------
    DataError
        When the survey cannot be analysed at all: the loader found blocking errors, fewer
        than two waves, a requested wave absent or out of order.

    Notes
    -----
    Missing data: each part follows the policy of the function that computes it (members
    compared only with an income at both waves, rows dropped per model and counted, ...);
    nothing here drops or fills values. Every number is the public function's output,
    unchanged, except that NaN and infinities are written as ``null``.

    Examples
    --------
    >>> from analysis.demo import generate_demo
    >>> demo = generate_demo(members=200, seed=3)
    >>> rep = build_report(demo.survey, demo.loans)
    >>> rep["dataset"]["compared_waves"], rep["before_after"]["program"]["n"] > 0
    ([2021, 2023], True)
    """
    warnings = _Collector(lang)
    survey_df, survey_load = _unpack(survey, "survey", lang)
    loans_df, loans_load = (None, None) if loans is None else _unpack(loans, "loans", lang)
    for part, load in (("load survey", survey_load), ("load loans", loans_load)):
        for text in (load or {}).get("warnings", []):
            warnings.add(part, text)
    try:
        before, after, order = resolve_waves(
            survey_df, *(waves if waves is not None else (None, None))
        )
    except ValueError as exc:
        raise DataError(_wave_message(str(exc)), code="waves") from exc
    cl = _present_cluster(cluster, survey_df, warnings)
    reg_cl = _present_cluster(regression_cluster, survey_df, warnings)
    ctx = _Context(survey_df, loans_df, before, after, order, cl, reg_cl, lang, warnings)

    report: dict[str, Any] = dict.fromkeys(TOP_KEYS)
    report["schema_version"] = SCHEMA_VERSION
    report["lang"] = lang
    report["dataset"] = _dataset(
        ctx,
        sha256 or (survey_load or {}).get("sha256"),
        loans_sha256 or (loans_load or {}).get("sha256"),
        (survey_load or {}).get("source"),
    )
    report["load"] = {"survey": survey_load, "loans": loans_load, "linkage": _linkage(ctx)}
    att = _attempt(warnings, "attrition", attrition, survey_df, before, after)
    report["attrition"] = None if att is None else _attrition_rows(att)
    report["before_after"] = _part_before_after(ctx, cpi)
    report["subgroups"] = _part_subgroups(ctx, subgroups)
    report.update(_part_comparison(ctx, bool(report["dataset"]["comparison_members"])))
    report.update(_part_drivers(ctx, model))
    if loans_df is not None:
        report.update(_part_loans(ctx))
    report["methods"] = _methods(report, cluster, cl, reg_cl, model, cpi, lang)
    report["warnings"] = list(warnings.items)
    return jsonable(report, lang)


# ---------------------------------------------------------------------------------------------
# parts: each calls public functions and returns its keys of the report


def _present_cluster(cluster: str | None, survey: pd.DataFrame, warnings: _Collector) -> str | None:
    """``cluster`` when the survey has it (member ids always), else ``None`` with a warning."""
    if cluster is None or cluster == "member_id" or cluster in survey.columns:
        return cluster
    warnings.add(
        "methods",
        Message(
            f"the survey has no {cluster} column: standard errors are not clustered by it",
            f"survei tidak memiliki kolom {cluster}: galat baku tidak diklaster menurutnya",
        ),
    )
    return None


@dataclasses.dataclass(frozen=True)
class _Context:
    """What every part needs: the frames, the compared waves, the clustering, the language."""

    survey: pd.DataFrame
    loans: pd.DataFrame | None
    before: object
    after: object
    order: list[object]
    cluster: str | None
    regression_cluster: str | None
    lang: Lang
    warnings: _Collector


def _linkage(ctx: _Context) -> list[dict[str, Any]] | None:
    """How survey and ledger match on member ids (:func:`analysis.ingest.loaders.link_datasets`)."""
    if ctx.loans is None:
        return None
    from analysis.ingest.loaders import link_datasets

    link = _attempt(ctx.warnings, "linkage", link_datasets, ctx.survey, ctx.loans)
    if link is None:
        return None
    unmatched = int(link.set_index("side")["n_unmatched"].get("loans", 0))
    if unmatched:
        ctx.warnings.add(
            "linkage",
            Message(
                f"{unmatched} member ids of the loans ledger are not in the survey: their "
                "loans count in the portfolio, not in the models",
                f"{unmatched} ID anggota di buku pinjaman tidak ada di survei: pinjamannya "
                "dihitung di portofolio, tidak di model",
            ),
        )
    return _records(link, ctx.lang)


def _part_before_after(ctx: _Context, cpi: pd.DataFrame | None) -> dict[str, Any]:
    """``before_after``: nominal rows, and the real twin on deflated incomes."""
    from analysis.methods.before_after import before_after
    from analysis.methods.prices import deflate_incomes

    try:
        ba = before_after(ctx.survey, ctx.before, ctx.after)
    except DataError:
        raise
    except ValueError as exc:  # the core of the report: without it nothing can be said
        raise DataError(Message(str(exc), str(exc)), code="before_after") from exc
    out = _before_after_groups(ba, ctx.lang, ctx.warnings, "before_after")
    out["real"] = None
    # only the columns deflation and the comparison need: a copy of the whole survey would
    # double the memory of a million-member report
    narrow = [c for c in ("member_id", "wave", "income", "in_program") if c in ctx.survey]
    part = "before_after real"
    deflated = _attempt(
        ctx.warnings, part, deflate_incomes, ctx.survey[narrow], cpi, columns=["income"]
    )
    if deflated is None:
        return out
    ba_real = _attempt(
        ctx.warnings, part, before_after, deflated, ctx.before, ctx.after, income="income_real"
    )
    if ba_real is not None:
        real = _before_after_groups(ba_real, ctx.lang, ctx.warnings, part)
        info = deflated.attrs.get("deflation", {})
        real["deflation"] = {
            "base_year": info.get("base_year"),
            "wave_year": info.get("wave_year"),
            "factor": info.get("factor"),
            "cpi_source": _SHIPPED_CPI if cpi is None else "user table",
        }
        out["real"] = real
    return out


def _part_subgroups(ctx: _Context, subgroups: Sequence[str]) -> dict[str, Any]:
    """``subgroups``: :func:`analysis.subgroup_before_after` per split."""
    from analysis.methods.before_after import subgroup_before_after

    out: dict[str, Any] = {}
    for by in subgroups:
        table = _attempt(
            ctx.warnings,
            f"subgroups {by}",
            subgroup_before_after,
            ctx.survey,
            by,
            ctx.before,
            ctx.after,
        )
        if table is not None:
            out[by] = _records(table, ctx.lang)
    return out


def _part_comparison(ctx: _Context, has_comparison: bool) -> dict[str, Any]:
    """``balance``, ``did``, ``did_table``, ``trends``, ``event_study``."""
    from analysis.methods.comparison import (
        balance_table,
        did_table,
        did_twfe,
        event_study,
        group_trends,
    )

    w, s, cl = ctx.warnings, ctx.survey, ctx.cluster
    out: dict[str, Any] = dict.fromkeys(("balance", "did", "did_table", "event_study"))
    trends = _attempt(w, "trends", group_trends, s)
    out["trends"] = None if trends is None else _records(trends, ctx.lang)
    if "in_program" not in s.columns:
        w.add(
            "balance, did, did_table, event_study",
            Message(
                "no in_program column: everyone is a program member, so there is no "
                "comparison group (no balance table, no difference in differences)",
                "tidak ada kolom in_program: semua dianggap anggota program, sehingga tidak "
                "ada kelompok pembanding (tanpa tabel keseimbangan dan selisih dalam selisih)",
            ),
        )
        return out
    if not has_comparison:
        w.add(
            "balance, did, did_table, event_study",
            Message(
                "no comparison group (no member with in_program = 0): no balance table, no "
                "difference in differences, no event study",
                "tidak ada kelompok pembanding (tidak ada anggota dengan in_program = 0): tanpa "
                "tabel keseimbangan, selisih dalam selisih, dan studi peristiwa",
            ),
        )
        return out
    bal = _attempt(w, "balance", balance_table, s, ctx.before, cluster=cl)
    out["balance"] = None if bal is None else _balance(bal, ctx.lang, w)
    did = _attempt(w, "did", did_twfe, s, ctx.before, ctx.after, cluster=cl)
    out["did"] = None if did is None else _did(did, ctx.lang, w)
    dtab = _attempt(w, "did_table", did_table, s, ctx.before, ctx.after, cluster=cl)
    out["did_table"] = None if dtab is None else _did_table(dtab, ctx.lang, w)
    if len(ctx.order) >= 3:
        es = _attempt(w, "event_study", event_study, s, cluster=cl)
        out["event_study"] = None if es is None else _event_study(es, ctx.lang, w)
    return out


def _part_drivers(ctx: _Context, model: str | None) -> dict[str, Any]:
    """``capital``, ``regressions`` (default models and the custom one), ``dose_response``."""
    from analysis.methods.drivers import (
        capital_from_loans,
        custom_model,
        dose_response,
        driver_models,
        period_from_waves,
    )

    w = ctx.warnings
    out: dict[str, Any] = {"regressions": None, "dose_response": None}
    capital: dict[str, Any] = {"source": "survey" if "capital" in ctx.survey else None}
    changes = _attempt(w, "regressions", member_changes, ctx.survey, ctx.before, ctx.after)
    if changes is not None and ctx.loans is not None:
        period = _attempt(w, "capital", period_from_waves, ctx.before, ctx.after)
        if period is not None:
            with_loans = _attempt(
                w, "capital", capital_from_loans, changes, ctx.loans, period=period
            )
            if with_loans is not None:
                changes = with_loans
                a = with_loans.attrs
                start, end = a.get("capital_period", (None, None))
                capital = {
                    "source": "loans",
                    "period_start": jsonable(start),
                    "period_end": jsonable(end),
                    "n_loans_used": a.get("n_loans_used"),
                    "n_loans_incomplete": a.get("n_loans_incomplete"),
                    "n_members_with_loans": a.get("n_members_with_loans"),
                    "n_capital_changed": a.get("n_capital_changed"),
                }
    capital["description"] = _capital_text(capital, ctx.lang)
    out["capital"] = capital
    if changes is None:
        return out

    regressions: list[dict[str, Any]] = []
    models = _fit_models(w, "regressions", driver_models, changes, cluster=ctx.regression_cluster)
    for m in models or []:
        regressions.append(m.to_dict(ctx.lang))
        for msg in m.warnings:
            w.add("regressions", msg)
    if model:
        part = "regressions custom"
        custom = _fit_models(w, part, custom_model, changes, model, cluster=ctx.regression_cluster)
        if custom is not None:
            regressions.append(custom.to_dict(ctx.lang))
            for msg in custom.warnings:
                w.add(part, msg)
    out["regressions"] = regressions or None

    if "capital" in changes.columns:
        dose = _attempt(w, "dose_response", dose_response, changes)
        if dose is not None:
            out["dose_response"] = {
                "bands": _records(dose, ctx.lang),
                "n_dropped": dose.attrs.get("n_dropped"),
            }
    else:
        w.add(
            "dose_response",
            Message(
                "no capital column in the survey and no loans ledger: no dose-response",
                "tidak ada kolom modal di survei dan tidak ada buku pinjaman: tanpa dosis-respons",
            ),
        )
    return out


def _part_loans(ctx: _Context) -> dict[str, Any]:
    """``loans``, ``loans_by`` (cooperative, group), ``disbursements`` (per year)."""
    from analysis.methods.portfolio import disbursements, portfolio_by, portfolio_summary

    w, loans = ctx.warnings, ctx.loans
    assert loans is not None
    out: dict[str, Any] = {"loans": None, "loans_by": None, "disbursements": None}
    summary = _attempt(w, "loans", portfolio_summary, loans)
    if summary is not None:
        out["loans"] = jsonable(summary.to_dict(), ctx.lang)
        out["loans"]["notes"] = [m.text(ctx.lang) for m in summary.notes]
        for note in summary.notes:
            w.add("loans", note)
    by_out: dict[str, Any] = {}
    for by in ("cooperative_id", "group_id"):
        if by in loans.columns:
            table = _attempt(w, f"loans_by {by}", portfolio_by, loans, by)
            if table is not None:
                by_out[by] = _records(table, ctx.lang)
    out["loans_by"] = by_out
    if "disbursed_on" in loans.columns:
        disb = _attempt(w, "disbursements", disbursements, loans, freq="Y")
        if disb is not None:
            out["disbursements"] = {
                "freq": "Y",
                "periods": _records(disb, ctx.lang),
                "n_excluded": disb.attrs.get("n_excluded"),
            }
    return out


# ---------------------------------------------------------------------------------------------
# assembly helpers


def _unpack(obj: Any, kind: str, lang: Lang) -> tuple[pd.DataFrame, dict[str, Any] | None]:
    """(frame, load summary) of a loaded dataset (``Loaded``) or a frame."""
    if isinstance(obj, pd.DataFrame):
        return obj, None
    data = getattr(obj, "data", None)
    load = getattr(obj, "report", None)
    if not isinstance(data, pd.DataFrame) or load is None:
        raise TypeError(f"{kind} must be a DataFrame or a Loaded dataset; got {type(obj)!r}")
    summary = _load_summary(load, lang)
    if not summary["ok"]:
        errors = summary["errors"] or ["(no reason given)"]
        raise DataError(
            Message(
                f"the {kind} file cannot be analysed: " + "; ".join(errors),
                f"berkas {'survei' if kind == 'survey' else 'pinjaman'} tidak dapat dianalisis: "
                + "; ".join(errors),
            ),
            code="load_failed",
        )
    return data, summary


#: LoadReport attributes copied into the report's ``load`` part as they are.
_LOAD_FIELDS: tuple[str, ...] = (
    "source",
    "sha256",
    "n_bytes",
    "encoding",
    "delimiter",
    "platform",
    "layout",
    "mapping",
    "user_mapped",
    "missing_required",
    "missing_optional",
    "extra_columns",
    "n_rows_read",
    "n_rows_kept",
    "n_rows_excluded",
    "excluded_by_reason",
)


def _load_summary(load: Any, lang: Lang) -> dict[str, Any]:
    """What the loader found, in short: the file, the mapping, counts of problems, sentences.

    The full problem list stays with the loader (``validate``); the report keeps the counts.
    """
    ok = getattr(load, "can_analyse", getattr(load, "ok", True))
    out: dict[str, Any] = {"ok": bool(ok)}
    for key in _LOAD_FIELDS:
        if hasattr(load, key):
            out[key] = jsonable(getattr(load, key), lang)
    counts = getattr(load, "problem_counts", None)
    out["problem_counts"] = dict(counts()) if callable(counts) else {}
    out["n_problems"] = int(sum(out["problem_counts"].values()))
    for key in ("conversions", "questions", "pii", "errors"):
        out[key] = [_text(p, lang) for p in getattr(load, key, ()) or ()]
    warnings: list[str] = []
    n_excluded = out.get("n_rows_excluded") or 0
    if n_excluded or out["n_problems"]:
        reasons = ", ".join(f"{k}: {v}" for k, v in (out.get("excluded_by_reason") or {}).items())
        warnings.append(
            Message(
                f"{n_excluded} rows excluded ({reasons or 'none'}), {out['n_problems']} "
                "problems listed: `python -m analysis validate` shows each one",
                f"{n_excluded} baris dikeluarkan ({reasons or 'tidak ada'}), "
                f"{out['n_problems']} masalah tercatat: `python -m analysis validate` "
                "menampilkan masing-masing",
            ).text(lang)
        )
    warnings += out["questions"]
    out["warnings"] = warnings
    return out


def _text(p: Any, lang: Lang) -> str:
    """A Message, or an object carrying one in ``message``, as a sentence in ``lang``."""
    if isinstance(p, Message):
        return p.text(lang)
    msg = getattr(p, "message", None)
    if isinstance(msg, Message):
        return msg.text(lang)
    return str(p)


def _wave_message(text: str) -> Message:
    return Message(f"waves: {text}", f"gelombang: {text}")


def _dataset(
    ctx: _Context, sha256: str | None, loans_sha256: str | None, source: str | None
) -> dict[str, Any]:
    """``dataset``: what was analysed (counts read off the frames; nothing estimated)."""
    survey = ctx.survey
    members = int(survey["member_id"].nunique(dropna=True))
    if "in_program" in survey.columns:
        # a member's status at her earliest wave where it is known (as comparison.py reads it)
        sub = survey[["member_id", "wave", "in_program"]]
        sub = sub[sub["in_program"].notna() & sub["member_id"].notna()]
        pos = {w: i for i, w in enumerate(ctx.order)}
        rank = sub["wave"].map(pos).to_numpy(dtype="float64", na_value=np.inf)
        sub = sub.iloc[np.argsort(rank, kind="stable")]
        first = sub.drop_duplicates("member_id")["in_program"].to_numpy(dtype="float64")
        program, comparison = int((first == 1).sum()), int((first == 0).sum())
    else:
        program, comparison = members, 0
    return {
        "rows": len(survey),
        "members": members,
        "program_members": program,
        "comparison_members": comparison,
        "waves": list(ctx.order),
        "compared_waves": [ctx.before, ctx.after],
        "sha256": sha256,
        "source": source,
        # demo files say so in their names (issue 2: synthetic data is labelled wherever shown)
        "synthetic": bool(source and "synthetic" in str(source).lower()),
        "columns": [str(c) for c in survey.columns],
        "loans_rows": None if ctx.loans is None else len(ctx.loans),
        "loans_sha256": loans_sha256,
    }


def _attrition_rows(att: pd.DataFrame) -> list[dict[str, Any]]:
    labels = {1: "program", 0: "comparison", -1: "unknown"}
    rows = []
    for r in _records(att, "en"):
        g = r["group"]
        try:
            r["group"] = labels.get(int(g), str(g))
        except (TypeError, ValueError):
            r["group"] = str(g)
        rows.append(r)
    order = {"program": 0, "comparison": 1}
    return sorted(rows, key=lambda r: order.get(r["group"], 2))


def _before_after_groups(
    ba: pd.DataFrame, lang: Lang, warnings: _Collector, part: str
) -> dict[str, Any]:
    rows = {r["group"]: r for r in _records(ba, lang)}
    out: dict[str, Any] = {}
    for g in ("program", "comparison", "unknown"):
        out[g] = rows.get(g)
        if out[g] is not None and out[g].get("note"):
            warnings.add(f"{part} {g}", out[g]["note"])
    if "all" in rows and out["program"] is None:
        out["program"] = rows["all"]
    return out


def _did(res: Any, lang: Lang, warnings: _Collector) -> dict[str, Any]:
    d = res.to_dict()
    d["warnings"] = [m.text(lang) for m in res.warnings]
    for m in res.warnings:
        warnings.add("did", m)
    return d


def _did_table(table: pd.DataFrame, lang: Lang, warnings: _Collector) -> dict[str, Any]:
    attrs = table.attrs
    for m in attrs.get("warnings", ()):
        warnings.add("did_table", m)
    return {
        "rows": _records(table, lang),
        "before": attrs.get("before"),
        "after": attrs.get("after"),
        "outcome": attrs.get("outcome"),
        "se_type": attrs.get("se_type"),
        "n_clusters": attrs.get("n_clusters"),
    }


def _balance(bal: Any, lang: Lang, warnings: _Collector) -> dict[str, Any]:
    for m in bal.warnings:
        warnings.add("balance", m)
    return {
        "baseline": bal.baseline,
        "n_program": bal.n_program,
        "n_comparison": bal.n_comparison,
        "cluster": bal.cluster,
        "n_clusters": bal.n_clusters,
        "se_type": bal.se_type,
        "rows": _records(bal.table, lang),
        "joint_f": bal.joint_f,
        "joint_df_num": bal.joint_df_num,
        "joint_df_den": bal.joint_df_den,
        "joint_p": bal.joint_p,
        "joint_n": bal.joint_n,
        "joint_variables": list(bal.joint_variables),
        "joint_note": bal.joint_note,
        "warnings": list(bal.warnings),
    }


def _event_study(es: Any, lang: Lang, warnings: _Collector) -> dict[str, Any]:
    for m in es.warnings:
        warnings.add("event_study", m)
    warnings.add("event_study", es.pretrend_note)
    return {
        "reference_wave": es.reference_wave,
        "first_exposed_wave": es.first_exposed_wave,
        "rows": _records(es.table, lang),
        "pretrend_f": es.pretrend_f,
        "pretrend_df_num": es.pretrend_df_num,
        "pretrend_df_den": es.pretrend_df_den,
        "pretrend_p": es.pretrend_p,
        "pretrend_note": es.pretrend_note,
        "n_members": es.n_members,
        "n_obs": es.n_obs,
        "n_clusters": es.n_clusters,
        "cluster": es.cluster,
        "se_type": es.se_type,
        "warnings": list(es.warnings),
    }


def _default(fn: Callable[..., Any], name: str) -> Any:
    """The default of a parameter of a public function (what the report used)."""
    return inspect.signature(fn).parameters[name].default


def _capital_text(capital: Mapping[str, Any], lang: Lang) -> str:
    if capital.get("source") == "loans":
        start, end = capital.get("period_start"), capital.get("period_end")
        return Message(
            f"capital = principal of the loans disbursed to each member after {start} up to "
            f"{end}, from the loans ledger",
            f"modal = pokok pinjaman yang dicairkan kepada setiap anggota setelah {start} "
            f"sampai {end}, menurut buku pinjaman",
        ).text(lang)
    if capital.get("source") == "survey":
        return Message(
            "capital = loan capital received between the compared waves, as reported in the survey",
            "modal = modal pinjaman yang diterima di antara gelombang yang dibandingkan, "
            "menurut survei",
        ).text(lang)
    return Message(
        "no capital column and no loans ledger: capital is not in the models",
        "tidak ada kolom modal dan buku pinjaman: modal tidak masuk model",
    ).text(lang)


def _methods(
    report: Mapping[str, Any],
    cluster_asked: str | None,
    cluster: str | None,
    regression_cluster: str | None,
    model: str | None,
    cpi: pd.DataFrame | None,
    lang: Lang,
) -> dict[str, Any]:
    """How the numbers were computed, gathered from the parts (nothing recomputed)."""
    from analysis.methods.before_after import BOOTSTRAP_MAX_N, before_after

    ba = report.get("before_after") or {}
    ci = sorted(
        {
            g["ci_method"]
            for g in (ba.get("program"), ba.get("comparison"))
            if g and g.get("ci_method")
        }
    )
    did = report.get("did") or {}
    regs = report.get("regressions") or []
    return {
        "confidence": 0.95,
        "cluster_requested": cluster_asked,
        "cluster": cluster,
        "regression_cluster": regression_cluster,
        "before_after_ci_method": ci,
        "bootstrap_resamples": _default(before_after, "n_boot"),
        "bootstrap_max_n": BOOTSTRAP_MAX_N,
        "bootstrap_seed": _default(before_after, "seed"),
        "before_after_tests": "paired t-test (R t.test paired = TRUE); Wilcoxon signed-rank "
        "(R wilcox.test paired = TRUE); Cohen's d_z with noncentral-t interval",
        "subgroup_corrections": ["Benjamini-Hochberg", "Holm"],
        "did_method": did.get("method"),
        "did_se_type": did.get("se_type"),
        "did_n_clusters": did.get("n_clusters"),
        "did_wild_bootstrap_p": did.get("wild_p"),
        "regression_se_types": sorted({r["se_type"] for r in regs}),
        "regression_n_clusters": sorted({r["n_clusters"] for r in regs if r["n_clusters"]}),
        "custom_model": model,
        "cpi": _SHIPPED_CPI if cpi is None else "user table",
    }


# ---------------------------------------------------------------------------------------------
# markdown

_T: dict[str, tuple[str, str]] = {
    "title": ("Berdaya impact report", "Laporan dampak Berdaya"),
    "dataset": ("Dataset", "Data"),
    "rows": ("Survey rows", "Baris survei"),
    "members": ("People surveyed", "Orang yang disurvei"),
    "program_members": ("Program members", "Anggota program"),
    "comparison_members": ("Comparison group", "Kelompok pembanding"),
    "waves": ("Waves", "Gelombang"),
    "compared": ("Waves compared", "Gelombang yang dibandingkan"),
    "sha": ("SHA-256 of the survey file", "SHA-256 berkas survei"),
    "source": ("Survey file", "Berkas survei"),
    "synthetic": (
        "SYNTHETIC demo data: no number in this report describes a real program.",
        "Data demo SINTETIS: tidak ada angka dalam laporan ini yang menggambarkan program nyata.",
    ),
    "loans_rows": ("Loans in the ledger", "Pinjaman dalam buku pinjaman"),
    "methods": ("Methods", "Metode"),
    "ba": ("Income before and after", "Pendapatan sebelum dan sesudah"),
    "ba_real": (
        "Income before and after, in constant prices of {base}",
        "Pendapatan sebelum dan sesudah, harga konstan {base}",
    ),
    "statistic": ("Statistic", "Statistik"),
    "program": ("Program", "Program"),
    "comparison": ("Comparison", "Pembanding"),
    "n": ("Members compared", "Anggota dibandingkan"),
    "mean_before": ("Mean income before", "Rata-rata pendapatan sebelum"),
    "mean_after": ("Mean income after", "Rata-rata pendapatan sesudah"),
    "mean_change": ("Mean change", "Rata-rata perubahan"),
    "ci": ("95% CI of the mean change", "IK 95% rata-rata perubahan"),
    "median_change": ("Median change", "Median perubahan"),
    "pct_change": ("Percent change of the mean", "Perubahan rata-rata (persen)"),
    "share_improved": ("Share whose income rose", "Porsi yang pendapatannya naik"),
    "t": ("Paired t (df), p", "t berpasangan (db), p"),
    "wilcoxon_p": ("Wilcoxon signed-rank p", "p Wilcoxon peringkat bertanda"),
    "cohen_dz": ("Cohen's d_z", "d_z Cohen"),
    "attrition": ("Attrition", "Atrisi"),
    "lost": ("Lost between the waves", "Hilang di antara gelombang"),
    "group": ("Group", "Kelompok"),
    "subgroups": ("By subgroup", "Menurut subkelompok"),
    "level": ("Level", "Tingkat"),
    "balance": ("Baseline balance", "Keseimbangan awal"),
    "variable": ("Variable", "Variabel"),
    "difference": ("Difference", "Selisih"),
    "norm_diff": ("Normalized difference", "Selisih ternormalisasi"),
    "did": ("Difference in differences", "Selisih dalam selisih"),
    "did_table": ("2x2 table", "Tabel 2x2"),
    "before": ("Before", "Sebelum"),
    "after": ("After", "Sesudah"),
    "change": ("Change", "Perubahan"),
    "estimate": ("Estimate", "Estimasi"),
    "dropped": ("Dropped (missing values)", "Dibuang (nilai hilang)"),
    "max_vif": ("Largest VIF", "VIF terbesar"),
    "wild_p": ("Wild cluster bootstrap p", "p wild cluster bootstrap"),
    "did_members": ("Members in the estimate", "Anggota dalam estimasi"),
    "joint": ("Joint test", "Uji gabungan"),
    "pretrend": ("Pre-trend test", "Uji tren sebelum program"),
    "reference": ("reference", "acuan"),
    "pre": ("before the program", "sebelum program"),
    "post": ("after the start", "sesudah program mulai"),
    "trends": ("Mean income by wave", "Rata-rata pendapatan per gelombang"),
    "wave": ("Wave", "Gelombang"),
    "mean": ("Mean", "Rata-rata"),
    "event": ("Event study (pre-trend check)", "Studi peristiwa (uji tren awal)"),
    "regressions": ("Drivers of income change", "Pendorong perubahan pendapatan"),
    "term": ("Term", "Suku"),
    "dose": ("Income change by capital received", "Perubahan pendapatan menurut modal diterima"),
    "band": ("Capital band", "Kelompok modal"),
    "loans": ("Loan portfolio", "Portofolio pinjaman"),
    "by_coop": ("By cooperative", "Menurut koperasi"),
    "warnings": ("Warnings", "Peringatan"),
    "none": ("None.", "Tidak ada."),
    "not_available": ("Not available", "Tidak tersedia"),
    "more_rows": (
        "{n} more rows in the JSON report.",
        "{n} baris lainnya ada dalam laporan JSON.",
    ),
}


def _t(key: str, lang: Lang, **kw: Any) -> str:
    en, id_ = _T[key]
    return (id_ if lang == "id" else en).format(**kw)


def _num(value: Any, lang: Lang, decimals: int = 0) -> str:
    """A number as written in ``lang``: 1,234.5 (en) or 1.234,5 (id); missing as an en dash."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    text = f"{float(value):,.{decimals}f}"
    if lang == "id":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def _rupiah(value: Any, lang: Lang) -> str:
    """``IDR 1,500,000`` (en) or ``Rp 1.500.000`` (id), whole rupiah."""
    if value is None:
        return "–"
    v = float(value)
    body = ("Rp " if lang == "id" else "IDR ") + _num(abs(v), lang)
    return ("-" + body) if round(v) < 0 else body


def _pct(value: Any, lang: Lang, *, share: bool = False, decimals: int = 1) -> str:
    if value is None:
        return "–"
    return _num(float(value) * (100.0 if share else 1.0), lang, decimals) + "%"


def _p(value: Any, lang: Lang) -> str:
    if value is None:
        return "–"
    if float(value) < 0.001:
        return "< " + _num(0.001, lang, 3)
    return _num(value, lang, 3)


def _p_eq(value: Any, lang: Lang) -> str:
    """``= 0.012`` or ``< 0.001``: a p-value after its letter."""
    text = _p(value, lang)
    return text if text.startswith("<") else f"= {text}"


def _sig(value: Any, lang: Lang, digits: int = 4) -> str:
    """``digits`` significant digits, thousands grouped, never scientific."""
    if value is None:
        return "–"
    v = float(value)
    if v == 0:
        return "0"
    mag = math.floor(math.log10(abs(v)))
    return _num(v, lang, max(0, digits - 1 - mag))


def _ci(low: Any, high: Any, lang: Lang) -> str:
    """``low – high`` in rupiah, or a single dash when the interval is missing."""
    if low is None and high is None:
        return "–"
    return f"{_rupiah(low, lang)} – {_rupiah(high, lang)}"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    def esc(cell: str) -> str:
        return str(cell).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(esc(h) for h in header) + " |"]
    lines.append("|" + "|".join("---" for _ in header) + "|")
    lines += ["| " + " | ".join(esc(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def _wave_text(value: Any) -> str:
    return "–" if value is None else str(value)


def report_markdown(report: Mapping[str, Any], lang: Lang = "en", *, max_rows: int = 40) -> str:
    """An evaluator's readable report of :func:`build_report`'s dict, in English or Indonesian.

    Parameters
    ----------
    report : the dict of :func:`build_report` (or the same read back from its JSON).
    lang : ``"en"`` (``IDR 1,500,000``, ``1,234.5``) or ``"id"`` (``Rp 1.500.000``,
        ``1.234,5``). Headings and labels follow ``lang``; warnings are in the language the
        report was built in.
    max_rows : long tables (subgroups by cooperative, portfolio by cooperative) show their
        first ``max_rows`` rows and say how many more are in the JSON.

    Returns
    -------
    Markdown text: the dataset, the methods (standard errors, interval methods, clusters),
    then one section per part of the report with its tables, and the warnings. A part that is
    ``null`` in the report is shown as not available.

    Examples
    --------
    >>> from analysis.demo import generate_demo
    >>> demo = generate_demo(members=200, seed=3)
    >>> text = report_markdown(build_report(demo.survey), "id")
    >>> text.splitlines()[0]
    '# Laporan dampak Berdaya'
    """
    if lang not in ("en", "id"):
        raise ValueError(f"lang must be 'en' or 'id'; got {lang!r}")
    out: list[str] = [f"# {_t('title', lang)}", ""]
    out += _md_dataset(report, lang)
    out += _md_methods(report, lang)
    out += _md_before_after(report, lang)
    out += _md_subgroups(report, lang, max_rows)
    out += _md_comparison(report, lang)
    out += _md_regressions(report, lang)
    out += _md_loans(report, lang, max_rows)
    out += [f"## {_t('warnings', lang)}", ""]
    warns = report.get("warnings") or []
    out += [f"- {w}" for w in warns] if warns else [_t("none", lang)]
    return "\n".join(out).rstrip() + "\n"


def _md_dataset(report: Mapping[str, Any], lang: Lang) -> list[str]:
    d = report.get("dataset") or {}
    rows = [
        (_t("rows", lang), _num(d.get("rows"), lang)),
        (_t("members", lang), _num(d.get("members"), lang)),
        (_t("program_members", lang), _num(d.get("program_members"), lang)),
        (_t("comparison_members", lang), _num(d.get("comparison_members"), lang)),
        (_t("waves", lang), ", ".join(_wave_text(w) for w in d.get("waves") or [])),
        (_t("compared", lang), " → ".join(_wave_text(w) for w in d.get("compared_waves") or [])),
        (_t("source", lang), str(d.get("source") or "–")),
        (_t("sha", lang), f"`{d['sha256']}`" if d.get("sha256") else "–"),
    ]
    if d.get("loans_rows") is not None:
        rows.append((_t("loans_rows", lang), _num(d["loans_rows"], lang)))
    out = [f"## {_t('dataset', lang)}", ""]
    if d.get("synthetic"):
        out += [f"**{_t('synthetic', lang)}**", ""]
    return [*out, _table(["", ""], rows), ""]


def _md_methods(report: Mapping[str, Any], lang: Lang) -> list[str]:
    m = report.get("methods") or {}
    ci = ", ".join(m.get("before_after_ci_method") or []) or "–"
    cl = m.get("cluster")
    did = report.get("did") or {}
    regs = report.get("regressions") or []
    en = [
        f"Intervals are {int(100 * (m.get('confidence') or 0.95))}% intervals.",
        "Mean change of income: paired t-test, Wilcoxon signed-rank test and Cohen's d_z. "
        f"Interval of the mean change: {ci} (a percentile bootstrap of "
        f"{_num(m.get('bootstrap_resamples'), lang)} seeded resamples for groups of at most "
        f"{_num(m.get('bootstrap_max_n'), lang)} members, Student's t for larger groups).",
        "Subgroup p-values are adjusted within each group (Benjamini-Hochberg and Holm).",
        (
            f"Program-versus-comparison standard errors are clustered by {cl}"
            if cl
            else "Program-versus-comparison standard errors are heteroskedasticity-robust "
            "(not clustered)"
        )
        + (
            f"; difference in differences: {did.get('se_type')} with "
            f"{_num(did.get('n_clusters'), lang)} clusters, {did.get('method')}"
            if did
            else ""
        )
        + ".",
        "Driver regressions: "
        + "; ".join(
            f"{r['name']}: {r['se_type']}"
            + (f", {_num(r['n_clusters'], lang)} clusters" if r.get("n_clusters") else "")
            for r in regs
        )
        + ".",
        f"Capital: {(report.get('capital') or {}).get('description', '–')}.",
        f"Real incomes: {m.get('cpi', '–')}.",
    ]
    id_ = [
        f"Selang kepercayaan {int(100 * (m.get('confidence') or 0.95))}%.",
        "Rata-rata perubahan pendapatan: uji t berpasangan, uji peringkat bertanda Wilcoxon dan "
        f"d_z Cohen. Selang rata-rata perubahan: {ci} (bootstrap persentil dengan "
        f"{_num(m.get('bootstrap_resamples'), lang)} sampel ulang berbenih untuk kelompok paling "
        f"banyak {_num(m.get('bootstrap_max_n'), lang)} anggota, t Student untuk kelompok yang "
        "lebih besar).",
        "Nilai p subkelompok disesuaikan dalam tiap kelompok (Benjamini-Hochberg dan Holm).",
        (
            f"Galat baku program-versus-pembanding diklaster menurut {cl}"
            if cl
            else "Galat baku program-versus-pembanding tahan heteroskedastisitas (tidak diklaster)"
        )
        + (
            f"; selisih dalam selisih: {did.get('se_type')} dengan "
            f"{_num(did.get('n_clusters'), lang)} klaster, {did.get('method')}"
            if did
            else ""
        )
        + ".",
        "Regresi pendorong: "
        + "; ".join(
            f"{r['name']}: {r['se_type']}"
            + (f", {_num(r['n_clusters'], lang)} klaster" if r.get("n_clusters") else "")
            for r in regs
        )
        + ".",
        f"Modal: {(report.get('capital') or {}).get('description', '–')}.",
        "Pendapatan riil: "
        + (
            "IHK Desember Jember bawaan Berdaya (data/cpi/jember_cpi.csv)"
            if m.get("cpi", "").startswith("Jember")
            else "tabel pengguna"
        )
        + ".",
    ]
    return [f"## {_t('methods', lang)}", "", *[f"- {s}" for s in (id_ if lang == "id" else en)], ""]


def _ba_rows(groups: Mapping[str, Any], lang: Lang) -> tuple[list[list[str]], list[str]]:
    cols = [g for g in ("program", "comparison") if groups.get(g)]

    def line(label: str, fmt: Callable[[Mapping[str, Any]], str]) -> list[str]:
        return [label, *(fmt(groups[g]) for g in cols)]

    return [
        line(_t("n", lang), lambda r: _num(r["n"], lang)),
        line(_t("mean_before", lang), lambda r: _rupiah(r["mean_before"], lang)),
        line(_t("mean_after", lang), lambda r: _rupiah(r["mean_after"], lang)),
        line(_t("mean_change", lang), lambda r: _rupiah(r["mean_change"], lang)),
        line(
            _t("ci", lang),
            lambda r: (
                _ci(r["ci_low"], r["ci_high"], lang)
                + (f" ({r['ci_method']})" if r.get("ci_method") else "")
            ),
        ),
        line(_t("median_change", lang), lambda r: _rupiah(r["median_change"], lang)),
        line(_t("pct_change", lang), lambda r: _pct(r["pct_change"], lang)),
        line(
            _t("share_improved", lang),
            lambda r: (
                _pct(r["share_improved"], lang, share=True)
                + (
                    f" [{_pct(r['share_improved_ci_low'], lang, share=True)}, "
                    f"{_pct(r['share_improved_ci_high'], lang, share=True)}]"
                    if r.get("share_improved_ci_low") is not None
                    else ""
                )
            ),
        ),
        line(
            _t("t", lang),
            lambda r: (
                f"{_num(r['t_stat'], lang, 2)} ({_num(r['t_df'], lang)}), {_p(r['t_p'], lang)}"
            ),
        ),
        line(_t("wilcoxon_p", lang), lambda r: _p(r["wilcoxon_p"], lang)),
        line(
            _t("cohen_dz", lang),
            lambda r: (
                _num(r["cohen_dz"], lang, 2)
                + (
                    f" [{_num(r.get('dz_ci_low'), lang, 2)}, {_num(r.get('dz_ci_high'), lang, 2)}]"
                    if r.get("dz_ci_low") is not None
                    else ""
                )
            ),
        ),
    ], cols


def _md_before_after(report: Mapping[str, Any], lang: Lang) -> list[str]:
    ba = report.get("before_after") or {}
    out: list[str] = [f"## {_t('ba', lang)}", ""]
    rows, cols = _ba_rows(ba, lang)
    header = [_t("statistic", lang), *(_t(g, lang) for g in cols)]
    out += [_table(header, rows), ""]
    real = ba.get("real")
    base = ((real or {}).get("deflation") or {}).get("base_year")
    out += [f"### {_t('ba_real', lang, base=base if base is not None else '–')}", ""]
    if real:
        rows, cols = _ba_rows(real, lang)
        out += [_table([_t("statistic", lang), *(_t(g, lang) for g in cols)], rows), ""]
    else:
        out += [_t("not_available", lang) + ".", ""]
    att = report.get("attrition")
    if att:
        out += [f"### {_t('attrition', lang)}", ""]
        rows = [
            [
                _t(r["group"], lang) if r["group"] in ("program", "comparison") else r["group"],
                _num(r["n_before"], lang),
                _num(r["n_after"], lang),
                _num(r["n_both"], lang),
                f"{_num(r['n_lost'], lang)} ({_pct(r['share_lost'], lang, share=True)})",
            ]
            for r in att
        ]
        header = [_t("group", lang), _t("before", lang), _t("after", lang), "n", _t("lost", lang)]
        out += [_table(header, rows), ""]
    return out


def _more(n_more: int, lang: Lang) -> list[str]:
    return [_t("more_rows", lang, n=_num(n_more, lang)), ""] if n_more > 0 else []


def _md_subgroups(report: Mapping[str, Any], lang: Lang, max_rows: int) -> list[str]:
    subs = report.get("subgroups") or {}
    out: list[str] = [f"## {_t('subgroups', lang)}", ""]
    if not subs:
        return [*out, _t("not_available", lang) + ".", ""]
    for by, rows in subs.items():
        out += [f"### {by}", ""]
        shown = [r for r in rows if r.get("n")][:max_rows]
        body = [
            [
                _t(r["group"], lang) if r["group"] in ("program", "comparison") else r["group"],
                str(r["level"]),
                _num(r["n"], lang),
                _rupiah(r.get("mean_change"), lang),
                _ci(r.get("ci_low"), r.get("ci_high"), lang),
                _p(r.get("t_p"), lang),
                _p(r.get("p_bh"), lang),
                _p(r.get("p_holm"), lang),
            ]
            for r in shown
        ]
        header = [
            _t("group", lang),
            _t("level", lang),
            "n",
            _t("mean_change", lang),
            "95% CI" if lang == "en" else "IK 95%",
            "p",
            "p (BH)",
            "p (Holm)",
        ]
        out += [_table(header, body), ""]
        out += _more(sum(1 for r in rows if r.get("n")) - len(shown), lang)
    return out


def _md_comparison(report: Mapping[str, Any], lang: Lang) -> list[str]:
    out: list[str] = [f"## {_t('did', lang)}", ""]
    did = report.get("did")
    if did:
        ci = _ci(did["ci_low"], did["ci_high"], lang)
        rows = [
            [_t("estimate", lang), _rupiah(did["estimate"], lang)],
            ["SE", f"{_rupiah(did['se'], lang)} ({did['se_type']})"],
            ["95% CI" if lang == "en" else "IK 95%", ci],
            ["p", _p(did["p_value"], lang)],
            [_t("did_members", lang), _num(did["n_members"], lang)],
            ["clusters" if lang == "en" else "klaster", _num(did.get("n_clusters"), lang)],
        ]
        if did.get("wild_p") is not None:
            rows.append([_t("wild_p", lang), _p(did["wild_p"], lang)])
        out += [_table(["", ""], rows), ""]
    else:
        out += [_t("not_available", lang) + ".", ""]
    dtab = report.get("did_table")
    if dtab:
        out += [f"### {_t('did_table', lang)}", ""]
        rows = [
            [
                _t(r["group"], lang) if r["group"] != "difference" else _t("difference", lang),
                _num(r["n"], lang),
                _rupiah(r["before_mean"], lang),
                _rupiah(r["after_mean"], lang),
                f"{_rupiah(r['change'], lang)} ({_rupiah(r['change_se'], lang)})",
                _p(r["change_p"], lang),
            ]
            for r in dtab["rows"]
        ]
        header = ["", "n", _t("before", lang), _t("after", lang), _t("change", lang) + " (SE)", "p"]
        out += [_table(header, rows), ""]
    bal = report.get("balance")
    if bal:
        out += [f"### {_t('balance', lang)} ({_wave_text(bal['baseline'])})", ""]
        rows = [
            [
                r["variable"],
                _sig(r["mean_program"], lang),
                _sig(r["mean_comparison"], lang),
                _sig(r["difference"], lang),
                _num(r["normalized_difference"], lang, 3),
                _p(r["p_value"], lang),
            ]
            for r in bal["rows"]
        ]
        header = [
            _t("variable", lang),
            _t("program", lang),
            _t("comparison", lang),
            _t("difference", lang),
            _t("norm_diff", lang),
            "p",
        ]
        out += [_table(header, rows), ""]
        se_line = (
            f"{_num(bal['n_program'], lang)} / {_num(bal['n_comparison'], lang)}; "
            f"SE {bal['se_type']}"
        )
        if bal.get("n_clusters"):
            cl = "clusters" if lang == "en" else "klaster"
            se_line += f", {_num(bal['n_clusters'], lang)} {cl} ({bal['cluster']})"
        out += [f"n ({_t('program', lang)} / {_t('comparison', lang)}): {se_line}", ""]
        if bal.get("joint_f") is not None:
            out += [
                f"{_t('joint', lang)}: F({bal['joint_df_num']}, {bal['joint_df_den']}) = "
                f"{_num(bal['joint_f'], lang, 3)}, p {_p_eq(bal['joint_p'], lang)}; "
                f"{bal['se_type']}",
                "",
            ]
        elif bal.get("joint_note"):
            out += [str(bal["joint_note"]), ""]
    trends = report.get("trends")
    if trends:
        out += [f"### {_t('trends', lang)}", ""]
        rows = [
            [
                _t(r["group"], lang),
                _wave_text(r["wave"]),
                _num(r["n"], lang),
                _rupiah(r["mean"], lang),
                _ci(r["ci_low"], r["ci_high"], lang),
            ]
            for r in trends
        ]
        header = [_t("group", lang), _t("wave", lang), "n", _t("mean", lang), "95% CI"]
        out += [_table(header, rows), ""]
    es = report.get("event_study")
    if es:
        out += [f"### {_t('event', lang)}", ""]
        rows = [
            [
                _wave_text(r["wave"]),
                _t(r["period"], lang),
                _rupiah(r["estimate"], lang),
                _rupiah(r["se"], lang),
                _p(r["p_value"], lang),
            ]
            for r in es["rows"]
        ]
        out += [_table([_t("wave", lang), "", _t("estimate", lang), "SE", "p"], rows), ""]
        if es.get("pretrend_p") is not None:
            out += [
                f"{_t('pretrend', lang)}: F({es['pretrend_df_num']}, {es['pretrend_df_den']}) = "
                f"{_num(es['pretrend_f'], lang, 3)}, p {_p_eq(es['pretrend_p'], lang)}",
                "",
            ]
        elif es.get("pretrend_note"):
            out += [str(es["pretrend_note"]), ""]
    return out


def _md_regressions(report: Mapping[str, Any], lang: Lang) -> list[str]:
    regs = report.get("regressions")
    out: list[str] = [f"## {_t('regressions', lang)}", ""]
    if not regs:
        return [*out, _t("not_available", lang) + ".", ""]
    terms: list[str] = []
    for r in regs:
        for t in r["coefficients"]:
            if t not in terms and t != "Intercept":
                terms.append(t)
    if any("Intercept" in r["coefficients"] for r in regs):
        terms.append("Intercept")
    rows: list[list[str]] = []
    for t in terms:
        est, se = [t], [""]
        for r in regs:
            c = r["coefficients"].get(t)
            if c is None:
                est.append("")
                se.append("")
                continue
            p = c.get("p")
            stars = (
                ""
                if p is None
                else "***"
                if p < 0.01
                else "**"
                if p < 0.05
                else "*"
                if p < 0.1
                else ""
            )
            est.append(_sig(c["estimate"], lang) + stars)
            se.append(f"({_sig(c['se'], lang)})")
        rows += [est, se]
    rows.append(["N", *(_num(r["nobs"], lang) for r in regs)])
    rows.append(["R²", *(_num(r["r2"], lang, 4) for r in regs)])
    rows.append(["Adj. R²", *(_num(r["adj_r2"], lang, 4) for r in regs)])
    rows.append(
        [
            "F (p)",
            *(
                f"{_sig(r['fvalue'], lang)} ({_p(r['f_pvalue'], lang)})"
                if r.get("fvalue") is not None
                else "–"
                for r in regs
            ),
        ]
    )
    rows.append([_t("dropped", lang), *(_num(r.get("n_dropped"), lang) for r in regs)])
    rows.append(
        [
            "Breusch-Pagan p",
            *(_p((r.get("heteroskedasticity") or {}).get("p"), lang) for r in regs),
        ]
    )
    rows.append(
        [
            _t("max_vif", lang),
            *(
                _num(
                    max((v for v in (r.get("vif") or {}).values() if v is not None), default=None),
                    lang,
                    2,
                )
                for r in regs
            ),
        ]
    )
    rows.append(["SE", *(str(r["se_type"]) for r in regs)])
    rows.append(
        [
            "clusters" if lang == "en" else "klaster",
            *(_num(r.get("n_clusters"), lang) for r in regs),
        ]
    )
    header = [_t("term", lang), *(f"({i + 1}) {r['name']}" for i, r in enumerate(regs))]
    out += [_table(header, rows), ""]
    out += [
        "\\* p < 0,10, \\*\\* p < 0,05, \\*\\*\\* p < 0,01; galat baku dalam kurung."
        if lang == "id"
        else "\\* p < 0.10, \\*\\* p < 0.05, \\*\\*\\* p < 0.01; standard errors in parentheses.",
        "",
    ]
    out += [f"- ({i + 1}) `{r['formula']}`" for i, r in enumerate(regs)] + [""]
    dose = report.get("dose_response")
    if dose:
        out += [f"### {_t('dose', lang)}", ""]
        rows = [
            [
                b["band"],
                _num(b["n"], lang),
                _rupiah(b["mean"], lang),
                _ci(b["ci_low"], b["ci_high"], lang),
            ]
            for b in dose["bands"]
        ]
        out += [_table([_t("band", lang), "n", _t("mean_change", lang), "95% CI"], rows), ""]
    return out


def _md_loans(report: Mapping[str, Any], lang: Lang, max_rows: int) -> list[str]:
    loans = report.get("loans")
    out: list[str] = [f"## {_t('loans', lang)}", ""]
    if not loans:
        return [*out, _t("not_available", lang) + ".", ""]
    en = lang == "en"
    rows = [
        ["Loans" if en else "Pinjaman", _num(loans["n_loans"], lang)],
        ["Borrowers" if en else "Peminjam", _num(loans["n_borrowers"], lang)],
        ["Active borrowers" if en else "Peminjam aktif", _num(loans["n_active_borrowers"], lang)],
        ["Disbursed" if en else "Dicairkan", _rupiah(loans["disbursed"], lang)],
        [
            "Average loan" if en else "Rata-rata pinjaman",
            _rupiah(loans["avg_disbursed_loan"], lang),
        ],
        [
            "Gross loan portfolio" if en else "Portofolio pinjaman bruto",
            _rupiah(loans["gross_loan_portfolio"], lang),
        ],
        ["PAR1", _pct(loans["par1"], lang, share=True, decimals=2)],
        ["PAR30", _pct(loans["par30"], lang, share=True, decimals=2)],
        ["PAR90", _pct(loans["par90"], lang, share=True, decimals=2)],
        [
            "Repayment rate" if en else "Tingkat pengembalian",
            _pct(loans["repayment_rate"], lang, share=True, decimals=2),
        ],
        ["NPL", _pct(loans["npl_ratio"], lang, share=True, decimals=2)],
        [
            "Written off" if en else "Hapus buku",
            f"{_num(loans['n_written_off'], lang)} ({_rupiah(loans['written_off'], lang)})",
        ],
        ["As of" if en else "Per tanggal", str(loans.get("as_of") or "–")],
    ]
    out += [_table(["", ""], rows), ""]
    coops = (report.get("loans_by") or {}).get("cooperative_id")
    if coops:
        out += [f"### {_t('by_coop', lang)}", ""]
        body = [
            [
                str(r["cooperative_id"]),
                _num(r["n_loans"], lang),
                _rupiah(r["outstanding"], lang),
                _pct(r["par30"], lang, share=True, decimals=2),
                _pct(r["repayment_rate"], lang, share=True, decimals=2),
            ]
            for r in coops[:max_rows]
        ]
        header = [
            "cooperative_id",
            "n",
            "GLP",
            "PAR30",
            "repayment" if en else "pengembalian",
        ]
        out += [_table(header, body), ""]
        out += _more(len(coops) - max_rows, lang)
    return out
