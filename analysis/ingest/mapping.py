"""Which column of a user's file becomes which canonical field.

Called by :mod:`analysis.ingest.loaders` after the platform step (group paths already
stripped) and the wide-to-long step. Automatic mapping uses the schema's English and
Indonesian synonyms; an explicit mapping (``FIELD=COLUMN`` pairs, or a TOML/JSON file
read by :func:`read_mapping`) overrides it. Two candidate columns for one field are a
question for the user, never a guess.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from analysis.ingest.numbers import NUMBER_STYLES, NumberStyle
from analysis.messages import Message
from analysis.schema import DatasetKind, fields, is_empowerment_item, normalise_name

QuestionKind = Literal["column", "number_style", "date_format", "unit", "wave_order"]


@dataclass(frozen=True)
class Question:
    """Something the loader could not decide alone; the user answers with a choice.

    Attributes
    ----------
    kind : ``"column"`` (several columns could be ``field``), ``"number_style"`` (the
        cells of ``column`` read differently in several notations), ``"date_format"`` or
        ``"unit"`` (a money column whose values do not look like rupiah).
    field : the canonical field concerned.
    column : the column concerned (``None`` for a column choice).
    candidates : the choices: column names, :data:`~analysis.ingest.numbers.NumberStyle`
        values or date formats.
    message : the question in English and Indonesian, naming how to answer.
    """

    kind: QuestionKind
    field: str | None
    column: str | None
    candidates: tuple[str, ...]
    message: Message

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "kind": self.kind,
            "field": self.field,
            "column": self.column,
            "candidates": list(self.candidates),
            "message": self.message.to_dict(),
        }


@dataclass(frozen=True)
class ColumnMapping:
    """The outcome of mapping a file's columns.

    Attributes
    ----------
    mapping : canonical field -> column of the frame.
    auto, user : fields mapped automatically / by the explicit mapping.
    questions : fields with several candidate columns (left unmapped).
    errors : explicit-mapping entries that cannot be applied (unknown field, column not in
        the file, one column given to two fields).
    empowerment : column -> canonical ``emp_*`` name, for empowerment items.
    """

    mapping: dict[str, str]
    auto: tuple[str, ...]
    user: tuple[str, ...]
    questions: tuple[Question, ...]
    errors: tuple[Message, ...]
    empowerment: dict[str, str]


def _resolve_column(wanted: str, columns: Sequence[str], aliases: Mapping[str, str]) -> str | None:
    """Find the column a person named: exact, original header, case/space, normalised."""
    if wanted in columns:
        return wanted
    if wanted in aliases and aliases[wanted] in columns:
        return aliases[wanted]
    folded = wanted.strip().casefold()
    hits = [c for c in columns if c.strip().casefold() == folded]
    hits += [a for o, a in aliases.items() if o.strip().casefold() == folded and a in columns]
    if len(set(hits)) == 1:
        return hits[0]
    norm = normalise_name(wanted)
    hits = [c for c in columns if normalise_name(c) == norm]
    return hits[0] if len(hits) == 1 else None


def known_fields(kind: DatasetKind) -> tuple[str, ...]:
    """Field names an explicit mapping may use (``emp_*`` items are accepted too)."""
    return tuple(f.name for f in fields(kind))


def map_columns(
    columns: Sequence[str],
    kind: DatasetKind,
    explicit: Mapping[str, str] | None = None,
    *,
    aliases: Mapping[str, str] | None = None,
) -> ColumnMapping:
    """Map columns to canonical fields.

    Parameters
    ----------
    columns : the frame's columns (after the platform and wide steps).
    kind : ``"survey"`` or ``"loans"``.
    explicit : field -> column chosen by the user. A column may be named as in the file
        (before group paths were stripped), with other case or spacing, or by its
        normalised name. An empty column means "this field is not in my file".
    aliases : original header -> frame column, for renamed columns.

    Returns
    -------
    ColumnMapping

    Notes
    -----
    A column is a candidate for a field when its normalised name
    (:func:`analysis.schema.normalise_name`) is one of the field's synonyms. A field with
    one candidate is mapped; with several it is left unmapped and a question lists them.
    Columns taken by the explicit mapping are not candidates for other fields.

    Examples
    --------
    >>> m = map_columns(["ID Anggota", "Pendapatan", "tahun"], "survey")
    >>> m.mapping
    {'member_id': 'ID Anggota', 'wave': 'tahun', 'income': 'Pendapatan'}
    """
    cols = [str(c) for c in columns]
    aliases = dict(aliases or {})
    explicit = dict(explicit or {})
    names = known_fields(kind)
    errors: list[Message] = []
    mapping: dict[str, str] = {}
    user: list[str] = []
    refused: set[str] = set()
    taken: dict[str, str] = {}
    for fld, wanted in explicit.items():
        fname = fld.strip()
        if fname not in names and not fname.startswith("emp_"):
            errors.append(_unknown_field(fname, names))
            continue
        if wanted is None or str(wanted).strip() == "":
            refused.add(fname)
            continue
        col = _resolve_column(str(wanted), cols, aliases)
        if col is None:
            errors.append(_missing_column(fname, str(wanted), cols))
            continue
        if col in taken:
            errors.append(_twice(col, taken[col], fname))
            continue
        taken[col] = fname
        mapping[fname] = col
        user.append(fname)

    auto: list[str] = []
    questions: list[Question] = []
    for f in fields(kind):
        if f.name in mapping or f.name in refused:
            continue
        cands = [c for c in cols if c not in taken and normalise_name(c) in f.synonyms]
        if not cands:
            # "Pendapatan Bersih (Rp)", "Umur (tahun)": the name once its unit is dropped.
            cands = [c for c in cols if c not in taken and _without_unit(normalise_name(c), f)]
        if len(cands) == 1:
            mapping[f.name] = cands[0]
            taken[cands[0]] = f.name
            auto.append(f.name)
        elif len(cands) > 1:
            questions.append(_which_column(f.name, cands))

    empowerment: dict[str, str] = {}
    used = set(mapping)
    for c in cols:
        if c in taken or not is_empowerment_item(c):
            continue
        n = normalise_name(c)
        canon = "emp_" + n.removeprefix("pemberdayaan_") if not n.startswith("emp_") else n
        if canon in used or (canon in cols and canon != c):
            canon = c
        empowerment[c] = canon
        used.add(canon)
    for fname, col in mapping.items():
        if fname.startswith("emp_"):
            empowerment[col] = fname
    ordered = {f.name: mapping[f.name] for f in fields(kind) if f.name in mapping}
    ordered.update({k: v for k, v in mapping.items() if k not in ordered})
    return ColumnMapping(
        ordered, tuple(auto), tuple(user), tuple(questions), tuple(errors), empowerment
    )


#: Unit words people put in headers, by the unit of the field they may follow. Only the
#: field's own unit is dropped: "pendapatan_tahun" (a yearly income) never becomes the
#: monthly ``income``.
_UNIT_WORDS: dict[str, tuple[str, ...]] = {
    "IDR": ("rp", "idr", "rupiah"),
    "IDR/month": ("rp", "idr", "rupiah", "per_bulan", "perbulan", "sebulan", "bulan",
                  "bulanan", "per_month", "monthly", "month", "pm"),
    "years": ("tahun", "thn", "th", "years", "year", "yrs"),
    "hours": ("jam", "hours", "hrs", "h"),
    "months": ("bulan", "bln", "months", "month"),
    "persons": ("orang", "jiwa", "persons", "people"),
    "days": ("hari", "days"),
}  # fmt: skip


def _without_unit(name: str, f: Any) -> bool:
    """Whether ``name`` is a synonym of field ``f`` followed by words of ``f``'s unit."""
    words = sorted(_UNIT_WORDS.get(f.unit, ()), key=len, reverse=True)
    if not words:
        return False
    changed = True
    while changed and name not in f.synonyms:
        changed = False
        for w in words:
            if name.endswith("_" + w):
                name = name[: -len(w) - 1]
                changed = True
                break
    return name in f.synonyms


def _which_column(fname: str, cands: list[str]) -> Question:
    listed = ", ".join(f"'{c}'" for c in cands)
    return Question(
        "column",
        fname,
        None,
        tuple(cands),
        Message(
            en=f"Several columns could be '{fname}': {listed}. Choose one (for example "
            f"--map {fname}={cands[0]}); until then '{fname}' is left out.",
            id=f"Beberapa kolom bisa menjadi '{fname}': {listed}. Pilih salah satu (misalnya "
            f"--map {fname}={cands[0]}); selama belum dipilih, '{fname}' tidak dipakai.",
        ),
    )


def _unknown_field(fname: str, names: Sequence[str]) -> Message:
    return Message(
        en=f"The mapping names an unknown field '{fname}'. Fields are: {', '.join(names)} "
        "and emp_* items.",
        id=f"Pemetaan menyebut bidang yang tidak dikenal '{fname}'. Bidang yang ada: "
        f"{', '.join(names)} dan butir emp_*.",
    )


def _missing_column(fname: str, wanted: str, cols: Sequence[str]) -> Message:
    listed = ", ".join(f"'{c}'" for c in cols[:40])
    more = ", ..." if len(cols) > 40 else ""
    return Message(
        en=f"The mapping gives '{fname}' the column '{wanted}', which is not in the file. "
        f"Columns are: {listed}{more}.",
        id=f"Pemetaan memberi '{fname}' kolom '{wanted}', yang tidak ada di berkas. "
        f"Kolom yang ada: {listed}{more}.",
    )


def _twice(col: str, first: str, second: str) -> Message:
    return Message(
        en=f"The mapping gives column '{col}' to two fields, '{first}' and '{second}'.",
        id=f"Pemetaan memberi kolom '{col}' kepada dua bidang, '{first}' dan '{second}'.",
    )


# ---------------------------------------------------------------------------------------
# Mapping files


def _load_file(path: str | os.PathLike) -> dict[str, Any]:
    p = Path(path)
    text = p.read_text(encoding="utf-8-sig")
    suffix = p.suffix.lower()
    if suffix == ".json":
        return _json_table(text, p)
    if suffix == ".toml":
        return _toml_table(text, p)
    try:
        return _json_table(text, p)
    except ValueError:
        return _toml_table(text, p)


def _json_table(text: str, p: Path) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{p.name} is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ValueError(f"{p.name} must hold an object of FIELD: COLUMN pairs")
    return data


def _toml_table(text: str, p: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{p.name} is not valid TOML or JSON: {exc}") from None


def _pairs(table: Mapping[str, Any]) -> dict[str, str]:
    """FIELD = "COLUMN" entries, top level or in a [mapping]/[columns] table."""
    out: dict[str, str] = {}
    for key, value in table.items():
        if isinstance(value, str):
            if key in ("date_format", "sheet", "loans_sheet"):  # options, not fields
                continue
            out[key.strip()] = value
    for section in ("mapping", "columns"):
        sub = table.get(section)
        if isinstance(sub, Mapping):
            out.update(_pairs(sub))
    sub = table.get("loans")
    if isinstance(sub, Mapping):
        out.update({f"loans.{k}": v for k, v in _pairs(sub).items()})
    waves = table.get("waves")
    if isinstance(waves, Mapping):  # [waves.income] "2021" = "Laba 2021": a wide pair by hand
        for fld, per_wave in waves.items():
            if isinstance(per_wave, Mapping):
                out.update({f"{fld}@{w}": str(c) for w, c in per_wave.items()})
    return out


def split_mapping(mapping: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """(survey, loans) parts of a mapping whose loans entries are named ``loans.FIELD``."""
    survey: dict[str, str] = {}
    loans: dict[str, str] = {}
    for k, v in mapping.items():
        if k.startswith("loans."):
            loans[k.removeprefix("loans.")] = v
        else:
            survey[k] = v
    return survey, loans


def read_mapping(
    items: Sequence[str] = (), path: str | os.PathLike | None = None
) -> dict[str, str]:
    """An explicit column mapping from ``FIELD=COLUMN`` items and/or a file.

    Parameters
    ----------
    items : strings ``FIELD=COLUMN`` (the command line's ``--map``); ``FIELD=`` means the
        field is not in the file. They override the file.
    path : a TOML or JSON file of ``FIELD = "COLUMN"`` pairs, at top level or under a
        ``[mapping]`` table. Other keys (``date_format``, a ``[number_styles]`` table)
        are options for the loader, read by :func:`read_options`. A ``[loans]`` table
        maps the loans ledger; its entries come back as ``loans.FIELD`` (as does the item
        ``loans.FIELD=COLUMN``), see :func:`split_mapping`.

    Returns
    -------
    dict
        field -> column, in the order given.

    Raises
    ------
    ValueError
        An item without ``=`` or an empty field name; a file that is neither TOML nor
        JSON. ``OSError`` when the file cannot be read.

    Examples
    --------
    >>> read_mapping(["income=Pendapatan Bersih (Rp)", "member_id = No. Anggota"])
    {'income': 'Pendapatan Bersih (Rp)', 'member_id': 'No. Anggota'}
    """
    out: dict[str, str] = {}
    if path is not None:
        out.update(_pairs(_load_file(path)))
    for item in items:
        fname, sep, column = str(item).partition("=")
        if not sep or not fname.strip():
            raise ValueError(f"a mapping item must be FIELD=COLUMN, got {item!r}")
        out[fname.strip()] = column.strip()
    return out


def read_options(path: str | os.PathLike) -> tuple[dict[str, NumberStyle], str | None]:
    """Loader options in a mapping file: ``[number_styles]`` and ``date_format``.

    Returns
    -------
    (number_styles, date_format)
        column -> style for columns whose notation the user chose; the date format (a
        ``strftime`` pattern such as ``"%d/%m/%Y"``) or ``None``.

    Raises
    ------
    ValueError
        A style that is not one of ``plain``, ``dot_thousands``, ``comma_thousands``.

    Examples
    --------
    A TOML file::

        income = "Pendapatan"
        date_format = "%d/%m/%Y"
        [number_styles]
        "Jam pelatihan" = "dot_thousands"
    """
    opts = read_load_options(path)
    return opts["number_styles"], opts["date_format"]


def read_load_options(path: str | os.PathLike) -> dict[str, Any]:
    """Every loader option a mapping file can hold, as keyword arguments of the loaders.

    Returns
    -------
    dict
        ``values`` (flag field -> {text: 1 or 0}, from ``[values.FIELD]`` tables),
        ``number_styles`` (column -> style), ``date_format`` (or ``None``), ``units``
        (field or column -> ``IDR``, an ISO 4217 code or ``number``, from a ``[units]``
        table), ``sheet`` and ``loans_sheet`` (worksheet names for workbooks, or ``None``),
        ``wave_order`` (the survey's wave labels earliest first, or an empty list).

    Raises
    ------
    ValueError
        An unknown number style, or a ``[units]`` entry that is not text.

    Examples
    --------
    A TOML file::

        income = "Laba (USD)"
        sheet = "Data 2023"
        [units]
        income = "USD"
    """
    table = _load_file(path)
    units = table.get("units") or {}
    if not isinstance(units, Mapping) or not all(isinstance(v, str) for v in units.values()):
        raise ValueError('units must be a table of FIELD = "UNIT" (IDR, USD, ..., or number)')
    flag_values = table.get("values") or {}
    if not isinstance(flag_values, Mapping) or not all(
        isinstance(v, Mapping) for v in flag_values.values()
    ):
        raise ValueError('values must be tables such as [values.in_program] "Kelompok A" = 1')
    return {
        "values": {str(f): dict(v) for f, v in flag_values.items()},
        "number_styles": _styles_of(table),
        "date_format": str(table["date_format"]) if table.get("date_format") else None,
        "units": {str(k): v for k, v in units.items()},
        "sheet": str(table["sheet"]) if table.get("sheet") else None,
        "wave_order": [str(w) for w in table.get("wave_order") or []],
        "loans_sheet": str(table["loans_sheet"]) if table.get("loans_sheet") else None,
    }


def _styles_of(table: Mapping[str, Any]) -> dict[str, NumberStyle]:
    styles: dict[str, NumberStyle] = {}
    raw = table.get("number_styles") or {}
    if not isinstance(raw, Mapping):
        raise ValueError("number_styles must be a table of COLUMN = STYLE")
    for col, style in raw.items():
        if style not in NUMBER_STYLES:
            raise ValueError(
                f"unknown number style {style!r} for {col!r}; use one of {list(NUMBER_STYLES)}"
            )
        styles[str(col)] = style
    return styles
