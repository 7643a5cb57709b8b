"""The whole analysis in one JSON-ready dict, and an evaluator's readable report of it.

:func:`build_report` calls the same public functions the dashboard calls (before/after,
program versus comparison, driver regressions, loan portfolio) on one dataset and assembles
their results; it computes no statistic of its own, only converts them to plain JSON values
(missing and infinite numbers become ``null``, bilingual messages become sentences).
:func:`report_markdown` (defined in :mod:`analysis.outputs.markdown`, re-exported here) renders
that dict as a markdown document in English or Indonesian.
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

from analysis.messages import DataError, Lang, Message, plain
from analysis.methods.empowerment import EmpowermentConfig, default_empowerment_config
from analysis.methods.panel import (
    attrition,
    ever_in_program,
    member_changes,
    resolve_waves,
    status_varies,
)
from analysis.outputs.empowerment import empowerment_report
from analysis.outputs.markdown import report_markdown as report_markdown  # re-exported

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
    "empowerment",
    "staggered",
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
    empowerment_config: EmpowermentConfig | None = None,
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
    sha256, loans_sha256 : hashes of the input files' bytes, when given as frames (a loaded
        dataset carries its own).
    subgroups : subgroup splits of the before/after comparison; those the data cannot make
        (a column absent) are left out with a warning.
    lang : language of every sentence in the result (warnings, notes, standard-error labels).
    empowerment_config : the empowerment index's configuration (issue 13); the shipped one
        (``data/empowerment/default.toml``) when ``None``.

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
    - ``empowerment``: :func:`analysis.outputs.empowerment.empowerment_report` when the survey
      has every configured item, else ``None``; the other parts as documented.

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
    ctx, survey_load, loans_load = _context(
        survey, loans, waves, (cluster, regression_cluster), lang
    )
    report: dict[str, Any] = dict.fromkeys(TOP_KEYS)
    report.update(schema_version=SCHEMA_VERSION, lang=lang)
    report.update(_part_inputs(ctx, (survey_load, loans_load), (sha256, loans_sha256)))
    _warn_if_cross_sections(ctx)
    report["attrition"] = _part_attrition(ctx)
    report["before_after"] = _part_before_after(ctx, cpi)
    report["subgroups"] = _part_subgroups(ctx, subgroups)
    report.update(_part_comparison(ctx, bool(report["dataset"]["comparison_members"])))
    report.update(_part_drivers(ctx, model))
    if ctx.loans is not None:
        report.update(_part_loans(ctx))
    report["empowerment"] = _part_empowerment(ctx, empowerment_config)
    report["methods"] = _methods(
        report, cluster, ctx.cluster, ctx.regression_cluster, model, cpi, lang
    )
    report["warnings"] = list(ctx.warnings.items)
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


def _context(
    survey: Loaded | pd.DataFrame,
    loans: Loaded | pd.DataFrame | None,
    waves: tuple[object, object] | None,
    clusters: tuple[str | None, str | None],
    lang: Lang,
) -> tuple[_Context, dict[str, Any] | None, dict[str, Any] | None]:
    """The frames, compared waves and clusterings every part uses, and the two load summaries.

    The loaders' warnings come first in ``warnings``, then those of the clusterings.
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
    cl, reg_cl = (_present_cluster(c, survey_df, warnings) for c in clusters)
    ctx = _Context(survey_df, loans_df, before, after, order, cl, reg_cl, lang, warnings)
    return ctx, survey_load, loans_load


def _part_inputs(
    ctx: _Context,
    loads: tuple[dict[str, Any] | None, dict[str, Any] | None],
    hashes: tuple[str | None, str | None],
) -> dict[str, Any]:
    """``dataset`` and ``load``: what was read; a hash given by the caller wins over the loader's."""
    survey_load, loans_load = (load or {} for load in loads)
    sha256 = hashes[0] or survey_load.get("sha256")
    loans_sha256 = hashes[1] or loans_load.get("sha256")
    return {
        "dataset": _dataset(ctx, sha256, loans_sha256, survey_load.get("source")),
        "load": {"survey": loads[0], "loans": loads[1], "linkage": _linkage(ctx)},
    }


def _warn_if_cross_sections(ctx: _Context) -> None:
    """Say so plainly when no member is seen at both compared waves: the file holds different
    people at each wave (repeated cross-sections), so every paired part is empty and the
    attrition table's 100% lost means 'never followed', not 'lost'."""
    s = ctx.survey
    at = s.loc[s["wave"].isin([ctx.before, ctx.after]) & s["income"].notna(), ["member_id", "wave"]]
    if at.empty or (at.groupby("member_id", sort=False)["wave"].nunique() > 1).any():
        return
    ctx.warnings.add(
        "dataset",
        Message(
            f"no member is seen at both waves {plain(ctx.before)} and {plain(ctx.after)}: the "
            "file looks like repeated cross-sections (different people at each wave). Paired "
            "before/after, first differences and the regressions of change need the same "
            "members twice and are left empty; the group means by wave (trends) compare "
            "different people.",
            f"tidak ada anggota yang teramati di kedua gelombang {plain(ctx.before)} dan "
            f"{plain(ctx.after)}: berkas ini tampaknya potong lintang berulang (orang berbeda di "
            "setiap gelombang). Perbandingan berpasangan sebelum/sesudah, selisih pertama dan "
            "regresi perubahan memerlukan anggota yang sama dua kali sehingga dikosongkan; "
            "rata-rata kelompok per gelombang (tren) membandingkan orang yang berbeda.",
        ),
    )


def _part_attrition(ctx: _Context) -> list[dict[str, Any]] | None:
    """``attrition``: members seen at each compared wave and lost between them."""
    att = _attempt(ctx.warnings, "attrition", attrition, ctx.survey, ctx.before, ctx.after)
    return None if att is None else _attrition_rows(att)


def _linkage(ctx: _Context) -> list[dict[str, Any]] | None:
    """How survey and ledger match on member ids (:func:`analysis.ingest.loaders.link_datasets`)."""
    if ctx.loans is None:
        return None
    from analysis.ingest.loaders import link_datasets

    link = _attempt(ctx.warnings, "linkage", link_datasets, ctx.survey, ctx.loans)
    if link is None:
        return None
    sides = link.set_index("side")
    late = int(sides["n_after_last_wave"].get("loans", 0))
    if late:
        ctx.warnings.add(
            "linkage",
            Message(
                f"{late} loans were disbursed after the survey's last wave: they cannot have "
                "shaped the incomes compared (check the dates, or the survey's waves)",
                f"{late} pinjaman dicairkan setelah gelombang survei terakhir: pinjaman itu tidak "
                "mungkin memengaruhi pendapatan yang dibandingkan (periksa tanggal atau "
                "gelombang survei)",
            ),
        )
    unmatched = int(sides["n_unmatched"].get("loans", 0))
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
    """``balance``, ``did``, ``did_table``, ``trends``, ``event_study``, then ``staggered``
    (which needs no never-treated group: everyone may join, at different waves)."""
    out = _two_group_parts(ctx, has_comparison)
    out["staggered"] = _part_staggered(ctx, out.get("did"))
    return out


def _two_group_parts(ctx: _Context, has_comparison: bool) -> dict[str, Any]:
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


def _part_staggered(ctx: _Context, did: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """``staggered``: with status recorded per wave, Callaway and Sant'Anna's group-time
    effects and their averages (:func:`analysis.methods.staggered.staggered_summary`) beside
    the two-way estimate, which can be biased when members join at different waves."""
    from analysis.methods.staggered import staggered_summary

    s, w = ctx.survey, ctx.warnings
    cl = ctx.cluster if ctx.cluster in s.columns else None
    summary = _attempt(w, "staggered", staggered_summary, s, cluster=cl)
    if summary is None:
        return None
    for m in summary.warnings:
        w.add("staggered", m)
    overall = _records(summary.simple, ctx.lang)[0]
    if summary.staggered and did is not None:
        w.add("did", _staggered_message(len(summary.cohorts), did, overall, ctx.lang))
    return {
        "control": summary.control,
        "cluster": cl,
        "cohorts": {str(k): v for k, v in summary.cohorts.items()},
        "counts": summary.counts,
        "simple": overall,
        "dynamic": _records(summary.dynamic, ctx.lang)[1:],
        "group": _records(summary.group, ctx.lang)[1:],
        "group_time": _records(summary.effects.table, ctx.lang),
    }


def _staggered_message(
    k: int, did: Mapping[str, Any], att: Mapping[str, Any], lang: Lang
) -> Message:
    est, robust = did.get("estimate"), att.get("att")
    fmt = "{:,.4g}".format
    return Message(
        f"members join the program at {k} different waves: the two-way estimate "
        f"({fmt(est)}) can be biased under staggered adoption (early joiners serve as controls "
        f"for later ones); the heterogeneity-robust average effect (Callaway and Sant'Anna) is "
        f"{fmt(robust)} (95% CI {fmt(att.get('ci_low'))} to {fmt(att.get('ci_high'))}), in "
        "'staggered'",
        f"anggota bergabung dengan program pada {k} gelombang berbeda: taksiran dua arah "
        f"({fmt(est)}) dapat bias bila keikutsertaan bertahap (yang lebih dulu bergabung menjadi "
        f"pembanding bagi yang kemudian); efek rata-rata yang tahan heterogenitas (Callaway dan "
        f"Sant'Anna) adalah {fmt(robust)} (SK 95% {fmt(att.get('ci_low'))} s.d. "
        f"{fmt(att.get('ci_high'))}), di 'staggered'",
    )


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


def _part_empowerment(ctx: _Context, config: EmpowermentConfig | None) -> dict[str, Any] | None:
    """``empowerment``: the Alkire-Foster index, its change and reliability (issue 13).

    ``None`` when the survey lacks a configured item: silently when it has no ``emp_*``
    column at all (an income-only survey), with a warning naming the missing items otherwise.
    The object's own ``warnings`` (both languages) are repeated in the report's, in ``lang``.
    """
    config = config or default_empowerment_config()
    missing = [c for c in config.items if c not in ctx.survey.columns]
    if missing:
        if any(str(c).startswith("emp_") for c in ctx.survey.columns):
            ctx.warnings.add(
                "empowerment",
                Message(
                    f"no empowerment index: the survey lacks {', '.join(missing)}",
                    f"tanpa indeks pemberdayaan: survei tidak memiliki {', '.join(missing)}",
                ),
            )
        return None
    waves = (ctx.before, ctx.after)
    out = _attempt(
        ctx.warnings, "empowerment", empowerment_report, ctx.survey, config, waves,
        cluster=ctx.cluster,
    )  # fmt: skip
    for w in (out or {}).get("warnings", []):
        ctx.warnings.add("empowerment", Message(w["en"], w["id"]))
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
    "units",
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
    lost = getattr(load, "rows_lost", None)
    if callable(lost):  # rows that lost a value to an unreadable or implausible cell
        out["rows_lost"], out["rows_lost_share"] = lost()
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
    by_wave = status_varies(survey)
    if by_wave:  # status recorded per wave: a member ever in the program is a program member
        ever = ever_in_program(survey).to_numpy(dtype="float64", na_value=np.nan)
        first = pd.Series(ever).groupby(survey["member_id"].to_numpy()).first().to_numpy()
        program, comparison = int((first == 1).sum()), int((first == 0).sum())
    elif "in_program" in survey.columns:
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
        "status_by_wave": by_wave,
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
