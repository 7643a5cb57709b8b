"""Whatever CSV a researcher brings, read it correctly or say exactly why not.

The entry point of every dataset: bytes (an upload) or a path in, a canonical frame
(:mod:`analysis.schema`) and a :class:`LoadReport` out. The steps, each in its module:
reading (:mod:`analysis.ingest.readers`: encoding, delimiter, ragged rows), survey-platform
conventions (:mod:`analysis.ingest.platforms`), wide to long (:mod:`analysis.ingest.layouts`), column
mapping (:mod:`analysis.ingest.mapping`), personal identifiers (:mod:`analysis.ingest.privacy`),
numbers and dates (:mod:`analysis.ingest.numbers`), then the checks here.

Policy: data problems never raise. A file that cannot be analysed comes back as a
:class:`Loaded` with an empty frame, ``report.can_analyse`` False and the reasons in
``report.errors``; only programming errors (wrong argument types) raise.
"""

from __future__ import annotations

import dataclasses
import os
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.ingest.layouts import WideLayout, detect_wide, manual_layout, wide_to_long
from analysis.ingest.mapping import Question, map_columns
from analysis.ingest.mapping import read_mapping as _read_mapping
from analysis.ingest.numbers import (
    NUMBER_STYLES,
    NumberStyle,
    StyleDecision,
    arrow_strings,
    detect_date_format,
    detect_number_style,
    parse_dates,
    parse_number,
    parse_numbers,
)
from analysis.ingest.platforms import Platform, count_listed_channels, normalise_platform_export
from analysis.ingest.privacy import (
    EPHEMERAL_KEY_NOTE,
    find_identifiers,
    mask_text_identifiers,
    pseudonymise,
)
from analysis.ingest.privacy import pseudonym_key as _configured_key
from analysis.ingest.readers import ENCODING_LABELS, RawRead, Source, read_raw
from analysis.ingest.waves import order_waves
from analysis.messages import MASK, Lang, Message, mask_identifiers
from analysis.schema import (
    NIK_PATTERN,
    PHONE_PATTERN,
    DatasetKind,
    Field,
    fields,
    is_empowerment_item,
    pii_kind,
    required_fields,
)

__all__ = [
    "LoadReport",
    "Loaded",
    "NumberStyleInfo",
    "PiiNote",
    "Question",
    "link_datasets",
    "load_loans",
    "load_survey",
    "read_mapping",
]

Layout = Literal["long", "wide"]
ProblemCode = Literal[
    "ragged_row",
    "unparseable_number",
    "unparseable_date",
    "unparseable_flag",
    "negative_income",
    "negative_value",
    "implausible_value",
    "missing_required",
    "duplicate_row",
]
ProblemAction = Literal["kept", "set_missing", "row_excluded"]

#: Share of a file's rows that may lose a value to unreadable or implausible cells before the
#: command line stops and asks for ``--allow-dropped`` (issue 9: a wrong subsample is worse
#: than no answer).
LOSS_LIMIT = 0.01

#: Columns of :attr:`LoadReport.problems`.
PROBLEM_COLUMNS: tuple[str, ...] = (
    "row",
    "line",
    "column",
    "field",
    "value",
    "code",
    "action",
    "message_en",
    "message_id",
)

#: Plausible ranges (low, high) of numeric fields; outside them a value is set missing
#: and listed. Incomes may be negative (a loss), which is listed but kept; above Rp 1
#: billion a month (far beyond a micro enterprise: sales up to Rp 2 billion a *year*,
#: PP 7/2021) an income is a typing or unit error.
_RANGES: dict[str, tuple[float, float]] = {
    "income": (-1e9, 1e9),
    "revenue": (0.0, 1e10),
    "capital": (0.0, 1e10),
    "training_hours": (0.0, 2000.0),
    "market_channels": (0.0, 50.0),
    "age": (10.0, 110.0),
    "household_size": (1.0, 50.0),
    "business_age_years": (0.0, 100.0),
    "principal": (1.0, 1e10),
    "term_months": (1.0, 360.0),
    "amount_repaid": (0.0, 1e10),
    "outstanding": (0.0, 1e10),
    "days_overdue": (0.0, 36500.0),
    "cycle": (0.0, 100.0),
}
_LIKERT = (1.0, 5.0)
_NUMERIC_TYPES = ("money", "number", "count", "likert")

_FLAG_TRUE = frozenset(
    {"1", "1.0", "ya", "y", "yes", "true", "t", "benar", "anggota", "member", "peserta",
     "program", "treatment", "treated", "perlakuan", "intervensi"}
)  # fmt: skip
_FLAG_FALSE = frozenset(
    {"0", "0.0", "tidak", "tdk", "n", "no", "false", "f", "salah", "bukan", "bukan anggota",
     "bukan_anggota", "non-member", "nonmember", "non member", "pembanding", "kontrol",
     "control", "comparison", "bukan peserta"}
)  # fmt: skip


# ---------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class PiiNote:
    """A column of personal identifiers and what was done with it (never its values)."""

    column: str
    kind: str
    action: str
    message: Message

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "column": self.column,
            "kind": self.kind,
            "action": self.action,
            "message": self.message.to_dict(),
        }


@dataclass(frozen=True)
class NumberStyleInfo:
    """How a numeric column was read.

    Attributes
    ----------
    column : the column as named in the file.
    field : the canonical field (or the column's name for an extra column).
    style : a :data:`~analysis.ingest.numbers.NumberStyle`, or ``None`` while the user has
        not chosen (see the matching question).
    resolved_by : ``"reader"`` (plain numbers parsed by the CSV reader), ``"values"``
        (decided from the cells), ``"unit"`` (a money column read as thousands),
        ``"user"`` (chosen in ``number_styles``) or ``"question"`` (undecided).
    example, example_value : a cell as written and as read.
    message : one sentence for the report.
    """

    column: str
    field: str
    style: NumberStyle | None
    resolved_by: Literal["reader", "values", "unit", "user", "question"]
    example: str | None
    example_value: float | None
    message: Message

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "column": self.column,
            "field": self.field,
            "style": self.style,
            "resolved_by": self.resolved_by,
            "example": self.example,
            "example_value": self.example_value,
            "message": self.message.to_dict(),
        }


def _empty_problems() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "row": pd.Series([], dtype="int64"),
            "line": pd.Series([], dtype="int64"),
            "column": pd.Series([], dtype="str"),
            "field": pd.Series([], dtype="str"),
            "value": pd.Series([], dtype="str"),
            "code": pd.Series([], dtype="str"),
            "action": pd.Series([], dtype="str"),
            "message_en": pd.Series([], dtype="str"),
            "message_id": pd.Series([], dtype="str"),
        }
    )


@dataclass(frozen=True)
class LoadReport:
    """What the loader detected, converted, excluded and could not decide.

    Attributes
    ----------
    kind : ``"survey"`` or ``"loans"``.
    source : the file name (``None`` for an upload given as bytes).
    sha256, n_bytes : of the raw bytes.
    encoding : ``"utf-8"``, ``"utf-8-sig"`` (with BOM), ``"utf-16"`` or ``"cp1252"``.
    delimiter : ``,`` ``;`` tab or ``|``.
    platform : ``"plain"``, ``"kobo"`` (KoboToolbox) or ``"odk"`` (ODK Central).
    layout : ``"long"``, or ``"wide"`` (one row per member, converted to long).
    mapping : canonical field -> column as named in the file (wide: the per-wave columns
        joined with ``" + "``).
    auto_mapped, user_mapped : fields mapped from synonyms / by the explicit mapping.
    missing_required, missing_optional : canonical fields not in the data.
    extra_columns : columns beyond the schema, kept in ``data`` under these names.
    pii : columns of personal identifiers and what was done with them.
    number_styles : column (as in the file) -> how its numbers were read.
    date_formats : column -> the date format used.
    conversions : sentences on everything detected or converted.
    questions : what needs the user's choice (several candidate columns for a field, an
        ambiguous number notation, mixed or ambiguous date formats).
    problems : one row per problem cell or row, columns :data:`PROBLEM_COLUMNS`: ``row``
        (1-based data row of the file), ``line`` (1-based line of the file, -1 unknown),
        ``column`` (as in the file), ``field``, ``value`` (the raw text; personal
        identifiers masked), ``code``, ``action`` (``kept``, ``set_missing``,
        ``row_excluded``), ``message_en``, ``message_id``.
    n_rows_read : data rows in the file (before reshaping a wide file).
    n_rows_kept : rows that passed every check (``data`` holds them when ``can_analyse``;
        it is empty otherwise).
    n_rows_excluded : rows left out (in ``data``'s unit: member-waves for a survey).
    excluded_by_reason : problem code -> rows excluded for it.
    waves : the survey's waves in order (empty for loans).
    can_analyse : whether ``data`` can be analysed.
    errors : why not, when ``can_analyse`` is False.
    error_codes : one code per error: ``unreadable_file``, ``empty_file``, ``header_only``,
        ``binary_file``, ``unknown_encoding``, ``duplicate_headers``, ``unreadable_csv``,
        ``bad_mapping``, ``missing_field``, ``unanswered_question``, ``one_wave``,
        ``no_rows``.
    """

    kind: DatasetKind
    source: str | None
    sha256: str
    n_bytes: int
    encoding: str
    delimiter: str
    platform: Platform
    layout: Layout
    mapping: dict[str, str]
    auto_mapped: tuple[str, ...]
    user_mapped: tuple[str, ...]
    missing_required: tuple[str, ...]
    missing_optional: tuple[str, ...]
    extra_columns: tuple[str, ...]
    pii: tuple[PiiNote, ...]
    number_styles: dict[str, NumberStyleInfo]
    date_formats: dict[str, str]
    conversions: tuple[Message, ...]
    questions: tuple[Question, ...]
    problems: pd.DataFrame = field(repr=False)
    n_rows_read: int
    n_rows_kept: int
    n_rows_excluded: int
    excluded_by_reason: dict[str, int]
    waves: tuple[object, ...]
    can_analyse: bool
    errors: tuple[Message, ...]
    error_codes: tuple[str, ...] = ()
    #: field -> unit of each money field read: ``IDR`` (rupiah), an ISO 4217 code, or
    #: ``number`` (a score, an index, a log).
    units: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Same as ``can_analyse``."""
        return self.can_analyse

    def problem_counts(self) -> dict[str, int]:
        """Problems by code."""
        if self.problems.empty:
            return {}
        return {str(k): int(v) for k, v in self.problems["code"].value_counts().items()}

    def rows_lost(self) -> tuple[int, float]:
        """(rows, share of the rows read) that lost a value or were left out because a cell
        could not be read or was implausible: every problem whose action is ``set_missing``
        or ``row_excluded``, except duplicate rows (their data is kept in the first row) and
        cells left blank in the file (missing data, which attrition and the samples report).

        The command line refuses to analyse past :data:`LOSS_LIMIT` of the rows without
        ``--allow-dropped``; the dashboard shows the loss above the results.
        """
        p = self.problems
        if p.empty or self.n_rows_read == 0:
            return 0, 0.0
        blank = p["value"].isna() | (p["value"].astype(str).str.strip(" ,'") == "")
        ragged = p["code"] == "ragged_row"
        lost = p[(p["action"] != "kept") & (p["code"] != "duplicate_row") & (ragged | ~blank)]
        n = int(lost["row"].nunique())
        return n, n / self.n_rows_read

    def to_dict(self, max_problems: int | None = 200) -> dict[str, Any]:
        """JSON-safe form; ``problems`` cut to the first ``max_problems`` (None: all)."""
        probs = self.problems if max_problems is None else self.problems.head(max_problems)
        return {
            "kind": self.kind,
            "source": self.source,
            "sha256": self.sha256,
            "n_bytes": self.n_bytes,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "platform": self.platform,
            "layout": self.layout,
            "mapping": dict(self.mapping),
            "auto_mapped": list(self.auto_mapped),
            "user_mapped": list(self.user_mapped),
            "missing_required": list(self.missing_required),
            "missing_optional": list(self.missing_optional),
            "extra_columns": list(self.extra_columns),
            "pii": [p.to_dict() for p in self.pii],
            "number_styles": {k: v.to_dict() for k, v in self.number_styles.items()},
            "date_formats": dict(self.date_formats),
            "conversions": [m.to_dict() for m in self.conversions],
            "questions": [q.to_dict() for q in self.questions],
            "n_problems": len(self.problems),
            "problem_counts": self.problem_counts(),
            "problems": [
                {k: _plain(v) for k, v in rec.items()} for rec in probs.to_dict("records")
            ],
            "n_rows_read": self.n_rows_read,
            "n_rows_kept": self.n_rows_kept,
            "n_rows_excluded": self.n_rows_excluded,
            "excluded_by_reason": dict(self.excluded_by_reason),
            "waves": [_plain(w) for w in self.waves],
            "can_analyse": self.can_analyse,
            "errors": [m.to_dict() for m in self.errors],
            "error_codes": list(self.error_codes),
            "units": dict(self.units),
        }

    def summary_lines(self, lang: Lang = "en", max_problems: int = 20) -> list[str]:
        """The report as lines of text for a terminal or a log."""
        return _summary(self, lang, max_problems)


@dataclass(frozen=True)
class Loaded:
    """A loaded dataset: the canonical frame and its load report."""

    data: pd.DataFrame
    report: LoadReport


def _plain(v: object) -> object:
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, pd.Timestamp):
        return v.isoformat()
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return None
    if isinstance(v, (str, int, float, bool)):
        return v
    return str(v)


# ---------------------------------------------------------------------------------------
# Public entry points


def load_survey(
    source: Source,
    mapping: Mapping[str, str] | None = None,
    *,
    number_styles: Mapping[str, NumberStyle] | None = None,
    date_format: str | None = None,
    pseudonym_key: bytes | None = None,
    sheet: str | None = None,
    units: Mapping[str, str] | None = None,
    values: Mapping[str, Mapping[str, object]] | None = None,
    wave_order: Sequence[object] | None = None,
) -> Loaded:
    """Read a survey CSV (long or wide) into the canonical long frame, with its report.

    Parameters
    ----------
    source : path or bytes of a CSV (a plain or Excel export, KoboToolbox or ODK Central), an
        Excel (.xlsx, .xls) or OpenDocument workbook, a Stata (.dta) or SPSS (.sav) file,
        or Parquet. Stata and SPSS value labels: text fields (cooperative, business type,
        extra columns) take the label, numbers and waves keep the code, a 0/1 program flag
        keeps its code (other flag codes take their label, e.g. ``Treated``).
    mapping : field -> column, overriding the automatic mapping (see
        :func:`read_mapping`); an empty column means "not in my file".
    number_styles : column -> :data:`~analysis.ingest.numbers.NumberStyle` (``plain``,
        ``dot_thousands``, ``comma_thousands``), answering number-style questions. Keys
        may be the column as in the file or the field name.
    date_format : a ``strftime`` format for date columns, answering a date question.
    pseudonym_key : secret for NIK pseudonyms; by default ``BERDAYA_PSEUDONYM_KEY`` (or a
        random key for this process, reported).
    sheet : for a workbook, the worksheet to read (default: the first).
    wave_order : wave labels earliest first, when the labels carry no order Berdaya can
        read (``["baseline", "2022", "Akhir"]``); answers the loader's wave-order question.
    units : field (or column) -> unit of a money field: ``IDR`` (rupiah, the default),
        an ISO 4217 code (``USD``, ``EUR``, ...) or ``number`` (a score, an index, a log).
        Rupiah-only checks (no fraction of a rupiah, the plausible ranges) apply to IDR
        only. A money column whose values do not look like rupiah (decimals in more than
        1% of its cells, at least 2) becomes a question when no unit is given.

    Returns
    -------
    Loaded
        ``data``: one row per member per wave, columns ``member_id`` (str), ``wave``
        (ordered Categorical), ``income`` (float64), ``in_program`` (Int8, 1 when the file
        has no such column), the optional canonical fields present (text as str, numbers
        float64), ``emp_*`` items (float64 1-5), then every extra column of the file under
        its own name (numbers in Indonesian notation converted when every cell reads).
        ``report``: :class:`LoadReport`.

    Notes
    -----
    Missing data: an unreadable or implausible cell becomes missing and is listed in
    ``report.problems``; a row without ``member_id``, ``wave`` or ``income`` is excluded
    and listed; of duplicate member-wave rows the first is kept and the others excluded
    and listed. Negative incomes (losses) are kept and listed. Nothing is dropped
    silently. A file that cannot be analysed gives an empty frame and
    ``report.can_analyse`` False; this function does not raise for bad data.

    Examples
    --------
    >>> csv = "ID Anggota;Tahun;Pendapatan\\n007;2021;Rp 1.500.000\\n007;2023;Rp 2.000.000\\n"
    >>> loaded = load_survey(csv.encode())
    >>> loaded.data[["member_id", "income"]].values.tolist()
    [['007', 1500000.0], ['007', 2000000.0]]
    >>> loaded.report.can_analyse, loaded.report.delimiter
    (True, ';')
    """
    return _load(
        "survey", source, mapping, number_styles=number_styles, date_format=date_format,
        key=pseudonym_key, sheet=sheet, units=units, values=values, wave_order=wave_order,
    )  # fmt: skip


def load_loans(
    source: Source,
    mapping: Mapping[str, str] | None = None,
    *,
    number_styles: Mapping[str, NumberStyle] | None = None,
    date_format: str | None = None,
    pseudonym_key: bytes | None = None,
    sheet: str | None = None,
    units: Mapping[str, str] | None = None,
    values: Mapping[str, Mapping[str, object]] | None = None,
) -> Loaded:
    """Read a loans ledger CSV (one row per loan) into the canonical frame, with its report.

    Parameters are those of :func:`load_survey`.

    Returns
    -------
    Loaded
        ``data``: one row per loan, columns ``loan_id``, ``member_id`` (str),
        ``disbursed_on`` (datetime64), ``principal`` (float64), the optional fields
        present (``term_months``, ``amount_repaid``, ``outstanding``, ``days_overdue``,
        ``cycle`` float64; ``status``, ``group_id``, ``cooperative_id`` str), then extra
        columns.

    Notes
    -----
    Missing data as in :func:`load_survey`; the required fields are ``loan_id``,
    ``member_id``, ``disbursed_on`` and ``principal`` (which must be positive), and a
    repeated ``loan_id`` keeps its first row.

    Examples
    --------
    >>> csv = b"loan_id,member_id,disbursed_on,principal\\nL1,007,2023-01-15,\\"1,500,000\\"\\n"
    >>> load_loans(csv).data[["member_id", "principal"]].values.tolist()
    [['007', 1500000.0]]
    """
    return _load(
        "loans", source, mapping, number_styles=number_styles, date_format=date_format,
        key=pseudonym_key, sheet=sheet, units=units, values=values,
    )  # fmt: skip


def read_mapping(
    items: Sequence[str] = (), path: str | os.PathLike | None = None
) -> dict[str, str]:
    """An explicit column mapping from ``FIELD=COLUMN`` items and/or a TOML/JSON file.

    See :func:`analysis.ingest.mapping.read_mapping`.

    Examples
    --------
    >>> read_mapping(["income=Pendapatan (Rp)"])
    {'income': 'Pendapatan (Rp)'}
    """
    return _read_mapping(items, path)


def link_datasets(
    survey: pd.DataFrame, loans: pd.DataFrame, *, member: str = "member_id", sample: int = 5
) -> pd.DataFrame:
    """How well a survey and a loans ledger match on ``member_id``.

    Parameters
    ----------
    survey, loans : canonical frames (from :func:`load_survey` and :func:`load_loans`).
    member : the id column in both.
    sample : how many unmatched ids to show per side.

    Returns
    -------
    DataFrame with one row per side (``survey``, ``loans``) and columns ``side``,
    ``n_ids`` (distinct ids), ``n_matched`` (also on the other side), ``n_unmatched``,
    ``share_matched``, ``n_after_last_wave`` (loans disbursed after the end of the
    survey's last wave: they cannot have shaped its incomes; 0 on the survey's row and when
    waves are labels), ``unmatched_sample`` (up to ``sample`` ids, sorted, comma-joined;
    ids are pseudonyms when the loader pseudonymised them, and an id written as a phone
    number or NIK is shown as ``[masked]``).

    Notes
    -----
    Missing ids are ignored. A survey's comparison group has no loans, so unmatched survey
    ids are expected; unmatched loan ids usually mean the two files number members
    differently (or were pseudonymised with different keys).

    Examples
    --------
    >>> s = pd.DataFrame({"member_id": ["a", "b", "c"]})
    >>> l = pd.DataFrame({"member_id": ["a", "x"]})
    >>> link_datasets(s, l)[["side", "n_ids", "n_unmatched"]].values.tolist()
    [['survey', 3, 2], ['loans', 2, 1]]
    """
    for name, df in (("survey", survey), ("loans", loans)):
        if member not in df.columns:
            raise ValueError(f"the {name} frame has no column {member!r}")
    late = _after_last_wave(survey, loans)
    ids_s = pd.Index(survey[member].dropna().astype("str").unique())
    ids_l = pd.Index(loans[member].dropna().astype("str").unique())
    rows = []
    for side, mine, other in (("survey", ids_s, ids_l), ("loans", ids_l, ids_s)):
        # get_indexer hashes once; Index.isin on arrow strings boxes every value (3x slower)
        matched = other.get_indexer(mine) >= 0
        unmatched = mine[~matched].sort_values()[:sample].tolist()
        # a few ids typed as phones or NIKs (too few for the column to be pseudonymised)
        unmatched = _mask_pii(np.array(unmatched, dtype=object)).tolist()
        n = len(mine)
        rows.append(
            {
                "side": side,
                "n_ids": n,
                "n_matched": int(matched.sum()),
                "n_unmatched": int(n - matched.sum()),
                "share_matched": float(matched.sum() / n) if n else np.nan,
                "unmatched_sample": ", ".join(unmatched),
                # loans disbursed after the survey's last wave cannot have shaped its incomes
                "n_after_last_wave": late if side == "loans" else 0,
            }
        )
    return pd.DataFrame(rows)


def _after_last_wave(survey: pd.DataFrame, loans: pd.DataFrame) -> int:
    """Loans disbursed after the end of the survey's last wave (its year's 31 December when
    waves are years, the date itself when they are dates); 0 when waves are labels."""
    if "wave" not in survey.columns or "disbursed_on" not in loans.columns or survey.empty:
        return 0
    waves = survey["wave"].dropna()
    last = waves.cat.categories[-1] if isinstance(waves.dtype, pd.CategoricalDtype) else waves.max()
    if isinstance(last, (int, np.integer)) and 1900 <= int(last) <= 2100:
        end = pd.Timestamp(int(last), 12, 31)
    elif isinstance(last, (pd.Timestamp, np.datetime64)):
        end = pd.Timestamp(last)
    else:
        return 0
    when = pd.to_datetime(loans["disbursed_on"], errors="coerce")
    return int((when > end).sum())


# ---------------------------------------------------------------------------------------
# The pipeline


class _Problems:
    """Problem rows collected as small column blocks, located and joined at the end."""

    def __init__(self) -> None:
        self.blocks: list[dict[str, Any]] = []

    def add(
        self,
        rows: np.ndarray,
        column: str | np.ndarray,
        fld: str | np.ndarray,
        values: np.ndarray | str,
        code: ProblemCode,
        action: ProblemAction,
        message: Message | tuple[np.ndarray, np.ndarray],
    ) -> None:
        if len(rows) == 0:
            return
        self.blocks.append(
            {
                "rows": np.asarray(rows, dtype="int64"),
                "column": column,
                "field": fld,
                "value": values,
                "code": code,
                "action": action,
                "message": message,
            }
        )


@dataclass
class _State:
    kind: DatasetKind
    explicit: dict[str, str]
    number_styles: dict[str, NumberStyle]
    date_format: str | None
    notes: list[Message] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    errors: list[Message] = field(default_factory=list)
    styles: dict[str, NumberStyleInfo] = field(default_factory=dict)
    date_formats: dict[str, str] = field(default_factory=dict)
    problems: _Problems = field(default_factory=_Problems)
    unresolved: set[str] = field(default_factory=set)
    padded: set[str] = field(default_factory=set)
    error_codes: list[str] = field(default_factory=list)
    #: field or column -> unit the user chose; ``units_read``: field -> unit used.
    units: dict[str, str] = field(default_factory=dict)
    units_read: dict[str, str] = field(default_factory=dict)
    #: field -> {wave label -> column}: a wide layout mapped by hand (``income@2021=...``).
    wide: dict[str, dict[str, str]] = field(default_factory=dict)
    #: flag field -> {cell text (lower case) -> 0 or 1}: the user's own two values.
    values: dict[str, dict[str, int]] = field(default_factory=dict)
    #: the user's order of wave labels, earliest first (answers a wave-order question).
    wave_order: tuple[str, ...] = ()

    def fail(self, code: str, message: Message) -> None:
        """Record a reason the data cannot be analysed."""
        self.errors.append(message)
        self.error_codes.append(code)


def _validate_options(
    number_styles: Mapping[str, NumberStyle] | None, date_format: str | None
) -> dict[str, NumberStyle]:
    styles = dict(number_styles or {})
    for col, st in styles.items():
        if st not in NUMBER_STYLES:
            raise ValueError(f"number style {st!r} for {col!r} is not one of {list(NUMBER_STYLES)}")
    if date_format is not None and not isinstance(date_format, str):
        raise TypeError("date_format must be a strftime format string")
    return styles


def _split_wide(mapping: dict[str, str]) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """``FIELD@WAVE = COLUMN`` entries apart from the plain ``FIELD = COLUMN`` ones."""
    plain: dict[str, str] = {}
    wide: dict[str, dict[str, str]] = {}
    for key, col in mapping.items():
        fld, at, wave = key.partition("@")
        if at and fld.strip() and wave.strip():
            wide.setdefault(fld.strip(), {})[wave.strip()] = col
        else:
            plain[key] = col
    return plain, wide


def _validate_values(
    values: Mapping[str, Mapping[str, object]] | None,
) -> dict[str, dict[str, int]]:
    """The user's flag values as {field: {text: 0/1}}; any other code is refused."""
    out: dict[str, dict[str, int]] = {}
    for fld, table in (values or {}).items():
        codes: dict[str, int] = {}
        for text, code in dict(table).items():
            c = {"1": 1, "0": 0, "true": 1, "false": 0}.get(str(code).strip().lower())
            if c is None:
                raise ValueError(
                    f"the value {text!r} of {fld!r} must be mapped to 1 or 0, not {code!r}"
                )
            codes[str(text).strip().lower()] = c
        out[str(fld)] = codes
    return out


def _validate_units(units: Mapping[str, str] | None) -> dict[str, str]:
    """Units as upper-case codes (``IDR``, ``USD``, ...) or ``number``; ``Rp`` means IDR."""
    out: dict[str, str] = {}
    for col, unit in (units or {}).items():
        u = str(unit).strip()
        low = u.lower()
        code = low if low in ("number", "log") else "IDR" if low in ("rp", "rupiah") else u.upper()
        if code not in ("number", "log") and not re.fullmatch(r"[A-Z]{3}", code):
            raise ValueError(
                f"unit {unit!r} for {col!r} is not an ISO 4217 currency code (IDR, USD, ...), "
                "'number' or 'log'"
            )
        out[str(col)] = code
    return out


def _load(
    kind: DatasetKind,
    source: Source,
    mapping: Mapping[str, str] | None,
    *,
    number_styles: Mapping[str, NumberStyle] | None,
    date_format: str | None,
    key: bytes | None,
    sheet: str | None,
    units: Mapping[str, str] | None,
    values: Mapping[str, Mapping[str, object]] | None,
    wave_order: Sequence[object] | None = None,
) -> Loaded:
    if not isinstance(source, (bytes, bytearray, memoryview, str, os.PathLike)):
        raise TypeError(f"source must be a path or bytes, not {type(source).__name__}")
    explicit, wide = _split_wide(
        {str(k): ("" if v is None else str(v)) for k, v in (mapping or {}).items()}
    )
    st = _State(
        kind,
        explicit,
        _validate_options(number_styles, date_format),
        date_format,
        units=_validate_units(units),
        wide=wide,
        values=_validate_values(values),
        wave_order=tuple(str(w).strip() for w in (wave_order or ())),
    )
    raw = read_raw(source, plan=lambda sample: _plan(sample, st), sheet=sheet)
    try:
        if raw.errors or raw.frame is None:
            st.errors.extend(p.message for p in raw.errors)
            st.error_codes.extend(p.code for p in raw.errors)
            return _failed(st, raw)
        return _build(st, raw, key)
    finally:
        raw.close()


def _plan(sample: pd.DataFrame, st: _State) -> dict[str, str]:
    """Which columns the CSV reader must keep as text, decided on the first rows.

    Identifiers, text fields and personal identifiers stay text whenever their first
    cells look like numbers (leading zeros, long codes); numeric fields whose cells look
    like ``1.500`` (the C parser would read 1.5) stay text for our own reader; extra
    columns with leading zeros, ``1.500`` or 16 digits and more stay text.
    """
    pr = normalise_platform_export(sample)
    renamed = pr.renamed
    frame = pr.frame
    layout = detect_wide([str(c) for c in frame.columns]) if st.kind == "survey" else None
    if st.wide:
        layout, _ = manual_layout(st.wide, [str(c) for c in frame.columns], layout)
    long_of: dict[str, str] = {}
    if layout is not None:
        for stem, waves in layout.stems.items():
            for col in waves.values():
                long_of[col] = stem
    long_cols = [long_of.get(str(c), str(c)) for c in frame.columns]
    long_cols = list(dict.fromkeys(long_cols))
    aliases = {orig: new for orig, new in renamed.items()}
    m = map_columns(long_cols, st.kind, st.explicit, aliases=aliases)
    field_of = {col: f for f, col in m.mapping.items()}
    ftypes = {f.name: f.ftype for f in fields(st.kind)}
    forced: dict[str, str] = {}
    for orig in sample.columns:
        new = renamed.get(orig, orig)
        long_name = long_of.get(new, new)
        distinct = {str(v) for v in sample[orig].dropna().unique()}
        cells = {v.strip() for v in distinct} - {""}
        if any(v != v.strip() for v in distinct):
            st.padded.add(str(orig))
        f = field_of.get(long_name)
        ftype = ftypes.get(f) if f else None
        if pii_kind(str(orig)) or pii_kind(str(new)):
            forced[orig] = "str"
        elif ftype in ("id", "text", "date"):
            if any(_NUMBERLIKE.fullmatch(v) for v in cells):
                forced[orig] = "str"
        elif ftype == "wave":
            if any(_LEADING_ZERO.fullmatch(v) for v in cells):
                forced[orig] = "str"
        elif ftype in _NUMERIC_TYPES or ftype == "flag" or is_empowerment_item(long_name):
            # a field's cells are read by our own parser, which tells 1.500 from 2.25 per cell
            if any(_DOT_GROUPS.fullmatch(v) for v in cells):
                forced[orig] = "str"
        elif _dot_thousands(cells) or any(
            _LEADING_ZERO.fullmatch(v) or _LONG_DIGITS.fullmatch(v) for v in cells
        ):
            forced[orig] = "str"
    return forced


_NUMBERLIKE = re.compile(r"[+-]?\d+(?:[.,]\d+)*")
_LEADING_ZERO = re.compile(r"0\d+")
# 1.500 or 1.500.000: the C parser would read the first as 1.5.
_DOT_GROUPS = re.compile(r"-?[1-9]\d{0,2}(?:\.\d{3})+")
# A cell no thousands notation writes (0.512, 12.25, 3.14159): the column's dots are decimals.
_DECIMAL_PROOF = re.compile(r"-?(?:0\.\d+|\d+\.(?:\d{1,2}|\d{4,}))")


def _dot_thousands(cells: set[str]) -> bool:
    """Whether an extra column's first cells may hold thousands written with dots (``1.500``),
    so that the C parser must not read them: some cell looks so and none proves decimals (a
    column of 3-decimal measurements, 1.234 and 0.512, stays with the fast C parser)."""
    return any(_DOT_GROUPS.fullmatch(v) for v in cells) and not any(
        _DECIMAL_PROOF.fullmatch(v) for v in cells
    )


# 16 digits and more (a NIK in an unnamed column): a float64 (a column with blanks)
# keeps only 15-16 significant digits, so a Papua NIK 9471... would change, and its
# pseudonym with it.
_LONG_DIGITS = re.compile(r"\d{16,}")


def _failed(st: _State, raw: RawRead) -> Loaded:
    report = LoadReport(
        kind=st.kind,
        source=raw.name,
        sha256=raw.sha256,
        n_bytes=raw.n_bytes,
        encoding=raw.encoding,
        delimiter=raw.delimiter,
        platform="plain",
        layout="long",
        mapping={},
        auto_mapped=(),
        user_mapped=(),
        missing_required=required_fields(st.kind),
        missing_optional=(),
        extra_columns=(),
        pii=(),
        number_styles={},
        date_formats={},
        conversions=tuple(raw.notes + st.notes),
        questions=tuple(st.questions),
        problems=_empty_problems(),
        n_rows_read=raw.n_records,
        n_rows_kept=0,
        n_rows_excluded=raw.n_records,
        excluded_by_reason={},
        waves=(),
        can_analyse=False,
        errors=tuple(st.errors),
        error_codes=tuple(st.error_codes),
    )
    return Loaded(_empty_frame(st.kind), report)


def _empty_frame(kind: DatasetKind) -> pd.DataFrame:
    cols: dict[str, pd.Series] = {}
    for f in fields(kind):
        if not f.required:
            continue
        dtype = {"id": "str", "wave": "category", "date": "datetime64[ns]"}.get(f.ftype, "float64")
        cols[f.name] = pd.Series([], dtype=dtype)
    return pd.DataFrame(cols)


@dataclass
class _Work:
    """What the stages of one load share: the frame as it is so far and what was learned.

    Each stage (:data:`_STAGES`) reads and extends it; :class:`_State` holds the growing
    report (notes, questions, errors, problems) the stages write into.
    """

    st: _State
    raw: RawRead
    key: bytes | None
    df: pd.DataFrame
    #: Row r of ``df`` comes from row ``src_rows[r]`` of the file's frame.
    src_rows: np.ndarray
    #: Rows of ``df`` excluded so far (ragged, missing a required field, duplicated).
    excluded: np.ndarray
    n_long_rows: int = 0
    per_record: int = 1
    platform: Platform = "plain"
    renamed: dict[str, str] = field(default_factory=dict)
    original: dict[str, str] = field(default_factory=dict)
    layout: WideLayout | None = None
    mapping: dict[str, str] = field(default_factory=dict)
    auto: list[str] = field(default_factory=list)
    user: tuple[str, ...] = ()
    empowerment: dict[str, str] = field(default_factory=dict)
    pii: list[PiiNote] = field(default_factory=list)
    out: dict[str, Any] = field(default_factory=dict)
    emp: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    source_names: dict[str, str] = field(default_factory=dict)
    # Where each field came from, per row, for listing rows without a required field.
    origin: dict[str, tuple[pd.Series, np.ndarray | str]] = field(default_factory=dict)
    missing_required: tuple[str, ...] = ()
    reasons: dict[str, int] = field(default_factory=dict)


def _ragged(w: _Work) -> None:
    """Ragged rows are listed; those with too few fields are excluded as well (their values
    may have slid into the wrong columns). Rows with too many fields never reached the frame."""
    ragged = w.raw.ragged
    if len(ragged):
        w.excluded[ragged.loc[ragged["frame_row"] >= 0, "frame_row"].to_numpy()] = True
        w.n_long_rows = int((ragged["frame_row"] < 0).sum())


def _platform(w: _Work) -> None:
    """KoboToolbox and ODK conventions: group paths, metadata, select-multiple columns; a
    header holding a phone number or NIK is renamed with it masked (headers reach reports)."""
    masked = {c: mask_identifiers(str(c)) for c in w.df.columns}
    renamed = {c: m for c, m in masked.items() if m != str(c)}
    if renamed:
        taken = set(map(str, w.df.columns))
        for old, new in list(renamed.items()):
            n = 2
            while new in taken:
                new, n = f"{renamed[old]}_{n}", n + 1
            renamed[old] = new
            taken.add(new)
        w.df = w.df.rename(columns=renamed)
        w.st.notes.append(_masked_headers_note(len(renamed)))
    pr = normalise_platform_export(w.df)
    w.st.notes.extend(pr.notes)
    w.df, w.platform, w.renamed = pr.frame, pr.platform, dict(pr.renamed)
    w.original = {new: orig for orig, new in pr.renamed.items()}
    w.src_rows = np.asarray(w.df.index, dtype="int64")


def _masked_headers_note(n: int) -> Message:
    return Message(
        en=f"{n} column header(s) held a phone number or NIK; it is masked in the column name.",
        id=f"{n} judul kolom berisi nomor telepon atau NIK; nomor itu disamarkan di nama kolom.",
    )


def _layout(w: _Work) -> None:
    """A wide survey (one column per field and wave) becomes long, one row per wave."""
    if w.st.kind == "survey":
        w.layout = detect_wide([str(c) for c in w.df.columns])
    if w.st.wide:
        w.layout, errors = manual_layout(w.st.wide, [str(c) for c in w.df.columns], w.layout)
        for e in errors:
            w.st.fail("bad_mapping", e)
    if w.layout is not None:
        w.per_record = len(w.layout.waves)
        w.st.notes.extend(w.layout.notes)
        w.df = wide_to_long(w.df, w.layout)
        w.src_rows = np.repeat(w.src_rows, w.per_record)
        w.st.notes.append(_wide_note(w.layout))
    w.df = w.df.set_axis(pd.RangeIndex(len(w.df)))
    w.excluded = w.excluded[w.src_rows]


def _mapping(w: _Work) -> None:
    """Columns to canonical fields: the user's mapping first, then names and synonyms."""
    m = map_columns([str(c) for c in w.df.columns], w.st.kind, w.st.explicit, aliases=w.renamed)
    w.st.errors.extend(m.errors)
    w.st.error_codes.extend("bad_mapping" for _ in m.errors)
    w.st.questions.extend(m.questions)
    w.mapping, w.auto, w.user = dict(m.mapping), list(m.auto), tuple(m.user)
    w.empowerment = dict(m.empowerment)


def _value_labels(w: _Work) -> None:
    """Stata and SPSS value labels: a text field or extra column shows the label, numbers and
    waves keep the code (their order and arithmetic are the codes'), a flag keeps 0/1 codes."""
    if not w.raw.value_labels:
        return
    ftypes = {f.name: f.ftype for f in fields(w.st.kind)}
    field_of = {col: f for f, col in w.mapping.items()}
    for col, labels in w.raw.value_labels.items():
        if col not in w.df.columns:
            continue
        ftype = ftypes.get(field_of.get(col, ""), "extra")
        codes = w.df[col].map(_cell_text)
        if ftype in (*_NUMERIC_TYPES, "wave") or is_empowerment_item(col):
            continue
        if ftype == "flag" and set(codes.dropna()) <= {"0", "1", ""}:
            continue
        w.df[col] = codes.map(lambda c, lab=labels: lab.get(c, c)).astype(object)


def _identifiers(w: _Work) -> None:
    """Personal identifiers dropped or pseudonymised, before any value can reach a problem."""
    w.df, w.pii = _privacy(w.st, w.df, w.key, w.mapping, w.auto, w.original)


def _fields(w: _Work) -> None:
    """Each mapped field parsed and checked from its column; empowerment items as 1-5."""
    st, df = w.st, w.df
    kind_fields = {f.name: f for f in fields(st.kind)}
    for fname, col in w.mapping.items():
        if fname.startswith("emp_"):
            continue
        shown = _shown(col, w.layout, w.original)
        w.source_names[fname] = shown
        where = _column_per_row(col, w.layout, df, w.original)
        w.origin[fname] = (df[col], where)
        w.out[fname] = _convert(st, kind_fields[fname], df[col], shown, where)
    w.empowerment = {c: canon for c, canon in w.empowerment.items() if c in df.columns}
    for col, canon in w.empowerment.items():
        shown = _shown(col, w.layout, w.original)
        w.source_names[canon] = shown
        where = _column_per_row(col, w.layout, df, w.original)
        w.emp[canon] = _number(st, canon, df[col], shown, where, money=False, likert=True)
    if st.kind == "survey" and "in_program" not in w.out and "in_program" not in _refused(st):
        w.out["in_program"] = pd.array(np.ones(len(df), dtype="int8"), dtype="Int8")
        st.notes.append(_in_program_default())


def _extras(w: _Work) -> None:
    """Extra columns are kept; numbers in Indonesian notation read when every cell reads."""
    used = set(w.mapping.values()) | set(w.empowerment)
    taken = {f.name for f in fields(w.st.kind)} | set(w.out) | set(w.emp)
    for col in w.df.columns:
        if col in used or (w.layout is not None and col == "wave"):
            continue
        name = str(col)
        if name in taken:
            name = f"{name}_unmapped"
            w.st.notes.append(_renamed_extra(str(col), name))
        taken.add(name)
        w.extra[name] = _convert_extra(w.st, w.df[col], _shown(str(col), w.layout, w.original))


#: A run of digits long enough to hold a phone number or a NIK, separators allowed (RE2, so
#: Arrow runs it over a million cells at once; the exact pattern runs only on these).
_DIGIT_RUN = r"[0-9][0-9 .\-]{7,}[0-9]"


def _text_identifiers(w: _Work) -> None:
    """Phone numbers and NIKs written inside text fields and extra text columns (a
    cooperative 'Kopwan Gama 0812...', a note) are masked, and the report says where."""
    kinds = {f.name: f.ftype for f in fields(w.st.kind)}
    texts = {k: v for k, v in w.out.items() if kinds.get(k) == "text"}
    texts |= {k: v for k, v in w.extra.items() if isinstance(v, pd.Series) and _is_text(v)}
    for name, values in texts.items():
        arr = pc.unique(arrow_strings(values).drop_null())
        maybe = pc.filter(arr, pc.match_substring_regex(arr, _DIGIT_RUN))
        if len(maybe) == 0:
            continue
        masked, changed = mask_text_identifiers(pd.Series(maybe.to_pylist(), dtype="object"))
        if not changed.any():
            continue
        fixes = dict(zip(pd.Series(maybe.to_pylist())[changed], masked[changed], strict=True))
        target = w.out if name in w.out else w.extra
        target[name] = values.replace(fixes)
        n = int(values.isin(list(fixes)).sum())
        w.st.notes.append(_text_identifier_note(w.source_names.get(name, name), n))


def _text_identifier_note(col: str, n: int) -> Message:
    return Message(
        en=f"'{col}': {n} cells held a phone number or a NIK inside the text; it was masked.",
        id=f"'{col}': {n} sel berisi nomor telepon atau NIK di dalam teks; nomor itu disamarkan.",
    )


_PAID_WORDS = frozenset({"lunas", "paid", "paid_off", "paid off", "repaid", "closed", "selesai"})


def _loan_consistency(w: _Work) -> None:
    """Loans checked against themselves, each finding listed with row, column and value:
    outstanding above principal (set missing: it would inflate the portfolio past what was
    disbursed), repaid above twice the principal (set missing), repaid plus outstanding far
    from principal (kept, listed), days overdue on a loan marked paid (kept, listed)."""
    if w.st.kind != "loans" or "principal" not in w.out:
        return
    p = np.asarray(w.out["principal"], dtype="float64")

    def num(f: str) -> np.ndarray | None:
        return np.asarray(w.out[f], dtype="float64") if f in w.out else None

    out, rep, days = num("outstanding"), num("amount_repaid"), num("days_overdue")
    with np.errstate(invalid="ignore"):
        if out is not None:
            _loan_check(w, "outstanding", out > p, "set_missing", _msg_loan("outstanding"))
        if rep is not None:
            _loan_check(w, "amount_repaid", rep > 2 * p, "set_missing", _msg_loan("repaid"))
        if out is not None and rep is not None:  # re-read: the checks above set some missing
            far = np.abs(num("amount_repaid") + num("outstanding") - p) > 0.5 * p  # type: ignore[operator]
            _loan_check(w, "outstanding", far, "kept", _msg_loan("sum"))
        if days is not None and "status" in w.out:
            status = pd.Series(w.out["status"]).astype("str").str.strip().str.lower()
            paid = status.isin(_PAID_WORDS).to_numpy()
            _loan_check(w, "days_overdue", paid & (days > 0), "kept", _msg_loan("paid"))


def _loan_check(w: _Work, fld: str, bad: np.ndarray, action: ProblemAction, msg: Message) -> None:
    rows = np.flatnonzero(bad & ~w.excluded)
    if not len(rows):
        return
    raw, where = w.origin[fld]
    w.st.problems.add(
        rows, _pick(where, rows), fld, _raw_cells(raw, rows), "implausible_value", action, msg
    )
    if action == "set_missing":
        col = np.array(w.out[fld], dtype="float64", copy=True)
        col[rows] = np.nan
        w.out[fld] = col


def _msg_loan(which: str) -> Message:
    en, id_ = {
        "outstanding": ("The outstanding balance is larger than the loan's principal; left "
                        "missing (it would count more than was lent).",
                        "Sisa pinjaman lebih besar dari pokok pinjaman; dibiarkan kosong (akan "
                        "menghitung lebih dari yang dipinjamkan)."),
        "repaid": ("Repaid is more than twice the principal; left missing.",
                   "Jumlah yang dibayar lebih dari dua kali pokok; dibiarkan kosong."),
        "sum": ("Repaid plus outstanding is far (more than half the principal) from the "
                "principal; kept, check the row.",
                "Jumlah dibayar ditambah sisa pinjaman jauh (lebih dari separuh pokok) dari "
                "pokok; tetap dipakai, periksa barisnya."),
        "paid": ("Days overdue on a loan marked paid; kept, check the row.",
                 "Hari tunggakan pada pinjaman berstatus lunas; tetap dipakai, periksa barisnya."),
    }[which]  # fmt: skip
    return Message(en=en, id=id_)


def _required(w: _Work) -> None:
    """A required field without a column stops the analysis; a row without one is excluded."""
    st, out = w.st, w.out
    required = required_fields(st.kind)
    w.missing_required = tuple(f for f in required if f not in out)
    for f in w.missing_required:
        if any(q.field == f for q in st.questions):
            st.fail("unanswered_question", _unanswered(f))
        else:
            st.fail("missing_field", _missing_field(f, st.kind))
    for f in st.unresolved:
        if f in required and f in out:
            st.fail("unanswered_question", _unanswered(f))
    if len(w.raw.ragged):
        w.reasons["ragged_row"] = int(w.excluded.sum()) + w.n_long_rows * w.per_record
    present = [f for f in required if f in out and f not in st.unresolved]
    if not present:
        return
    nas = [np.asarray(pd.isna(out[f])) for f in present]
    miss = np.logical_or.reduce(nas) & ~w.excluded
    if miss.any():
        rows = np.flatnonzero(miss)
        st.problems.add(
            rows, *_missing_cells(rows, present, nas, w.origin), "missing_required",
            "row_excluded", _msg_missing_required(rows, present, nas),
        )  # fmt: skip
        w.reasons["missing_required"] = len(rows)
        w.excluded |= miss


def _duplicate_keys(w: _Work) -> None:
    """Of rows with the same key (member and wave, or loan) the first is kept."""
    st, out = w.st, w.out
    keys = ["member_id", "wave"] if st.kind == "survey" else ["loan_id"]
    if not all(k in out and k not in st.unresolved for k in keys):
        return
    dup, first = _duplicates([out[k] for k in keys], w.excluded)
    if not len(dup):
        return
    ids = pd.Series(out[keys[0]]).to_numpy(dtype=object)[dup]
    if st.kind == "survey":
        waves = np.asarray(pd.Series(out["wave"]).astype("str"), dtype=object)[dup]
        ids = np.array([f"{i} / {v}" for i, v in zip(ids, waves, strict=True)], object)
    first_rows, _ = w.raw.locate(w.src_rows[first])
    st.problems.add(
        dup, w.source_names.get(keys[0], keys[0]), " + ".join(keys), ids, "duplicate_row",
        "row_excluded", _dup_messages(st.kind, first_rows),
    )  # fmt: skip
    w.reasons["duplicate_row"] = len(dup)
    w.excluded[dup] = True


#: The stages of a load after reading the bytes, in order. A new stage (units, value maps)
#: is one more entry here.
_STAGES: tuple[Callable[[_Work], None], ...] = (
    _ragged,
    _platform,
    _layout,
    _mapping,
    _value_labels,
    _identifiers,
    _fields,
    _extras,
    _text_identifiers,
    _loan_consistency,
    _required,
    _duplicate_keys,
)


def _build(st: _State, raw: RawRead, key: bytes | None) -> Loaded:
    """Run the stages on the file's frame, then assemble the result and its report."""
    assert raw.frame is not None
    n = len(raw.frame)
    w = _Work(st, raw, key, raw.frame, np.arange(n, dtype="int64"), np.zeros(n, dtype=bool))
    for stage in _STAGES:
        stage(w)
    return _assemble(w)


def _waves_kept(st: _State, data: pd.DataFrame) -> tuple[object, ...]:
    """The waves left after exclusions, in order; fewer than two stops the analysis."""
    if st.kind != "survey" or "wave" not in data.columns:
        return ()
    codes = data["wave"].cat.codes.to_numpy()
    counts = np.bincount(codes[codes >= 0], minlength=len(data["wave"].cat.categories))
    if (counts == 0).any():
        data["wave"] = data["wave"].cat.remove_unused_categories()
    waves = tuple(_plain(v) for v in data["wave"].cat.categories)
    if len(data) and len(waves) < 2:
        st.fail("one_wave", _one_wave(waves))
    return waves


def _assemble(w: _Work) -> Loaded:
    """The canonical frame (fields in schema order, items, extras) and its load report."""
    st, raw = w.st, w.raw
    problems = _problem_frame(st, raw, w.src_rows, raw.ragged, len(raw.header))
    n_rows = len(w.df) + w.n_long_rows * w.per_record
    columns = {f.name: w.out[f.name] for f in fields(st.kind) if f.name in w.out}
    columns.update(w.emp)
    columns.update(w.extra)
    data = _frame(columns, ~w.excluded if w.excluded.any() else None, len(w.df))
    waves = _waves_kept(st, data)
    if len(data) == 0 and not st.errors:
        st.fail("no_rows", _no_rows())
    report_mapping = {f: w.source_names.get(f, w.mapping.get(f, "")) for f in w.mapping}
    report_mapping.update({canon: w.source_names[canon] for canon in w.emp})
    report = LoadReport(
        kind=st.kind,
        source=raw.name,
        sha256=raw.sha256,
        n_bytes=raw.n_bytes,
        encoding=raw.encoding,
        delimiter=raw.delimiter,
        platform=w.platform,
        layout="wide" if w.layout is not None else "long",
        mapping=report_mapping,
        auto_mapped=tuple(f for f in w.auto if f in w.mapping),
        user_mapped=tuple(f for f in w.user if f in w.mapping),
        missing_required=w.missing_required,
        missing_optional=tuple(
            f.name for f in fields(st.kind) if not f.required and f.name not in data.columns
        ),
        extra_columns=tuple(w.extra),
        pii=tuple(w.pii),
        number_styles=st.styles,
        date_formats=st.date_formats,
        conversions=tuple(_encoding_notes(raw) + raw.notes + st.notes),
        questions=tuple(st.questions),
        problems=problems,
        n_rows_read=raw.n_records,
        n_rows_kept=len(data),
        n_rows_excluded=n_rows - len(data),
        excluded_by_reason=w.reasons,
        waves=waves,
        can_analyse=not st.errors,
        errors=tuple(st.errors),
        error_codes=tuple(st.error_codes),
        units=dict(st.units_read),
    )
    return Loaded(data.iloc[:0] if st.errors else data, report)


def _privacy(
    st: _State,
    df: pd.DataFrame,
    key: bytes | None,
    mapping: dict[str, str],
    auto: list[str],
    original: Mapping[str, str],
) -> tuple[pd.DataFrame, list[PiiNote]]:
    """Drop or pseudonymise identifier columns; keep ``mapping`` pointing at the right ones.

    Every column is looked at (a sample of each, :func:`find_identifiers`); the key is
    only fetched when there is something to pseudonymise.
    """
    found = find_identifiers(df)
    if not found:
        return df, []
    id_col = mapping.get("member_id")
    if key is None:
        key, ephemeral = _configured_key()
    else:
        ephemeral = False
    res = pseudonymise(df, key, id_column=id_col if id_col in df.columns else None, found=found)
    out = res.frame
    notes: list[PiiNote] = []
    for a in res.actions:
        shown = original.get(a.column, a.column)
        notes.append(PiiNote(shown, a.kind, a.action, a.reason))
        for f, col in list(mapping.items()):
            if col != a.column:
                continue
            if a.action == "dropped":
                del mapping[f]
                st.notes.append(_pii_unmapped(f, shown))
            elif a.new_column:
                mapping[f] = a.new_column
    if "member_id" not in mapping and "member_id" not in _refused(st):
        niks = [a.new_column for a in res.actions if a.kind == "nik" and a.new_column]
        if len(niks) == 1 and niks[0] not in mapping.values():
            mapping["member_id"] = niks[0]
            auto.append("member_id")
            st.notes.append(_nik_as_member())
    if ephemeral and any(a.action == "pseudonymised" for a in res.actions):
        st.notes.append(EPHEMERAL_KEY_NOTE)
    return out, notes


def _missing_cells(
    rows: np.ndarray,
    present: list[str],
    nas: list[np.ndarray],
    origin: Mapping[str, tuple[pd.Series, np.ndarray | str]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Column(s), field(s) and raw value(s) of the required cells that are missing in
    ``rows``; several are joined with ``", "`` (a value left blank shows as ``''``)."""
    columns = np.empty(len(rows), dtype=object)
    names = np.empty(len(rows), dtype=object)
    values = np.empty(len(rows), dtype=object)
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for f, na in zip(present, nas, strict=True):
        hit = na[rows]
        raw, where = origin[f]
        cols = np.full(len(rows), "", dtype=object)
        cells = np.full(len(rows), "", dtype=object)
        idx = rows[hit]
        cols[hit] = _pick(where, idx)
        cells[hit] = [_cell_text(v) for v in raw.iloc[idx].tolist()]
        parts.append((hit, cols, cells))
    for i in range(len(rows)):
        picked = [(c[i], v[i], f) for (hit, c, v), f in zip(parts, present, strict=True) if hit[i]]
        columns[i] = ", ".join(c for c, _, _ in picked)
        values[i] = ", ".join(v for _, v, _ in picked)
        names[i] = ", ".join(f for _, _, f in picked)
    return columns, names, values


def _cell_text(value: object) -> str:
    """A raw cell as text for the problem list: blank for missing, whole floats without .0."""
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, float):
        if np.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    return str(value)


def _frame(columns: dict[str, Any], keep: np.ndarray | None, n: int) -> pd.DataFrame:
    """The result frame, rows filtered column by column (Arrow filter for text, integer
    take for the rest: several times faster than ``DataFrame.loc`` on a mask)."""
    if keep is None:
        return pd.DataFrame(columns, index=pd.RangeIndex(n), copy=False)
    mask = pa.array(keep)
    kept: dict[str, Any] = {}
    for name, values in columns.items():
        if isinstance(values, pd.Series) and _is_text(values):
            kept[name] = _str_series(pc.filter(arrow_strings(values), mask))
        elif isinstance(values, pd.Categorical):
            kept[name] = pd.Categorical.from_codes(values.codes[keep], dtype=values.dtype)
        elif isinstance(values, np.ndarray):
            kept[name] = values[keep]
        else:
            kept[name] = pd.Series(values).array[keep]
    return pd.DataFrame(kept, index=pd.RangeIndex(int(keep.sum())), copy=False)


_STR = pd.StringDtype("pyarrow", na_value=np.nan)


def _str_series(arr: pa.Array | pa.ChunkedArray, index: pd.Index | None = None) -> pd.Series:
    """A pandas ``str`` Series over Arrow strings without copying them."""
    if isinstance(arr, pa.Array):
        arr = pa.chunked_array([arr])
    if arr.type != pa.large_string():
        arr = arr.cast(pa.large_string())
    return pd.Series(pd.arrays.ArrowStringArray(arr, dtype=_STR), index=index, copy=False)


def _refused(st: _State) -> set[str]:
    return {f for f, c in st.explicit.items() if c.strip() == ""}


def _shown(col: str, layout: WideLayout | None, original: Mapping[str, str]) -> str:
    """The column as named in the file (wide stems: their per-wave columns)."""
    if layout is not None and col in layout.stems:
        return " + ".join(original.get(c, c) for c in layout.stems[col].values())
    return original.get(col, col)


def _column_per_row(
    col: str, layout: WideLayout | None, df: pd.DataFrame, original: Mapping[str, str]
) -> np.ndarray | str:
    """The file column of each row: for a wide stem it depends on the row's wave."""
    if layout is None or col not in layout.stems:
        return original.get(col, col)
    waves = layout.stems[col]
    codes = df["wave"].cat.codes.to_numpy()
    names = np.array(
        [original.get(waves.get(w, ""), waves.get(w, "")) for w in layout.waves], dtype=object
    )
    return names[codes]


def _encoding_notes(raw: RawRead) -> list[Message]:
    if raw.file_kind != "csv":  # a workbook or statistics file: its reader's note says it
        return []
    label = ENCODING_LABELS.get(raw.encoding, raw.encoding)
    delim = {",": "comma (,)", ";": "semicolon (;)", "\t": "tab", "|": "pipe (|)"}
    delim_id = {",": "koma (,)", ";": "titik koma (;)", "\t": "tab", "|": "garis tegak (|)"}
    return [
        Message(
            en=f"Read {raw.n_records} data rows: encoding {label}, delimiter "
            f"{delim.get(raw.delimiter, repr(raw.delimiter))}.",
            id=f"Terbaca {raw.n_records} baris data: pengodean {label}, pemisah "
            f"{delim_id.get(raw.delimiter, repr(raw.delimiter))}.",
        )
    ]


# ---------------------------------------------------------------------------------------
# Field conversions


def _as_text(values: pd.Series) -> pd.Series:
    """Text with surrounding spaces removed; blank -> missing; whole floats without .0."""
    if pd.api.types.is_float_dtype(values.dtype):
        filled = values.dropna()
        whole = np.isfinite(filled) & (np.abs(filled) < 2**53) & (filled == np.floor(filled))
        if len(filled) and bool(whole.all()):  # inf ("INF" in a cell) stays text as read
            values = values.astype("Int64")
    elif pd.api.types.is_bool_dtype(values.dtype):
        values = values.astype("Int8")
    return _text(values.astype("str"))


def _is_text(values: pd.Series) -> bool:
    return pd.api.types.is_string_dtype(values.dtype) and not pd.api.types.is_object_dtype(
        values.dtype
    )


def _text(values: pd.Series, *, trim: bool = True) -> pd.Series:
    """Text without surrounding spaces, blank cells missing.

    Arrow kernels on the reader's chunks; nothing is copied when nothing changes. With
    ``trim`` False (a text column whose first rows have no padded cell) the column is
    taken as read: trimming every text column of a million-row file costs more than the
    read itself.
    """
    if not _is_text(values):
        return _as_text(values)
    if not trim:
        return values
    arr = arrow_strings(values)
    trimmed = pc.utf8_trim_whitespace(arr)
    if trimmed.equals(arr):
        return values
    blank = pc.equal(pc.utf8_length(trimmed), 0)
    trimmed = pc.if_else(blank, pa.scalar(None, type=trimmed.type), trimmed)
    return _str_series(trimmed, values.index)


def _convert(st: _State, f: Field, values: pd.Series, shown: str, where: np.ndarray | str) -> Any:
    if f.ftype == "id":
        return _ids(st, _text(values), shown)
    if f.ftype == "text":
        return _text(values, trim=any(c in st.padded for c in shown.split(" + ")))
    if f.ftype == "wave":
        return _wave(st, values, shown)
    if f.ftype == "flag":
        return _flag(st, f, values, shown, where)
    if f.ftype == "date":
        return _date(st, f, values, shown, where)
    if f.name == "market_channels":
        counted = _channel_list(st, values, shown)
        if counted is not None:
            return counted
    return _number(st, f.name, values, shown, where, money=f.ftype == "money", label=f)


#: Characters that do not show but make two ids differ: zero-width spaces and joiners, the
#: word joiner, byte-order marks, soft hyphens and the bidirectional marks and isolates.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def _ids(st: _State, ids: pd.Series, shown: str) -> pd.Series:
    """Ids as people mean them: Unicode NFKC, invisible characters removed (noted); ids that
    differ only by case or spacing are reported as probable duplicates, never merged.

    Arrow kernels on the distinct ids; only non-ASCII ids go through Python, and the case
    check runs only when the ids mix upper and lower case or hold spaces (0.1 s at 1M ids).
    """
    arr = pc.unique(arrow_strings(ids).drop_null())
    if len(arr) == 0:
        return ids
    odd = pc.filter(arr, pc.invert(pc.string_is_ascii(arr))).to_pylist()
    if odd:
        clean = [_INVISIBLE.sub("", unicodedata.normalize("NFKC", v)).strip() for v in odd]
        fixes = {a: b for a, b in zip(odd, clean, strict=True) if a != b}
        if fixes:
            ids = ids.replace(fixes)
            st.notes.append(_ids_cleaned_note(shown, len(fixes)))
            arr = pc.unique(arrow_strings(ids).drop_null())
    mixed = (
        pc.any(pc.match_substring_regex(arr, "[a-z]")).as_py()
        and pc.any(pc.match_substring_regex(arr, "[A-Z]")).as_py()
    )
    if not (mixed or pc.any(pc.match_substring_regex(arr, r"\s")).as_py()):
        return ids
    distinct = pd.Series(arr.to_pylist(), dtype="object")
    key = distinct.str.lower().str.replace(r"\s+", "", regex=True)
    alike = key.duplicated(keep=False)
    if alike.any():
        groups = distinct[alike].groupby(key[alike].to_numpy(), sort=False)
        examples = [" = ".join(f"'{v}'" for v in g) for _, g in list(groups)[:4]]
        masked = _mask_pii(np.array(examples, dtype=object)).tolist()
        st.notes.append(_ids_alike_note(shown, groups.ngroups, masked))
    return ids


def _ids_cleaned_note(col: str, n: int) -> Message:
    return Message(
        en=f"'{col}': {n} ids held invisible characters (zero-width spaces, direction marks) or "
        "non-standard forms of letters; they were removed or normalised (NFKC), so the same id "
        "typed twice is one member.",
        id=f"'{col}': {n} ID berisi karakter tak terlihat (spasi lebar-nol, penanda arah) atau "
        "bentuk huruf tidak baku; karakter itu dibuang atau dinormalkan (NFKC), sehingga ID yang "
        "sama yang diketik dua kali adalah satu anggota.",
    )


def _ids_alike_note(col: str, n: int, examples: list[str]) -> Message:
    shown = "; ".join(examples)
    return Message(
        en=f"'{col}': {n} groups of ids differ only by upper/lower case or spaces ({shown}); "
        "they are kept as different members. If they are the same person, correct the file.",
        id=f"'{col}': {n} kelompok ID hanya berbeda huruf besar/kecil atau spasi ({shown}); "
        "tetap dianggap anggota berbeda. Jika orangnya sama, perbaiki berkasnya.",
    )


def _channel_list(st: _State, values: pd.Series, shown: str) -> np.ndarray | None:
    """``market_channels`` written as lists of channels (``pasar, online``) in a plain
    file: the number of channels per cell, or ``None`` when the column holds numbers.

    A list is recognised when no sampled cell reads as a number: a column mixing counts
    and lists is read as numbers, and its lists are listed as unreadable.
    """
    if not (_is_text(values) or pd.api.types.is_object_dtype(values.dtype)):
        return None
    decision = detect_number_style(values)
    if decision.n_sampled == 0 or decision.n_unreadable < decision.n_sampled:
        return None
    st.notes.append(_channel_list_note(shown))
    return count_listed_channels(values).to_numpy(dtype="float64")


def _style_for(st: _State, shown: str, fname: str) -> NumberStyle | None:
    for key in (shown, fname, *shown.split(" + ")):
        if key in st.number_styles:
            return st.number_styles[key]
    return None


def _number(
    st: _State,
    fname: str,
    values: pd.Series,
    shown: str,
    where: np.ndarray | str,
    *,
    money: bool,
    label: Field | None = None,
    likert: bool = False,
) -> np.ndarray:
    dtype = values.dtype
    given = _unit_given(st, fname, shown) if money else None
    # Indonesian thousands guesses (1.500 = 1500) are for rupiah only
    money_style = money and given in (None, "IDR")
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        out = values.to_numpy(dtype="float64", na_value=np.nan)
        st.styles[shown] = NumberStyleInfo(
            shown, fname, "plain", "reader", None, None, _style_msg(shown, "plain", None, None)
        )
    else:
        chosen = _style_for(st, shown, fname)
        decision = _without_pii_example(detect_number_style(values, money=money_style))
        example = decision.example
        if chosen is not None:
            style: NumberStyle = chosen
            by: Literal["values", "unit", "user"] = "user"
        else:
            if decision.style is None:
                st.questions.append(_style_question(fname, shown, decision))
                st.styles[shown] = NumberStyleInfo(
                    shown, fname, None, "question", example, None,
                    _style_ambiguous_msg(shown, decision.candidates, example),
                )  # fmt: skip
                if label is not None and label.required:
                    st.unresolved.add(fname)
                return np.full(len(values), np.nan)
            style = decision.style
            by = "unit" if decision.resolved_by_unit else "values"
        parsed = parse_numbers(values, style)
        out = parsed.values
        ex_val = None
        if example is not None:
            ex_val = parse_number(example, style)
        st.styles[shown] = NumberStyleInfo(
            shown, fname, style, by, example, ex_val, _style_msg(shown, style, example, ex_val, by)
        )
        if parsed.n_placeholders:
            st.notes.append(_placeholder_note(shown, parsed.n_placeholders))
        if parsed.n_shorthand:
            st.notes.append(_shorthand_note(shown, parsed.n_shorthand))
        bad = np.flatnonzero(parsed.unreadable)
        if len(bad):
            raw_text = _raw_cells(values, bad)
            st.problems.add(
                bad,
                _pick(where, bad),
                fname,
                raw_text,
                "unparseable_number",
                "set_missing",
                _msg_unparseable(style),
            )
    unit = None
    if money:
        unit = given or _propose_unit(st, fname, shown, out, values, label)
        if unit is None:  # asked: nothing is checked or dropped before the answer
            return out
        st.units_read[fname] = unit
        if unit == "IDR":
            out = _check_fractions(st, fname, out, values, where)
    return _check_range(st, fname, out, values, where, likert=likert, unit=unit)


def _unit_given(st: _State, fname: str, shown: str) -> str | None:
    for key in (shown, fname, *shown.split(" + ")):
        if key in st.units:
            return st.units[key]
    return None


def _propose_unit(
    st: _State,
    fname: str,
    shown: str,
    out: np.ndarray,
    values: pd.Series,
    label: Field | None,
) -> str | None:
    """``IDR`` when the values look like rupiah; otherwise ask for the unit (``None``).

    Rupiah are whole numbers: a column with decimals in more than 1% of its cells (and at
    least 2) is in another unit: dollars with cents, a score, a log (logs have decimals).
    Guessing would either drop those cells as "fractions of a rupiah" or accept a wrong
    unit silently; one or two stray cells stay rupiah and are listed.
    """
    finite = out[~np.isnan(out)]
    if len(finite) == 0:
        return "IDR"
    frac = finite != np.floor(finite)
    if not (frac.mean() > 0.01 and frac.sum() >= 2):
        return "IDR"
    rows = np.flatnonzero(~np.isnan(out))[np.flatnonzero(frac)[:1]] if frac.any() else []
    example = _mask_pii(_raw_cells(values, np.asarray(rows, dtype="int64")))
    st.questions.append(_unit_question(fname, shown, int(frac.sum()), (list(example) or [None])[0]))
    st.unresolved.add(fname)
    if label is not None and not label.required:
        st.fail("unanswered_question", _unanswered(fname))
    return None


def _check_fractions(
    st: _State, fname: str, out: np.ndarray, values: pd.Series, where: np.ndarray | str
) -> np.ndarray:
    """Amounts of rupiah below 1,000 with a fraction (2.5) are listed and set missing.

    Nobody records a fraction of a rupiah: such a cell is thousands written with a dot
    (``2.500``) that was read as a decimal (the CSV reader decides a column's type on its
    own, so a few such cells far down a file of plain numbers arrive as 2.5), or an
    amount in juta. Guessing either would be silent; the cell is listed instead.
    """
    with np.errstate(invalid="ignore"):
        odd = np.flatnonzero((np.abs(out) < 1000) & (out != np.floor(out)))
    if len(odd):
        st.problems.add(
            odd, _pick(where, odd), fname, _raw_cells(values, odd),
            "implausible_value", "set_missing", _msg_fraction(),
        )  # fmt: skip
        if not out.flags.writeable:
            out = out.copy()
        out[odd] = np.nan
    return out


def _without_pii_example(decision: StyleDecision) -> StyleDecision:
    """The decision with its example cell masked when it looks like a NIK or a phone
    number (the example is shown in the report)."""
    ex = decision.example
    if ex is None or _mask_pii(np.array([ex], dtype=object))[0] == ex:
        return decision
    return dataclasses.replace(decision, example=_MASKED, example_value=None)


def _pick(where: np.ndarray | str, rows: np.ndarray) -> np.ndarray | str:
    return where if isinstance(where, str) else where[rows]


def _raw_cells(values: pd.Series, rows: np.ndarray) -> np.ndarray:
    """The cells of ``rows`` as text (a number the CSV reader parsed: -5, not -5.0)."""
    return np.array([_cell_text(v) for v in values.iloc[rows].tolist()], dtype=object)


def _check_range(
    st: _State,
    fname: str,
    out: np.ndarray,
    values: pd.Series,
    where: np.ndarray | str,
    *,
    likert: bool = False,
    unit: str | None = None,
) -> np.ndarray:
    """List values outside the field's plausible range and set them missing.

    The ranges of money fields are in rupiah: another currency keeps only the sign rule
    (no negative loan amounts), and ``number`` has no range at all.

    Returns ``out``, or a copy of it when it is a read-only view of the raw frame (a
    column the CSV reader typed as float64).
    """
    lo, hi = _LIKERT if likert else _RANGES.get(fname, (-np.inf, np.inf))
    if unit in ("number", "log"):
        return out
    if unit not in (None, "IDR"):
        lo, hi = (0.0 if lo >= 0 else -np.inf), np.inf
    with np.errstate(invalid="ignore"):
        if fname == "income":
            neg = np.flatnonzero((out < 0) & (out >= lo))
            if len(neg):
                st.problems.add(
                    neg, _pick(where, neg), fname, _raw_cells(values, neg),
                    "negative_income", "kept", _msg_negative_income(),
                )  # fmt: skip
            bad_mask = (out < lo) | (out > hi)
        else:
            bad_mask = (out < lo) | (out > hi)
    bad = np.flatnonzero(bad_mask)
    if len(bad):
        code: ProblemCode = "negative_value" if (lo >= 0 and bool((out[bad] < 0).all())) else (
            "implausible_value"
        )  # fmt: skip
        st.problems.add(
            bad, _pick(where, bad), fname, _raw_cells(values, bad),
            code, "set_missing", _msg_range(fname, lo, hi),
        )  # fmt: skip
        if not out.flags.writeable:
            out = out.copy()
        out[bad] = np.nan
    return out


def _wave(st: _State, values: pd.Series, shown: str) -> pd.Categorical:
    """Waves as an ordered Categorical: years as ints, labels in their true order
    (:mod:`analysis.ingest.waves`), or the user's ``wave_order``."""
    if isinstance(values.dtype, pd.CategoricalDtype) and values.dtype.ordered:
        return pd.Categorical(values)
    if pd.api.types.is_float_dtype(values.dtype):
        filled = values.dropna()
        if len(filled) and bool((filled == np.floor(filled)).all()):
            values = values.astype("Int64")
    if pd.api.types.is_integer_dtype(values.dtype):
        arr = values.to_numpy(dtype="float64", na_value=np.nan)
        ok = ~np.isnan(arr)
        cats = np.sort(pd.unique(arr[ok]))
        codes = np.full(len(arr), -1, dtype=np.int64)
        codes[ok] = np.searchsorted(cats, arr[ok])
        return pd.Categorical.from_codes(
            codes, categories=pd.Index([int(c) for c in cats]), ordered=True
        )
    text = _text(values)
    uniq = text.dropna().unique().tolist()
    if uniq and all(str(u).lstrip("-").isdigit() for u in uniq):
        as_int = {u: int(u) for u in uniq}
        cats_i = sorted(set(as_int.values()))
        return pd.Categorical(text.map(as_int), categories=cats_i, ordered=True)
    order = _wave_labels_order(st, [str(u) for u in uniq], shown)
    return pd.Categorical(text, categories=order or uniq, ordered=True)


def _wave_labels_order(st: _State, uniq: list[str], shown: str) -> list[str] | None:
    """The user's ``wave_order`` when given, else :func:`order_waves`; when neither decides,
    a question (the field is unresolved: nothing is compared in a guessed order)."""
    if st.wave_order:
        given = [w for w in st.wave_order if w in uniq]
        unknown = [u for u in uniq if u not in st.wave_order]
        if unknown:
            st.fail("bad_wave_order", _wave_order_missing(unknown, st.wave_order))
        return given + unknown
    order = order_waves(uniq)
    if order is None:
        st.questions.append(_wave_order_question(shown, uniq))
        st.unresolved.add("wave")
    return order


def _flag(
    st: _State, f: Field, values: pd.Series, shown: str, where: np.ndarray | str
) -> pd.arrays.IntegerArray:
    own = st.values.get(f.name, {})
    numeric = pd.api.types.is_numeric_dtype(values.dtype)
    if numeric and not own and not pd.api.types.is_bool_dtype(values.dtype):
        num = values.to_numpy(dtype="float64", na_value=np.nan)
        ok = np.isnan(num) | (num == 0) | (num == 1)
        bad = np.flatnonzero(~ok)
        out = np.where(ok, num, np.nan)
        raw = _raw_cells(values, bad)
    else:
        text = (values.map(_cell_text) if numeric else _text(values)).str.lower()
        yes = _FLAG_TRUE | {t for t, c in own.items() if c == 1}
        no = (_FLAG_FALSE - set(own)) | {t for t, c in own.items() if c == 0}
        is_true = text.isin(yes - {t for t, c in own.items() if c == 0}).to_numpy()
        is_false = text.isin(no).to_numpy()
        out = np.where(is_true, 1.0, np.where(is_false, 0.0, np.nan))
        bad = np.flatnonzero(text.notna().to_numpy() & ~is_true & ~is_false)
        raw = _raw_cells(values, bad)
    if len(bad):
        st.problems.add(
            bad, _pick(where, bad), f.name, raw, "unparseable_flag", "set_missing", _msg_flag()
        )
    return pd.array(pd.Series(out).astype("Int8"), dtype="Int8")


def _date(
    st: _State, f: Field, values: pd.Series, shown: str, where: np.ndarray | str
) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return values.astype("datetime64[ns]")
    text = _text(values)
    fmt = st.date_format
    if fmt is None:
        decision = detect_date_format(text)
        if (decision.format is None or decision.ambiguous or decision.mixed) and (
            decision.candidates
        ):
            st.questions.append(_date_question(f.name, shown, decision))
        if decision.format is None:
            if decision.candidates and f.required:
                st.unresolved.add(f.name)
                return pd.Series(np.full(len(values), np.datetime64("NaT"), "datetime64[ns]"))
            fmt = None
        else:
            fmt = decision.format
    if fmt is None:
        parsed_vals = pd.Series(np.full(len(values), np.datetime64("NaT"), "datetime64[ns]"))
        unreadable = text.notna().to_numpy()
    else:
        parsed = parse_dates(text, fmt)
        parsed_vals = parsed.values
        unreadable = parsed.unreadable
        st.date_formats[shown] = fmt
    bad = np.flatnonzero(unreadable)
    if len(bad):
        st.problems.add(
            bad,
            _pick(where, bad),
            f.name,
            _raw_cells(values, bad),
            "unparseable_date",
            "set_missing",
            _msg_date(fmt),
        )
    return parsed_vals.reset_index(drop=True)


def _convert_extra(st: _State, values: pd.Series, shown: str) -> Any:
    """An extra column as it came; Indonesian-notation numbers read when all cells read."""
    dtype = values.dtype
    if not pd.api.types.is_string_dtype(dtype) and not pd.api.types.is_object_dtype(dtype):
        return values.to_numpy() if not isinstance(dtype, pd.CategoricalDtype) else values
    text = values.astype("str")
    probe = text.dropna().str.strip()
    probe = probe[probe != ""]
    if probe.empty or bool(probe.str.match(r"0\d").any()):
        return _text(values)
    # A currency sign makes it money, so 250.000 reads as thousands.
    money = bool(probe.str.match(r"(?i)\s*-?\s*(rp|idr)").any())
    decision = detect_number_style(probe, money=money)
    if decision.style is None or decision.n_unreadable:
        return _text(values)
    parsed = parse_numbers(text, decision.style)
    if parsed.unreadable.any():
        return _text(values)
    if decision.style != "plain" or decision.example is not None:
        st.notes.append(_extra_numbers_note(shown, decision.style, decision.example))
    return parsed.values


def _key_codes(values: Any) -> tuple[np.ndarray, int, bool]:
    """Integer codes of a key column (-1 missing), their count, and whether equal values
    are adjacent (sorted ids, the usual layout: then no hashing is needed)."""
    if isinstance(values, pd.Categorical):
        return values.codes.astype(np.int64), len(values.categories), False
    s = pd.Series(values)
    if _is_text(s):
        arr = arrow_strings(s)
        if len(arr) > 1 and arr.null_count == 0:
            ordered = pc.all(pc.less_equal(arr[:-1], arr[1:])).as_py()
            if ordered:
                change = pc.not_equal(arr[1:], arr[:-1]).to_numpy(zero_copy_only=False)
                codes = np.concatenate([[0], np.cumsum(change, dtype=np.int64)])
                return codes, int(codes[-1]) + 1, True
    codes, uniq = pd.factorize(s)
    return codes.astype(np.int64), len(uniq), False


def _duplicates(keys: list[Any], excluded: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows repeating the keys of an earlier row (rows not excluded), and that earlier row.

    Returns positions of the repeats and of their first occurrence.
    """
    n = len(excluded)
    combined = np.zeros(n, dtype=np.int64)
    for values in keys:
        codes, n_codes, _ = _key_codes(values)
        combined = combined * (n_codes + 1) + (codes + 1)
    alive = np.flatnonzero(~excluded)
    key = combined[alive]
    if len(key) < 2 or bool(np.all(key[1:] > key[:-1])):
        # Strictly increasing keys (sorted file): no repeats, no hashing.
        return np.empty(0, np.int64), np.empty(0, np.int64)
    s = pd.Series(key)
    dup = s.duplicated(keep="first").to_numpy()
    if not dup.any():
        return np.empty(0, np.int64), np.empty(0, np.int64)
    firsts = s[~dup]
    first_of = pd.Series(firsts.index.to_numpy(), index=firsts.to_numpy())
    pos = np.flatnonzero(dup)
    return alive[pos], alive[first_of.loc[key[pos]].to_numpy()]


# ---------------------------------------------------------------------------------------
# Problems table


_MASKED = MASK


#: A decimal number (``0.81234567``, ``-2.8134``, ``289,7899``): never an identifier, though
#: its digits without the separator could read as a phone number.
_DECIMAL = re.compile(r"[+-]?\d{1,7}[.,]\d+")
#: A mobile number that lost its leading zero to a number parser (``812345678``).
_PHONE_NO_ZERO = re.compile(r"8\d{8,11}")


def _mask_pii(values: np.ndarray) -> np.ndarray:
    """Problem values with any NIK or phone number, whole cell or inside it, masked.

    Decimal numbers are never masked (so the problem list can say what was wrong); a whole
    cell of 9-12 digits starting with 8 is masked as a phone number whose leading zero a
    number parser dropped (an amount of that size starting with 8 is masked too: safe side).
    """
    out = values.astype(object)
    for i, v in enumerate(out):
        if v is None:
            continue
        s = str(v)
        if _DECIMAL.fullmatch(s.strip()):
            continue
        compact = "".join(ch for ch in s if ch not in " .-()\t")
        if (
            NIK_PATTERN.match(compact)
            or PHONE_PATTERN.match(compact)
            or _PHONE_NO_ZERO.fullmatch(s.strip())
        ):
            out[i] = _MASKED
        else:  # inside a longer cell ("Rp 0812-3456-7890x"): the engine's one pattern
            out[i] = mask_identifiers(s)
    return out


def _problem_frame(
    st: _State, raw: RawRead, src_rows: np.ndarray, ragged: pd.DataFrame, width: int
) -> pd.DataFrame:
    parts: list[pd.DataFrame] = []
    if len(ragged):
        n_f = ragged["n_fields"].to_numpy()
        en = np.array(
            [f"This row has {k} fields but the header has {width}; row excluded." for k in n_f],
            dtype=object,
        )
        id_ = np.array(
            [
                f"Baris ini berisi {k} kolom, sedangkan baris judul berisi {width}; baris "
                "dikeluarkan."
                for k in n_f
            ],
            dtype=object,
        )
        parts.append(
            pd.DataFrame(
                {
                    "row": ragged["record"].to_numpy(),
                    "line": ragged["line"].to_numpy(),
                    "column": "",
                    "field": "",
                    "value": "",
                    "code": "ragged_row",
                    "action": "row_excluded",
                    "message_en": en,
                    "message_id": id_,
                }
            )
        )
    for b in st.problems.blocks:
        rows = b["rows"]
        rec, line = raw.locate(src_rows[rows])
        msg = b["message"]
        if isinstance(msg, Message):
            en, id_ = msg.en, msg.id
        else:
            en, id_ = msg
        values = b["value"]
        if not isinstance(values, str):
            values = _mask_pii(np.asarray(values, dtype=object))
        parts.append(
            pd.DataFrame(
                {
                    "row": rec,
                    "line": line,
                    "column": b["column"],
                    "field": b["field"],
                    "value": values,
                    "code": b["code"],
                    "action": b["action"],
                    "message_en": en,
                    "message_id": id_,
                }
            )
        )
    if not parts:
        return _empty_problems()
    out = pd.concat(parts, ignore_index=True)
    out = out.sort_values(["row", "code"], kind="stable").reset_index(drop=True)
    out["row"] = out["row"].astype("int64")
    out["line"] = out["line"].astype("int64")
    for c in ("column", "field", "value", "code", "action", "message_en", "message_id"):
        out[c] = out[c].astype("str")
    return out[list(PROBLEM_COLUMNS)]


# ---------------------------------------------------------------------------------------
# Messages


def _wide_note(layout: WideLayout) -> Message:
    waves = ", ".join(str(w) for w in layout.waves)
    stems = ", ".join(layout.stems)
    return Message(
        en=f"Wide file (one row per member) turned into one row per member per wave: waves "
        f"{waves}; measures {stems}.",
        id=f"Berkas berformat lebar (satu baris per anggota) diubah menjadi satu baris per "
        f"anggota per gelombang: gelombang {waves}; variabel {stems}.",
    )


def _pii_unmapped(fname: str, col: str) -> Message:
    return Message(
        en=f"'{col}' holds personal identifiers and was removed, so it cannot be '{fname}'.",
        id=f"'{col}' berisi data pribadi dan telah dibuang, jadi tidak dapat menjadi '{fname}'.",
    )


def _nik_as_member() -> Message:
    return Message(
        en="No member id column: the NIK pseudonyms serve as member_id.",
        id="Tidak ada kolom ID anggota: pseudonim NIK dipakai sebagai member_id.",
    )


def _in_program_default() -> Message:
    return Message(
        en="No in_program column: every row is taken as a program member (1). Add a column "
        "with 1 for members and 0 for the comparison group to compare them.",
        id="Tidak ada kolom in_program: semua baris dianggap anggota program (1). Untuk "
        "membandingkan keduanya, tambahkan kolom berisi 1 untuk anggota dan 0 untuk kelompok "
        "pembanding.",
    )


def _renamed_extra(col: str, new: str) -> Message:
    return Message(
        en=f"Column '{col}' was not used for its field and is kept as '{new}'.",
        id=f"Kolom '{col}' tidak dipakai untuk bidangnya dan disimpan sebagai '{new}'.",
    )


def _missing_field(fname: str, kind: DatasetKind) -> Message:
    what = "survey" if kind == "survey" else "loans ledger"
    apa = "survei" if kind == "survey" else "buku pinjaman"
    return Message(
        en=f"The {what} has no column for the required field '{fname}'. Name the column "
        f"that holds it, for example --map {fname}=COLUMN.",
        id=f"{apa.capitalize()} tidak memiliki kolom untuk bidang wajib '{fname}'. Sebutkan "
        f"kolom yang berisi bidang itu, misalnya --map {fname}=KOLOM.",
    )


def _unanswered(fname: str) -> Message:
    return Message(
        en=f"The required field '{fname}' cannot be read until the question about it is answered.",
        id=f"Bidang wajib '{fname}' tidak dapat dibaca sebelum pertanyaan tentangnya dijawab.",
    )


def _one_wave(waves: tuple[object, ...]) -> Message:
    only = ", ".join(str(w) for w in waves)
    return Message(
        en=f"The survey has one wave only ({only or 'none'}); comparing incomes needs at "
        "least two.",
        id=f"Survei hanya memiliki satu gelombang ({only or 'tidak ada'}); untuk "
        "membandingkan pendapatan diperlukan paling sedikit dua.",
    )


def _no_rows() -> Message:
    return Message(
        en="No row is left to analyse once rows with problems are excluded.",
        id="Tidak ada baris tersisa untuk dianalisis setelah baris bermasalah dikeluarkan.",
    )


_STYLE_EN = {
    "plain": "plain numbers (dot as decimal mark)",
    "dot_thousands": "Indonesian notation (1.500.000 with decimal comma)",
    "comma_thousands": "English notation (1,500,000 with decimal point)",
}
_STYLE_ID = {
    "plain": "angka biasa (titik sebagai desimal)",
    "dot_thousands": "notasi Indonesia (1.500.000 dengan koma desimal)",
    "comma_thousands": "notasi Inggris (1,500,000 dengan titik desimal)",
}


def _fmt_value(v: float | None, lang: Lang = "en") -> str:
    """A number as each language writes it: 1,500,000.50 in English, 1.500.000,50 in
    Indonesian (an Indonesian reader takes 1,500 for one and a half)."""
    if v is None:
        return "?"
    text = f"{v:,.0f}" if float(v).is_integer() else f"{v:,.2f}"
    return text.translate(_SWAP_MARKS) if lang == "id" else text


_SWAP_MARKS = str.maketrans({",": ".", ".": ","})


def _style_msg(
    col: str,
    style: NumberStyle,
    example: str | None,
    value: float | None,
    by: str = "reader",
) -> Message:
    ex_en = f": '{example}' = {_fmt_value(value)}" if example is not None else ""
    ex_id = f": '{example}' = {_fmt_value(value, 'id')}" if example is not None else ""
    why_en = why_id = ""
    if by == "unit":
        why_en = (
            " (the cells could also be read with a decimal mark, but this is an amount of "
            "rupiah, so thousands)"
        )
        why_id = (
            " (sel bisa juga dibaca dengan tanda desimal, tetapi ini jumlah rupiah, jadi ribuan)"
        )
    elif by == "user":
        why_en, why_id = " (as you chose)", " (sesuai pilihan Anda)"
    return Message(
        en=f"'{col}' read as {_STYLE_EN[style]}{ex_en}{why_en}.",
        id=f"'{col}' dibaca sebagai {_STYLE_ID[style]}{ex_id}{why_id}.",
    )


def _style_ambiguous_msg(col: str, cands: tuple[str, ...], example: str | None) -> Message:
    return Message(
        en=f"'{col}' is left unread: its cells (e.g. '{example}') could be "
        + " or ".join(_STYLE_EN[c] for c in cands)
        + ".",
        id=f"'{col}' belum dibaca: selnya (mis. '{example}') bisa berupa "
        + " atau ".join(_STYLE_ID[c] for c in cands)
        + ".",
    )


def _style_question(fname: str, col: str, decision: Any) -> Question:
    ex = decision.example
    readings = {
        lang: "; ".join(
            f"{c}: '{ex}' = {_fmt_value(parse_number(ex, c) if ex else None, lang)}"
            for c in decision.candidates
        )
        for lang in ("en", "id")
    }
    return Question(
        "number_style",
        fname,
        col,
        tuple(decision.candidates),
        Message(
            en=f"How are the numbers in '{col}' written? {readings['en']}. Choose a style "
            "(number_styles).",
            id=f"Bagaimana angka di '{col}' ditulis? {readings['id']}. Pilih gaya penulisan "
            "(number_styles).",
        ),
    )


def _date_question(fname: str, col: str, decision: Any) -> Question:
    pairs = ", ".join(
        f"{f} ({n})" for f, n in zip(decision.candidates, decision.counts, strict=False)
    )
    if decision.ambiguous:
        en = (
            f"The dates in '{col}' (e.g. '{decision.example}') read as day/month and as "
            f"month/day: {pairs}. Choose the format (date_format)."
        )
        id_ = (
            f"Tanggal di '{col}' (mis. '{decision.example}') dapat dibaca sebagai hari/bulan "
            f"maupun bulan/hari: {pairs}. Pilih formatnya (date_format)."
        )
    else:
        en = (
            f"The dates in '{col}' are written in several formats (format: cells read): "
            f"{pairs}. Cells not in the main format are listed as problems; choose the "
            "format (date_format) or correct them."
        )
        id_ = (
            f"Tanggal di '{col}' ditulis dalam beberapa format (format: sel terbaca): {pairs}. "
            "Sel di luar format utama dicantumkan sebagai masalah; pilih formatnya "
            "(date_format) atau perbaiki."
        )
    return Question("date_format", fname, col, tuple(decision.candidates), Message(en=en, id=id_))


def _channel_list_note(col: str) -> Message:
    return Message(
        en=f"'{col}' lists channels by name: market_channels is the number of distinct "
        "channels in each cell ('tidak ada' counts 0; a blank cell or '-' is missing).",
        id=f"'{col}' berisi nama saluran: market_channels adalah jumlah saluran berbeda di "
        "setiap sel ('tidak ada' dihitung 0; sel kosong atau '-' dianggap tidak ada data).",
    )


def _placeholder_note(col: str, n: int) -> Message:
    return Message(
        en=f"'{col}': {n} cells holding only '-' read as missing.",
        id=f"'{col}': {n} sel yang hanya berisi '-' dibaca sebagai kosong.",
    )


def _shorthand_note(col: str, n: int) -> Message:
    return Message(
        en=f"'{col}': {n} cells written with jt/juta or rb/ribu read as millions/thousands.",
        id=f"'{col}': {n} sel yang ditulis dengan jt/juta atau rb/ribu dibaca sebagai juta/ribu.",
    )


def _extra_numbers_note(col: str, style: NumberStyle, example: str | None) -> Message:
    ex = f" (e.g. '{example}')" if example else ""
    ex_id = f" (mis. '{example}')" if example else ""
    return Message(
        en=f"Extra column '{col}' read as numbers in {_STYLE_EN[style]}{ex}.",
        id=f"Kolom tambahan '{col}' dibaca sebagai angka dalam {_STYLE_ID[style]}{ex_id}.",
    )


def _msg_unparseable(style: NumberStyle) -> Message:
    return Message(
        en=f"Cannot be read as a number in this column's notation, {_STYLE_EN[style]}; "
        "left missing.",
        id=f"Tidak terbaca sebagai angka dalam notasi kolom ini, {_STYLE_ID[style]}; "
        "dibiarkan kosong.",
    )


def _msg_negative_income() -> Message:
    return Message(
        en="Negative income (a loss); kept. Check it is not a typing error.",
        id="Pendapatan negatif (rugi); tetap dipakai. Pastikan ini bukan salah ketik.",
    )


def _msg_range(fname: str, lo: float, hi: float) -> Message:
    return Message(
        en=f"Outside the plausible range for {fname} ({_fmt_value(lo)} to {_fmt_value(hi)}); "
        "left missing.",
        id=f"Di luar rentang wajar untuk {fname} ({_fmt_value(lo, 'id')} sampai "
        f"{_fmt_value(hi, 'id')}); "
        "dibiarkan kosong.",
    )


def _msg_fraction() -> Message:
    return Message(
        en="A fraction of a rupiah: probably thousands written with a dot (2.500 meaning "
        "Rp 2,500) or an amount in millions (juta); left missing. Correct the cell, choose "
        "the column's number style, or, if the column is not in rupiah, set its unit "
        "(--unit FIELD=USD or --unit FIELD=number).",
        id="Pecahan rupiah: kemungkinan ribuan yang ditulis dengan titik (2.500 berarti "
        "Rp 2.500) atau jumlah dalam juta; dibiarkan kosong. Perbaiki selnya, pilih gaya "
        "penulisan angka kolom ini, atau jika kolom ini bukan rupiah, tetapkan satuannya "
        "(--unit BIDANG=USD atau --unit BIDANG=number).",
    )


def _wave_order_question(col: str, labels: list[str]) -> Question:
    shown = ", ".join(f"'{w}'" for w in labels[:12])
    listed = ",".join(labels[:12])
    return Question(
        "wave_order",
        "wave",
        col,
        tuple(labels),
        Message(
            en=f"The waves in '{col}' ({shown}) have no order Berdaya can read (not years, dates, "
            "months, numbered rounds or words such as baseline/endline), and sorting them as "
            "text could swap before and after. Give their order, earliest first: "
            f'--wave-order "{listed}" (in a mapping file: wave_order = [...]).',
            id=f"Gelombang di '{col}' ({shown}) tidak memiliki urutan yang dapat dibaca Berdaya "
            "(bukan tahun, tanggal, bulan, putaran bernomor, atau kata seperti awal/akhir), dan "
            "mengurutkannya sebagai teks dapat menukar sebelum dan sesudah. Berikan urutannya, "
            f'dari yang paling awal: --wave-order "{listed}" (di berkas pemetaan: '
            "wave_order = [...]).",
        ),
    )


def _wave_order_missing(unknown: list[str], given: Sequence[str]) -> Message:
    missing = ", ".join(f"'{w}'" for w in unknown[:12])
    return Message(
        en=f"The wave order given ({', '.join(given)}) does not name the waves {missing}; "
        "name every wave of the file, earliest first.",
        id=f"Urutan gelombang yang diberikan ({', '.join(given)}) tidak menyebut gelombang "
        f"{missing}; sebutkan semua gelombang di berkas, dari yang paling awal.",
    )


def _unit_question(fname: str, col: str, n_decimals: int, example: str | None) -> Question:
    ex_en = f" ({n_decimals} cells with decimals, e.g. '{example}')" if example else ""
    ex_id = f" ({n_decimals} sel berdesimal, mis. '{example}')" if example else ""
    return Question(
        "unit",
        fname,
        col,
        ("IDR", "USD", "number", "log"),
        Message(
            en=f"Column '{col}' ({fname}) does not look like rupiah{ex_en}. What is its unit? "
            f"Answer with --unit {fname}=USD (or another currency code), --unit {fname}=number "
            f"(a score, an index, a log), or --unit {fname}=IDR to list such cells as errors; "
            "in a mapping file, [units] " + fname + ' = "USD".',
            id=f"Kolom '{col}' ({fname}) tidak tampak seperti rupiah{ex_id}. Apa satuannya? "
            f"Jawab dengan --unit {fname}=USD (atau kode mata uang lain), --unit {fname}=number "
            f"(skor, indeks, log), atau --unit {fname}=IDR agar sel seperti itu dicantumkan "
            "sebagai galat; di berkas pemetaan, [units] " + fname + ' = "USD".',
        ),
    )


def _msg_flag() -> Message:
    return Message(
        en="Not 1/0 (ya/tidak, yes/no); left missing.",
        id="Bukan 1/0 (ya/tidak, yes/no); dibiarkan kosong.",
    )


def _msg_date(fmt: str | None) -> Message:
    if fmt is None:
        return Message(
            en="Not a date in any format Berdaya knows; left missing. Give the format "
            "(date_format).",
            id="Bukan tanggal dalam format yang dikenal Berdaya; dibiarkan kosong. Sebutkan "
            "formatnya (date_format).",
        )
    return Message(
        en=f"Not a date in the format {fmt}; left missing.",
        id=f"Bukan tanggal dengan format {fmt}; dibiarkan kosong.",
    )


def _msg_missing_required(
    rows: np.ndarray, present: list[str], nas: list[np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    en = np.empty(len(rows), dtype=object)
    id_ = np.empty(len(rows), dtype=object)
    for i, r in enumerate(rows):
        names = [f for f, na in zip(present, nas, strict=True) if na[r]]
        listed = ", ".join(names)
        en[i] = (
            f"Required field {listed} is empty or unreadable; row excluded."
            if len(names) == 1
            else f"Required fields {listed} are empty or unreadable; row excluded."
        )
        id_[i] = f"Bidang wajib {listed} kosong atau tidak terbaca; baris dikeluarkan."
    return en, id_


def _dup_messages(kind: DatasetKind, first_rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if kind == "survey":
        en = [f"Same member and wave as row {r}; the first is kept, this one excluded."
              for r in first_rows]  # fmt: skip
        id_ = [f"Anggota dan gelombang sama dengan baris {r}; yang pertama dipakai, yang ini "
               "dikeluarkan." for r in first_rows]  # fmt: skip
    else:
        en = [f"Same loan id as row {r}; the first is kept, this one excluded."
              for r in first_rows]  # fmt: skip
        id_ = [f"ID pinjaman sama dengan baris {r}; yang pertama dipakai, yang ini dikeluarkan."
               for r in first_rows]  # fmt: skip
    return np.array(en, dtype=object), np.array(id_, dtype=object)


# ---------------------------------------------------------------------------------------
# Summary text


def _summary(report: LoadReport, lang: Lang, max_problems: int) -> list[str]:
    t = (lambda en, id_: id_) if lang == "id" else (lambda en, id_: en)
    lines: list[str] = []
    what = t("Survey", "Survei") if report.kind == "survey" else t("Loans", "Pinjaman")
    lines.append(f"{what}: {report.source or t('(upload)', '(unggahan)')}")
    verdict = (
        t("can be analysed", "dapat dianalisis")
        if report.can_analyse
        else t("CANNOT be analysed", "TIDAK dapat dianalisis")
    )
    lines.append(f"  {t('Status', 'Status')}: {verdict}")
    for e in report.errors:
        lines.append(f"  {t('Error', 'Kesalahan')}: {e.text(lang)}")
    reshaped = ""
    if report.layout == "wide":
        # Kept and excluded count member-waves: say so, or "3 read, 6 kept" looks wrong.
        n_long = report.n_rows_kept + report.n_rows_excluded
        reshaped = t(
            f" (one row per member: {n_long} member-wave rows)",
            f" (satu baris per anggota: {n_long} baris anggota-gelombang)",
        )
    lines.append(
        f"  {t('Rows', 'Baris')}: {report.n_rows_read} {t('read', 'dibaca')}{reshaped}, "
        f"{report.n_rows_kept} {t('kept', 'dipakai')}, {report.n_rows_excluded} "
        f"{t('excluded', 'dikeluarkan')}"
        + (
            " (" + ", ".join(f"{k}: {v}" for k, v in report.excluded_by_reason.items()) + ")"
            if report.excluded_by_reason
            else ""
        )
    )
    lines.append(
        f"  {t('Platform', 'Platform')}: {report.platform}; {t('layout', 'tata letak')}: "
        f"{report.layout}; sha256 {report.sha256[:16]}..."
    )
    if report.waves:
        lines.append(f"  {t('Waves', 'Gelombang')}: {', '.join(str(w) for w in report.waves)}")
    if report.mapping:
        lines.append(f"  {t('Columns', 'Kolom')}:")
        for f, c in report.mapping.items():
            how = t("you", "Anda") if f in report.user_mapped else t("auto", "otomatis")
            lines.append(f"    {f} <- '{c}' ({how})")
    if report.missing_required:
        lines.append(
            f"  {t('Missing required fields', 'Bidang wajib tidak ada')}: "
            + ", ".join(report.missing_required)
        )
    if report.missing_optional:
        lines.append(
            f"  {t('Optional fields not in the file', 'Bidang opsional tidak ada')}: "
            + ", ".join(report.missing_optional)
        )
    if report.extra_columns:
        lines.append(
            f"  {t('Extra columns kept', 'Kolom tambahan disimpan')}: "
            + ", ".join(report.extra_columns)
        )
    for p in report.pii:
        lines.append(f"  {t('Personal data', 'Data pribadi')}: {p.message.text(lang)}")
    for info in report.number_styles.values():
        if info.resolved_by != "reader":
            lines.append(f"  {t('Numbers', 'Angka')}: {info.message.text(lang)}")
    for col, fmt in report.date_formats.items():
        lines.append(f"  {t('Dates', 'Tanggal')}: '{col}' {t('read as', 'dibaca sebagai')} {fmt}")
    for m in report.conversions:
        lines.append(f"  - {m.text(lang)}")
    for q in report.questions:
        lines.append(f"  {t('QUESTION', 'PERTANYAAN')}: {q.message.text(lang)}")
    n = len(report.problems)
    if n:
        counts = ", ".join(f"{k}: {v}" for k, v in report.problem_counts().items())
        lines.append(f"  {t('Problems', 'Masalah')}: {n} ({counts})")
        col_msg = "message_id" if lang == "id" else "message_en"
        for rec in report.problems.head(max_problems).itertuples(index=False):
            where = t("row", "baris") + f" {rec.row}"
            if rec.line >= 0:
                where += f" ({t('line', 'baris berkas')} {rec.line})"
            col = f" [{rec.column}]" if rec.column else ""
            val = f" '{rec.value}'" if rec.value else ""
            lines.append(f"    {where}{col}{val}: {getattr(rec, col_msg)}")
        if n > max_problems:
            lines.append(
                f"    ... {n - max_problems} "
                + t("more (see --json or the problems CSV)", "lagi (lihat --json atau CSV masalah)")
            )
    else:
        lines.append(f"  {t('Problems', 'Masalah')}: 0")
    return lines
