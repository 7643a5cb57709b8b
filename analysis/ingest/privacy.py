"""Personal identifiers out at ingest: NIKs become keyed pseudonyms, names and phones go.

The loader hands every raw frame to :func:`find_identifiers` (a sample of each column)
and :func:`pseudonymise` once its columns are mapped and before any value is converted or
listed, so no national ID number (NIK), personal name or phone number reaches a chart, a
table, a log or an export. Pseudonyms are an HMAC-SHA256 under a secret key: a plain hash of a
16-digit NIK could be reversed by hashing every possible NIK.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa

from analysis.messages import MASK, TEXT_IDENTIFIER, DataError, Message
from analysis.schema import NIK_PATTERN, PHONE_PATTERN, PiiKind, pii_kind

KEY_ENV = "BERDAYA_PSEUDONYM_KEY"
KEY_FILE_ENV = "BERDAYA_PSEUDONYM_KEY_FILE"
#: Shortest accepted secret: 16 characters of a random string already defeat guessing.
MIN_KEY_LENGTH = 16
#: Hex characters kept from the HMAC: 64 bits, so a million NIKs collide with probability
#: about 3e-8 (n^2 / 2^65); a collision is detected and raised anyway.
PSEUDONYM_HEX_CHARS = 16
#: Share of sampled non-blank values that must look like a NIK or a phone number for an
#: unnamed column to be treated as one, and how many values are sampled.
VALUE_SHARE = 0.9
SAMPLE_SIZE = 1000

#: For the load report when :func:`pseudonym_key` returns an ephemeral key.
EPHEMERAL_KEY_NOTE = Message(
    en=f"No pseudonym key is configured ({KEY_ENV}), so a random one was made for this "
    "session: NIK pseudonyms will differ the next time the data is loaded.",
    id=f"Kunci pseudonim belum diatur ({KEY_ENV}), jadi dibuat kunci acak untuk sesi ini: "
    "pseudonim NIK akan berbeda saat data dimuat lagi.",
)

PiiActionKind = Literal["dropped", "pseudonymised"]
_BLOCK = 64  # SHA-256 block size, for HMAC's inner and outer pads
#: Characters people type inside NIKs and phone numbers (removed before matching).
_SEPARATORS = (" ", "\t", "\u00a0", "-", ".", "(", ")", "'")
_SEPARATOR_TABLE = str.maketrans(dict.fromkeys(_SEPARATORS))
_EPHEMERAL: bytes | None = None
_EPHEMERAL_LOCK = threading.Lock()


@dataclass(frozen=True)
class PiiAction:
    """What was done to one column holding personal identifiers.

    Attributes
    ----------
    column : the column's original name.
    kind : ``"nik"``, ``"name"`` or ``"phone"``.
    action : ``"dropped"`` or ``"pseudonymised"``.
    reason : why, in English and Indonesian (never a value from the column).
    new_column : where the pseudonyms are (``nik_pseudonym``, or the column itself when
        an id column was pseudonymised in place); ``None`` when dropped.
    """

    column: str
    kind: PiiKind
    action: PiiActionKind
    reason: Message
    new_column: str | None = None


@dataclass(frozen=True)
class PrivacyResult:
    """A frame without personal identifiers, and the list of what was done."""

    frame: pd.DataFrame
    actions: tuple[PiiAction, ...]


def pseudonym_key(environ: Mapping[str, str] = os.environ) -> tuple[bytes, bool]:
    """The secret key for pseudonyms, and whether it is ephemeral.

    Parameters
    ----------
    environ : where to look (the process environment by default).

    Returns
    -------
    (key, ephemeral)
        ``key`` from ``BERDAYA_PSEUDONYM_KEY`` (its UTF-8 bytes) or else from the file
        named by ``BERDAYA_PSEUDONYM_KEY_FILE`` (its bytes, surrounding whitespace
        removed), with ``ephemeral=False``. Without either, a random 32-byte key made once
        per process, with ``ephemeral=True``: pseudonyms agree within the session (survey
        and loans still link) but not across restarts.

    Raises
    ------
    DataError
        When the key is shorter than 16 characters or the key file cannot be read. The
        message never contains the key.

    Notes
    -----
    An empty ``BERDAYA_PSEUDONYM_KEY`` counts as unset. When both are set the variable
    wins.

    Examples
    --------
    >>> pseudonym_key({"BERDAYA_PSEUDONYM_KEY": "correct horse battery staple"})
    (b'correct horse battery staple', False)
    """
    raw = environ.get(KEY_ENV, "").strip()
    if raw:
        return _checked(raw.encode("utf-8"), KEY_ENV), False
    path = environ.get(KEY_FILE_ENV, "").strip()
    if path:
        try:
            data = Path(path).expanduser().read_bytes().strip()
        except OSError as exc:
            raise DataError(
                Message(
                    en=f"Cannot read the pseudonym key file named by {KEY_FILE_ENV} "
                    f"({path}): {exc.strerror or exc}.",
                    id=f"Berkas kunci pseudonim yang ditunjuk {KEY_FILE_ENV} ({path}) tidak "
                    f"dapat dibaca: {exc.strerror or exc}.",
                ),
                code="pseudonym_key",
            ) from None
        return _checked(data, KEY_FILE_ENV), False
    return _ephemeral_key(), True


def _checked(key: bytes, source: str) -> bytes:
    if len(key) < MIN_KEY_LENGTH:
        raise DataError(
            Message(
                en=f"The pseudonym key from {source} is too short: use at least "
                f"{MIN_KEY_LENGTH} random characters.",
                id=f"Kunci pseudonim dari {source} terlalu pendek: gunakan paling sedikit "
                f"{MIN_KEY_LENGTH} karakter acak.",
            ),
            code="pseudonym_key",
        )
    return key


def _ephemeral_key() -> bytes:
    global _EPHEMERAL
    with _EPHEMERAL_LOCK:
        if _EPHEMERAL is None:
            _EPHEMERAL = secrets.token_bytes(32)
        return _EPHEMERAL


def _hmac_hex(key: bytes, prefix: str, values: list[str]) -> list[str]:
    """HMAC-SHA256 of each value, truncated hex, prefixed.

    The inner and outer pad states are hashed once and copied per value (RFC 2104), which
    gives the same digest as :func:`hmac.new` at about twice its speed.
    """
    if len(key) > _BLOCK:
        key = hashlib.sha256(key).digest()
    padded = key.ljust(_BLOCK, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in padded)).copy
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in padded)).copy
    out = []
    for v in values:
        i = inner()
        i.update(v.encode("utf-8"))
        o = outer()
        o.update(i.digest())
        out.append(prefix + o.hexdigest()[:PSEUDONYM_HEX_CHARS])
    return out


def _as_text(values: pd.Series) -> pd.Series:
    """Cells as stripped text, blanks missing; whole-number floats without ``.0``."""
    if pd.api.types.is_float_dtype(values.dtype):
        whole = values.dropna()
        if (whole == np.floor(whole)).all():
            values = values.astype("Int64")
    text = values.astype("str").str.strip()
    return text.where(text != "")


def pseudonymise_values(values: pd.Series, key: bytes, prefix: str = "P") -> pd.Series:
    """Keyed pseudonyms of the values of a column.

    Parameters
    ----------
    values : identifiers (text or numbers).
    key : secret from :func:`pseudonym_key`.
    prefix : put before each pseudonym, so that it never looks like a number.

    Returns
    -------
    Series of ``str`` on the same index: ``prefix`` + the first 16 hex characters of
    HMAC-SHA256(key, value as stripped UTF-8 text). The same value and key always give
    the same pseudonym; another key gives unrelated ones.

    Notes
    -----
    Missing and blank values stay missing. Each distinct value is hashed once, so a
    column of a million rows with many repeats costs only its distinct values.

    Raises
    ------
    ValueError
        When two distinct values would share a pseudonym (about 3e-8 for a million
        values); the message names no value.

    Examples
    --------
    >>> s = pseudonymise_values(pd.Series(["3509123412341234", None]), b"k" * 16)
    >>> s.str.len().tolist(), s.isna().tolist()
    ([17.0, nan], [False, True])
    """
    text = _as_text(values)
    codes, uniques = pd.factorize(text, use_na_sentinel=True)
    # _as_text made every value a str, so the uniques need no conversion.
    hashed = np.array([*_hmac_hex(key, prefix, uniques.tolist()), None], dtype=object)
    if len(set(hashed[:-1])) != len(uniques):
        raise ValueError("two distinct identifiers share a pseudonym; use a longer pseudonym")
    # code -1 (missing) picks the trailing None.
    return pd.Series(hashed[codes], index=values.index, dtype="str")


def mask_text_identifiers(text: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Free texts (coded excerpts, notes) with every NIK and phone number inside replaced.

    Parameters
    ----------
    text : texts; missing values stay missing.

    Returns
    -------
    (Series, ndarray)
        The texts with each :data:`TEXT_IDENTIFIER` match replaced by :data:`MASK`, and a
        bool array saying which cells changed.

    Examples
    --------
    >>> masked, changed = mask_text_identifiers(pd.Series(["call 0812-3456-7890 now", None]))
    >>> masked.tolist()[0], changed.tolist()
    ('call [masked] now', [True, False])
    """
    s = text.astype("str")
    masked = s.str.replace(TEXT_IDENTIFIER, MASK, regex=True)
    changed = (masked != s).to_numpy(dtype=bool, na_value=False) & text.notna().to_numpy()
    return masked.where(text.notna()), changed


def _value_kind(values: pd.Series) -> tuple[PiiKind, float, int] | None:
    """Whether most sampled values look like NIKs or phone numbers: (kind, share, n)."""
    if not (
        pd.api.types.is_string_dtype(values.dtype)
        or pd.api.types.is_object_dtype(values.dtype)
        or pd.api.types.is_integer_dtype(values.dtype)
        or pd.api.types.is_float_dtype(values.dtype)
    ) or pd.api.types.is_bool_dtype(values.dtype):
        return None
    cells = _sample(values)
    if not cells:
        return None
    compact = [_SCIENTIFIC_NIK.sub("0" * 16, c).translate(_SEPARATOR_TABLE) for c in cells]
    n = len(compact)
    # a number column lost the phones' leading zero to the parser: 81234567890
    lost_zero = not (
        pd.api.types.is_string_dtype(values.dtype) or pd.api.types.is_object_dtype(values.dtype)
    )
    phone = _PHONE_NO_ZERO if lost_zero else PHONE_PATTERN
    for kind, pattern in (("nik", NIK_PATTERN), ("phone", phone)):
        share = sum(pattern.match(v) is not None for v in compact) / n
        if share >= VALUE_SHARE:
            return kind, share, n  # type: ignore[return-value]
    return None


#: A NIK that a spreadsheet turned into a number shown in scientific notation (3.50988E+15):
#: its digits are lost, but it was a NIK; counted as one for detection.
_SCIENTIFIC_NIK = re.compile(r"^\d\.\d+[eE]\+15$")
#: A phone number read as a number: (62)8... without its leading zero or plus.
_PHONE_NO_ZERO = re.compile(r"^(?:62)?8\d{8,11}$")


def _sample(values: pd.Series) -> list[str]:
    """Up to :data:`SAMPLE_SIZE` evenly spaced non-blank cells, as stripped text.

    Evenly spaced cells are taken first and only they are looked at, so a column of a
    million rows costs about as much as one of a thousand (the loader asks this of every
    column). Only when most of those cells are blank (a sparse column) are the filled
    cells located, over the whole column, and sampled instead.
    """
    n = len(values)
    if n <= SAMPLE_SIZE:
        return _cell_texts(values.tolist())
    positions = np.linspace(0, n - 1, SAMPLE_SIZE).astype(np.int64)
    cells = _cell_texts(_take(values, positions))
    if 2 * len(cells) >= SAMPLE_SIZE:
        return cells
    filled = np.flatnonzero(values.notna().to_numpy())
    if len(filled) > SAMPLE_SIZE:
        filled = filled[np.linspace(0, len(filled) - 1, SAMPLE_SIZE).astype(np.int64)]
    return _cell_texts(_take(values, filled))


def _take(values: pd.Series, positions: np.ndarray) -> list[object]:
    """The cells at ``positions`` as Python objects.

    Arrow text is read cell by cell: Arrow's ``take`` on the CSV reader's chunked text
    first joins every chunk, a copy of the whole column.
    """
    if isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow":
        chunked = pa.array(values)
        return [chunked[int(i)].as_py() for i in positions]
    return values.iloc[positions].tolist()


def _cell_texts(cells: list[object]) -> list[str]:
    """Non-blank cells as stripped text; whole-number floats without ``.0`` (a NIK read
    as a float, 3.5e15, is its 16 digits)."""
    out = []
    for v in cells:
        if v is None or v is pd.NA:
            continue
        if isinstance(v, float):
            if v != v:
                continue
            text = str(int(v)) if v.is_integer() else repr(v)
        else:
            text = str(v).strip()
        if text:
            out.append(text)
    return out


def _compact(text: pd.Series) -> pd.Series:
    # Literal replaces: several times faster than one regex on a million cells.
    for sep in _SEPARATORS:
        text = text.str.replace(sep, "", regex=False)
    return text


def _nik_text(values: pd.Series) -> pd.Series:
    """NIKs without the spaces, dots or dashes people type inside them."""
    return _compact(_as_text(values))


#: What :func:`find_identifiers` learnt of one column: its kind, and the share of sampled
#: values that look like it and how many were sampled (``None`` and 0 when recognised by
#: its name).
Finding = tuple[PiiKind, float | None, int]


def find_identifiers(df: pd.DataFrame) -> dict[str, Finding]:
    """Columns of ``df`` holding personal identifiers, by name or by sampled values.

    Parameters
    ----------
    df : a raw frame (after :func:`normalise_platform_export`).

    Returns
    -------
    dict
        column -> (kind, share, n sampled), in column order; empty when there are none.

    Notes
    -----
    The rule of :func:`pseudonymise`. Each column costs at most :data:`SAMPLE_SIZE` cells
    (more only for a mostly blank column), whatever its length, so the loader asks it of
    every column of a million-row file.

    Examples
    --------
    >>> find_identifiers(pd.DataFrame({"kontak": ["081234567890"], "x": ["a"]}))
    {'kontak': ('phone', 1.0, 1)}
    """
    found: dict[str, Finding] = {}
    for col in df.columns:
        name = str(col)
        by_name = pii_kind(name)
        hit = (by_name, None, 0) if by_name else _value_kind(df[col])
        if hit is not None:
            found[name] = hit
    return found


def pseudonymise(
    df: pd.DataFrame,
    key: bytes,
    *,
    id_column: str | None = None,
    found: Mapping[str, Finding] | None = None,
) -> PrivacyResult:
    """Drop or pseudonymise every column holding personal identifiers.

    Parameters
    ----------
    df : a raw frame (after :func:`normalise_platform_export`).
    key : secret from :func:`pseudonym_key`.
    id_column : the column that will become ``member_id``, if the user chose one.
    found : :func:`find_identifiers` of ``df``, when the caller already has it.

    Returns
    -------
    PrivacyResult
        ``frame`` with, in place of each identifier column:

        - a NIK column: ``nik_pseudonym`` (then ``nik_pseudonym_2`` ...), keyed pseudonyms
          of the NIK with spaces, dots and dashes removed, so it can serve as member id
          and still links a survey to a loans ledger loaded with the same key;
        - a name or phone column: nothing (dropped);
        - ``id_column``, when it holds NIKs, phone numbers or names: the same column with
          its values pseudonymised in place (dropping it would lose the member id).

        ``actions`` has one :class:`PiiAction` per column touched, in column order.

    Notes
    -----
    A column is an identifier by its name (:data:`analysis.schema.PII_SYNONYMS`: ``nik``,
    ``no_ktp``, ``nama``, ``no_hp``, ``telepon``...) or, for any other text or whole-number
    column, by its values: at least 90% of up to 1,000 evenly spaced non-blank values
    match :data:`~analysis.schema.NIK_PATTERN` (16 digits) or
    :data:`~analysis.schema.PHONE_PATTERN` (08..., 628..., +628...), spaces, dots, dashes
    and brackets inside ignored. Names can only be recognised by the column name. Missing
    values stay missing. No value and no key appear in ``actions``.

    Examples
    --------
    >>> raw = pd.DataFrame({"NIK": ["3509123412341234"], "Nama": ["Siti"], "income": [1]})
    >>> res = pseudonymise(raw, b"a secret of 16+ chars")
    >>> list(res.frame.columns), [(a.column, a.action) for a in res.actions]
    (['nik_pseudonym', 'income'], [('NIK', 'pseudonymised'), ('Nama', 'dropped')])
    """
    if id_column is not None and id_column not in df.columns:
        raise ValueError(f"id column {id_column!r} is not in the data")
    actions: list[PiiAction] = []
    drop: list[str] = []
    renames: dict[str, str] = {}
    replaced: dict[str, pd.Series] = {}
    taken = {str(c) for c in df.columns}
    if found is None:
        found = find_identifiers(df)
    for col in df.columns:
        name = str(col)
        if name not in found:
            continue
        kind, share, n = found[name]
        evidence = _evidence(kind, share, n)
        if col == id_column:
            values = _nik_text(df[col]) if kind == "nik" else df[col]
            replaced[name] = pseudonymise_values(values, key)
            actions.append(
                PiiAction(name, kind, "pseudonymised", _in_place(name, kind, evidence), name)
            )
        elif kind == "nik":
            target = _free_name("nik_pseudonym", taken)
            taken.add(target)
            replaced[name] = pseudonymise_values(_nik_text(df[col]), key)
            renames[name] = target
            actions.append(
                PiiAction(
                    name, kind, "pseudonymised", _to_pseudonym(name, target, evidence), target
                )
            )
        else:
            drop.append(name)
            actions.append(PiiAction(name, kind, "dropped", _dropped(name, kind, evidence)))
    if not actions:
        return PrivacyResult(df, ())
    # Rebuilt column by column: the untouched columns are shared, not copied (dropping
    # from or assigning into a million-row frame would copy its blocks).
    cols: dict[str, pd.Series] = {}
    for col in df.columns:
        name = str(col)
        if name in drop:
            continue
        if name in replaced:
            cols[renames.get(name, name)] = replaced[name]
        else:
            cols[col] = df[col]
    return PrivacyResult(pd.DataFrame(cols, index=df.index, copy=False), tuple(actions))


def _free_name(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    i = 2
    while f"{base}_{i}" in taken:
        i += 1
    return f"{base}_{i}"


_KIND_EN = {"nik": "national ID numbers (NIK)", "name": "personal names", "phone": "phone numbers"}
_KIND_ID = {"nik": "nomor induk kependudukan (NIK)", "name": "nama orang", "phone": "nomor telepon"}


def _evidence(kind: PiiKind, share: float | None, n: int) -> Message:
    if share is None:
        return Message(
            en=f"holds {_KIND_EN[kind]} (by its name)",
            id=f"berisi {_KIND_ID[kind]} (menurut namanya)",
        )
    pct = f"{100 * share:.0f}%"
    return Message(
        en=f"holds {_KIND_EN[kind]}: {pct} of {n} sampled values look like them",
        id=f"berisi {_KIND_ID[kind]}: {pct} dari {n} nilai contoh tampak seperti itu",
    )


def _to_pseudonym(column: str, target: str, ev: Message) -> Message:
    return Message(
        en=f"Column '{column}' {ev.en}; replaced by keyed pseudonyms in '{target}'.",
        id=f"Kolom '{column}' {ev.id}; diganti dengan pseudonim berkunci di '{target}'.",
    )


def _in_place(column: str, kind: PiiKind, ev: Message) -> Message:
    return Message(
        en=f"Column '{column}' {ev.en}; as the member id it was kept, its values replaced "
        "by keyed pseudonyms.",
        id=f"Kolom '{column}' {ev.id}; sebagai ID anggota kolom ini dipertahankan, nilainya "
        "diganti dengan pseudonim berkunci.",
    )


def _dropped(column: str, kind: PiiKind, ev: Message) -> Message:
    return Message(
        en=f"Column '{column}' {ev.en}; dropped.",
        id=f"Kolom '{column}' {ev.id}; dibuang.",
    )
