"""Numbers and dates as people write them in Indonesian spreadsheets, read per column.

The loader hands every text column that should hold numbers (``Rp 1.500.000``,
``43,5``, ``1,5 jt``) or dates here. A column's notation is decided once from its values
(:func:`detect_number_style`, :func:`detect_date_format`); the cells are then read with a
vectorised fast path for well-formed values and a per-cell slow path for the rest
(:func:`parse_numbers`, :func:`parse_dates`). Nothing is guessed silently: an ambiguous
column is returned as ambiguous, an unreadable cell as a failure, for the load report.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

#: How a column writes its numbers.
#:
#: - ``plain``: ``1500000`` or ``1500000.5`` (a dot is the decimal mark, no grouping);
#: - ``dot_thousands``: Indonesian, ``1.500.000`` and ``1.500.000,50``, ``43,5``;
#: - ``comma_thousands``: English, ``1,500,000`` and ``1,500,000.50``.
#:
#: Every style also accepts ``Rp``/``IDR`` in front, a trailing ``,-`` (``Rp 150.000,-``),
#: a minus sign or accounting brackets, and the shorthands ``jt``/``juta`` (million),
#: ``rb``/``ribu``/``k`` (thousand) and ``miliar``/``milyar`` (billion).
NumberStyle = Literal["plain", "dot_thousands", "comma_thousands"]
NUMBER_STYLES: tuple[NumberStyle, ...] = ("plain", "dot_thousands", "comma_thousands")

#: Values standing for "nothing here" in a number column: read as missing, counted in the
#: report, never listed as unreadable.
PLACEHOLDERS = frozenset({"-", "--", "—", "–", "."})

_MULTIPLIERS = {
    "jt": 1e6,
    "juta": 1e6,
    "rb": 1e3,
    "ribu": 1e3,
    "k": 1e3,
    "rbu": 1e3,
    "miliar": 1e9,
    "milyar": 1e9,
}
_SUFFIX = re.compile(r"^(.*?\d)\s*(jt|juta|rbu|rb|ribu|k|miliar|milyar)\.?$", re.IGNORECASE)
_CURRENCY = re.compile(r"^(?:rp\.?|idr)\s*", re.IGNORECASE)
_TRAILING_DASH = re.compile(r"[,.]-+$")
_SPACED_GROUPS = re.compile(r"^\d{1,3}(?: \d{3})+(?:[.,]\d+)?$")
_CORE = {
    "plain": re.compile(r"^(?:\d+(?:\.\d+)?|\.\d+)$"),
    "dot_thousands": re.compile(r"^(?:[1-9]\d{0,2}(?:\.\d{3})+|\d+)(?:,\d+)?$"),
    "comma_thousands": re.compile(r"^(?:[1-9]\d{0,2}(?:,\d{3})+|\d+)(?:\.\d+)?$"),
}
_SCIENTIFIC = re.compile(r"^\d+(?:\.\d+)?[eE][+-]?\d+$")
_ONE_SEP_DECIMAL = re.compile(r"^\d+[.,](?:\d{1,2}|\d{4,})$")
# RE2 patterns for the vectorised path: only well-formed cells, the rest go slow.
_FAST_PREFIX = r"^(?:[Rr][Pp]\.? ?)?-?"
_FAST = {
    "plain": _FAST_PREFIX + r"\d+(?:\.\d+)?$",
    "dot_thousands": _FAST_PREFIX + r"(?:[1-9]\d{0,2}(?:\.\d{3})+|\d+)(?:,\d+)?$",
    "comma_thousands": _FAST_PREFIX + r"(?:[1-9]\d{0,2}(?:,\d{3})+|\d+)(?:\.\d+)?$",
}
#: How many evenly spaced non-blank cells decide a column's style.
STYLE_SAMPLE = 20_000


def parse_number(text: str, style: NumberStyle) -> float | None:
    """Read one cell written in ``style``; ``None`` when it is not a number.

    Parameters
    ----------
    text : the cell as written, e.g. ``"Rp 1.500.000,-"``, ``"1,5 jt"``, ``"(2.000)"``.
    style : the column's :data:`NumberStyle`.

    Returns
    -------
    float or None
        The value, or ``None`` for anything that is not a number in that style (a blank
        cell too: callers separate blanks first).

    Notes
    -----
    With a shorthand (``jt``, ``rb``...) a single separator followed by one, two or more
    than three digits is a decimal mark whatever the style (``1,5 jt``, ``1.25 jt``):
    nobody writes thousands separators in front of ``juta``.

    Examples
    --------
    >>> parse_number("Rp 1.500.000", "dot_thousands")
    1500000.0
    >>> parse_number("1,5 jt", "dot_thousands"), parse_number("750 rb", "plain")
    (1500000.0, 750000.0)
    >>> parse_number("1.500", "plain")
    1.5
    """
    s = str(text).strip().replace("\u00a0", " ").replace("\u202f", " ")
    if not s:
        return None
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1].strip()
    if s[:1] in ("-", "\u2212"):
        negative, s = True, s[1:].strip()
    s = _CURRENCY.sub("", s)
    if s[:1] in ("-", "\u2212"):
        negative, s = True, s[1:].strip()
    s = _TRAILING_DASH.sub("", s).strip()
    multiplier = 1.0
    m = _SUFFIX.match(s)
    if m:
        s, multiplier = m.group(1).strip(), _MULTIPLIERS[m.group(2).lower()]
    if " " in s:
        if not _SPACED_GROUPS.match(s):
            return None
        s = s.replace(" ", "")
    value = _parse_core(s, style, shorthand=multiplier != 1.0)
    if value is None:
        return None
    value *= multiplier
    return -value if negative else value


def _parse_core(core: str, style: NumberStyle, *, shorthand: bool = False) -> float | None:
    """A bare number (digits and separators only) in ``style``."""
    if core.isdigit() and core.isascii():
        return float(core)
    if shorthand and _ONE_SEP_DECIMAL.match(core):
        return float(core.replace(",", "."))
    if not _CORE[style].match(core):
        if style == "plain" and _SCIENTIFIC.match(core):
            return float(core)
        return None
    if style == "dot_thousands":
        return float(core.replace(".", "").replace(",", "."))
    if style == "comma_thousands":
        return float(core.replace(",", ""))
    return float(core)


@dataclass(frozen=True)
class StyleDecision:
    """How a column writes its numbers, decided from its values.

    Attributes
    ----------
    style : the style to read the column with; ``None`` when the values fit several
        styles that read them differently and the field's unit cannot decide.
    candidates : when the values fit several readings: one style per distinct reading,
        preferred first; empty otherwise.
    resolved_by_unit : a money column whose values fit both ``1.500`` = 1500 and 1.5
        was read as thousands (a fraction of a rupiah is not an amount anyone records).
    example : a cell that shows the notation (the first with a separator), or ``None``.
    example_value : ``example`` read in ``style``.
    n_sampled : cells looked at.
    n_unreadable : sampled cells that no candidate style can read.
    """

    style: NumberStyle | None
    candidates: tuple[NumberStyle, ...] = ()
    resolved_by_unit: bool = False
    example: str | None = None
    example_value: float | None = None
    n_sampled: int = 0
    n_unreadable: int = 0


def detect_number_style(values: pd.Series, *, money: bool = False) -> StyleDecision:
    """Decide the number notation of a text column from (a sample of) its values.

    Parameters
    ----------
    values : the column as read (text); blanks and placeholders such as ``-`` ignored.
    money : whether the field is an amount of rupiah. Then values that read either as
        thousands or as decimals (every value like ``1.500``) are read as thousands.

    Returns
    -------
    StyleDecision

    Notes
    -----
    Up to :data:`STYLE_SAMPLE` evenly spaced non-blank cells are read in every style. The
    styles that read the most cells compete; those that read them identically are one
    reading (``plain`` preferred, then ``dot_thousands``). One reading wins outright;
    several readings make the column ambiguous, unless ``money`` settles it.

    Examples
    --------
    >>> detect_number_style(pd.Series(["Rp 1.500.000", "Rp 750.000"])).style
    'dot_thousands'
    >>> detect_number_style(pd.Series(["1.500", "2.250"])).candidates
    ('plain', 'dot_thousands')
    >>> d = detect_number_style(pd.Series(["1.500", "2.250"]), money=True)
    >>> d.style, d.resolved_by_unit
    ('dot_thousands', True)
    """
    text = _text_values(values)
    text = text[text.notna()]
    if len(text) > STYLE_SAMPLE:
        step = len(text) // STYLE_SAMPLE
        text = text.iloc[::step]
    stripped = text.str.strip()
    stripped = stripped[(stripped != "") & ~stripped.isin(PLACEHOLDERS)]
    counts = stripped.value_counts(sort=False)
    n = int(counts.sum())
    if n == 0:
        return StyleDecision("plain")
    cells = [str(v) for v in counts.index]
    weights = counts.to_numpy()
    readings: dict[NumberStyle, list[float | None]] = {
        st: [parse_number(c, st) for c in cells] for st in NUMBER_STYLES
    }
    readable = {
        st: int(sum(w for w, v in zip(weights, vals, strict=True) if v is not None))
        for st, vals in readings.items()
    }
    best = max(readable.values())
    competing = [st for st in NUMBER_STYLES if readable[st] == best]
    groups: list[tuple[NumberStyle, list[float | None]]] = []
    for st in competing:
        if not any(_same(readings[st], vals) for _, vals in groups):
            groups.append((st, readings[st]))
    example = next((c for c in cells if any(ch in c for ch in ".,")), None)
    if len(groups) == 1:
        style = groups[0][0]
        return _decision(style, (), False, example, n, n - best)
    candidates = tuple(st for st, _ in groups)
    if money:
        # The thousands reading gives the larger amounts; pick the style that reads the
        # example (or the first cell) as the larger number.
        probe = example or cells[0]
        style = max(candidates, key=lambda st: parse_number(probe, st) or 0.0)
        return _decision(style, candidates, True, example, n, n - best)
    return StyleDecision(None, candidates, False, example, None, n, n - best)


def _decision(
    style: NumberStyle,
    candidates: tuple[NumberStyle, ...],
    by_unit: bool,
    example: str | None,
    n: int,
    n_unreadable: int,
) -> StyleDecision:
    value = parse_number(example, style) if example is not None else None
    return StyleDecision(style, candidates, by_unit, example, value, n, n_unreadable)


def _same(a: list[float | None], b: list[float | None]) -> bool:
    return all(x == y or (x is None and y is None) for x, y in zip(a, b, strict=True))


def _text_values(values: pd.Series) -> pd.Series:
    """Text cells of a column; numbers already parsed by the CSV reader as their text."""
    if pd.api.types.is_string_dtype(values.dtype) and not pd.api.types.is_object_dtype(
        values.dtype
    ):
        return values
    return values.astype("str")


def arrow_strings(values: pd.Series) -> pa.ChunkedArray:
    """A text column as Arrow strings without copying (the CSV reader leaves chunks)."""
    arr = pa.array(values.astype("str"))
    return arr if isinstance(arr, pa.ChunkedArray) else pa.chunked_array([arr])


@dataclass(frozen=True)
class ParsedNumbers:
    """A column read as numbers.

    Attributes
    ----------
    values : float64 array, NaN where the cell was blank, a placeholder or unreadable.
    unreadable : bool array, True where a non-blank cell could not be read.
    n_placeholders : cells such as ``-`` read as missing.
    n_shorthand : cells written with ``jt``, ``rb``... (read and multiplied).
    """

    values: np.ndarray
    unreadable: np.ndarray
    n_placeholders: int
    n_shorthand: int


def parse_numbers(values: pd.Series, style: NumberStyle) -> ParsedNumbers:
    """Read a column of numbers written in ``style``.

    Parameters
    ----------
    values : the column as read: text, numbers, or a mix (object dtype; numbers in it are
        taken as they are).
    style : from :func:`detect_number_style` or the user.

    Returns
    -------
    ParsedNumbers

    Notes
    -----
    Well-formed cells (optional ``Rp``, optional minus, digits in the style's grouping)
    are read by vectorised Arrow string kernels; only the remaining cells go through
    :func:`parse_number` one by one, so a clean column of millions of cells costs a few
    tenths of a second. Missing data: blank cells and placeholders are missing, not
    unreadable.

    Examples
    --------
    >>> p = parse_numbers(pd.Series(["Rp 1.500.000", "43,5", "1,5 jt", "abc", None]),
    ...                   "dot_thousands")
    >>> p.values.tolist()[:3], p.unreadable.tolist()
    ([1500000.0, 43.5, 1500000.0], [False, False, False, True, False])
    """
    n = len(values)
    dtype = values.dtype
    if pd.api.types.is_bool_dtype(dtype):
        out = values.astype("float64").to_numpy(dtype="float64", na_value=np.nan)
        return ParsedNumbers(out, np.zeros(n, dtype=bool), 0, 0)
    if pd.api.types.is_numeric_dtype(dtype):
        out = values.to_numpy(dtype="float64", na_value=np.nan)
        return ParsedNumbers(out, np.zeros(n, dtype=bool), 0, 0)
    if pd.api.types.is_object_dtype(dtype):
        return _parse_mixed(values, style)
    arr = arrow_strings(values)
    fast = pc.fill_null(pc.match_substring_regex(arr, _FAST[style]), False)
    # Literal kernels only, each skipped when no cell needs it (a regex replace is
    # several times slower): "Rp " off the front, thousands marks out, decimal comma to
    # a point.
    cleaned = arr
    if pc.any(pc.starts_with(arr, "R")).as_py() or pc.any(pc.starts_with(arr, "r")).as_py():
        cleaned = pc.ascii_ltrim(cleaned, characters="RrPp. ")
    thousands, decimal = {"dot_thousands": (".", ","), "comma_thousands": (",", None)}.get(
        style, (None, None)
    )
    if thousands and pc.any(pc.match_substring(cleaned, thousands)).as_py():
        cleaned = pc.replace_substring(cleaned, thousands, "")
    if decimal and pc.any(pc.match_substring(cleaned, decimal)).as_py():
        cleaned = pc.replace_substring(cleaned, decimal, ".")
    try:
        # Every cell well-formed or blank (the usual case): cast them all at once.
        floats = pc.cast(cleaned, pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        floats = pc.cast(
            pc.if_else(fast, cleaned, pa.scalar(None, type=cleaned.type)), pa.float64()
        )
    out = floats.to_numpy()
    if not out.flags.writeable:
        out = out.copy()
    # Cells neither missing nor read by the fast path: read one by one (or listed).
    rest = pc.and_(pc.invert(fast), pc.is_valid(arr)).to_numpy()
    unreadable = np.zeros(n, dtype=bool)
    n_placeholders = n_shorthand = 0
    idx = np.flatnonzero(rest)
    if len(idx):
        cells = arr.take(pa.array(idx)).to_pylist()
        for i, cell in zip(idx, cells, strict=True):
            s = cell.strip()
            if s == "":
                out[i] = np.nan
                continue
            if s in PLACEHOLDERS:
                out[i] = np.nan
                n_placeholders += 1
                continue
            v = parse_number(s, style)
            if v is None:
                unreadable[i] = True
                out[i] = np.nan
            else:
                out[i] = v
                n_shorthand += _SUFFIX.match(s) is not None
    return ParsedNumbers(out, unreadable, n_placeholders, n_shorthand)


def _parse_mixed(values: pd.Series, style: NumberStyle) -> ParsedNumbers:
    """Object columns (numbers from one CSV chunk, text from another, or wide reshaping)."""
    n = len(values)
    out = np.full(n, np.nan)
    unreadable = np.zeros(n, dtype=bool)
    n_placeholders = n_shorthand = 0
    for i, v in enumerate(values.tolist()):
        if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
            continue
        if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool):
            out[i] = float(v)
            continue
        s = str(v).strip()
        if s == "":
            continue
        if s in PLACEHOLDERS:
            n_placeholders += 1
            continue
        parsed = parse_number(s, style)
        if parsed is None:
            unreadable[i] = True
        else:
            out[i] = parsed
            n_shorthand += _SUFFIX.match(s) is not None
    return ParsedNumbers(out, unreadable, n_placeholders, n_shorthand)


# ---------------------------------------------------------------------------------------
# Dates

#: Date formats tried, preferred first where two read the same cells identically.
#: ``ISO8601`` covers ``2023-01-05`` and ``2023-01-05 08:30:00``.
DATE_FORMATS: tuple[str, ...] = (
    "ISO8601",
    "%d/%m/%Y",
    "%m/%d/%Y",
    "%d-%m-%Y",
    "%m-%d-%Y",
    "%d.%m.%Y",
    "%Y/%m/%d",
    "%d/%m/%y",
    "%m/%d/%y",
    "%d %B %Y",
    "%d %b %Y",
    "%d-%b-%Y",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %H:%M:%S",
)
_MONTHS_ID = {
    "januari": "January",
    "februari": "February",
    "pebruari": "February",
    "maret": "March",
    "april": "April",
    "mei": "May",
    "juni": "June",
    "juli": "July",
    "agustus": "August",
    "september": "September",
    "oktober": "October",
    "nopember": "November",
    "november": "November",
    "desember": "December",
    "agu": "Aug",
    "agt": "Aug",
    "ags": "Aug",
    "okt": "Oct",
    "des": "Dec",
    "peb": "Feb",
}
_MONTH_WORD = re.compile(r"[A-Za-z]+")


def _english_months(text: str) -> str:
    return _MONTH_WORD.sub(lambda m: _MONTHS_ID.get(m.group(0).lower(), m.group(0)), text)


@dataclass(frozen=True)
class DateDecision:
    """How a column writes its dates.

    Attributes
    ----------
    format : the format to read the column with (a :data:`DATE_FORMATS` entry or the
        user's), ``None`` when no format can be chosen without asking.
    candidates : formats that read part or all of the column, by cells read, most first.
    ambiguous : several formats read every cell but give different dates (day and month
        both 12 or less, ``05/03/2023``).
    mixed : no one format reads every cell, but several together do.
    counts : cells read by each candidate format.
    example : a cell of the column, for the question to the user.
    """

    format: str | None
    candidates: tuple[str, ...] = ()
    ambiguous: bool = False
    mixed: bool = False
    counts: tuple[int, ...] = ()
    example: str | None = None


def _try_format(uniques: pd.Series, fmt: str) -> pd.Series:
    with _quiet():
        return pd.to_datetime(uniques, format=fmt, errors="coerce")


class _quiet:
    """Silence pandas' date-inference warnings while trying formats."""

    def __enter__(self) -> None:
        import warnings

        self._cm = warnings.catch_warnings()
        self._cm.__enter__()
        warnings.simplefilter("ignore")

    def __exit__(self, *exc: object) -> None:
        self._cm.__exit__(*exc)


def detect_date_format(values: pd.Series, formats: Sequence[str] = DATE_FORMATS) -> DateDecision:
    """Decide the date format of a text column.

    Parameters
    ----------
    values : the column as read; blanks ignored. Indonesian month names (``5 Januari
        2023``, ``Agt``) are understood.
    formats : formats to try, preferred first.

    Returns
    -------
    DateDecision

    Notes
    -----
    A format must read every distinct non-blank cell to be chosen outright. Day-first
    and month-first both reading everything, with different dates, is ambiguous: the
    user is asked (Indonesian files are usually day-first, but a guess could shift every
    date). When cells need different formats the column is ``mixed``: the format reading
    most cells is chosen, the others will be listed, and the user is asked to confirm.

    Examples
    --------
    >>> detect_date_format(pd.Series(["2023-01-15", "2023-02-01"])).format
    'ISO8601'
    >>> detect_date_format(pd.Series(["15/01/2023", "01/02/2023"])).format
    '%d/%m/%Y'
    >>> detect_date_format(pd.Series(["05/03/2023", "01/02/2023"])).ambiguous
    True
    """
    text = _text_values(values).dropna().str.strip()
    text = text[text != ""]
    if text.empty:
        return DateDecision(None)
    uniques = pd.Series(pd.unique(text)).map(_english_months)
    example = str(text.iloc[0])
    readings = {fmt: _try_format(uniques, fmt) for fmt in formats}
    counts = {fmt: int(r.notna().sum()) for fmt, r in readings.items()}
    total = len(uniques)
    full = [fmt for fmt in formats if counts[fmt] == total]
    if full:
        distinct: list[str] = []
        for fmt in full:
            if not any(readings[fmt].equals(readings[d]) for d in distinct):
                distinct.append(fmt)
        if len(distinct) == 1:
            return DateDecision(full[0], tuple(full), False, False, (total,) * len(full), example)
        return DateDecision(
            None, tuple(distinct), True, False, tuple(total for _ in distinct), example
        )
    ranked = sorted((f for f in formats if counts[f] > 0), key=lambda f: -counts[f])
    if not ranked:
        return DateDecision(None, (), False, False, (), example)
    covered = pd.concat([readings[f].notna() for f in ranked], axis=1).any(axis=1)
    best = ranked[0]
    # The best format is only usable when no other format reads its cells differently.
    rivals = [
        f
        for f in ranked[1:]
        if counts[f] == counts[best]
        and not readings[f][readings[best].notna()].equals(readings[best][readings[best].notna()])
    ]
    chosen = None if rivals else best
    mixed = len(ranked) > 1 and int(covered.sum()) > counts[best]
    return DateDecision(
        chosen, tuple(ranked), bool(rivals), mixed, tuple(counts[f] for f in ranked), example
    )


@dataclass(frozen=True)
class ParsedDates:
    """A column read as dates: ``values`` datetime64[ns] (NaT where missing or
    unreadable) and ``unreadable`` (bool, a non-blank cell the format could not read)."""

    values: pd.Series
    unreadable: np.ndarray


def parse_dates(values: pd.Series, fmt: str) -> ParsedDates:
    """Read a column of dates in format ``fmt`` (each distinct cell parsed once).

    Examples
    --------
    >>> p = parse_dates(pd.Series(["5 Januari 2023", "x", None]), "%d %B %Y")
    >>> p.values.dt.strftime("%Y-%m-%d").tolist()[:1], p.unreadable.tolist()
    (['2023-01-05'], [False, True, False])
    """
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return ParsedDates(values.astype("datetime64[ns]"), np.zeros(len(values), dtype=bool))
    text = _text_values(values).str.strip()
    present = text.notna() & (text != "")
    codes, uniques = pd.factorize(text.where(present))
    parsed = _try_format(pd.Series(uniques).map(_english_months), fmt)
    parsed_arr = parsed.to_numpy(dtype="datetime64[ns]")
    out = np.full(len(values), np.datetime64("NaT"), dtype="datetime64[ns]")
    ok = codes >= 0
    out[ok] = parsed_arr[codes[ok]]
    unreadable = present.to_numpy() & np.isnat(out)
    return ParsedDates(pd.Series(out, index=values.index), unreadable)
