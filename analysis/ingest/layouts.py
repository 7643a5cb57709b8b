"""Wide surveys (one row per member, ``income_before``/``income_after``) to long and back.

The loader calls :func:`detect_wide` on a survey's column names after the platform step;
when it finds a layout, :func:`wide_to_long` turns the file into the canonical long form
(one row per member per wave) before columns are mapped. :func:`long_to_wide` is the
inverse, for exports and round-trip tests.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from analysis.messages import Message
from analysis.schema import SURVEY_FIELDS, is_empowerment_item, normalise_name, wave_order

_Family = Literal["before_after", "sebelum_sesudah", "baseline_endline", "awal_akhir", "pre_post",
                  "pra_pasca", "year"]  # fmt: skip

#: Wave words by family, earliest first. A wide file uses one family; its words are kept
#: as the wave labels. ``strong`` families are unambiguous on their own; the others
#: (``awal``/``akhir`` also mean start/end, ``tanggal_awal``; a year may be part of a code,
#: ``kode_2019``) must pass the stricter rule of :func:`detect_wide`.
_LABEL_FAMILIES: tuple[tuple[_Family, tuple[str, ...], bool], ...] = (
    ("before_after", ("before", "after"), True),
    ("sebelum_sesudah", ("sebelum", "sesudah", "setelah"), True),
    ("baseline_endline", ("baseline", "midline", "endline"), True),
    ("awal_akhir", ("awal", "tengah", "akhir"), False),
    ("pre_post", ("pre", "mid", "post"), False),
    ("pra_pasca", ("pra", "pasca"), False),
)
_WORD_FAMILY: dict[str, _Family] = {w: fam for fam, words, _ in _LABEL_FAMILIES for w in words}
_STRONG: frozenset[_Family] = frozenset(fam for fam, _, strong in _LABEL_FAMILIES if strong)
_FAMILY_ORDER: tuple[_Family, ...] = (*(fam for fam, _, _ in _LABEL_FAMILIES), "year")
_YEAR = re.compile(r"^(?:19|20)\d{2}$")
_GLUED_YEAR = re.compile(r"^([a-z]+)((?:19|20)\d{2})$")
_SEP = r"[\s_\-.]*"

#: Normalised names of per-wave survey fields (and their synonyms). Ids and the wave
#: itself are left out: ``member_id_2019`` is not a varying measurement.
_FIELD_SYNONYMS = frozenset(
    s for f in SURVEY_FIELDS if f.name not in ("member_id", "wave") for s in f.synonyms
)


_WAVE_SYNONYMS = frozenset(next(f for f in SURVEY_FIELDS if f.name == "wave").synonyms)


@dataclass(frozen=True)
class WideLayout:
    """Which columns of a wide survey hold which measurement at which wave.

    Attributes
    ----------
    stems : long column name -> {wave label -> wide column}, e.g.
        ``{"income": {2012: "income_2012", 2014: "income_2014"}}``. A stem may miss a wave.
    waves : every wave label of the layout, earliest first (years as ``int``; words such
        as ``"sebelum"`` as lower-case ``str``).
    notes : what detection decided that a person should know (columns left as they are
        and why), for the load report.
    """

    stems: dict[str, dict[object, str]]
    waves: tuple[object, ...]
    notes: tuple[Message, ...] = field(default=())

    @property
    def columns(self) -> tuple[str, ...]:
        """Every wide column the layout reads."""
        return tuple(c for waves in self.stems.values() for c in waves.values())


@dataclass
class _Entry:
    family: _Family
    stem_key: str  # normalised stem, for grouping
    stem: str  # stem as the user wrote it
    wave: object
    column: str


#: Words around a measure's name that say its unit or period, not what it is:
#: ``Pendapatan Sebelum (Rp)``, ``Omzet/bulan (Rp) 2021``, ``pendapatan_thn_2019``.
_NOISE = frozenset(
    {"rp", "idr", "usd", "rupiah", "per", "bulan", "bln", "perbulan", "thn", "th", "tahun",
     "month", "monthly", "mo", "year", "yr", "in", "dalam", "ribu", "rb", "juta", "jt"}
)  # fmt: skip


def _tokens(column: str) -> list[str]:
    """Lower-case word tokens of a header, unit and period words left out.

    Unlike :func:`normalise_name`, a ``/`` is a separator like any other here
    (``Omzet/bulan``): platform group paths were stripped before detection.
    """
    words = re.sub(r"[^0-9a-z]+", "_", str(column).lower()).strip("_").split("_")
    return [w for w in words if w and w not in _NOISE]


def _parse(column: str) -> _Entry | None:
    """Split a header into stem and wave (suffix first, then prefix), or None."""
    tokens = _tokens(column)
    if not tokens:
        return None
    if len(tokens) >= 2:
        last, first = tokens[-1], tokens[0]
        if last in _WORD_FAMILY:
            return _entry(column, "_".join(tokens[:-1]), _WORD_FAMILY[last], last, last, "suffix")
        if _YEAR.match(last):
            return _entry(column, "_".join(tokens[:-1]), "year", int(last), last, "suffix")
        if first in _WORD_FAMILY:
            return _entry(column, "_".join(tokens[1:]), _WORD_FAMILY[first], first, first, "prefix")
        if _YEAR.match(first) and tokens[1][:1].isalpha():
            return _entry(column, "_".join(tokens[1:]), "year", int(first), first, "prefix")
    glued = _GLUED_YEAR.match(tokens[-1])
    if glued:
        stem = "_".join([*tokens[:-1], glued.group(1)])
        return _entry(column, stem, "year", int(glued.group(2)), glued.group(2), "suffix")
    return None


def _entry(
    column: str, stem_key: str, family: _Family, wave: object, token: str, where: str
) -> _Entry | None:
    if not stem_key or not stem_key[0].isalpha():
        return None
    if "_".join(_tokens(column)) != normalise_name(column):
        # unit or period words around the name: the long column is named by the stem alone
        return _Entry(family, stem_key, stem_key, wave, column)
    raw = column.strip()
    pattern = (
        rf"{_SEP}{re.escape(token)}\s*$" if where == "suffix" else rf"^{re.escape(token)}{_SEP}"
    )
    stem = re.sub(pattern, "", raw, flags=re.IGNORECASE).strip()
    if normalise_name(stem) != stem_key:
        stem = stem_key
    return _Entry(family, stem_key, stem, wave, column)


def _is_known_measure(stem_key: str) -> bool:
    return stem_key in _FIELD_SYNONYMS or is_empowerment_item(stem_key)


def detect_wide(columns: Sequence[str]) -> WideLayout | None:
    """Recognise a wide survey from its column names.

    Parameters
    ----------
    columns : the survey's headers (after :func:`normalise_platform_export`).

    Returns
    -------
    WideLayout or None
        ``None`` when the file is not wide. Columns outside the layout stay as they are
        and are repeated on every wave by :func:`wide_to_long`.

    Notes
    -----
    A header is read as *stem* plus *wave*, the wave word at the end or the start:
    ``income_before``, ``pendapatan_sebelum``, ``sebelum_pendapatan``, ``omzet_awal``,
    ``income_2012``, ``2012_income``, ``income2012``. Wave words come in families, one per
    file: before/after, sebelum/sesudah (or setelah), baseline/midline/endline,
    awal/tengah/akhir, pre/mid/post, pra/pasca, and four-digit years 1900-2099.

    The rule that keeps ``umur``, ``tahun``, ``kode_2019`` or ``tanggal_awal`` out:

    0. a file with a wave column (``wave``, ``tahun``, ``gelombang``, ``periode``... any
       synonym of the ``wave`` field) is long already: ``None``;
    1. a stem varies by wave only when it appears with at least two waves of the family;
    2. before/after, sebelum/sesudah and baseline/endline are unambiguous: every such
       stem belongs to the layout;
    3. for awal/akhir, pre/post, pra/pasca and years, a stem *anchors* the layout when it
       is a known survey measure (a synonym of a canonical survey field, such as
       ``pendapatan`` or ``omzet``, or an ``emp_*`` item) or when another stem has exactly
       the same set of waves; without an anchor the family is ignored. Other stems join
       when all their waves are among the anchors' waves;
    4. when several families qualify, the one covering the most columns wins, and a note
       names the columns of the others, which are left as they are;
    5. two columns with the same stem and wave (``income_2012`` and ``2012_income``)
       keep the first; a stem equal to another column's name (``income`` beside
       ``income_2012``) or to ``wave`` is left out. Both are noted.

    Examples
    --------
    >>> layout = detect_wide(["id", "pendapatan_sebelum", "pendapatan_sesudah"])
    >>> layout.stems, layout.waves
    ({'pendapatan': {'sebelum': 'pendapatan_sebelum', 'sesudah': 'pendapatan_sesudah'}}, ('sebelum', 'sesudah'))
    >>> detect_wide(["id", "umur", "kode_2019"]) is None
    True
    """
    cols = [str(c) for c in columns]
    if any(normalise_name(c) in _WAVE_SYNONYMS for c in cols):
        return None
    entries = [e for e in (_parse(c) for c in cols) if e is not None]
    notes: list[Message] = []
    candidates: list[tuple[int, int, _Family, dict[str, dict[object, str]], dict[str, str]]] = []
    for rank, fam in enumerate(_FAMILY_ORDER):
        fam_entries = [e for e in entries if e.family == fam]
        if not fam_entries:
            continue
        stems, names = _group(fam_entries, notes)
        chosen = _qualifying_stems(fam, stems)
        if chosen:
            n_cols = sum(len(stems[s]) for s in chosen)
            picked = {names[s]: stems[s] for s in chosen}
            candidates.append((n_cols, -rank, fam, picked, {names[s]: s for s in chosen}))
    if not candidates:
        return None
    candidates.sort(key=lambda c: (c[0], c[1]), reverse=True)
    _, _, fam, stems_by_name, _ = candidates[0]
    for other in candidates[1:]:
        left = [c for waves in other[3].values() for c in waves.values()]
        notes.append(
            Message(
                en=f"Several wave namings found; used '{_family_words(fam)}'. Columns "
                f"{_names_list(left)} were left as they are.",
                id=f"Ditemukan beberapa penamaan gelombang; yang dipakai '{_family_words(fam)}'. "
                f"Kolom {_names_list(left)} dibiarkan apa adanya.",
            )
        )
    layout_cols = {c for waves in stems_by_name.values() for c in waves.values()}
    others = {c for c in cols if c not in layout_cols}
    for stem in list(stems_by_name):
        if stem in others or stem == "wave":
            notes.append(
                Message(
                    en=f"Columns {_names_list(list(stems_by_name[stem].values()))} were not "
                    f"turned into one column '{stem}' per wave: a column '{stem}' already "
                    "exists.",
                    id=f"Kolom {_names_list(list(stems_by_name[stem].values()))} tidak "
                    f"dijadikan satu kolom '{stem}' per gelombang: kolom '{stem}' sudah ada.",
                )
            )
            del stems_by_name[stem]
    if not stems_by_name:
        return None
    waves = {w for ws in stems_by_name.values() for w in ws}
    # wave_order hands back numpy scalars for numbers; keep plain ints as documented.
    order = tuple(w.item() if isinstance(w, np.generic) else w for w in wave_order(list(waves)))
    stems_sorted = {
        stem: {w: ws[w] for w in order if w in ws} for stem, ws in stems_by_name.items()
    }
    return WideLayout(stems_sorted, order, tuple(notes))


def manual_layout(
    pairs: dict[str, dict[str, str]], columns: Sequence[str], detected: WideLayout | None
) -> tuple[WideLayout | None, list[Message]]:
    """A wide layout from the user's own field-per-wave columns (``income@2021=Laba 2021``).

    Parameters
    ----------
    pairs : field -> {wave label -> column}, as written in the mapping.
    columns : the file's columns (after the platform step).
    detected : the layout found automatically, if any: its stems whose waves are all among
        the user's waves are kept beside hers (``modal_2021`` next to a hand-mapped
        ``Laba 2021``); her columns win where both name one.

    Returns
    -------
    (layout, errors)
        ``errors`` name each column that is not in the file (the layout is then ``None``).
        Wave labels that are all whole numbers become ``int`` (years); the waves are
        ordered by :func:`analysis.schema.wave_order`.
    """
    cols = [str(c) for c in columns]
    errors = [
        Message(
            en=f"The mapping puts '{fld}' at wave {wave} in column '{col}', which is not in the "
            f"file. Columns: {_names_list(cols[:30])}.",
            id=f"Pemetaan menempatkan '{fld}' pada gelombang {wave} di kolom '{col}', yang tidak "
            f"ada di berkas. Kolom: {_names_list(cols[:30])}.",
        )
        for fld, waves in pairs.items()
        for wave, col in waves.items()
        if col not in cols
    ]
    if errors:
        return None, errors
    labels = {w for waves in pairs.values() for w in waves}
    as_int = all(re.fullmatch(r"-?\d+", str(w).strip()) for w in labels)

    def label(w: str) -> object:
        return int(str(w).strip()) if as_int else str(w).strip()

    stems: dict[str, dict[object, str]] = {
        fld: {label(w): c for w, c in waves.items()} for fld, waves in pairs.items()
    }
    wave_set = {w for ws in stems.values() for w in ws}
    taken = {c for ws in stems.values() for c in ws.values()}
    for stem, ws in (detected.stems if detected else {}).items():
        if stem not in stems and set(ws) <= wave_set and not set(ws.values()) & taken:
            stems[stem] = dict(ws)
    order = tuple(w.item() if isinstance(w, np.generic) else w for w in wave_order(list(wave_set)))
    sorted_stems = {s: {w: ws[w] for w in order if w in ws} for s, ws in stems.items()}
    return WideLayout(sorted_stems, order, ()), []


def _group(
    entries: list[_Entry], notes: list[Message]
) -> tuple[dict[str, dict[object, str]], dict[str, str]]:
    """Stem key -> {wave -> column}, first column kept on duplicates; stem key -> name."""
    stems: dict[str, dict[object, str]] = {}
    names: dict[str, str] = {}
    for e in entries:
        waves = stems.setdefault(e.stem_key, {})
        names.setdefault(e.stem_key, e.stem)
        if e.wave in waves:
            notes.append(
                Message(
                    en=f"Columns '{waves[e.wave]}' and '{e.column}' both look like "
                    f"'{names[e.stem_key]}' at wave {e.wave}; used '{waves[e.wave]}', "
                    f"'{e.column}' is kept as it is.",
                    id=f"Kolom '{waves[e.wave]}' dan '{e.column}' sama-sama tampak seperti "
                    f"'{names[e.stem_key]}' pada gelombang {e.wave}; dipakai "
                    f"'{waves[e.wave]}', '{e.column}' dibiarkan apa adanya.",
                )
            )
            continue
        waves[e.wave] = e.column
    return stems, names


def _qualifying_stems(fam: _Family, stems: dict[str, dict[object, str]]) -> list[str]:
    varying = [s for s, ws in stems.items() if len(ws) >= 2]
    if fam in _STRONG:
        return varying
    sets = [frozenset(stems[s]) for s in varying]
    anchors = [
        s
        for s, ws in zip(varying, sets, strict=True)
        if _is_known_measure(s) or sets.count(ws) >= 2
    ]
    if not anchors:
        return []
    allowed = frozenset(w for s in anchors for w in stems[s])
    return [s for s in varying if frozenset(stems[s]) <= allowed]


def _family_words(fam: _Family) -> str:
    if fam == "year":
        return "years"
    return "/".join(next(words for f, words, _ in _LABEL_FAMILIES if f == fam))


def _names_list(cols: Sequence[str]) -> str:
    return ", ".join(f"'{c}'" for c in cols)


def wide_to_long(df: pd.DataFrame, layout: WideLayout) -> pd.DataFrame:
    """One row per member per wave from a wide survey.

    Parameters
    ----------
    df : the wide survey, one row per member.
    layout : from :func:`detect_wide` on ``df.columns``.

    Returns
    -------
    DataFrame with ``len(df) * len(layout.waves)`` rows, indexed 0..n-1: row ``r`` comes
    from row ``r // len(layout.waves)`` of ``df`` (members in file order, waves in order
    within a member). Columns:

    - every column of ``df`` outside the layout, in file order, its value repeated on
      each wave;
    - ``wave``: ordered Categorical of the layout's wave labels;
    - one column per stem (in layout order), holding that wave's value as read.

    Notes
    -----
    Missing data: a stem without a column at some wave is missing there; rows are never
    dropped (a member absent at a wave has a row with missing values, and the loader
    decides what a missing required field means). Values are not converted.

    Raises
    ------
    ValueError
        When a layout column is not in ``df``, or ``df`` already has a column named
        ``wave`` or named like a stem.

    Examples
    --------
    >>> wide = pd.DataFrame({"id": ["a"], "income_2012": [1.0], "income_2014": [2.0]})
    >>> long = wide_to_long(wide, detect_wide(wide.columns))
    >>> long[["id", "wave", "income"]].values.tolist()
    [['a', 2012, 1.0], ['a', 2014, 2.0]]
    """
    missing = [c for c in layout.columns if c not in df.columns]
    if missing:
        raise ValueError(f"wide layout columns not in the data: {missing}")
    used = set(layout.columns)
    keep = [c for c in df.columns if c not in used]
    for name in ("wave", *layout.stems):
        if name in keep:
            raise ValueError(f"cannot make a long column {name!r}: the wide data already has one")
    n, k = len(df), len(layout.waves)
    rows = np.repeat(np.arange(n), k)
    out = df[keep].take(rows).reset_index(drop=True)
    codes = np.tile(np.arange(k, dtype="int64"), n)
    out["wave"] = pd.Categorical.from_codes(
        codes, categories=pd.Index(list(layout.waves)), ordered=True
    )
    # Stack wave blocks (wave-major) and reorder to member-major with one take.
    perm = (np.arange(n)[:, None] + np.arange(k)[None, :] * n).ravel()
    for stem, waves in layout.stems.items():
        # A wave the stem lacks is all-missing, typed like the stem's other columns so
        # that text stays text.
        blank = df[next(iter(waves.values()))].iloc[:0].reindex(df.index)
        parts = [df[waves[w]] if w in waves else blank for w in layout.waves]
        stacked = pd.concat(parts, ignore_index=True)
        out[stem] = stacked.take(perm).reset_index(drop=True)
    return out


def long_to_wide(
    df: pd.DataFrame,
    *,
    member: str = "member_id",
    wave: str = "wave",
    stems: Sequence[str] | None = None,
) -> pd.DataFrame:
    """One row per member from a long survey: the inverse of :func:`wide_to_long`.

    Parameters
    ----------
    df : long survey, one row per member per wave.
    member, wave : column names.
    stems : columns that vary by wave. By default, every column other than ``member`` and
        ``wave`` whose value differs between two waves of some member.

    Returns
    -------
    DataFrame, one row per member in order of first appearance, columns: ``member``; the
    columns that do not vary (read from the member's first row); then for each stem, one
    column ``<stem>_<wave>`` per wave in :func:`analysis.schema.wave_order` order.

    Notes
    -----
    Missing data: a member without a row at some wave has missing values in that wave's
    columns. Rows with a missing ``member`` or ``wave`` raise, as do duplicate
    member-wave rows.

    Examples
    --------
    >>> long = pd.DataFrame({"member_id": ["a", "a"], "wave": [2012, 2014],
    ...                      "income": [1.0, 2.0]})
    >>> long_to_wide(long).values.tolist()
    [['a', 1.0, 2.0]]
    """
    for col in (member, wave):
        if col not in df.columns:
            raise ValueError(f"column {col!r} is not in the data")
        if df[col].isna().any():
            raise ValueError(
                f"column {col!r} has missing values in {int(df[col].isna().sum())} rows"
            )
    dup = df.duplicated([member, wave])
    if dup.any():
        first = df.loc[dup, [member, wave]].iloc[0].tolist()
        raise ValueError(
            f"{int(dup.sum())} duplicate member-wave rows (first: {member}={first[0]!r}, "
            f"{wave}={first[1]!r})"
        )
    rest = [c for c in df.columns if c not in (member, wave)]
    if stems is None:
        counts = df.groupby(member, sort=False)[rest].nunique(dropna=False)
        stems = [c for c in rest if (counts[c] > 1).any()]
    else:
        unknown = [s for s in stems if s not in rest]
        if unknown:
            raise ValueError(f"stem columns not in the data: {unknown}")
    fixed = [c for c in rest if c not in stems]
    first_rows = df.drop_duplicates(member).set_index(member)
    members = first_rows.index
    out = first_rows[fixed].reset_index()
    for w in wave_order(df[wave]):
        at = df[df[wave] == w].set_index(member).reindex(members)
        for s in stems:
            out[f"{s}_{w}"] = at[s].set_axis(out.index)
    ordered = [member, *fixed]
    waves = wave_order(df[wave])
    ordered += [f"{s}_{w}" for s in stems for w in waves]
    return out[ordered]
