"""Session state, cached loading and the sidebar: what every page reads before it draws.

The sidebar (language, dataset, filters) is drawn once per run by ``app.py``; it leaves a
:class:`View` in session state that pages fetch with :func:`current_view`. Loading is cached
on the sha256 of the raw bytes (plus the column mapping), and the large frames live in
``st.cache_resource`` shared read-only across sessions: filters make new frames, never edit
the cached ones. Uploaded bytes, and what they load to, stay in the uploading editor's session
only (a session-scoped cache, dropped when the session ends). The dataset is
the demo, a saved evaluation (opened through :mod:`ui.saved`) or, for an editor, the upload:
every page reads it the same way, so a saved evaluation drives them exactly as an upload does.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NamedTuple

import numpy as np
import pandas as pd
import streamlit as st

import analysis
from ui import access, nav, saved
from ui import format as fmt
from ui.i18n import Lang, lang_from_locale, t

ROOT = Path(__file__).resolve().parents[1]
DEMO_SURVEY = ROOT / "data" / "synthetic_survey.csv"
DEMO_LOANS = ROOT / "data" / "synthetic_loans.csv"

#: A view of fewer members than this shows no mean (small-cell suppression). Override with
#: the environment variable ``BERDAYA_SMALL_CELL_MIN`` or ``small_cell_min`` in secrets.
SMALL_CELL_MIN = 10
#: Upload limit shipped in ``.streamlit/config.toml`` (``server.maxUploadSize``, MB): the
#: benchmark's 1,000,000-member survey over three waves is 406 MB as CSV and its loans
#: ledger 320 MB (``write_demo`` seed 1), so each fits with room (issue 9). Measured through
#: the Data page (AppTest): the survey uploaded and loaded in 8.4 s, peak 2.8 GiB.
MAX_UPLOAD_MB = 1024

Kind = Literal["survey", "loans"]
Basis = Literal["nominal", "real"]

LANG_KEY = "sidebar_lang"
BASIS_KEY = "sidebar_basis"
BEFORE_KEY = "sidebar_before"
AFTER_KEY = "sidebar_after"
#: The sidebar's dataset choice: ``DEMO``, ``UPLOAD`` or a saved version (:data:`saved.Choice`).
DATASET_KEY = "sidebar_dataset"
DEMO: tuple[str, ...] = ("demo",)
UPLOAD: tuple[str, ...] = ("upload",)
VIEW_KEY = "_berdaya_view"
ROUTED_KEY = "_berdaya_routed"
#: Sidebar filter widgets: session key -> canonical survey column, outermost place first.
FILTER_COLUMNS: dict[str, str] = {
    "sidebar_kabupaten": "kabupaten",
    "sidebar_kecamatan": "kecamatan",
    "sidebar_kelurahan": "kelurahan",
    "sidebar_cooperative": "cooperative_id",
    "sidebar_business": "business_type",
}
#: Nested filters: each offers only the values found within the outer choices.
_PLACE_KEYS = ("sidebar_kabupaten", "sidebar_kecamatan", "sidebar_kelurahan", "sidebar_cooperative")


def small_cell_min() -> int:
    """The small-cell threshold: env ``BERDAYA_SMALL_CELL_MIN``, secrets, else 10."""
    raw: Any = os.environ.get("BERDAYA_SMALL_CELL_MIN")
    if raw is None:
        try:
            raw = st.secrets.get("small_cell_min")
        except Exception:  # no secrets file at all is the normal case
            raw = None
    try:
        return max(1, int(raw)) if raw is not None else SMALL_CELL_MIN
    except (TypeError, ValueError):
        return SMALL_CELL_MIN


def upload_limit_mb() -> int:
    """The upload limit in force (``server.maxUploadSize``, configurable), as stated to users."""
    try:
        return int(st.get_option("server.maxUploadSize"))
    except Exception:  # an unreadable option: the shipped limit
        return MAX_UPLOAD_MB


def language() -> Lang:
    """The language chosen in the sidebar, else the browser's (Indonesian for ``id-*``)."""
    chosen = st.session_state.get(LANG_KEY)
    if chosen in ("en", "id"):
        return chosen
    return lang_from_locale(st.context.locale)


# --- datasets -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RawFile:
    """Bytes of one input file with their name and sha256 (the cache key)."""

    name: str
    sha256: str
    data: bytes = field(repr=False)

    @classmethod
    def of(cls, name: str, data: bytes) -> RawFile:
        """Wrap ``data``, computing its hash once."""
        return cls(name, hashlib.sha256(data).hexdigest(), data)


@dataclass(frozen=True)
class Dataset:
    """What the session analyses: demo, a saved evaluation or the editor's upload.

    ``survey`` is ``None`` while the mapping lacks a required field (nothing is analysed
    until it has them); ``survey_loaded``/``loans_loaded`` carry the load reports. A saved
    evaluation has no bytes (``data`` empty; ``sha256`` the input's) and names its version
    in ``saved``: ``(name, version, published_at, publisher)``.
    """

    source: Literal["demo", "upload", "saved"]
    survey_file: RawFile
    loans_file: RawFile | None
    survey_mapping: tuple[tuple[str, str], ...]
    loans_mapping: tuple[tuple[str, str], ...]
    survey_loaded: Any
    loans_loaded: Any | None
    error: str | None = None
    answers: tuple[Any, ...] = ()
    saved: tuple[str, ...] = ()

    @property
    def survey(self) -> pd.DataFrame | None:
        """The canonical survey frame, or ``None`` when it cannot be analysed yet."""
        return _frame(self.survey_loaded)

    @property
    def loans(self) -> pd.DataFrame | None:
        """The canonical loans frame, or ``None`` when there is none."""
        return _frame(self.loans_loaded)

    @property
    def key(self) -> str:
        """A short cache key naming the bytes and the mappings."""
        parts = [self.survey_file.sha256, repr(self.survey_mapping), repr(self.answers)]
        if self.loans_file is not None:
            parts += [self.loans_file.sha256, repr(self.loans_mapping)]
        if self.saved:
            parts.append(repr(self.saved))
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:20]


def _frame(loaded: Any) -> pd.DataFrame | None:
    """The loaded frame when the load report says it can be analysed."""
    if loaded is None or not loaded.report.can_analyse:
        return None
    return loaded.data


def demo_file(kind: Kind) -> RawFile:
    """The committed synthetic demo file of ``kind`` (cached on path and modification time)."""
    path = DEMO_SURVEY if kind == "survey" else DEMO_LOANS
    return _demo_raw(str(path), path.stat().st_mtime)


@st.cache_resource(show_spinner=False, max_entries=4)
def _demo_raw(path: str, mtime: float) -> RawFile:
    return RawFile.of(Path(path).name, Path(path).read_bytes())


class Choices(NamedTuple):
    """Everything the user said about one file on the Data page, hashable (a cache key).

    ``mapping`` holds field -> column pairs, ``""`` for "not in my file", and wide pairs by
    hand as ``FIELD@WAVE`` -> column; ``values`` flag field -> ((text, 0 or 1), ...).
    """

    mapping: tuple[tuple[str, str], ...] = ()
    number_styles: tuple[tuple[str, str], ...] = ()
    date_format: str | None = None
    units: tuple[tuple[str, str], ...] = ()
    values: tuple[tuple[str, tuple[tuple[str, int], ...]], ...] = ()
    sheet: str | None = None
    wave_order: tuple[str, ...] = ()

    def loader_kwargs(self) -> dict[str, Any]:
        """The keyword arguments of :func:`analysis.load_survey` these choices stand for."""
        kwargs = {
            "mapping": dict(self.mapping) or None,
            "number_styles": dict(self.number_styles) or None,
            "date_format": self.date_format,
            "units": dict(self.units) or None,
            "values": {f: dict(pairs) for f, pairs in self.values} or None,
            "sheet": self.sheet,
        }
        if self.wave_order:  # a survey's answer to the wave-order question
            kwargs["wave_order"] = list(self.wave_order)
        return kwargs


@st.cache_resource(show_spinner=False, max_entries=6, ttl=3600)
def load_cached(kind: Kind, sha256: str, choices: Choices, _raw: bytes) -> Any:
    """Load ``_raw`` (the demo's files) as ``kind`` with the user's choices; cached on the
    bytes' hash and them.

    Shared read-only across sessions (``st.cache_resource``): never mutate the result.
    Keyed on the hash, so a changed file is never answered with a stale frame.
    """
    return _load(kind, choices, _raw)


@st.cache_resource(show_spinner=False, max_entries=4, scope="session")
def load_upload(kind: Kind, sha256: str, choices: Choices, _raw: bytes) -> Any:
    """:func:`load_cached` for an editor's upload, held for that session only: Streamlit drops
    a session-scoped entry when the session ends, and *Clear my data* drops it at once, so an
    unpublished upload is never kept beyond its session nor reachable from another."""
    return _load(kind, choices, _raw)


def _load(kind: Kind, choices: Choices, raw: bytes) -> Any:
    loader = analysis.load_survey if kind == "survey" else analysis.load_loans
    return loader(raw, **choices.loader_kwargs())


def _uploaded(kind: Kind) -> RawFile | None:
    return st.session_state.get(f"dataset_{kind}_file")


def mapping_of(kind: Kind) -> tuple[tuple[str, str], ...]:
    """The column mapping the user confirmed on the Data page (empty: automatic)."""
    return tuple(sorted(st.session_state.get(f"dataset_{kind}_mapping", {}).items()))


def answers_of(kind: Kind) -> tuple[tuple[tuple[str, str], ...], str | None]:
    """The user's answers to the loader's questions: number styles and a date format."""
    styles = st.session_state.get(f"dataset_{kind}_styles", {})
    return tuple(sorted(styles.items())), st.session_state.get(f"dataset_{kind}_date_format")


def choices_of(kind: Kind) -> Choices:
    """Every choice the user made for this session's ``kind`` file (empty: automatic)."""
    ss = st.session_state
    styles, date_format = answers_of(kind)
    values = ss.get(f"dataset_{kind}_values", {})
    return Choices(
        mapping_of(kind),
        styles,
        date_format,
        tuple(sorted(ss.get(f"dataset_{kind}_units", {}).items())),
        tuple((f, tuple(sorted(v.items()))) for f, v in sorted(values.items())),
        ss.get(f"dataset_{kind}_sheet"),
        tuple(ss.get(f"dataset_{kind}_wave_order", ())),
    )


def _toml_str(text: object) -> str:
    """A TOML basic string (JSON's escapes are TOML's, for the characters JSON escapes)."""
    return json.dumps(str(text), ensure_ascii=False)


def choices_toml(survey: Choices, loans: Choices | None = None) -> str:
    """The Data page's choices as a mapping file ``python -m analysis report --mapping``
    reads unchanged (issue 9): fields, wide pairs by hand (``[waves.FIELD]``), the sheets,
    units, flag values, number styles and the date format; the loans ledger's fields under
    ``[loans]``. The command line gives the options to both files, so the two files' units,
    styles and flag values are written together (the survey's date format wins)."""
    loans = loans or Choices()
    top = [f"{_toml_str(k)} = {_toml_str(v)}" for k, v in survey.mapping if "@" not in k]
    for key, value in (
        ("sheet", survey.sheet),
        ("loans_sheet", loans.sheet),
        ("date_format", survey.date_format or loans.date_format),
    ):
        if value:
            top.append(f"{key} = {_toml_str(value)}")
    if survey.wave_order:
        top.append(f"wave_order = [{', '.join(_toml_str(w) for w in survey.wave_order)}]")
    waves: dict[str, list[tuple[str, str]]] = {}
    for k, v in survey.mapping:
        if "@" in k:
            name, _, wave = k.partition("@")
            waves.setdefault(name, []).append((wave, v))
    tables: list[tuple[str, list[tuple[str, object]]]] = [
        (f"waves.{name}", pairs) for name, pairs in waves.items()
    ]
    tables.append(("units", [*survey.units, *loans.units]))
    values = {f: dict(v) for f, v in (*loans.values, *survey.values)}
    tables += [(f"values.{f}", list(v.items())) for f, v in values.items()]
    tables.append(("number_styles", [*loans.number_styles, *survey.number_styles]))
    tables.append(("loans", list(loans.mapping)))
    lines = ["# Berdaya mapping file: python -m analysis report FILE --mapping THIS_FILE", *top]
    for name, pairs in tables:
        if pairs:
            lines += ["", f"[{name}]"]
            lines += [
                f"{_toml_str(k)} = {v if isinstance(v, int) else _toml_str(v)}" for k, v in pairs
            ]
    return "\n".join(lines) + "\n"


def store_upload(kind: Kind, widget_key: str) -> None:
    """Callback of the Data page uploaders: keep the bytes in this session only (editors)."""
    up = st.session_state.get(widget_key)
    if up is None or not access.is_editor():
        return
    _evict(kind)  # the file it replaces is forgotten, not left in the server's cache
    st.session_state[f"dataset_{kind}_file"] = RawFile.of(up.name, up.getvalue())
    _forget_choices(kind)
    if kind == "survey":
        st.session_state[DATASET_KEY] = UPLOAD
        # the user's survey never gets the demo loans, nor filters of the demo places
        _reset_filters()


_KEEP: Any = object()  # "leave this choice as it is" in :func:`set_choices`


def set_choices(
    kind: Kind,
    mapping: dict[str, str] = _KEEP,
    number_styles: dict[str, str] | None = _KEEP,
    date_format: str | None = _KEEP,
    *,
    units: dict[str, str] | None = _KEEP,
    values: dict[str, dict[str, int]] | None = _KEEP,
    sheet: str | None = _KEEP,
    wave_order: tuple[str, ...] | None = _KEEP,
) -> None:
    """Store the user's column mapping (field -> column, ``""`` for "not in my file",
    ``FIELD@WAVE`` -> column for a wide pair by hand), answers to the loader's questions,
    units of money fields, flag values and the workbook's sheet; the next run reloads the
    file with them. A choice not passed is left as it was."""
    _evict(kind)
    ss = st.session_state
    if mapping is not _KEEP:
        ss[f"dataset_{kind}_mapping"] = dict(mapping)
    if number_styles is not _KEEP:
        ss[f"dataset_{kind}_styles"] = {k: v for k, v in (number_styles or {}).items() if v}
    if date_format is not _KEEP:
        ss[f"dataset_{kind}_date_format"] = date_format or None
    if units is not _KEEP:
        ss[f"dataset_{kind}_units"] = {k: v for k, v in (units or {}).items() if v}
    if values is not _KEEP:
        ss[f"dataset_{kind}_values"] = {k: dict(v) for k, v in (values or {}).items() if v}
    if sheet is not _KEEP:
        ss[f"dataset_{kind}_sheet"] = (sheet or "").strip() or None
    if wave_order is not _KEEP:
        ss[f"dataset_{kind}_wave_order"] = tuple(wave_order or ())
    if kind == "survey":
        _reset_filters()


def _forget_choices(kind: Kind) -> None:
    for suffix in ("mapping", "styles", "date_format", "units", "values", "sheet"):
        st.session_state.pop(f"dataset_{kind}_{suffix}", None)
    widgets = (f"data_{kind}_map_", f"data_{kind}_unit_", f"data_{kind}_sheet")
    if kind == "survey":
        widgets += ("data_survey_flag_", "data_survey_pair_")
    for key in [k for k in st.session_state if str(k).startswith(widgets)]:
        del st.session_state[key]


def _evict(kind: Kind) -> None:
    """Drop the cached load of this session's ``kind`` upload (as last mapped)."""
    raw = _uploaded(kind)
    if raw is not None:
        load_upload.clear(kind, raw.sha256, choices_of(kind), raw.data)


def forget_upload() -> None:
    """Callback ("Clear my data", sign-out): forget this session's unpublished upload now,
    its bytes and its cached load, and go back to the demo data."""
    for kind in ("survey", "loans"):
        _evict(kind)
        st.session_state.pop(f"dataset_{kind}_file", None)
        _forget_choices(kind)
    if st.session_state.get(DATASET_KEY) == UPLOAD:
        st.session_state[DATASET_KEY] = DEMO
    _reset_filters()
    # the shared per-view caches may hold the upload's filtered rows: emptied for everyone
    # (they refill from the data still chosen at the next rerun); they cannot be emptied of
    # one dataset alone, as their keys include each session's filters
    for cached in (_options, _mask, _rows, _filtered_loans, _member_codes, _count_members):
        cached.clear()


def use_demo() -> None:
    """Callback: drop this session's uploads and choices, back to the demo data."""
    forget_upload()
    st.session_state[DATASET_KEY] = DEMO


def choose_dataset() -> None:
    """Callback of the sidebar's dataset choice: the old filters do not fit the new data."""
    _reset_filters()


def current_dataset() -> Dataset:
    """The dataset of this session (the sidebar's choice), loaded through the caches."""
    choice = tuple(st.session_state.get(DATASET_KEY) or DEMO)
    if choice[0] == "saved":
        return _saved_dataset(choice)
    survey_up = _uploaded("survey")
    if choice != UPLOAD or survey_up is None or not access.is_editor():
        return _loaded(
            "demo", demo_file("survey"), demo_file("loans") if DEMO_LOANS.exists() else None
        )
    return _loaded(
        "upload", survey_up, _uploaded("loans"), (choices_of("survey"), choices_of("loans"))
    )


def _loaded(
    source: Literal["demo", "upload"],
    survey_file: RawFile,
    loans_file: RawFile | None,
    choices: tuple[Choices, Choices] = (Choices(), Choices()),
) -> Dataset:
    """The demo (cached for every session) or the upload (for this session only), loaded from
    its bytes, cached on their hash and the choices; a first load of an upload shows its
    stages (:func:`_progress`)."""
    s_ch, l_ch = choices
    load = load_cached if source == "demo" else load_upload
    error = None
    survey_loaded = loans_loaded = None
    files = (("survey", survey_file, s_ch), ("loans", loans_file, l_ch))
    with _progress(source, files) as step:
        try:
            survey_loaded = step(
                "survey", lambda: load("survey", survey_file.sha256, s_ch, survey_file.data)
            )
            if loans_file is not None:
                loans_loaded = step(
                    "loans", lambda: load("loans", loans_file.sha256, l_ch, loans_file.data)
                )
        except ValueError as exc:  # a bad option (the loader reports bad data, never raises)
            error = _message(exc)
    return Dataset(
        source, survey_file, loans_file, s_ch.mapping, l_ch.mapping, survey_loaded,
        loans_loaded, error, (s_ch, l_ch),
    )  # fmt: skip


#: Session key: the (kind, sha256, choices) this session has loaded already (no stages then).
_LOADED_KEY = "_berdaya_loaded"


@contextlib.contextmanager
def _progress(source: str, files: tuple) -> Iterator[Callable[[str, Callable[[], Any]], Any]]:
    """Show the stages of reading an upload not loaded before in this session (issue 9: a
    million members take seconds): a status box naming the file being read, with a progress
    bar over the files. Cached loads, and the demo, run without it."""
    seen: set = st.session_state.setdefault(_LOADED_KEY, set())
    todo = [
        (kind, raw) for kind, raw, ch in files
        if raw is not None and source == "upload" and (kind, raw.sha256, ch) not in seen
    ]  # fmt: skip
    if not todo:
        yield lambda kind, fn: fn()
        return
    lang = language()
    box = st.status(t("data_stage_title", lang), expanded=True)
    bar = box.progress(0.0)
    done = 0

    def step(kind: str, fn: Callable[[], Any]) -> Any:
        nonlocal done
        raw = next((r for k, r in todo if k == kind), None)
        if raw is None:
            return fn()
        mb = fmt.number(len(raw.data) / 1e6, lang, 1)
        box.write(t(f"data_stage_{kind}", lang, name=fmt.md_escape(raw.name), mb=mb))
        out = fn()
        done += 1
        bar.progress(done / len(todo))
        seen.update((k, r.sha256, ch) for k, r, ch in files if k == kind and r is not None)
        return out

    try:
        yield step
    finally:
        box.update(label=t("data_stage_done", lang), state="complete", expanded=False)


def money_unit(dataset: Dataset, kind: Kind = "survey", field_name: str = "income") -> str:
    """The unit money is written in for ``dataset``: the unit its load report gives
    ``field_name`` (``IDR``, an ISO code or ``number``); rupiah when it names none."""
    loaded = dataset.survey_loaded if kind == "survey" else dataset.loans_loaded
    units = getattr(getattr(loaded, "report", None), "units", None) or {}
    return fmt.normalise_unit(units.get(field_name))


def _require_rupiah(dataset: Dataset) -> None:
    """``ValueError`` unless incomes are in rupiah: the CPI deflates rupiah only (issue 9)."""
    unit = money_unit(dataset)
    if unit != "IDR":
        lang = language()
        name = t(f"data_unit_{unit}", lang) if unit in ("number", "log") else unit
        raise ValueError(t("real_not_rupiah", lang, unit=name))


def rows_lost(dataset: Dataset) -> list[tuple[Kind, int, float]]:
    """(kind, rows, share) of each file of ``dataset`` that lost a value to a cell it could
    not read or found implausible (:meth:`analysis.LoadReport.rows_lost`)."""
    out: list[tuple[Kind, int, float]] = []
    for kind, loaded in (("survey", dataset.survey_loaded), ("loans", dataset.loans_loaded)):
        lost = getattr(getattr(loaded, "report", None), "rows_lost", None)
        if callable(lost):
            n, share = lost()
            out.append((kind, n, share))  # type: ignore[arg-type]
    return out


def _saved_dataset(choice: tuple[str, ...]) -> Dataset:
    """A saved evaluation, opened once per server and version (:func:`saved.open_saved`)."""
    _, name, version, published_at = choice
    ev = saved.open_saved(str(saved.store().root), name, int(version), published_at)
    label = f"{ev.name} (v{ev.version})"
    survey_file = RawFile(label, ev.sha256.get("survey", ""), b"")
    loans_file = None if ev.loans is None else RawFile(label, ev.sha256.get("loans", ""), b"")
    smap = tuple(sorted((ev.mapping.get("survey") or {}).items()))
    lmap = tuple(sorted((ev.mapping.get("loans") or {}).items()))
    return Dataset(
        "saved", survey_file, loans_file, smap, lmap, ev.survey, ev.loans,
        saved=(ev.name, str(ev.version), ev.published_at, ev.publisher),
    )  # fmt: skip


def _message(exc: Exception, lang: Lang | None = None) -> str:
    text = getattr(exc, "text", None)
    if callable(text):
        return str(text(lang or language()))
    return str(exc)


# --- filters and the view -------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """The sidebar's choices, hashable so that they can key caches."""

    places: tuple[tuple[str, tuple[str, ...]], ...] = ()
    before: Any = None
    after: Any = None
    basis: Basis = "nominal"

    def selected(self, column: str) -> tuple[str, ...]:
        """The values chosen for ``column`` (empty: all)."""
        return dict(self.places).get(column, ())


@dataclass(frozen=True)
class View:
    """The data the current page analyses: the filtered survey, loans and their cache key.

    ``key`` changes whenever the bytes, the mapping or any filter changes; pass it to
    cached computations together with the frames (under a leading-underscore name).
    Rows are selected lazily and cached: :attr:`survey` is the whole filtered survey,
    :meth:`frame` only some of its columns (much cheaper at a million members).
    """

    key: str
    dataset: Dataset
    filters: Filters
    base: pd.DataFrame | None
    loans: pd.DataFrame | None
    waves: tuple[Any, ...]
    before: Any
    after: Any
    n_members: int
    n_members_total: int
    notes: tuple[str, ...] = ()

    @property
    def synthetic(self) -> bool:
        """Whether the view shows the synthetic demo data."""
        return self.dataset.source == "demo"

    @property
    def real(self) -> bool:
        """Whether incomes are deflated to constant prices."""
        return self.filters.basis == "real"

    @property
    def survey(self) -> pd.DataFrame | None:
        """The filtered survey, every column, in the chosen income basis."""
        if self.base is None:
            return None
        return _rows(
            self.dataset.key, filters_places_only(self.filters), None, self.filters.basis, self.base
        )

    @property
    def nominal(self) -> pd.DataFrame | None:
        """The filtered survey in current prices whatever the chosen basis."""
        if self.base is None:
            return None
        return _rows(
            self.dataset.key, filters_places_only(self.filters), None, "nominal", self.base
        )

    def frame(self, *columns: str) -> pd.DataFrame:
        """The filtered survey's ``member_id``, ``wave`` and ``columns`` (those present)."""
        return self.frame_in(self.filters.basis, *columns)

    def frame_in(self, basis: Basis, *columns: str) -> pd.DataFrame:
        """:meth:`frame` in the given income basis (``ValueError`` when it cannot deflate)."""
        assert self.base is not None, "no survey in this view"
        if basis == "real":
            _require_rupiah(self.dataset)
        wanted = dict.fromkeys(("member_id", "wave", *columns))
        cols = tuple(c for c in wanted if c in self.base.columns)
        return _rows(self.dataset.key, filters_places_only(self.filters), cols, basis, self.base)


@st.cache_resource(show_spinner=False, max_entries=4)
def _options(key: str, _survey: pd.DataFrame) -> dict[str, Any]:
    """Per dataset: the distinct values of each filter column and the waves in order."""
    out: dict[str, Any] = {}
    for col in FILTER_COLUMNS.values():
        if col in _survey.columns:
            out[col] = sorted(str(v) for v in pd.unique(_survey[col].dropna()))
    out["waves"] = tuple(analysis.wave_order(_survey["wave"]))
    out["members"] = int(_survey["member_id"].nunique())
    # place hierarchy, to offer only the kecamatan of the chosen kabupaten, and so on
    cols = [FILTER_COLUMNS[k] for k in _PLACE_KEYS if FILTER_COLUMNS[k] in _survey.columns]
    if cols:
        out["places"] = _survey[cols].drop_duplicates().astype("str").reset_index(drop=True)
    return out


@st.cache_resource(show_spinner=False, max_entries=16, ttl=3600)
def _mask(key: str, filters: Filters, _survey: pd.DataFrame) -> np.ndarray | None:
    """Which rows the place/cooperative/business filters keep; ``None``: all of them."""
    mask = np.ones(len(_survey), dtype=bool)
    for column, values in filters.places:
        if values and column in _survey.columns:
            col = _survey[column]
            if not pd.api.types.is_string_dtype(col.dtype):
                col = col.astype("str")
            mask &= col.isin(values).to_numpy()
    return None if mask.all() else mask


@st.cache_resource(show_spinner=False, max_entries=32, ttl=3600)
def _rows(
    key: str,
    filters: Filters,
    columns: tuple[str, ...] | None,
    basis: Basis,
    _survey: pd.DataFrame,
) -> pd.DataFrame:
    """The filtered rows of ``_survey`` (``columns`` only, or all), nominal or deflated.

    A new frame whenever anything is selected; the cached survey itself is never edited.
    """
    mask = _mask(key, filters, _survey)
    frame = _survey if columns is None else _survey[list(columns)]
    if mask is not None:
        frame = frame.loc[mask].reset_index(drop=True)
    if basis == "real":
        frame = _deflate(frame)
    return frame


def _deflate(survey: pd.DataFrame) -> pd.DataFrame:
    """``survey`` with its money columns in constant prices of the first wave's year.

    ``income`` (and ``revenue``, ``capital``) are replaced by their deflated values, so every
    analysis downstream works in real terms without knowing it; ``attrs["deflation"]`` keeps
    the base year and factors for the Method page.
    """
    real = analysis.deflate_incomes(survey, analysis.load_cpi())
    cols = [c[: -len("_real")] for c in real.columns if c.endswith("_real")]
    out = real.drop(columns=[f"{c}_real" for c in cols]).assign(
        **{c: real[f"{c}_real"] for c in cols}
    )
    out.attrs["deflation"] = real.attrs.get("deflation", {})
    return out


@st.cache_resource(show_spinner=False, max_entries=16, ttl=3600)
def _filtered_loans(
    key: str, filters: Filters, _loans: pd.DataFrame, _survey: pd.DataFrame
) -> pd.DataFrame:
    """The loans of the members the filters keep (all loans when nothing is filtered)."""
    mask = _mask(key, filters, _survey)
    if mask is None:
        return _loans
    members = pd.unique(_survey["member_id"].to_numpy()[mask])
    return _loans[_loans["member_id"].isin(members)].reset_index(drop=True)


@st.cache_resource(show_spinner=False, max_entries=4)
def _member_codes(key: str, _survey: pd.DataFrame) -> tuple[np.ndarray, int]:
    """Member ids as integer codes (once per dataset): counting members under a filter is
    then a bincount, not a hash of millions of strings."""
    codes, uniques = pd.factorize(_survey["member_id"])
    return codes, len(uniques)


@st.cache_data(show_spinner=False, max_entries=32)
def _count_members(key: str, filters: Filters, _survey: pd.DataFrame) -> int:
    mask = _mask(key, filters, _survey)
    codes, n = _member_codes(key, _survey)
    if mask is None:
        return n
    kept = codes[mask]
    return int(np.count_nonzero(np.bincount(kept[kept >= 0], minlength=n)))


def _reset_filters() -> None:
    for k in (*FILTER_COLUMNS, BEFORE_KEY, AFTER_KEY):
        st.session_state.pop(k, None)


def _prune_places() -> None:
    """Callback of the place filters: drop chosen places that the outer choice excludes."""
    view: View | None = st.session_state.get(VIEW_KEY)
    if view is None or view.base is None:
        return
    places = _options(view.dataset.key, view.dataset.survey).get("places")
    if places is None:
        return
    for i, outer in enumerate(_PLACE_KEYS[:-1]):
        chosen = st.session_state.get(outer) or []
        col = FILTER_COLUMNS[outer]
        if chosen and col in places.columns:
            places = places[places[col].isin(chosen)]
        inner = _PLACE_KEYS[i + 1]
        inner_col = FILTER_COLUMNS[inner]
        if inner_col in places.columns and st.session_state.get(inner):
            valid = set(places[inner_col])
            st.session_state[inner] = [v for v in st.session_state[inner] if v in valid]


def _dataset_choice(lang: Lang) -> None:
    """The sidebar's dataset choice: the editor's upload, the demo, every saved version."""
    versions: list[tuple[str, ...]] = []
    try:
        versions = saved.choices(saved.catalog())
    except ValueError as exc:  # an unreadable or busy store: the demo still works
        detail = fmt.md_escape(_message(exc, lang))
        st.sidebar.warning(t("dataset_store_error", lang, detail=detail))
    options = [UPLOAD] if access.is_editor() and _uploaded("survey") is not None else []
    options += [DEMO, *versions]
    if tuple(st.session_state.get(DATASET_KEY) or ()) not in options:
        st.session_state[DATASET_KEY] = DEMO  # first run, a deleted version, a signed-out upload
    upload = _uploaded("survey")

    def label(choice: tuple[str, ...]) -> str:
        if choice == DEMO:
            return t("dataset_demo", lang)
        if choice == UPLOAD:
            return t("dataset_upload_choice", lang, name=upload.name if upload else "")
        return t(
            "dataset_saved_choice", lang, name=choice[1], version=choice[2], date=choice[3][:10]
        )

    st.sidebar.selectbox(
        t("dataset_choose", lang),
        options,
        format_func=label,
        key=DATASET_KEY,
        on_change=choose_dataset,
    )


def _dataset_badge(dataset: Dataset, lang: Lang) -> None:
    """Which data the numbers come from: synthetic, the editor's upload, or a saved version."""
    sb = st.sidebar
    if dataset.source == "demo":
        sb.warning(t("synthetic_badge", lang), icon=":material/science:")
    elif dataset.source == "saved":
        name, version, published_at, publisher = dataset.saved
        sb.info(
            t(
                "dataset_saved",
                lang,
                name=fmt.md_escape(name),
                version=version,
                date=published_at[:10],
                publisher=fmt.md_escape(publisher),
            ),
            icon=":material/inventory_2:",
        )
    else:
        sb.info(
            t("dataset_uploaded", lang, name=fmt.md_escape(dataset.survey_file.name)),
            icon=":material/upload:",
        )
        sb.button(
            t("access_clear", lang),
            on_click=forget_upload,
            key="sidebar_clear_data",
            icon=":material/delete_sweep:",
            help=t("access_clear_help", lang),
        )


def sidebar(lang: Lang) -> View:
    """Draw the sidebar (language, dataset, filters) and leave the current :class:`View`.

    Returns the view, also stored in session state for the page to fetch.
    """
    sb = st.sidebar
    sb.segmented_control(
        t("sidebar_language", lang),
        options=["id", "en"],
        format_func=lambda code: {"id": "Bahasa Indonesia", "en": "English"}[code],
        default=lang,
        required=True,
        key=LANG_KEY,
    )
    access.sign_in_box(lang, forget_upload)
    _dataset_choice(lang)
    dataset = current_dataset()
    _dataset_badge(dataset, lang)
    survey = dataset.survey
    if survey is None:
        view = View(dataset.key, dataset, Filters(), None, dataset.loans, (), None, None, 0, 0, ())
        sb.error(t("dataset_not_ready", lang))
        st.session_state[VIEW_KEY] = view
        return view
    opts = _options(dataset.key, survey)
    places_chosen = _place_filters(opts, lang)
    notes: list[str] = []
    before, after = _wave_choice(opts["waves"], notes, lang)
    filters = _basis_choice(dataset, Filters(tuple(places_chosen), before, after), notes, lang)
    view = _view(dataset, filters, opts, tuple(notes))
    _members_count(view, opts, lang)
    st.session_state[VIEW_KEY] = view
    return view


def _place_filters(opts: dict[str, Any], lang: Lang) -> list[tuple[str, tuple[str, ...]]]:
    """One multiselect per filter column (places narrowed by the outer place chosen)."""
    sb, places = st.sidebar, opts.get("places")
    chosen_all: list[tuple[str, tuple[str, ...]]] = []
    sb.subheader(t("sidebar_filters", lang))
    for key, col in FILTER_COLUMNS.items():
        if col not in opts or len(opts[col]) < 2:
            continue  # absent, or nothing to choose between
        options = opts[col]
        if key in _PLACE_KEYS and places is not None:
            scope = places
            for outer in _PLACE_KEYS[: _PLACE_KEYS.index(key)]:
                chosen_outer = st.session_state.get(outer) or []
                if chosen_outer and FILTER_COLUMNS[outer] in scope.columns:
                    scope = scope[scope[FILTER_COLUMNS[outer]].isin(chosen_outer)]
            present = set(scope[col])
            options = [v for v in opts[col] if v in present]
        chosen = sb.multiselect(
            t(f"filter_{col}", lang),
            options=options,
            key=key,
            placeholder=t("filter_all", lang),
            on_change=_prune_places if key in _PLACE_KEYS else None,
        )
        if chosen:
            chosen_all.append((col, tuple(sorted(chosen))))
    return chosen_all


def _wave_choice(waves: list[Any], notes: list[str], lang: Lang) -> tuple[Any, Any]:
    """The compared waves (first and last by default; an order that runs backwards is reset)."""
    if len(waves) < 2:
        return None, None
    c1, c2 = st.sidebar.columns(2)
    before = c1.selectbox(t("filter_before", lang), waves, index=0, key=BEFORE_KEY, format_func=str)
    after = c2.selectbox(
        t("filter_after", lang), waves, index=len(waves) - 1, key=AFTER_KEY, format_func=str
    )
    if waves.index(before) >= waves.index(after):
        notes.append(
            t("waves_invalid", lang, before=fmt.md_escape(before), after=fmt.md_escape(after))
        )
        st.sidebar.warning(notes[-1])
        before, after = waves[0], waves[-1]
    return before, after


def _basis_choice(dataset: Dataset, filters: Filters, notes: list[str], lang: Lang) -> Filters:
    """Nominal or real incomes; real falls back to nominal (said) when it cannot be had."""
    basis: Basis = st.sidebar.radio(
        t("filter_basis", lang),
        options=["nominal", "real"],
        format_func=lambda b: t(f"basis_{b}", lang),
        key=BASIS_KEY,
        horizontal=True,
        help=t("filter_basis_help", lang),
    )
    filters = Filters(filters.places, filters.before, filters.after, basis)
    if basis == "real":
        try:
            _require_rupiah(dataset)
            rows = filters_places_only(filters)
            _rows(dataset.key, rows, ("wave", "income"), "real", dataset.survey)
        except ValueError as exc:
            notes.append(t("real_unavailable", lang, reason=fmt.md_escape(_message(exc, lang))))
            st.sidebar.warning(notes[-1])
            filters = Filters(filters.places, filters.before, filters.after, "nominal")
    return filters


def _view(dataset: Dataset, filters: Filters, opts: dict[str, Any], notes: tuple[str, ...]) -> View:
    """The :class:`View` of the dataset under the filters (members counted, loans narrowed)."""
    survey, rows = dataset.survey, filters_places_only(filters)
    n = _count_members(dataset.key, rows, survey)
    loans = dataset.loans
    if loans is not None:
        loans = _filtered_loans(dataset.key, rows, loans, survey)
    key = hashlib.sha256(f"{dataset.key}|{filters!r}".encode()).hexdigest()[:20]
    return View(
        key, dataset, filters, survey, loans, tuple(opts["waves"]), filters.before,
        filters.after, n, int(opts["members"]), notes,
    )  # fmt: skip


def _members_count(view: View, opts: dict[str, Any], lang: Lang) -> None:
    sb = st.sidebar
    sb.metric(
        t("sidebar_members", lang),
        fmt.number(view.n_members, lang),
        help=t("sidebar_members_help", lang),
    )
    if view.n_members < opts["members"]:
        sb.caption(t("sidebar_members_of", lang, total=fmt.number(opts["members"], lang)))
        sb.button(t("filter_reset", lang), on_click=_reset_filters, key="sidebar_reset")


def real_survey(view: View) -> pd.DataFrame:
    """The view's survey in constant prices (cached); ``ValueError`` when it cannot be deflated."""
    return _rows(view.dataset.key, filters_places_only(view.filters), None, "real", view.base)


def filters_places_only(filters: Filters) -> Filters:
    """The filters that select rows (places, cooperative, business), not waves or basis."""
    return Filters(filters.places)


def mark_routed() -> None:
    """Called by ``app.py`` after the sidebar: the page about to run has its view."""
    st.session_state[ROUTED_KEY] = True


def current_view() -> View:
    """The view the sidebar left for this run; the first call of every page's ``main()``.

    Streamlit runs a ``pages/`` file directly, without ``app.py``, in its legacy multipage
    mode: on a server's first run (before any ``st.navigation`` call) and in ``AppTest``
    runs after the first. Such a run is turned into a normal one: ``st.navigation`` switches
    the legacy mode off for good and ``st.rerun`` lets ``app.py`` route to the same page.
    """
    if not st.session_state.pop(ROUTED_KEY, False) or VIEW_KEY not in st.session_state:
        st.navigation(nav.pages(language(), editor=access.is_editor()), position="hidden")
        st.rerun()
    return st.session_state[VIEW_KEY]
