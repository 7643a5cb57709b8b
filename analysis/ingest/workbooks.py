"""Spreadsheets and statistics files as researchers keep them, turned into CSV text.

Excel (``.xlsx``, ``.xls``), OpenDocument (``.ods``), Stata (``.dta``), SPSS (``.sav``,
``.zsav``) and Parquet files are recognised by their first bytes, read with well-kept
readers (python-calamine for workbooks: fast and without formulas' side effects;
pyreadstat for Stata and SPSS: value labels and all Stata versions; pyarrow for Parquet) and
written out as UTF-8 CSV, so that every later step (header detection, mapping, privacy,
number and date parsing, the problem list with its row numbers) is the one CSV files get.

How cells become text, so that nothing is reinterpreted:

- a number cell keeps its value: whole numbers without ``.0`` (``1500000``), others in
  plain positional notation (``289.7899``, ``0.00001``, never ``1e-05``);
- a date cell becomes ``YYYY-MM-DD`` (``YYYY-MM-DD HH:MM:SS`` when it has a time);
- a text cell is kept as typed (leading zeros included); a boolean is ``TRUE``/``FALSE``;
- an empty cell is empty. Fully empty trailing rows and columns are dropped.

Stata and SPSS value labels are returned beside the codes (:attr:`Converted.value_labels`);
the loader decides, per field, whether the code or its label is the value (see
:func:`analysis.ingest.loaders.load_survey`). A row number in the problem list is the
spreadsheet's own row number (the header is row 1).
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import math
import os
import tempfile
import zipfile
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from analysis.messages import Message

FileKind = Literal["xlsx", "xls", "ods", "dta", "sav", "parquet"]

#: What each kind is called in messages (English, Indonesian).
KIND_NAMES: dict[str, tuple[str, str]] = {
    "xlsx": ("Excel workbook (.xlsx)", "buku kerja Excel (.xlsx)"),
    "xls": ("old Excel workbook (.xls)", "buku kerja Excel lama (.xls)"),
    "ods": ("OpenDocument spreadsheet (.ods)", "lembar kerja OpenDocument (.ods)"),
    "dta": ("Stata file (.dta)", "berkas Stata (.dta)"),
    "sav": ("SPSS file (.sav)", "berkas SPSS (.sav)"),
    "parquet": ("Parquet file", "berkas Parquet"),
}


@dataclass(frozen=True)
class Converted:
    """A binary data file as CSV text, with what was learned reading it.

    Attributes
    ----------
    csv : the table as UTF-8 CSV bytes (comma-delimited, header first).
    kind : which reader was used.
    sheet : the worksheet read (workbooks only).
    value_labels : column -> {code as text: label}, from Stata/SPSS value labels.
    notes : what the reader did, for the load report.
    """

    csv: bytes
    kind: FileKind
    sheet: str | None = None
    value_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    notes: tuple[Message, ...] = ()


class WorkbookError(ValueError):
    """A binary file that cannot be read (damaged, encrypted, an unknown sheet name)."""

    def __init__(self, message: Message, code: str = "unreadable_file") -> None:
        super().__init__(message.en)
        self.message = message
        self.code = code


def sniff_kind(head: bytes) -> FileKind | None:
    """The kind of binary data file from its first bytes, or ``None`` (text, or unknown).

    A zip archive is an ``.xlsx`` when it holds ``xl/`` parts and an ``.ods`` when its
    ``mimetype`` says so; this needs the whole bytes, so only the signature is checked here
    and :func:`to_csv` tells a zip that is neither.
    """
    if head.startswith(b"PK\x03\x04"):
        return "ods" if b"opendocument.spreadsheet" in head[:100] else "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith((b"$FL2", b"$FL3")):
        return "sav"
    if head.startswith(b"<stata_dta>"):
        return "dta"
    # Stata 8-12 (formats 113-115): version byte, byte order 1 or 2, filetype 1, a zero.
    if len(head) >= 4 and head[0] in (113, 114, 115) and head[1] in (1, 2) and head[2] == 1:
        return "dta"
    return None


def to_csv(data: bytes, kind: FileKind, *, sheet: str | None = None) -> Converted:
    """Read a binary data file of ``kind`` and write its table as CSV.

    Parameters
    ----------
    data : the file's bytes (never modified).
    kind : from :func:`sniff_kind`.
    sheet : a workbook's worksheet by name; by default the first one.

    Returns
    -------
    Converted

    Raises
    ------
    WorkbookError
        The file cannot be read, or ``sheet`` is not in the workbook (the message lists
        the sheets there are).

    Notes
    -----
    Missing data: empty cells, Stata's ``.``/``.a``-``.z`` and SPSS system-missing values are
    written empty; SPSS user-missing codes are kept as their codes and listed in a note.
    """
    try:
        if kind in ("xlsx", "xls", "ods"):
            return _workbook(data, kind, sheet)
        if kind in ("dta", "sav"):
            return _statistics_file(data, kind)
        return _parquet(data)
    except WorkbookError:
        raise
    except Exception as exc:  # a damaged file: any reader error is the user's message
        en, id_ = KIND_NAMES[kind]
        raise WorkbookError(
            Message(
                f"The {en} cannot be read ({type(exc).__name__}: {exc}). Open it in its "
                "program and save it again, or export it as CSV.",
                f"{id_[0].upper() + id_[1:]} tidak dapat dibaca ({type(exc).__name__}: {exc}). "
                "Buka di programnya lalu simpan ulang, atau ekspor sebagai CSV.",
            )
        ) from exc


def _workbook(data: bytes, kind: FileKind, sheet: str | None) -> Converted:
    from python_calamine import CalamineWorkbook

    if kind == "xlsx" and not _is_xlsx_zip(data):
        raise WorkbookError(
            Message(
                "The file is a zip archive but not an Excel workbook; unpack it or export "
                "the table as CSV or .xlsx.",
                "Berkas ini arsip zip, bukan buku kerja Excel; ekstrak dulu atau ekspor "
                "tabelnya sebagai CSV atau .xlsx.",
            ),
            "binary_file",
        )
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    names = list(book.sheet_names)
    if not names:
        raise WorkbookError(
            Message("The workbook has no sheets.", "Buku kerja tidak berisi sheet.")
        )
    chosen = names[0] if sheet is None else sheet
    if chosen not in names:
        listed = ", ".join(repr(n) for n in names)
        raise WorkbookError(
            Message(
                f"The workbook has no sheet {sheet!r}; its sheets are {listed}.",
                f"Buku kerja tidak memiliki sheet {sheet!r}; sheet yang ada: {listed}.",
            )
        )
    rows = book.get_sheet_by_name(chosen).to_python(skip_empty_area=False)
    notes = [_sheet_note(kind, chosen, names)]
    return Converted(_rows_to_csv(rows), kind, chosen, {}, tuple(notes))


def _is_xlsx_zip(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return any(n.startswith("xl/") for n in z.namelist())
    except zipfile.BadZipFile:
        return False


def _sheet_note(kind: FileKind, chosen: str, names: list[str]) -> Message:
    en, id_ = KIND_NAMES[kind]
    others = [n for n in names if n != chosen]
    more_en = f"; other sheets ({', '.join(others)}) were not read (--sheet NAME)" if others else ""
    more_id = f"; sheet lain ({', '.join(others)}) tidak dibaca (--sheet NAMA)" if others else ""
    return Message(
        f"Read sheet '{chosen}' of an {en}{more_en}.",
        f"Sheet '{chosen}' dari {id_} dibaca{more_id}.",
    )


def _statistics_file(data: bytes, kind: FileKind) -> Converted:
    import pyreadstat

    suffix = ".dta" if kind == "dta" else ".sav"
    # pyreadstat reads from a path: a private temporary copy, removed at once.
    fd, path = tempfile.mkstemp(suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        reader = pyreadstat.read_dta if kind == "dta" else pyreadstat.read_sav
        df, meta = reader(path, apply_value_formats=False, user_missing=kind == "sav")
    finally:
        os.unlink(path)
    labels = {
        str(col): {_cell(k): str(v) for k, v in mapping.items()}
        for col, mapping in (meta.variable_value_labels or {}).items()
        if col in df.columns
    }
    notes = [_stat_note(kind, len(df))]
    if labels:
        notes.append(_labels_note(labels))
    return Converted(_frame_to_csv(df), kind, None, labels, tuple(notes))


def _stat_note(kind: FileKind, n: int) -> Message:
    en, id_ = KIND_NAMES[kind]
    return Message(
        f"Read a {en} of {n:,} rows.", f"{id_[0].upper() + id_[1:]} dengan {n:,} baris dibaca."
    )


def _labels_note(labels: dict[str, dict[str, str]]) -> Message:
    shown = []
    for col, mapping in list(labels.items())[:8]:
        pairs = ", ".join(f"{k} = {v}" for k, v in list(mapping.items())[:6])
        more = ", ..." if len(mapping) > 6 else ""
        shown.append(f"{col} ({pairs}{more})")
    rest = f" and {len(labels) - 8} more" if len(labels) > 8 else ""
    rest_id = f" dan {len(labels) - 8} lainnya" if len(labels) > 8 else ""
    return Message(
        f"Value labels: {'; '.join(shown)}{rest}. Text fields show the labels; numbers, "
        "0/1 flags and waves keep the codes.",
        f"Label nilai: {'; '.join(shown)}{rest_id}. Bidang teks menampilkan label; angka, "
        "penanda 0/1 dan gelombang memakai kodenya.",
    )


def _parquet(data: bytes) -> Converted:
    import pyarrow.parquet as pq

    table = pq.read_table(io.BytesIO(data))
    df = table.to_pandas()
    note = Message(
        f"Read a Parquet file of {len(df):,} rows.",
        f"Berkas Parquet dengan {len(df):,} baris dibaca.",
    )
    return Converted(_frame_to_csv(df), "parquet", None, {}, (note,))


def _frame_to_csv(df: pd.DataFrame) -> bytes:
    """A typed frame as CSV bytes by the module's rules, column by column (vectorised: a
    statistics file of a million rows is not walked cell by cell)."""
    out = {}
    for col in df.columns:
        s = df[col]
        if pd.api.types.is_bool_dtype(s.dtype):
            out[str(col)] = s.map({True: "TRUE", False: "FALSE"})
        elif pd.api.types.is_float_dtype(s.dtype):
            v = s.replace([np.inf, -np.inf], np.nan)
            filled = v.dropna()
            whole = bool(((filled % 1 == 0) & (filled.abs() < 1e16)).all())
            out[str(col)] = v.astype("Int64") if whole else v  # 1500000, not 1500000.0
        elif pd.api.types.is_datetime64_any_dtype(s.dtype):
            t = pd.to_datetime(s)
            timed = bool((t.dropna() != t.dropna().dt.normalize()).any())
            out[str(col)] = t.dt.strftime("%Y-%m-%d %H:%M:%S" if timed else "%Y-%m-%d")
        else:
            out[str(col)] = s
    buf = io.StringIO()
    pd.DataFrame(out).to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue().encode("utf-8")


def _rows_to_csv(rows: Any) -> bytes:
    """Rows of Python values as CSV bytes, trailing empty rows and columns dropped."""
    text_rows = [[_cell(v) for v in row] for row in rows]
    while text_rows and not any(text_rows[-1]):
        text_rows.pop()
    width = max(
        (max((i + 1 for i, v in enumerate(r) if v), default=0) for r in text_rows), default=0
    )
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    for r in text_rows:
        writer.writerow((r + [""] * width)[:width])
    return buf.getvalue().encode("utf-8")


def _cell(value: Any) -> str:
    """One cell as text; see the module docstring for the rules."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        v = float(value)
        if math.isnan(v) or math.isinf(v):
            return ""
        if v.is_integer() and abs(v) < 1e16:
            return str(int(v))
        return np.format_float_positional(v, trim="-")
    if isinstance(value, (pd.Timestamp, _dt.datetime)):
        ts = pd.Timestamp(value)
        if ts is pd.NaT:
            return ""
        has_time = (ts.hour, ts.minute, ts.second, ts.microsecond) != (0, 0, 0, 0)
        return ts.strftime("%Y-%m-%d %H:%M:%S" if has_time else "%Y-%m-%d")
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, _dt.timedelta):
        return str(value)
    return str(value)
