"""From the bytes of a CSV file to a raw table: encoding, dialect, ragged rows, line numbers.

First step of :mod:`analysis.ingest.loaders`. It never changes the user's file (a path is only
memory-mapped for reading) and never guesses silently: an encoding fallback, a skipped
``sep=`` line or hashtag row, every row with too few or too many fields is reported. The
values themselves are left as text or as the C parser's numbers; reading Indonesian
numbers is :mod:`analysis.ingest.numbers`' job.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import os
import re
import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from analysis.ingest.platforms import is_hxl_row
from analysis.ingest.workbooks import FileKind, WorkbookError, sniff_kind, to_csv
from analysis.messages import Message

#: A CSV file's path, or its bytes (an upload).
Source = bytes | bytearray | memoryview | str | os.PathLike

DELIMITERS: tuple[str, ...] = (",", ";", "\t", "|")
#: How much of the file's start is decoded to sniff its dialect and plan the column types.
SAMPLE_BYTES = 256 * 1024
#: Data rows of that start given to the planner.
SAMPLE_ROWS = 2000
_CHUNK = 16 * 1024 * 1024

_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"PK\x03\x04", "an Excel workbook (.xlsx) or another zip archive",
     "buku kerja Excel (.xlsx) atau arsip zip lain"),
    (b"\xd0\xcf\x11\xe0", "an old Excel workbook (.xls)", "buku kerja Excel lama (.xls)"),
    (b"%PDF", "a PDF document", "dokumen PDF"),
    (b"\x1f\x8b", "a gzip archive", "arsip gzip"),
    (b"PAR1", "a Parquet file", "berkas Parquet"),
    (b"\x89PNG", "a PNG image", "gambar PNG"),
    (b"\xff\xd8\xff", "a JPEG image", "gambar JPEG"),
    (b"SQLite format 3", "an SQLite database", "basis data SQLite"),
)  # fmt: skip
# The csv module refuses fields over 128 KB by default (a long note cell would crash the
# sniffer); a cell is as long as the file allows. Process-wide, and raising it is harmless.
csv.field_size_limit(2**31 - 1)

_SEP_LINE = re.compile(r'^\s*"?sep=(.)"?\s*$', re.IGNORECASE)
_MOJIBAKE = re.compile("Ã[\u0080-\u00bf]|â€|Â[\u00a0-\u00bf]")

Encoding = Literal["utf-8", "utf-8-sig", "utf-16", "cp1252"]
ENCODING_LABELS: dict[str, str] = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with BOM",
    "utf-16": "UTF-16",
    "cp1252": "Windows-1252 (cp1252)",
}


@dataclass(frozen=True)
class Problem:
    """A fatal reading problem: code and bilingual message."""

    code: str
    message: Message


@dataclass
class RawRead:
    """A CSV file read into a raw frame, with everything learnt on the way.

    Attributes
    ----------
    frame : the data rows, columns named by the header (stripped), index 0..n-1 in file
        order; ``None`` when the file cannot be read (see ``errors``). Rows with too many
        fields are not in it; rows with too few are (padded with missing values) and
        listed in ``ragged``.
    name : the file's name, when read from a path.
    sha256, n_bytes : of the bytes as given (before any decoding).
    encoding : one of :data:`Encoding`.
    delimiter : the field separator.
    sep_line : whether a leading ``sep=`` line was skipped.
    hxl_row : whether a row of HXL hashtags under the header was skipped.
    header : the column names as written in the file.
    notes : what was detected or converted, for the report.
    errors : fatal problems; ``frame`` is ``None`` when there are any.
    ragged : one row per data row whose field count differs from the header's: columns
        ``record`` (1-based data row), ``line`` (1-based line in the file), ``n_fields``,
        ``frame_row`` (its row in ``frame``, -1 when it is not there).
    """

    frame: pd.DataFrame | None
    name: str | None
    sha256: str
    n_bytes: int
    encoding: str = "utf-8"
    delimiter: str = ","
    sep_line: bool = False
    hxl_row: bool = False
    header: tuple[str, ...] = ()
    notes: list[Message] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    ragged: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(
            {"record": [], "line": [], "n_fields": [], "frame_row": []}, dtype="int64"
        )
    )
    #: ``"csv"``, or the kind of workbook or statistics file converted to CSV first.
    file_kind: str = "csv"
    #: The worksheet read, for a workbook.
    sheet: str | None = None
    #: column -> {code: label}, from a Stata or SPSS file's value labels.
    value_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    _locator: _Locator | None = None

    def close(self) -> None:
        """Forget the file (line numbers not yet looked up become unknown)."""
        if self._locator is not None:
            self._locator.release()

    @property
    def n_records(self) -> int:
        """Data rows in the file, ragged ones included."""
        if self.frame is None:
            return 0
        return len(self.frame) + int((self.ragged["frame_row"] < 0).sum())

    def locate(self, frame_rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(1-based data row, 1-based file line) of rows of ``frame``; -1 when unknown."""
        rows = np.asarray(frame_rows, dtype="int64")
        if self._locator is None:
            return rows + 1, np.full(len(rows), -1, dtype="int64")
        return self._locator.locate(rows)


def _msg(en: str, id_: str) -> Message:
    return Message(en=en, id=id_)


# ---------------------------------------------------------------------------------------
# Opening and decoding


@dataclass(frozen=True)
class _Facts:
    sha256: str
    has_quote: bool
    has_replacement: bool
    counts: dict[int, int]


class _Buffer:
    """The file's bytes, read in chunks: a path is never mapped or held in memory whole.

    (A memory map would be simpler, but its pages count in the process's resident
    memory once read: a 400 MB file would add 400 MB to the peak.)
    """

    def __init__(self, source: Source) -> None:
        if isinstance(source, (bytes, bytearray, memoryview)):
            self._data: bytes | None = bytes(source)
            self.path: str | None = None
            self._size = len(self._data)
        else:
            self._data = None
            self.path = os.fspath(source)
            with open(self.path, "rb") as fh:
                self._size = os.fstat(fh.fileno()).st_size

    @classmethod
    def of_bytes(cls, data: bytes) -> _Buffer:
        return cls(data)

    def __len__(self) -> int:
        return self._size

    def chunks(self, size: int = _CHUNK) -> Iterator[memoryview]:
        """The bytes in order, ``size`` at a time (views; do not keep them)."""
        if self._data is not None:
            # Whole bytes in one piece: ``chunk.obj`` is then the data itself, searched
            # from 0 to len(chunk) like a read buffer.
            if self._data:
                yield memoryview(self._data)
            return
        assert self.path is not None
        buf = bytearray(size)
        view = memoryview(buf)
        with open(self.path, "rb", buffering=0) as fh:
            while True:
                n = fh.readinto(buf)
                if not n:
                    break
                yield view[:n]

    def head(self, n: int) -> bytes:
        if self._data is not None:
            return self._data[:n]
        assert self.path is not None
        with open(self.path, "rb") as fh:
            return fh.read(n)

    def tail(self, n: int) -> bytes:
        if self._data is not None:
            return self._data[-n:] if n else b""
        assert self.path is not None
        with open(self.path, "rb") as fh:
            fh.seek(max(0, self._size - n))
            return fh.read()

    def read_all(self) -> bytes:
        if self._data is not None:
            return self._data
        assert self.path is not None
        with open(self.path, "rb") as fh:
            return fh.read()

    def survey(self, count: tuple[int, ...] = (), *, digest: bool = True) -> _Facts:
        """One pass over the bytes: SHA-256, quote and replacement characters, and how
        often each byte value in ``count`` occurs (numpy per chunk)."""
        h = hashlib.sha256()
        quote = fffd = False
        counts = dict.fromkeys(count, 0)
        tail = b""
        for chunk in self.chunks():
            if digest:
                h.update(chunk)
            arr = np.frombuffer(chunk, dtype=np.uint8)
            if not len(arr):
                continue
            if not quote:
                quote = bool((arr == 34).any())
            if not fffd and (int(arr.max()) >= 0xEF or tail):
                # U+FFFD is EF BF BD in UTF-8; look for it only in non-ASCII chunks.
                fffd = chunk.obj.find(b"\xef\xbf\xbd", 0, len(arr)) >= 0 or (
                    b"\xef\xbf\xbd" in tail + bytes(chunk[:2])
                )
                tail = bytes(chunk[-2:]) if int(arr[-2:].max()) >= 0xEF else b""
            for v in counts:
                counts[v] += int(np.count_nonzero(arr == v))
        return _Facts(h.hexdigest() if digest else "", quote, fffd, counts)

    def contains(self, needle: bytes) -> bool:
        return any(chunk.obj.find(needle, 0, len(chunk)) >= 0 for chunk in self.chunks())

    def source(self) -> object:
        """What to hand to ``pandas.read_csv``: the path itself when there is one."""
        return self.path if self.path is not None else io.BytesIO(self._data or b"")


def _binary_kind(head: bytes) -> tuple[str, str] | None:
    for magic, en, id_ in _MAGIC:
        if head.startswith(magic):
            return en, id_
    return None


def _utf16_without_bom(head: bytes) -> str | None:
    """``utf-16-le``/``-be`` when every other byte of the start is NUL (ASCII text)."""
    sample = head[: 4096 - (min(len(head), 4096) % 2)]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _first_bad_utf8(data: bytes) -> int | None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return None


def _line_of_offset(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _decode_cp1252(
    data: bytes, bad: int | None
) -> tuple[bytes | None, list[Message], Problem | None]:
    """Transcode a non-UTF-8 file from Windows-1252; report where UTF-8 failed."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        return (
            None,
            [],
            Problem(
                "unknown_encoding",
                _msg(
                    f"The file is neither UTF-8 nor Windows-1252: byte 0x{data[exc.start]:02X} at "
                    f"line {_line_of_offset(data, exc.start)} cannot be read. Save it again as "
                    "'CSV UTF-8'.",
                    f"Berkas ini bukan UTF-8 maupun Windows-1252: byte 0x{data[exc.start]:02X} "
                    f"pada baris {_line_of_offset(data, exc.start)} tidak dapat dibaca. Simpan "
                    "ulang sebagai 'CSV UTF-8'.",
                ),
            ),
        )
    where = ""
    di_mana = ""
    if bad is not None:
        line = _line_of_offset(data, bad)
        char = data[bad : bad + 1].decode("cp1252", errors="replace")
        where = f" (first at line {line}: byte 0x{data[bad]:02X}, read as '{char}')"
        di_mana = f" (pertama pada baris {line}: byte 0x{data[bad]:02X}, dibaca sebagai '{char}')"
    notes = [
        _msg(
            f"The file is not valid UTF-8{where}; it was read as Windows-1252 (cp1252), "
            "the encoding of Excel's plain 'CSV' on Windows. Check accented letters and "
            "curly quotes.",
            f"Berkas ini bukan UTF-8 yang sah{di_mana}; dibaca sebagai Windows-1252 (cp1252), "
            "pengodean 'CSV' biasa dari Excel di Windows. Periksa huruf beraksen dan tanda "
            "kutip lengkung.",
        )
    ]
    if _MOJIBAKE.search(text):
        notes.append(
            _msg(
                "Some text looks like UTF-8 read as Windows-1252 ('Ã©', 'â€™'): the file "
                "probably mixes two encodings. Save it again as 'CSV UTF-8'.",
                "Sebagian teks tampak seperti UTF-8 yang dibaca sebagai Windows-1252 ('Ã©', "
                "'â€™'): berkas ini mungkin mencampur dua pengodean. Simpan ulang sebagai "
                "'CSV UTF-8'.",
            )
        )
    return text.encode("utf-8"), notes, None


# ---------------------------------------------------------------------------------------
# Dialect


@dataclass(frozen=True)
class _Dialect:
    delimiter: str
    sep_line: bool
    header_index: int  # 0-based physical line of the header
    header: tuple[str, ...]
    records: list[list[str]]  # data records of the sample (after header)
    complete: bool  # the sample holds the whole file


def _sample_lines(text: str) -> list[str]:
    # Not str.splitlines: it also splits on form feeds and Unicode separators, which CSV
    # parsers keep inside a line.
    return re.split(r"\r\n|\n|\r", text)


def _score(lines: list[str], delimiter: str) -> tuple[float, int]:
    rows = [r for r in csv.reader(lines, delimiter=delimiter) if r]
    if not rows:
        return 0.0, 0
    width = len(rows[0])
    if width < 2:
        return 0.0, width
    same = sum(len(r) == width for r in rows) / len(rows)
    return same, width


def _sniff(text: str, complete: bool) -> _Dialect | Problem:
    if text.startswith("\ufeff"):
        text = text[1:]
    if not complete:
        # The last line may be cut: keep whole lines only.
        cut = max(text.rfind("\n"), text.rfind("\r"))
        text = text[: cut + 1] if cut > 0 else text
    lines = _sample_lines(text)
    sep_line = False
    delimiter: str | None = None
    start = 0
    if lines:
        m = _SEP_LINE.match(lines[0])
        if m:
            sep_line, delimiter, start = True, m.group(1), 1
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start >= len(lines):
        return Problem(
            "empty_file",
            _msg(
                "The file is empty: no header and no data.",
                "Berkas ini kosong: tidak ada judul kolom maupun data.",
            ),
        )
    body = lines[start:]
    if delimiter is None:
        probe = body[:200]
        scores = {d: _score(probe, d) for d in DELIMITERS}
        delimiter = max(DELIMITERS, key=lambda d: (scores[d][1] >= 2, scores[d][0], scores[d][1]))
        if scores[delimiter][1] < 2:
            delimiter = ","
    body_text = "\n".join(body)
    reader = csv.reader(io.StringIO(body_text, newline=""), delimiter=delimiter)
    records = [r for r in reader if r and not (len(r) == 1 and not r[0].strip())]
    header = tuple(records[0]) if records else ()
    data = records[1:]
    if not complete and data:
        data = data[:-1]  # may be cut mid-record
    return _Dialect(delimiter, sep_line, start, header, data[: SAMPLE_ROWS + 1], complete)


def _check_header(header: tuple[str, ...]) -> tuple[tuple[str, ...], list[Message], Problem | None]:
    names = [h.strip() for h in header]
    seen: dict[str, int] = {}
    dups: list[str] = []
    for n in names:
        if n and n in seen and n not in dups:
            dups.append(n)
        seen[n] = seen.get(n, 0) + 1
    if dups:
        listed = ", ".join(f"'{d}'" for d in dups)
        return (
            tuple(names),
            [],
            Problem(
                "duplicate_headers",
                _msg(
                    f"Column names appear twice: {listed}. Rename them so each column has its "
                    "own name; Berdaya will not guess which one you mean.",
                    f"Nama kolom muncul dua kali: {listed}. Ganti namanya agar setiap kolom "
                    "bernama unik; Berdaya tidak akan menebak kolom mana yang dimaksud.",
                ),
            ),
        )
    notes: list[Message] = []
    blank = [i for i, n in enumerate(names) if not n]
    if blank:
        for i in blank:
            names[i] = f"column_{i + 1}"
        listed = ", ".join(names[i] for i in blank)
        notes.append(
            _msg(
                f"{len(blank)} column(s) have no name; called {listed}.",
                f"{len(blank)} kolom tidak bernama; diberi nama {listed}.",
            )
        )
    return tuple(names), notes, None


# ---------------------------------------------------------------------------------------
# Record scanning (line numbers and field counts), only when needed


@dataclass(frozen=True)
class _Scan:
    lines: np.ndarray  # 1-based physical line of each data record
    n_fields: np.ndarray  # fields of each data record


def _scan_unquoted(buf: _Buffer, delimiter: str, skip_records: int) -> _Scan:
    """Per-line field counts with numpy, for files without quote characters."""
    d = ord(delimiter)
    nl = 10
    if not buf.contains(b"\n") and buf.contains(b"\r"):
        nl = 13  # classic Mac line endings
    n = len(buf)
    delims: list[np.ndarray] = []
    solid: list[np.ndarray] = []
    carry_d = carry_s = 0
    last_end = -1
    offset = 0
    for chunk in buf.chunks():
        arr = np.frombuffer(chunk, dtype=np.uint8)
        pos = np.flatnonzero(arr == nl)
        cd = np.cumsum(arr == d, dtype=np.int64)
        # Solid = neither space nor control character (a tab delimiter counts): pandas
        # skips lines with none, but keeps a line of bare delimiters as an empty row.
        cs = np.cumsum((arr > 32) | (arr == d), dtype=np.int64)
        if len(pos):
            delims.append(cd[pos] + carry_d)
            solid.append(cs[pos] + carry_s)
            last_end = offset + int(pos[-1])
        carry_d += int(cd[-1])
        carry_s += int(cs[-1])
        offset += len(arr)
    d_at = np.concatenate(delims) if delims else np.empty(0, np.int64)
    s_at = np.concatenate(solid) if solid else np.empty(0, np.int64)
    if n and last_end != n - 1:
        d_at = np.append(d_at, carry_d)
        s_at = np.append(s_at, carry_s)
    d_line = np.diff(d_at, prepend=0)
    s_line = np.diff(s_at, prepend=0)
    if len(s_line) and buf.head(3) == codecs.BOM_UTF8:
        s_line[0] -= 3  # a byte-order mark alone does not make a line (pandas skips it)
    line_no = np.arange(1, len(d_line) + 1)
    keep = s_line > 0
    return _Scan(
        line_no[keep][skip_records:].astype("int64"),
        (d_line[keep] + 1)[skip_records:].astype("int64"),
    )


def _scan_quoted(text: str, delimiter: str, skip_records: int) -> _Scan:
    """Per-record start line and field count with the csv module (quoted fields)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    lines: list[int] = []
    counts: list[int] = []
    prev = 0
    for rec in reader:
        start = prev + 1
        prev = reader.line_num
        if not rec or (len(rec) == 1 and not rec[0].strip()):
            continue
        lines.append(start)
        counts.append(len(rec))
    return _Scan(
        np.asarray(lines[skip_records:], dtype="int64"),
        np.asarray(counts[skip_records:], dtype="int64"),
    )


class _Locator:
    """Maps rows of the frame to data-row numbers and file lines, computed on demand.

    Most files need only arithmetic (no blank lines, no multi-line fields, no ragged
    rows: row r is on line first + r - 1); the others are scanned once.
    """

    def __init__(
        self,
        buf: _Buffer,
        delimiter: str,
        skip_records: int,
        first_data_line: int,
        n_frame: int,
        n_long: int,
        quoted: bool,
        width: int,
        kept_max: int | None = None,
    ) -> None:
        self._buf: _Buffer | None = buf
        #: Most fields a row of the frame can have had (one more when pandas cut rows).
        self.kept_max = width if kept_max is None else kept_max
        self._delimiter = delimiter
        self._skip = skip_records
        self._first = first_data_line
        self._n_frame = n_frame
        self._n_long = n_long
        self._quoted = quoted
        self._width = width
        self._scan: _Scan | None = None
        self._simple: bool | None = None
        #: Newlines in the file, when already counted.
        self.newlines: int | None = None

    def release(self) -> None:
        """Forget the file: from now on only what was already computed is known."""
        self._buf = None

    def scan(self) -> _Scan | None:
        if self._scan is None and self._buf is not None:
            if self._quoted:
                text = self._buf.read_all().decode("utf-8", errors="replace").removeprefix("\ufeff")
                self._scan = _scan_quoted(text, self._delimiter, self._skip)
            else:
                self._scan = _scan_unquoted(self._buf, self._delimiter, self._skip)
        return self._scan

    def _is_simple(self) -> bool:
        if self._simple is None:
            if self._quoted or self._n_long or self._buf is None:
                self._simple = False
            else:
                if self.newlines is None:
                    self.newlines = self._buf.survey((10,), digest=False).counts[10]
                lines = self.newlines
                if len(self._buf) and self._buf.tail(1) != b"\n":
                    lines += 1
                self._simple = lines == self._first - 1 + self._n_frame
        return self._simple

    def locate(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        unknown = np.full(len(rows), -1, dtype="int64")
        if self._is_simple():
            return rows + 1, rows + self._first
        scan = self.scan()
        if scan is None:
            return rows + 1, unknown
        kept = np.flatnonzero(scan.n_fields <= self.kept_max)
        if len(kept) != self._n_frame:
            return rows + 1, unknown
        rec = kept[rows]
        return rec + 1, scan.lines[rec]


# ---------------------------------------------------------------------------------------
# The public step


ColumnPlan = Callable[[pd.DataFrame], Mapping[str, str]]


def read_raw(
    source: Source, plan: ColumnPlan | None = None, *, sheet: str | None = None
) -> RawRead:
    """Read a CSV file (or a workbook or statistics file) into a raw frame with its report.

    Parameters
    ----------
    source : a path, or the file's bytes (an upload). The file is never modified.
    sheet : a workbook's worksheet by name (default: the first).
    plan : called with the first rows of the file (all text, header names as columns);
        returns ``{column: "str"}`` for columns to keep as text (identifiers, codes with
        leading zeros, Indonesian-notation numbers). Other columns are typed by the C
        parser (numbers when every cell is a plain number).

    Returns
    -------
    RawRead
        ``errors`` non-empty (and ``frame`` ``None``) for: a missing or unreadable file,
        an empty file, a header without data, a binary file (Excel workbook, PDF,
        image...), an unknown encoding, duplicate column names, an unterminated quote.
        Call :meth:`RawRead.close` when done with line numbers.

    Notes
    -----
    Excel (.xlsx, .xls), OpenDocument (.ods), Stata (.dta), SPSS (.sav) and Parquet files are
    recognised by their first bytes and converted to CSV text first
    (:mod:`analysis.ingest.workbooks`). Encodings: UTF-8 (with or without BOM), UTF-16 (BOM, or without BOM when the text is
    ASCII), otherwise Windows-1252, reported. Delimiter: ``,`` ``;`` tab or ``|``, from
    a ``sep=`` first line when present, else the one giving the most consistent field
    count. A row of HXL hashtags under the header (KoboToolbox) is skipped and reported.
    """
    name = None
    if not isinstance(source, (bytes, bytearray, memoryview)):
        name = Path(os.fspath(source)).name
    try:
        return _read(_Buffer(source), name, plan, sheet)
    except OSError as exc:
        where = os.fspath(source) if name else "(upload)"
        return RawRead(
            None, name, "", 0,
            errors=[Problem("unreadable_file", _msg(
                f"Cannot read the file {where}: {exc.strerror or exc}.",
                f"Berkas {where} tidak dapat dibaca: {exc.strerror or exc}.",
            ))],
        )  # fmt: skip


def _empty_problem() -> Problem:
    return Problem(
        "empty_file",
        _msg(
            "The file is empty: no header and no data.",
            "Berkas ini kosong: tidak ada judul kolom maupun data.",
        ),
    )


def _header_only() -> Problem:
    return Problem(
        "header_only",
        _msg(
            "The file has a header row but no data rows.",
            "Berkas ini hanya berisi baris judul, tanpa baris data.",
        ),
    )


def _decode(buf: _Buffer, out: RawRead) -> tuple[_Buffer, bool] | None:
    """Settle the encoding; returns the UTF-8 buffer to read and whether it was
    transcoded, or None (with ``out.errors`` filled) when the file is not text."""
    head = buf.head(SAMPLE_BYTES)
    kind = _binary_kind(head)
    bom16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if head.startswith(codecs.BOM_UTF8):
        out.encoding = "utf-8-sig"
        return buf, False
    if bom16 or (b"\0" in head[:4096] and _utf16_without_bom(head)):
        codec = "utf-16" if bom16 else (_utf16_without_bom(head) or "utf-16")
        try:
            text = buf.read_all().decode(codec)
        except UnicodeDecodeError:
            out.errors.append(_binary_problem(None))
            return None
        out.encoding = "utf-16"
        if not bom16:
            out.notes.append(
                _msg(
                    "The file is UTF-16 without a byte-order mark; read as UTF-16.",
                    "Berkas ini UTF-16 tanpa penanda urutan byte; dibaca sebagai UTF-16.",
                )
            )
        return _Buffer(text.lstrip("\ufeff").encode("utf-8")), True
    if kind is not None or b"\0" in head or _control_share(head) > 0.05:
        out.errors.append(_binary_problem(kind))
        return None
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) == len(buf))
    except UnicodeDecodeError:
        return _to_cp1252(buf, out)
    out.encoding = "utf-8"
    return buf, False


def _to_cp1252(buf: _Buffer, out: RawRead) -> tuple[_Buffer, bool] | None:
    raw = buf.read_all()
    new, notes, problem = _decode_cp1252(raw, _first_bad_utf8(raw))
    if problem is not None or new is None:
        out.errors.append(problem or _binary_problem(None))
        return None
    out.encoding = "cp1252"
    out.notes.extend(notes)
    return _Buffer(new), True


def _read(buf: _Buffer, name: str | None, plan: ColumnPlan | None, sheet: str | None) -> RawRead:
    out = RawRead(None, name, "", len(buf))
    kind = sniff_kind(buf.head(SAMPLE_BYTES))
    if kind is not None:
        return _read_binary(buf, out, plan, kind, sheet)
    result = _read_text(buf, out, plan)
    if not out.sha256:
        # Stopped early (not a readable CSV): the hash still identifies the file.
        out.sha256 = buf.survey(digest=True).sha256
    return result


def _read_binary(
    buf: _Buffer, out: RawRead, plan: ColumnPlan | None, kind: FileKind, sheet: str | None
) -> RawRead:
    """A workbook or statistics file: converted to CSV text (:mod:`analysis.ingest.workbooks`),
    then read like any CSV; the hash and size stay those of the file as given."""
    digest = buf.survey(digest=True).sha256
    try:
        converted = to_csv(buf.read_all(), kind, sheet=sheet)
    except WorkbookError as exc:
        out.sha256 = digest
        out.errors.append(Problem(exc.code, exc.message))
        return out
    n_bytes = out.n_bytes
    result = _read_text(_Buffer(converted.csv), out, plan)
    result.sha256, result.n_bytes = digest, n_bytes
    result.file_kind, result.sheet = kind, converted.sheet
    result.value_labels = dict(converted.value_labels)
    result.notes[:0] = list(converted.notes)
    return result


def _read_text(buf: _Buffer, out: RawRead, plan: ColumnPlan | None) -> RawRead:
    if not buf.head(SAMPLE_BYTES).strip():
        out.errors.append(_empty_problem())
        return out
    decoded = _decode(buf, out)
    if decoded is None:
        return out
    data, transcoded = decoded
    sniffed = _dialect_and_header(data, out)
    if sniffed is None:
        return out
    dialect, records = sniffed
    names = out.header
    forced = _planned_types(plan, names, records)

    # --- the full read (a UTF-8 path goes to pandas directly: fastest)
    skip = [0] if dialect.sep_line else []
    if out.hxl_row:
        skip.append(dialect.header_index + 1)
    frame, long_rows, cut, error = _pandas_read(
        data.source(), names, dialect.delimiter, skip, forced
    )
    if isinstance(error, UnicodeDecodeError) and not transcoded:
        # Invalid UTF-8 beyond the sniffed start.
        again = _to_cp1252(buf, out)
        if again is None:
            return out
        data, transcoded = again
        frame, long_rows, cut, error = _pandas_read(
            data.source(), names, dialect.delimiter, skip, forced
        )
    if error is not None or frame is None:
        out.errors.append(_parser_problem(error))
        return out
    if len(frame) == 0 and long_rows == 0:
        out.errors.append(_header_only())
        return out
    _settle_mixed(frame, data, names, dialect.delimiter, skip)

    # --- one pass over the bytes: hash, quotes, and (when a padded row is possible)
    # the delimiter and newline counts that rule ragged rows out without a scan.
    width = len(names)
    candidates = long_rows == 0 and not cut and width > 0 and bool(frame.iloc[:, -1].isna().any())
    count = (ord(dialect.delimiter), 10) if candidates else ()
    facts = data.survey(count, digest=not transcoded)
    out.sha256 = facts.sha256 if not transcoded else buf.survey().sha256
    if not transcoded and facts.has_replacement:
        out.notes.append(
            _msg(
                "The file contains replacement characters (�): some letters were already "
                "lost before Berdaya read it. Export it again from the original.",
                "Berkas ini berisi karakter pengganti (�): sebagian huruf sudah hilang "
                "sebelum Berdaya membacanya. Ekspor ulang dari sumber aslinya.",
            )
        )

    out.frame = frame
    locator = _Locator(
        data,
        dialect.delimiter,
        skip_records=1 + int(dialect.sep_line) + int(out.hxl_row),
        first_data_line=dialect.header_index + 2 + int(out.hxl_row),
        n_frame=len(frame),
        n_long=long_rows + int(cut),
        quoted=facts.has_quote,
        width=width,
        kept_max=width + int(cut),
    )
    if candidates:
        locator.newlines = facts.counts[10]
    out._locator = locator
    out.ragged = _find_ragged(frame, data, dialect, out, locator, long_rows + int(cut), facts)
    return out


def _dialect_and_header(data: _Buffer, out: RawRead) -> tuple[_Dialect, list[list[str]]] | None:
    """The dialect and header sniffed from the decoded start, and the first records after
    the header (an HXL hashtag row skipped); ``None`` after recording why it cannot be read."""
    head = data.head(SAMPLE_BYTES)
    complete = len(head) >= len(data)
    text = codecs.getincrementaldecoder("utf-8")(errors="replace").decode(head, final=complete)
    dialect = _sniff(text, complete)
    if isinstance(dialect, Problem):
        out.errors.append(dialect)
        return None
    out.delimiter = dialect.delimiter
    out.sep_line = dialect.sep_line
    if dialect.sep_line:
        out.notes.append(
            _msg(
                f"Skipped the first line 'sep={dialect.delimiter}' (an Excel hint naming "
                "the delimiter).",
                f"Baris pertama 'sep={dialect.delimiter}' (petunjuk Excel tentang pemisah) "
                "dilewati.",
            )
        )
    names, notes, problem = _check_header(dialect.header)
    out.header = names
    out.notes.extend(notes)
    if problem is not None:
        out.errors.append(problem)
        return None
    records = dialect.records
    if records and is_hxl_row(records[0]):
        out.hxl_row = True
        records = records[1:]
        out.notes.append(
            _msg(
                "Skipped the second header row of HXL hashtags (#...).",
                "Baris judul kedua berisi tagar HXL (#...) dilewati.",
            )
        )
    if dialect.complete and not records:
        out.errors.append(_header_only())
        return None
    if records and all(len(r) == len(names) + 1 and not r[-1].strip() for r in records):
        out.notes.append(
            _msg(
                "Every row ends with an extra delimiter (an empty last field, which the "
                "header does not name); it was ignored.",
                "Setiap baris diakhiri pemisah tambahan (kolom terakhir kosong tanpa judul); "
                "diabaikan.",
            )
        )
    return dialect, records


def _planned_types(
    plan: ColumnPlan | None, names: tuple[str, ...], records: list[list[str]]
) -> dict[str, str]:
    """The column types the loader's plan asks for, decided on the first rows as text."""
    if plan is None:
        return {}
    width = len(names)
    rows = [(r + [""] * width)[:width] for r in records[:SAMPLE_ROWS]]
    sample = pd.DataFrame(rows, columns=list(names), dtype="str")
    return {c: t for c, t in plan(sample).items() if c in names}


def _settle_mixed(
    frame: pd.DataFrame, data: _Buffer, names: tuple[str, ...], delimiter: str, skip: list[int]
) -> None:
    """Columns the parser typed differently in different chunks come back as object: read
    them again as text, so nothing depends on where the parser split the file."""
    mixed = []
    for c in frame.columns:
        if frame[c].dtype == object:
            # A chunk of blanks reads as float NaN beside text chunks: text after all.
            if pd.api.types.infer_dtype(frame[c], skipna=True) in ("string", "empty"):
                frame[c] = frame[c].astype("str")
            else:
                mixed.append(c)
    if mixed:
        again, _, _, _ = _pandas_read(
            data.source(), names, delimiter, skip, dict.fromkeys(mixed, "str"), usecols=mixed
        )
        if again is not None and len(again) == len(frame):
            for c in mixed:
                frame[c] = again[c]


def _binary_problem(kind: tuple[str, str] | None) -> Problem:
    what_en, what_id = kind or ("a binary file, not text", "berkas biner, bukan teks")
    return Problem(
        "binary_file",
        _msg(
            f"This is {what_en}, not a CSV text file. Open it in its program and save or "
            "export it as CSV (UTF-8).",
            f"Ini {what_id}, bukan berkas teks CSV. Buka dengan programnya lalu simpan atau "
            "ekspor sebagai CSV (UTF-8).",
        ),
    )


def _control_share(head: bytes) -> float:
    if not head:
        return 0.0
    arr = np.frombuffer(head, dtype=np.uint8)
    ctrl = (arr < 32) & ~np.isin(arr, (9, 10, 13, 12))
    return float(ctrl.mean())


def _parser_problem(exc: BaseException | None) -> Problem:
    detail = str(exc).strip().splitlines()[-1] if exc is not None else "unknown error"
    return Problem(
        "unreadable_csv",
        _msg(
            f'The file cannot be read as CSV: {detail}. A quote (") that is opened but '
            "never closed is the usual cause.",
            f"Berkas ini tidak dapat dibaca sebagai CSV: {detail}. Penyebab biasanya tanda "
            'kutip (") yang dibuka tetapi tidak ditutup.',
        ),
    )


_SKIPPING = re.compile(r"Skipping line (\d+): expected (\d+) fields, saw (\d+)")


def _pandas_read(
    src: object,
    names: tuple[str, ...],
    delimiter: str,
    skip: list[int],
    dtype: Mapping[str, str],
    usecols: list[str] | None = None,
) -> tuple[pd.DataFrame | None, int, bool, BaseException | None]:
    """pandas' C parser with our names.

    Returns (frame, rows skipped for too many fields, whether rows with exactly one field
    too many were kept cut short, error). The last happens when the first data row has
    one field more than the header: pandas would take the first column as an index and
    shift every value one column left; ``index_col=False`` stops that, and we list those
    rows instead.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            frame = pd.read_csv(
                src,  # type: ignore[arg-type]
                sep=delimiter,
                header=0,
                names=list(names),
                skiprows=skip or None,
                dtype=dict(dtype) or None,
                usecols=usecols,
                engine="c",
                encoding="utf-8",
                encoding_errors="strict",
                on_bad_lines="warn",
                skip_blank_lines=True,
                quotechar='"',
                index_col=False,
            )
        except UnicodeDecodeError as exc:
            return None, 0, False, exc
        except (pd.errors.ParserError, ValueError) as exc:
            return None, 0, False, exc
    long_rows = sum(
        len(_SKIPPING.findall(str(w.message)))
        for w in caught
        if issubclass(w.category, pd.errors.ParserWarning)
    )
    cut = any("does not match length of data" in str(w.message) for w in caught)
    return frame, long_rows, cut, None


def _find_ragged(
    frame: pd.DataFrame,
    data: _Buffer,
    dialect: _Dialect,
    out: RawRead,
    locator: _Locator,
    long_rows: int,
    facts: _Facts,
) -> pd.DataFrame:
    """Rows with a field count other than the header's.

    pandas drops rows with too many fields (its warnings were counted) and pads rows
    with too few with missing values, silently. A padded row has a missing last cell, so
    only when some last cell is missing (or a long row was seen) is the file examined:
    first by the delimiter count (every row complete adds up exactly, when no field is
    quoted), then by a scan.
    """
    width = len(dialect.header)
    empty = pd.DataFrame({"record": [], "line": [], "n_fields": [], "frame_row": []}, dtype="int64")
    if long_rows == 0 and not facts.counts:
        return empty
    if long_rows == 0 and not facts.has_quote:
        expected = (len(frame) + 1 + int(out.hxl_row)) * (width - 1)
        if dialect.sep_line:
            first = data.head(200).splitlines()[0]
            expected += first.count(dialect.delimiter.encode())
        if facts.counts[ord(dialect.delimiter)] == expected:
            return empty
    scan = locator.scan()
    if scan is None:
        return empty
    bad = np.flatnonzero(scan.n_fields != width)
    if len(bad) == 0:
        return empty
    kept = scan.n_fields <= locator.kept_max
    frame_row = np.cumsum(kept) - 1
    return pd.DataFrame(
        {
            "record": bad + 1,
            "line": scan.lines[bad],
            "n_fields": scan.n_fields[bad],
            "frame_row": np.where(kept[bad], frame_row[bad], -1),
        }
    ).astype("int64")
