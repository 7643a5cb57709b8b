"""Coded qualitative excerpts (interviews, focus groups, observation, documents) and their codebook.

The researcher's own coding, read in Miles and Huberman's sense of *data reduction*: each row
is an excerpt a researcher chose and coded. Loading checks it the way the survey loader checks
a survey: the file is read by :func:`analysis.ingest.readers.read_raw` (encodings, delimiters),
problems are listed one row per cell (``row``, ``line``, ``column``, ``value``, ``code``,
``action``, messages in English and Indonesian), respondent ids get the survey loader's
pseudonyms (:func:`analysis.ingest.privacy.pseudonymise`, same key) so that they join to the
survey's ``member_id``, and NIKs and phone numbers written inside an excerpt are masked
(:func:`analysis.ingest.privacy.mask_text_identifiers`, the rule of the survey's problem list).
The matrices of the *data display* live in :mod:`analysis.methods.voices`.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.ingest.privacy import (
    EPHEMERAL_KEY_NOTE,
    find_identifiers,
    mask_text_identifiers,
    pseudonymise,
)
from analysis.ingest.privacy import pseudonym_key as _configured_key
from analysis.ingest.readers import Source, read_raw
from analysis.messages import Lang, Message

#: Columns of the loaded excerpts, in order.
VOICE_COLUMNS: tuple[str, ...] = (
    "member_id", "wave", "date", "source", "code", "excerpt", "sentiment", "row",
)  # fmt: skip
#: Columns of the loaded codebook.
CODEBOOK_COLUMNS: tuple[str, ...] = ("code", "label", "description", "parent")
#: The kinds of source an excerpt comes from.
SOURCES: tuple[str, ...] = ("interview", "focus group", "observation", "document")
#: Columns of :attr:`VoicesReport.problems` (the survey loader's, without ``field``).
PROBLEM_COLUMNS: tuple[str, ...] = (
    "file", "row", "line", "column", "value", "code", "action", "message_en", "message_id",
)  # fmt: skip

# header synonyms (lower case, spaces and dashes as underscores)
_EXCERPT_NAMES = {
    "respondent_id": (
        "respondent_id",
        "respondent",
        "member_id",
        "responden",
        "id_anggota",
        "id_responden",
    ),
    "wave": ("wave", "gelombang", "putaran"),
    "date": ("date", "tanggal", "tgl"),
    "source": ("source", "sumber", "jenis_sumber"),
    "code": ("code", "kode"),
    "excerpt": ("excerpt", "kutipan", "text", "teks", "quote"),
    "sentiment": ("sentiment", "sentimen"),
}
_CODEBOOK_NAMES = {
    "code": ("code", "kode"),
    "label": ("label", "nama_kode", "name"),
    "description": ("description", "deskripsi", "keterangan", "definition", "definisi"),
    "parent": ("parent", "theme", "tema", "induk", "parent_theme"),
}
_SOURCE_SYNONYMS = {
    "interview": "interview", "wawancara": "interview",
    "focus group": "focus group", "focus_group": "focus group", "fgd": "focus group",
    "diskusi kelompok": "focus group", "diskusi kelompok terarah": "focus group",
    "observation": "observation", "observasi": "observation", "pengamatan": "observation",
    "document": "document", "dokumen": "document", "documents": "document",
}  # fmt: skip


@dataclass(frozen=True)
class VoicesReport:
    """What loading the excerpts (and codebook) found.

    Attributes
    ----------
    source, codebook_source : file names (``None`` for uploads given as bytes).
    encoding, delimiter : of the excerpts file (``"xlsx"`` for a workbook).
    mapping : canonical column -> the column as named in the file.
    n_rows_read, n_rows_kept : excerpt rows in the file / kept.
    n_masked : excerpts in which a NIK or phone number was masked.
    problems : one row per problem, columns :data:`PROBLEM_COLUMNS` (``file`` is
        ``"excerpts"`` or ``"codebook"``; ``value`` masked).
    conversions : what was detected or done (pseudonyms, encodings...).
    can_analyse : whether ``data`` can be used; ``errors`` why not.
    """

    source: str | None
    codebook_source: str | None
    encoding: str
    delimiter: str
    mapping: dict[str, str]
    n_rows_read: int
    n_rows_kept: int
    n_masked: int
    problems: pd.DataFrame = field(repr=False)
    conversions: tuple[Message, ...] = ()
    can_analyse: bool = True
    errors: tuple[Message, ...] = ()

    def problem_counts(self) -> dict[str, int]:
        """Problems by code."""
        return {str(k): int(v) for k, v in self.problems["code"].value_counts().items()}

    def to_dict(self, max_problems: int | None = 200) -> dict[str, Any]:
        """JSON-safe form; ``problems`` cut to the first ``max_problems`` (None: all)."""
        probs = self.problems if max_problems is None else self.problems.head(max_problems)
        return {
            "source": self.source,
            "codebook_source": self.codebook_source,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "mapping": dict(self.mapping),
            "n_rows_read": self.n_rows_read,
            "n_rows_kept": self.n_rows_kept,
            "n_masked": self.n_masked,
            "n_problems": len(self.problems),
            "problem_counts": self.problem_counts(),
            "problems": [
                {k: (int(v) if isinstance(v, np.integer) else v) for k, v in r.items()}
                for r in probs.to_dict("records")
            ],
            "conversions": [m.to_dict() for m in self.conversions],
            "can_analyse": self.can_analyse,
            "errors": [m.to_dict() for m in self.errors],
        }


@dataclass(frozen=True)
class LoadedVoices:
    """Loaded excerpts (columns :data:`VOICE_COLUMNS`), codebook (:data:`CODEBOOK_COLUMNS`;
    empty without one) and the load report."""

    data: pd.DataFrame
    codebook: pd.DataFrame
    report: VoicesReport


class _Problems:
    """Problem rows collected while checking, as in the survey loader's list."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []

    def add(self, file: str, rows: np.ndarray, lines: np.ndarray, column: str,
            values: pd.Series | list, code: str, action: str, msg: Message) -> None:  # fmt: skip
        vals = pd.Series(list(values), dtype="object")
        vals, _ = mask_text_identifiers(vals.where(vals.notna(), ""))
        for r, ln, v in zip(rows, lines, vals, strict=True):
            self.rows.append({
                "file": file, "row": int(r), "line": int(ln), "column": column,
                "value": "" if v is None or v != v else str(v)[:200], "code": code,
                "action": action, "message_en": msg.en, "message_id": msg.id,
            })  # fmt: skip

    def frame(self) -> pd.DataFrame:
        if not self.rows:
            return pd.DataFrame({c: pd.Series([], dtype="int64" if c in ("row", "line") else "str")
                                 for c in PROBLEM_COLUMNS})  # fmt: skip
        return pd.DataFrame(self.rows, columns=list(PROBLEM_COLUMNS))


def _norm(name: object) -> str:
    return re.sub(r"[\s\-]+", "_", str(name).strip().lower())


def _match_columns(columns: list[str], names: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """canonical -> column of the file, by synonyms (first match wins)."""
    by_norm = {_norm(c): c for c in reversed(columns)}
    out = {}
    for canon, syns in names.items():
        for s in syns:
            if s in by_norm:
                out[canon] = by_norm[s]
                break
    return out


def _is_workbook(source: Source) -> bool:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source[:4]) == b"PK\x03\x04"
    return Path(os.fspath(source)).suffix.lower() in (".xlsx", ".xlsm")


def _read_table(
    source: Source, what: str
) -> tuple[pd.DataFrame | None, dict[str, Any], list[Message]]:
    """All cells as text, with (name, encoding, delimiter, locate) facts and fatal errors."""
    name = (
        None if isinstance(source, (bytes, bytearray, memoryview)) else Path(os.fspath(source)).name
    )
    if _is_workbook(source):
        try:
            import openpyxl  # noqa: F401  (pandas needs it for .xlsx)
        except ImportError:
            return None, {"name": name}, [Message(
                f"The {what} file is a spreadsheet (.xlsx), and reading spreadsheets needs the "
                "openpyxl package, which is not installed; save it as CSV or install openpyxl.",
                f"Berkas {what} berupa lembar kerja (.xlsx), dan membacanya memerlukan paket "
                "openpyxl yang belum terpasang; simpan sebagai CSV atau pasang openpyxl.",
            )]  # fmt: skip
        data = io.BytesIO(bytes(source)) if not isinstance(source, (str, os.PathLike)) else source
        frame = pd.read_excel(data, dtype=str)
        frame.columns = [str(c).strip() for c in frame.columns]
        lines = np.arange(len(frame)) + 2
        return frame, {"name": name, "encoding": "xlsx", "delimiter": "", "lines": lines}, []
    raw = read_raw(source, lambda sample: dict.fromkeys(sample.columns, "str"))
    if raw.errors or raw.frame is None:
        return None, {"name": raw.name}, [p.message for p in raw.errors]
    _, lines = raw.locate(np.arange(len(raw.frame)))
    facts = {"name": raw.name, "encoding": raw.encoding, "delimiter": raw.delimiter,
             "lines": lines, "notes": list(raw.notes)}  # fmt: skip
    raw.close()
    return raw.frame, facts, []


def _text(values: pd.Series) -> pd.Series:
    """Stripped text, blanks missing."""
    s = values.astype("str").str.strip()
    return s.where(values.notna() & (s != ""))


def _msg(en: str, id_: str) -> Message:
    return Message(en, id_)


def _missing_columns(kind: str, missing: list[str], found: list[str]) -> Message:
    return _msg(
        f"The {kind} file has no column {' or '.join(missing)} (columns found: {', '.join(found)}).",
        f"Berkas {kind} tidak memiliki kolom {' atau '.join(missing)} (kolom yang ada: {', '.join(found)}).",
    )


def load_codebook(source: Source) -> tuple[pd.DataFrame, pd.DataFrame, list[Message]]:
    """The codebook (columns :data:`CODEBOOK_COLUMNS`), its problems and fatal errors.

    A row without a code is left out (``missing_code``), a repeated code keeps its first row
    (``duplicate_code``); a missing label becomes the code.
    """
    probs = _Problems()
    frame, facts, errors = _read_table(source, "codebook")
    if frame is None:
        return pd.DataFrame(columns=list(CODEBOOK_COLUMNS)), probs.frame(), errors
    cols = _match_columns(list(frame.columns), _CODEBOOK_NAMES)
    if "code" not in cols:
        return (
            pd.DataFrame(columns=list(CODEBOOK_COLUMNS)),
            probs.frame(),
            [_missing_columns("codebook", ["code"], list(frame.columns))],
        )
    out = pd.DataFrame({c: _text(frame[cols[c]]) if c in cols else pd.Series(np.nan, index=frame.index, dtype="str")
                        for c in CODEBOOK_COLUMNS})  # fmt: skip
    rows, lines = np.arange(len(out)) + 1, facts["lines"]
    bad = out["code"].isna().to_numpy()
    probs.add("codebook", rows[bad], lines[bad], cols["code"], [""] * int(bad.sum()), "missing_code",
              "row_excluded", _msg("A codebook row without a code is left out.",
                                   "Baris buku kode tanpa kode tidak dipakai."))  # fmt: skip
    dup = out["code"].duplicated() & ~out["code"].isna()
    d = dup.to_numpy()
    probs.add("codebook", rows[d], lines[d], cols["code"], out["code"][d], "duplicate_code",
              "row_excluded", _msg("A code listed twice in the codebook: its first row is used.",
                                   "Kode tercantum dua kali di buku kode: baris pertamanya dipakai."))  # fmt: skip
    out = out[~bad & ~d].reset_index(drop=True)
    out["label"] = out["label"].fillna(out["code"])
    return out, probs.frame(), []


def _survey_frame(survey: Any) -> pd.DataFrame | None:
    if survey is None:
        return None
    return survey.data if hasattr(survey, "data") else survey


def _pseudonymised(ids: pd.Series, key: bytes | None, notes: list[Message]) -> pd.Series:
    """Respondent ids as the survey loader writes member ids: NIKs (and phone numbers or names
    used as ids) pseudonymised in place with the same key and function, others unchanged."""
    frame = pd.DataFrame({"respondent_id": ids})
    found = find_identifiers(frame)
    if not found:
        return ids
    ephemeral = False
    if key is None:
        key, ephemeral = _configured_key()
    res = pseudonymise(frame, key, id_column="respondent_id", found=found)
    notes.extend(a.reason for a in res.actions)
    if ephemeral:
        notes.append(EPHEMERAL_KEY_NOTE)
    return res.frame["respondent_id"]


def _waves(
    frame: pd.DataFrame, cols: dict[str, str], probs: _Problems, rows, lines
) -> tuple[pd.Series, pd.Series]:
    """(wave, date): the wave as written (numbers as numbers), else the date's year."""
    date = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    if "date" in cols:
        text = _text(frame[cols["date"]])
        date = pd.to_datetime(text, errors="coerce", dayfirst=False, format="mixed")
        bad = (text.notna() & date.isna()).to_numpy()
        probs.add("excerpts", rows[bad], lines[bad], cols["date"], text[bad], "bad_date",
                  "set_missing", _msg("Not a date (write 2022-07-14): set missing.",
                                      "Bukan tanggal (tulis 2022-07-14): dikosongkan."))  # fmt: skip
    if "wave" in cols:
        wave = _text(frame[cols["wave"]])
        num = pd.to_numeric(wave, errors="coerce")
        if num.notna().sum() == wave.notna().sum() and (num.dropna() % 1 == 0).all():
            wave = num.astype("Int64").astype(object).where(num.notna(), None)
        return wave, date
    return date.dt.year.astype("Int64").astype(object).where(date.notna(), None), date


def _align_waves(wave: pd.Series, survey_waves: list[Any]) -> pd.Series:
    """Waves written as text matched to the survey's own wave values ('2022' -> 2022)."""
    by_text = {str(w): w for w in survey_waves}
    return wave.map(lambda w: by_text.get(str(w), w) if w is not None and w == w else None)


_CHECKS = {
    "missing_respondent": ("row_excluded", "An excerpt without a respondent id is left out.",
                           "Kutipan tanpa id responden tidak dipakai."),
    "empty_excerpt": ("row_excluded", "An empty excerpt is left out.",
                      "Kutipan kosong tidak dipakai."),
    "missing_code": ("row_excluded", "An excerpt without a code is left out.",
                     "Kutipan tanpa kode tidak dipakai."),
    "unknown_code": ("kept", "This code is not in the codebook (kept, shown without a label).",
                     "Kode ini tidak ada di buku kode (tetap dipakai, tanpa label)."),
    "unknown_respondent": ("kept", "This respondent is not a member in the survey (kept, but "
                           "joins no survey answers).", "Responden ini bukan anggota dalam "
                           "survei (tetap dipakai, tetapi tidak terhubung ke jawaban survei)."),
    "unknown_source": ("kept", "Source should be interview, focus group, observation or "
                       "document (kept as written).", "Sumber seharusnya wawancara, diskusi "
                       "kelompok, observasi atau dokumen (tetap seperti tertulis)."),
    "unknown_wave": ("kept", "This wave is not one of the survey's waves (kept).",
                     "Gelombang ini bukan salah satu gelombang survei (tetap dipakai)."),
}  # fmt: skip


def _check(
    out: pd.DataFrame,
    raw_ids: pd.Series,
    cols: dict[str, str],
    codebook: pd.DataFrame | None,
    survey: pd.DataFrame | None,
    probs: _Problems,
    lines: np.ndarray,
) -> np.ndarray:
    """List every problem of the excerpt rows; the rows to keep."""
    rows = out["row"].to_numpy()
    src_text = out["source"]
    tests: list[tuple[str, str, pd.Series, np.ndarray]] = [
        ("missing_respondent", "respondent_id", raw_ids, raw_ids.isna().to_numpy()),
        ("empty_excerpt", "excerpt", out["excerpt"], out["excerpt"].isna().to_numpy()),
        ("missing_code", "code", out["code"], out["code"].isna().to_numpy()),
    ]
    if codebook is not None:
        known = set(codebook["code"])
        tests.append(("unknown_code", "code", out["code"],
                      (out["code"].notna() & ~out["code"].isin(known)).to_numpy()))  # fmt: skip
    if survey is not None and "member_id" in survey.columns:
        members = set(survey["member_id"].dropna().astype(str))
        tests.append(("unknown_respondent", "respondent_id", raw_ids,
                      (out["member_id"].notna() & ~out["member_id"].isin(members)).to_numpy()))  # fmt: skip
    if survey is not None and "wave" in survey.columns and "wave" in cols:
        waves = {str(w) for w in pd.unique(survey["wave"].dropna())}
        tests.append(("unknown_wave", "wave", out["wave"],
                      (out["wave"].notna() & ~out["wave"].astype(str).isin(waves)).to_numpy()))  # fmt: skip
    tests.append(("unknown_source", "source", src_text,
                  (src_text.notna() & ~src_text.isin(SOURCES)).to_numpy()))  # fmt: skip
    drop = np.zeros(len(out), dtype=bool)
    for code, canon, values, bad in tests:
        if canon not in cols or not bad.any():
            continue
        action, en, id_ = _CHECKS[code]
        probs.add("excerpts", rows[bad], lines[bad], cols[canon], values[bad], code, action,
                  _msg(en, id_))  # fmt: skip
        if action == "row_excluded":
            drop |= bad
    return ~drop


def load_voices(
    data: Source,
    codebook: Source | None = None,
    survey: Any = None,
    *,
    pseudonym_key: bytes | None = None,
) -> LoadedVoices:
    """Read coded excerpts (CSV, or .xlsx when openpyxl is installed) and their codebook.

    Parameters
    ----------
    data : path or bytes of the excerpts: ``respondent_id``, ``wave`` and/or ``date``,
        ``source``, ``code``, ``excerpt``, optional ``sentiment`` (Indonesian headers such as
        ``kode``, ``kutipan``, ``tanggal``, ``sumber`` are recognised).
    codebook : path or bytes of ``code``, ``label``, ``description``, ``parent``.
    survey : the loaded survey (``Loaded`` or its ``data``), to check respondents and waves.
    pseudonym_key : as for :func:`analysis.ingest.loaders.load_survey` (same key, same ids).

    Returns
    -------
    LoadedVoices
        ``data`` columns :data:`VOICE_COLUMNS` (``member_id``: the respondent id as the survey
        loader writes member ids; ``row``: 1-based row of the file; ``excerpt`` with NIKs and
        phone numbers masked; ``source`` normalised to :data:`SOURCES` when recognised).

    Notes
    -----
    Missing data: rows without respondent, code or excerpt text are left out and listed;
    unknown codes, respondents, waves and sources are listed and kept; an unreadable date is
    set missing. Without a ``wave`` column the wave is the date's year.
    """
    probs, notes = _Problems(), []
    frame, facts, errors = _read_table(data, "excerpts")
    book, book_probs, book_errors = (None, None, [])
    if codebook is not None:
        book, book_probs, book_errors = load_codebook(codebook)
    cols = _match_columns(list(frame.columns), _EXCERPT_NAMES) if frame is not None else {}
    need = [c for c in ("respondent_id", "code", "excerpt") if c not in cols]
    if frame is not None and need:
        errors.append(_missing_columns("excerpts", need, list(frame.columns)))
    if frame is not None and not errors and "wave" not in cols and "date" not in cols:
        notes.append(_msg("No wave or date column: themes cannot be shown over waves.",
                          "Tidak ada kolom gelombang atau tanggal: tema tidak dapat ditampilkan per gelombang."))  # fmt: skip
    if errors or book_errors:
        return _failed(facts, codebook, errors + book_errors)
    sv = _survey_frame(survey)
    n = len(frame)
    lines, rows = np.asarray(facts["lines"]), np.arange(n) + 1
    raw_ids = _text(frame[cols["respondent_id"]])
    excerpt, changed = mask_text_identifiers(_text(frame[cols["excerpt"]]))
    wave, date = _waves(frame, cols, probs, rows, lines)
    if sv is not None and "wave" in sv.columns:
        wave = _align_waves(wave, list(pd.unique(sv["wave"].dropna())))
    source = (
        _text(frame[cols["source"]])
        if "source" in cols
        else pd.Series(None, index=frame.index, dtype="str")
    )
    source = source.map(
        lambda s: _SOURCE_SYNONYMS.get(_norm(s).replace("_", " "), s) if isinstance(s, str) else s
    )
    out = pd.DataFrame({
        "member_id": _pseudonymised(raw_ids, pseudonym_key, notes),
        "wave": wave, "date": date, "source": source,
        "code": _text(frame[cols["code"]]), "excerpt": excerpt,
        "sentiment": _text(frame[cols["sentiment"]]) if "sentiment" in cols else pd.Series(None, index=frame.index, dtype="str"),
        "row": rows,
    })  # fmt: skip
    keep = _check(out, raw_ids, cols, book, sv, probs, lines)
    if changed.any():
        notes.append(_msg(f"{int(changed.sum())} excerpt(s) held a NIK or phone number: masked.",
                          f"{int(changed.sum())} kutipan memuat NIK atau nomor telepon: disamarkan."))  # fmt: skip
    problems = (
        probs.frame()
        if book_probs is None
        else pd.concat([book_probs, probs.frame()], ignore_index=True)
    )
    report = VoicesReport(
        facts.get("name"), _name(codebook), facts["encoding"], facts["delimiter"], cols, n,
        int(keep.sum()), int(changed.sum()), problems.sort_values(["file", "row"], kind="stable", ignore_index=True),
        tuple(facts.get("notes", []) + notes),
    )  # fmt: skip
    book = book if book is not None else pd.DataFrame(columns=list(CODEBOOK_COLUMNS))
    return LoadedVoices(out[keep].reset_index(drop=True), book, report)


def _name(source: Source | None) -> str | None:
    if source is None or isinstance(source, (bytes, bytearray, memoryview)):
        return None
    return Path(os.fspath(source)).name


def _failed(facts: dict[str, Any], codebook: Source | None, errors: list[Message]) -> LoadedVoices:
    report = VoicesReport(
        facts.get("name"), _name(codebook), facts.get("encoding", ""), facts.get("delimiter", ""),
        {}, 0, 0, 0, _Problems().frame(), (), False, tuple(errors),
    )  # fmt: skip
    empty = pd.DataFrame({c: pd.Series([], dtype="object") for c in VOICE_COLUMNS})
    return LoadedVoices(empty, pd.DataFrame(columns=list(CODEBOOK_COLUMNS)), report)


def summary_lines(report: VoicesReport, lang: Lang = "en", max_problems: int = 20) -> list[str]:
    """The report as lines of text for a terminal."""
    if not report.can_analyse:
        return [e.text(lang) for e in report.errors]
    out = [f"{report.n_rows_kept}/{report.n_rows_read} excerpts kept" if lang == "en"
           else f"{report.n_rows_kept}/{report.n_rows_read} kutipan dipakai"]  # fmt: skip
    out += [m.text(lang) for m in report.conversions]
    col = "message_id" if lang == "id" else "message_en"
    for r in report.problems.head(max_problems).itertuples(index=False):
        out.append(f"  {r.file} row {r.row} {r.column}={r.value!r}: {getattr(r, col)}")
    return out
