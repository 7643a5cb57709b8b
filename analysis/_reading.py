"""From the bytes of a CSV file to a raw table: encoding, dialect, ragged rows, line numbers.

First step of :mod:`analysis.loaders`. It never changes the user's file (a path is only
memory-mapped for reading) and never guesses silently: an encoding fallback, a skipped
``sep=`` line or hashtag row, every row with too few or too many fields is reported. The
values themselves are left as text or as the C parser's numbers; reading Indonesian
numbers is :mod:`analysis._numbers`' job.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import mmap
import os
import re
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from ._messages import Message
from ._platforms import is_hxl_row

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
    _locator: _Locator | None = None
    _buffer: _Buffer | None = None

    def close(self) -> None:
        """Release the file's memory map (line numbers are unknown afterwards)."""
        if self._locator is not None:
            self._locator.freeze()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer = None

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


class _Buffer:
    """The file's bytes: memory-mapped for a path, as given for an upload."""

    def __init__(self, source: Source) -> None:
        self._mm: mmap.mmap | None = None
        self._fh = None
        if isinstance(source, (bytes, bytearray, memoryview)):
            self.data: bytes | mmap.mmap = bytes(source)
            self.path: str | None = None
        else:
            self.path = os.fspath(source)
            self._fh = open(self.path, "rb")  # noqa: SIM115 - closed in close()
            size = os.fstat(self._fh.fileno()).st_size
            if size == 0:
                self.data = b""
            else:
                self._mm = mmap.mmap(self._fh.fileno(), 0, access=mmap.ACCESS_READ)
                self.data = self._mm

    def __len__(self) -> int:
        return len(self.data)

    def head(self, n: int) -> bytes:
        return bytes(self.data[:n])

    def sha256(self) -> str:
        h = hashlib.sha256()
        view = memoryview(self.data)
        for start in range(0, len(view), _CHUNK):
            h.update(view[start : start + _CHUNK])
        view.release()
        return h.hexdigest()

    def count(self, byte: int) -> int:
        """Occurrences of one byte value, in chunks (no copy of the file)."""
        total = 0
        for start in range(0, len(self.data), _CHUNK):
            arr = np.frombuffer(self.data, dtype=np.uint8, count=min(_CHUNK, len(self.data) - start),
                                offset=start)  # fmt: skip
            total += int(np.count_nonzero(arr == byte))
        return total

    def find(self, needle: bytes) -> int:
        return self.data.find(needle)

    def close(self) -> None:
        if self._mm is not None:
            self._mm.close()
        if self._fh is not None:
            self._fh.close()


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


def _scan_unquoted(buf: bytes | mmap.mmap, delimiter: str, skip_records: int) -> _Scan:
    """Per-line field counts with numpy, for files without quote characters."""
    d = ord(delimiter)
    nl = 10
    if buf.find(b"\n") < 0 and buf.find(b"\r") >= 0:
        nl = 13  # classic Mac line endings
    n = len(buf)
    ends: list[np.ndarray] = []
    delims: list[np.ndarray] = []
    solid: list[np.ndarray] = []
    carry_d = carry_s = 0
    for start in range(0, n, _CHUNK):
        arr = np.frombuffer(buf, dtype=np.uint8, count=min(_CHUNK, n - start), offset=start)
        pos = np.flatnonzero(arr == nl)
        cd = np.cumsum(arr == d, dtype=np.int64)
        # Solid = neither space nor control character (a tab delimiter counts): pandas
        # skips lines with none, but keeps a line of bare delimiters as an empty row.
        cs = np.cumsum((arr > 32) | (arr == d), dtype=np.int64)
        ends.append(pos + start)
        delims.append(cd[pos] + carry_d if len(pos) else np.empty(0, np.int64))
        solid.append(cs[pos] + carry_s if len(pos) else np.empty(0, np.int64))
        carry_d += int(cd[-1])
        carry_s += int(cs[-1])
    end_pos = np.concatenate(ends)
    d_at = np.concatenate(delims)
    s_at = np.concatenate(solid)
    if n and (len(end_pos) == 0 or end_pos[-1] != n - 1):
        d_at = np.append(d_at, carry_d)
        s_at = np.append(s_at, carry_s)
    d_line = np.diff(d_at, prepend=0)
    s_line = np.diff(s_at, prepend=0)
    line_no = np.arange(1, len(d_line) + 1)
    keep = s_line > 0
    lines = line_no[keep][skip_records:]
    n_fields = (d_line[keep] + 1)[skip_records:]
    return _Scan(lines.astype("int64"), n_fields.astype("int64"))


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
    """Maps rows of the frame to data-row numbers and file lines, computing lazily."""

    def __init__(
        self,
        buf: bytes | mmap.mmap,
        delimiter: str,
        skip_records: int,
        first_data_line: int,
        n_frame: int,
        n_long: int,
        quoted: bool,
        width: int,
    ) -> None:
        self._width = width
        self._buf = buf
        self._delimiter = delimiter
        self._skip = skip_records
        self._first = first_data_line
        self._n_frame = n_frame
        self._n_long = n_long
        self._quoted = quoted
        self._scan: _Scan | None = None
        self._simple: bool | None = None
        self._frozen = False

    def freeze(self) -> None:
        """The buffer is going away: from now on, only what was already computed."""
        self._frozen = True
        self._buf = b""

    def scan(self) -> _Scan:
        if self._scan is None:
            if self._quoted:
                text = bytes(self._buf).decode("utf-8", errors="replace")
                self._scan = _scan_quoted(text, self._delimiter, self._skip)
            else:
                self._scan = _scan_unquoted(self._buf, self._delimiter, self._skip)
        return self._scan

    def _is_simple(self) -> bool:
        """No blank lines, no multi-line fields, no long rows: line = arithmetic."""
        if self._simple is None:
            if self._quoted or self._n_long:
                self._simple = False
            else:
                n = len(self._buf)
                newlines = sum(
                    int(np.count_nonzero(np.frombuffer(self._buf, np.uint8, min(_CHUNK, n - s), s) == 10))
                    for s in range(0, n, _CHUNK)
                )  # fmt: skip
                ends_nl = n > 0 and self._buf[n - 1 : n] == b"\n"
                lines = newlines + (0 if ends_nl else 1)
                self._simple = lines == self._first - 1 + self._n_frame
        return self._simple

    def locate(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if self._frozen and self._simple is None and self._scan is None:
            return rows + 1, np.full(len(rows), -1, dtype="int64")
        if self._is_simple():
            return rows + 1, rows + self._first
        scan = self.scan()
        kept = np.flatnonzero(scan.n_fields <= self._width)
        if len(kept) != self._n_frame:
            return rows + 1, np.full(len(rows), -1, dtype="int64")
        rec = kept[rows]
        return rec + 1, scan.lines[rec]


# ---------------------------------------------------------------------------------------
# The public step


ColumnPlan = Callable[[pd.DataFrame], Mapping[str, str]]


def read_raw(source: Source, plan: ColumnPlan | None = None) -> RawRead:
    """Read a CSV file into a raw frame with its reading report.

    Parameters
    ----------
    source : a path, or the file's bytes (an upload). The file is never modified.
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

    Notes
    -----
    Encodings: UTF-8 (with or without BOM), UTF-16 (BOM, or without BOM when the text is
    ASCII), otherwise Windows-1252, reported. Delimiter: ``,`` ``;`` tab or ``|``, from
    a ``sep=`` first line when present, else the one giving the most consistent field
    count. A row of HXL hashtags under the header (KoboToolbox) is skipped and reported.
    """
    try:
        buf = _Buffer(source)
    except OSError as exc:
        name = os.fspath(source) if not isinstance(source, (bytes, bytearray, memoryview)) else None
        return RawRead(
            None, name, "", 0,
            errors=[Problem("unreadable_file", _msg(
                f"Cannot open the file {name}: {exc.strerror or exc}.",
                f"Berkas {name} tidak dapat dibuka: {exc.strerror or exc}.",
            ))],
        )  # fmt: skip
    try:
        out = _read(buf, plan)
    except BaseException:
        buf.close()
        raise
    # Line numbers are found lazily from the buffer; RawRead.close() releases it.
    out._buffer = buf
    if out._locator is None:
        out.close()
    return out


def _read(buf: _Buffer, plan: ColumnPlan | None) -> RawRead:
    name = Path(buf.path).name if buf.path else None
    n_bytes = len(buf)
    digest = buf.sha256()
    out = RawRead(None, name, digest, n_bytes)
    head = buf.head(SAMPLE_BYTES)
    if not head.strip():
        out.errors.append(
            Problem(
                "empty_file",
                _msg(
                    "The file is empty: no header and no data.",
                    "Berkas ini kosong: tidak ada judul kolom maupun data.",
                ),
            )
        )
        return out

    # --- encoding
    data: bytes | mmap.mmap = buf.data
    encoding: str
    transcoded = False
    kind = _binary_kind(head)
    if head.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
        b"\0" in head[:4096] and _utf16_without_bom(head)
    ):
        codec = "utf-16" if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else (
            _utf16_without_bom(head) or "utf-16"
        )  # fmt: skip
        try:
            data = bytes(buf.data).decode(codec).encode("utf-8")
        except UnicodeDecodeError:
            out.errors.append(_binary_problem(None))
            return out
        encoding, transcoded = "utf-16", True
        if codec != "utf-16":
            out.notes.append(
                _msg(
                    "The file is UTF-16 without a byte-order mark; read as UTF-16.",
                    "Berkas ini UTF-16 tanpa penanda urutan byte; dibaca sebagai UTF-16.",
                )
            )
        head = bytes(data[:SAMPLE_BYTES])
    elif kind is not None:
        out.errors.append(_binary_problem(kind))
        return out
    elif b"\0" in head or _control_share(head) > 0.05:
        out.errors.append(_binary_problem(None))
        return out
    else:
        encoding = "utf-8"
        dec = codecs.getincrementaldecoder("utf-8")()
        try:
            dec.decode(head, final=len(head) == n_bytes)
        except UnicodeDecodeError:
            encoding = "cp1252"
    if encoding == "cp1252":
        raw = bytes(buf.data)
        new, notes, problem = _decode_cp1252(raw, _first_bad_utf8(raw))
        if problem is not None:
            out.errors.append(problem)
            return out
        assert new is not None
        data, transcoded = new, True
        out.notes.extend(notes)
        head = new[:SAMPLE_BYTES]
    out.encoding = encoding
    if encoding in ("utf-8", "utf-8-sig") and buf.find(b"\xef\xbf\xbd") >= 0:
        out.notes.append(
            _msg(
                "The file contains replacement characters (�): some letters were already "
                "lost before Berdaya read it. Export it again from the original.",
                "Berkas ini berisi karakter pengganti (�): sebagian huruf sudah hilang "
                "sebelum Berdaya membacanya. Ekspor ulang dari sumber aslinya.",
            )
        )

    # --- dialect
    complete = len(head) >= len(data)
    text = codecs.getincrementaldecoder("utf-8")(errors="replace").decode(head, final=complete)
    dialect = _sniff(text, complete)
    if isinstance(dialect, Problem):
        out.errors.append(dialect)
        return out
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
        return out
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
        out.errors.append(
            Problem(
                "header_only",
                _msg(
                    "The file has a header row but no data rows.",
                    "Berkas ini hanya berisi baris judul, tanpa baris data.",
                ),
            )
        )
        return out

    # --- plan the column types on the first rows
    forced: dict[str, str] = {}
    if plan is not None:
        width = len(names)
        rows = [(r + [""] * width)[:width] for r in records[:SAMPLE_ROWS]]
        sample = pd.DataFrame(rows, columns=list(names), dtype="str")
        forced = {c: t for c, t in plan(sample).items() if c in names}

    # --- the full read
    skip = [0] if dialect.sep_line else []
    if out.hxl_row:
        skip.append(dialect.header_index + 1)
    # A UTF-8 path is read by pandas directly (fastest); anything else from memory.
    src: object = buf.path if (buf.path and not transcoded) else io.BytesIO(bytes(data))
    frame, long_rows, problem = _pandas_read(src, names, dialect.delimiter, skip, forced)
    if isinstance(problem, UnicodeDecodeError) and not transcoded:
        raw = bytes(buf.data)
        new, notes, fatal = _decode_cp1252(raw, _first_bad_utf8(raw))
        if fatal is not None:
            out.errors.append(fatal)
            return out
        assert new is not None
        data, transcoded = new, True
        out.encoding = "cp1252"
        out.notes.extend(notes)
        frame, long_rows, problem = _pandas_read(
            io.BytesIO(data), names, dialect.delimiter, skip, forced
        )
    if problem is not None or frame is None:
        out.errors.append(_parser_problem(problem))
        return out
    if len(frame) == 0 and long_rows == 0:
        out.errors.append(
            Problem(
                "header_only",
                _msg(
                    "The file has a header row but no data rows.",
                    "Berkas ini hanya berisi baris judul, tanpa baris data.",
                ),
            )
        )
        return out

    # Columns typed differently in different parts of the file come back as object:
    # read them again as text so nothing depends on where the parser split its chunks.
    mixed = [c for c in frame.columns if frame[c].dtype == object]
    if mixed:
        again, _, _ = _pandas_read(
            buf.path if (buf.path and not transcoded) else io.BytesIO(bytes(data)),
            names,
            dialect.delimiter,
            skip,
            {c: "str" for c in mixed},
            usecols=mixed,
        )
        if again is not None and len(again) == len(frame):
            for c in mixed:
                frame[c] = again[c]

    out.frame = frame
    quoted = data.find(b'"') >= 0
    skip_records = 1 + int(dialect.sep_line) + int(out.hxl_row)
    first_data_line = dialect.header_index + 2 + int(out.hxl_row)
    locator = _Locator(
        data,
        dialect.delimiter,
        skip_records,
        first_data_line,
        len(frame),
        long_rows,
        quoted,
        len(names),
    )
    out._locator = locator
    out.ragged = _find_ragged(frame, data, dialect, out, locator, long_rows, quoted)
    return out


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
) -> tuple[pd.DataFrame | None, int, BaseException | None]:
    """pandas' C parser with our names; returns (frame, rows with too many fields, error)."""
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
            )
        except UnicodeDecodeError as exc:
            return None, 0, exc
        except (pd.errors.ParserError, ValueError) as exc:
            return None, 0, exc
    long_rows = sum(
        len(_SKIPPING.findall(str(w.message)))
        for w in caught
        if issubclass(w.category, pd.errors.ParserWarning)
    )
    return frame, long_rows, None


def _find_ragged(
    frame: pd.DataFrame,
    data: bytes | mmap.mmap,
    dialect: _Dialect,
    out: RawRead,
    locator: _Locator,
    long_rows: int,
    quoted: bool,
) -> pd.DataFrame:
    """Rows with a field count other than the header's.

    pandas drops rows with too many fields (we counted its warnings) and pads rows with
    too few with missing values, silently. A padded row has a missing last column, so
    only when some last cell is missing (or a long row was seen) is the file scanned.
    """
    width = len(dialect.header)
    empty = pd.DataFrame({"record": [], "line": [], "n_fields": [], "frame_row": []}, dtype="int64")
    last = frame.iloc[:, -1] if width else None
    candidates = 0 if last is None else int(last.isna().sum())
    if long_rows == 0 and candidates == 0:
        return empty
    if long_rows == 0 and not quoted:
        # Cheap check: every row had all its delimiters?
        n_delims = _count_byte(data, ord(dialect.delimiter))
        expected = (len(frame) + 1 + int(out.hxl_row)) * (width - 1)
        if dialect.sep_line:
            first = bytes(data[:200]).splitlines()[0] if len(data) else b""
            expected += first.count(dialect.delimiter.encode())
        if n_delims == expected:
            return empty
    scan = locator.scan()
    bad = np.flatnonzero(scan.n_fields != width)
    if len(bad) == 0:
        return empty
    kept = scan.n_fields <= width
    frame_row = np.cumsum(kept) - 1
    rows = np.where(kept[bad], frame_row[bad], -1)
    return pd.DataFrame(
        {
            "record": bad + 1,
            "line": scan.lines[bad],
            "n_fields": scan.n_fields[bad],
            "frame_row": rows,
        }
    ).astype("int64")


def _count_byte(data: bytes | mmap.mmap, byte: int) -> int:
    n = len(data)
    total = 0
    for s in range(0, n, _CHUNK):
        arr = np.frombuffer(data, np.uint8, min(_CHUNK, n - s), s)
        total += int(np.count_nonzero(arr == byte))
    return total
