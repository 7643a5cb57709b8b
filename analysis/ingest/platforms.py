"""Survey-platform exports (KoboToolbox, ODK Central) turned into plain tables.

The loader reads a CSV into a raw frame and hands it here first: platform metadata goes,
group paths are stripped from column names, and a select_multiple question about sales
channels becomes the canonical ``market_channels`` count, before any column is mapped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from analysis.messages import Message
from analysis.schema import field, normalise_name

Platform = Literal["plain", "kobo", "odk"]

# KoboToolbox system columns all start with an underscore (_id, _uuid, _submission_time,
# _index, _validation_status, _notes, _status, _submitted_by, __version__, _tags,
# _attachments, _geolocation, _parent_index ...); these are the metadata *questions* an
# XLSForm adds, which carry no leading underscore.
_FORM_METADATA = frozenset(
    {
        "start",
        "end",
        "today",
        "deviceid",
        "username",
        "simserial",
        "subscriberid",
        "phonenumber",
        "audit",
        "audit_URL",
    }
)
_KOBO_STRONG = frozenset(
    {"_uuid", "_submission_time", "__version__", "_validation_status", "_submitted_by"}
)
_KOBO_META_GROUPS = ("meta/", "formhub/")
# ODK Central's own columns. Matched case-sensitively: a form field called ``status``
# (lower case) is the user's, ``Status`` is Central's.
_ODK_METADATA = frozenset(
    {
        "KEY",
        "PARENT_KEY",
        "SubmissionDate",
        "SubmitterID",
        "SubmitterName",
        "AttachmentsPresent",
        "AttachmentsExpected",
        "Status",
        "ReviewState",
        "DeviceID",
        "Edits",
        "FormVersion",
        "instanceID",
    }
)
_ODK_STRONG = frozenset(
    {
        "SubmissionDate",
        "SubmitterID",
        "SubmitterName",
        "ReviewState",
        "AttachmentsPresent",
        "AttachmentsExpected",
        "meta-instanceID",
    }
)

#: Stems of a select_multiple question that lists sales channels, beyond the schema's own
#: synonyms of ``market_channels`` ("saluran" alone is the usual question name inside a
#: ``pemasaran`` group).
_EXTRA_CHANNEL_STEMS = (
    "saluran",
    "saluran_penjualan",
    "tempat_jual",
    "tempat_penjualan",
    "market_channels",
    "marketing_channels",
    "channel",
    "sales_channel",
)
#: Choices meaning "no channel at all"; they are kept as columns but not counted.
_NONE_CHOICES = frozenset({"none", "tidak_ada", "tidak_ada_saluran", "no_channel"})
_TRUE_TOKENS = frozenset({"1", "1.0", "true", "ya", "yes"})
_FALSE_TOKENS = frozenset({"0", "0.0", "false", "tidak", "no"})

_HXL_TAG = re.compile(r"^#[a-z][a-z0-9_]*(\s*\+[a-z][a-z0-9_]*)*$", re.IGNORECASE)


@dataclass(frozen=True)
class PlatformResult:
    """A raw frame with the survey platform's conventions undone.

    Attributes
    ----------
    frame : the table, metadata dropped and columns renamed; plain files unchanged.
    platform : ``"plain"``, ``"kobo"`` (KoboToolbox) or ``"odk"`` (ODK Central).
    renamed : original column name -> new name, for every column whose name changed.
    dropped_metadata : original names of the platform metadata columns removed.
    notes : what was done, for the load report (column names only, never values).
    """

    frame: pd.DataFrame
    platform: Platform
    renamed: dict[str, str]
    dropped_metadata: tuple[str, ...]
    notes: tuple[Message, ...]


def is_hxl_row(values: Sequence[object]) -> bool:
    """Whether a row is KoboToolbox's second header row of HXL hashtags.

    Parameters
    ----------
    values : the cells of one row, as read (blank cells may be ``""``, ``None`` or NaN).

    Returns
    -------
    bool
        True when at least one cell is filled and every filled cell is an HXL hashtag
        with optional attributes (``#adm1``, ``#indicator +income +usd``).

    Notes
    -----
    KoboToolbox writes a hashtag only for questions that were tagged, so blank cells are
    expected and ignored; a single non-hashtag cell means the row is data.

    Examples
    --------
    >>> is_hxl_row(["#adm1", "", "#indicator +income"])
    True
    >>> is_hxl_row(["#adm1", "Jember"])
    False
    """
    filled = [str(v).strip() for v in values if not _blank(v)]
    return bool(filled) and all(_HXL_TAG.match(v) for v in filled)


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and np.isnan(value):
        return True
    return value is pd.NA or str(value).strip() == ""


def detect_platform(columns: Sequence[str]) -> Platform:
    """Which survey platform wrote these column headers.

    A platform is recognised only from columns no hand-made table would have (KoboToolbox
    ``_uuid``, ``_submission_time``, ``__version__``, ``_validation_status``,
    ``_submitted_by``, any ``meta/...``; ODK Central ``SubmissionDate``, ``SubmitterID``,
    ``SubmitterName``, ``ReviewState``, ``Attachments*``, ``meta-instanceID``), so that a
    plain ledger with a ``KEY`` or ``Status`` column is left alone.
    """
    cols = [str(c).strip() for c in columns]
    kobo = sum(c in _KOBO_STRONG or c.startswith(_KOBO_META_GROUPS) for c in cols)
    odk = sum(c in _ODK_STRONG for c in cols)
    if kobo == 0 and odk == 0:
        return "plain"
    return "kobo" if kobo >= odk else "odk"


def _is_metadata(column: str, platform: Platform) -> bool:
    c = column.strip()
    if c in _FORM_METADATA:
        return True
    if platform == "kobo":
        return c.startswith("_") or c.startswith(_KOBO_META_GROUPS)
    return c in _ODK_METADATA or c.startswith("meta-")


def _folded(s: pd.Series) -> pd.Series:
    """Cells as stripped lower-case text; missing cells stay missing."""
    return s.astype("str").str.strip().str.lower()


def _binary_cells(s: pd.Series) -> pd.Series:
    """0/1 columns as float64 (1.0, 0.0, NaN for blank); NaN too for anything else."""
    txt = _folded(s)
    out = np.where(txt.isin(_TRUE_TOKENS), 1.0, np.where(txt.isin(_FALSE_TOKENS), 0.0, np.nan))
    return pd.Series(out, index=s.index, dtype="float64")


def _any_filled(df: pd.DataFrame, columns: list[str]) -> bool:
    return any(((t := _folded(df[c])).notna() & (t != "")).any() for c in columns)


def _all_binary(s: pd.Series) -> bool:
    txt = _folded(s)
    filled = txt[txt.notna() & (txt != "")]
    return bool(filled.isin(_TRUE_TOKENS | _FALSE_TOKENS).all())


@dataclass
class _SelectMultiple:
    stem_path: str  # the question's full path, e.g. "pemasaran/saluran"
    parent: str | None  # the space-separated column, when exported
    children: dict[str, str]  # choice name -> column


def _find_select_multiples(
    columns: list[str], platform: Platform, df: pd.DataFrame
) -> list[_SelectMultiple]:
    """Questions exported as per-choice 0/1 columns named ``<question path>/<choice>``.

    A column ``P/c`` is a choice of question ``P`` when ``P`` is itself a column (the
    export's "single and separate columns" form). Without that parent it is a choice only
    when every column directly under ``P`` holds nothing but 0/1 (KoboToolbox: ``P`` might
    otherwise be a group of ordinary questions) and there are at least two of them. ODK
    Central separates groups with ``-``, so there every ``P/c`` is a choice.
    """
    colset = set(columns)
    by_prefix: dict[str, list[str]] = {}
    for c in columns:
        if "/" in c:
            prefix, _ = c.rsplit("/", 1)
            by_prefix.setdefault(prefix, []).append(c)
    found: list[_SelectMultiple] = []
    for prefix, kids in by_prefix.items():
        if prefix in colset:
            parent: str | None = prefix
        elif platform == "odk" or (
            len(kids) >= 2 and all(_all_binary(df[k]) for k in kids) and _any_filled(df, kids)
        ):
            parent = None
        else:
            continue
        children = {k.rsplit("/", 1)[1]: k for k in kids}
        found.append(_SelectMultiple(prefix, parent, children))
    return found


def _channel_lists(
    columns: list[str], platform: Platform, df: pd.DataFrame, selects: list[_SelectMultiple]
) -> list[_SelectMultiple]:
    """Channel questions exported only as a space-separated list (no 0/1 columns).

    A column counts when its name is a channel name and some cell is not a number: a
    column that already holds counts is left for the loader to map as it is.
    """
    taken = {c for sm in selects for c in (sm.parent, *sm.children.values())}
    found = []
    for c in columns:
        if c in taken or not _is_channel_stem(_last_segment(c, platform)):
            continue
        txt = _folded(df[c])
        filled = txt[txt.notna() & (txt != "")]
        if len(filled) and pd.to_numeric(filled, errors="coerce").isna().any():
            found.append(_SelectMultiple(c, c, {}))
    return found


def count_listed_channels(values: pd.Series) -> pd.Series:
    """Number of distinct channels in each cell of a space-separated choice list.

    Parameters
    ----------
    values : cells such as ``"pasar online titip_jual"`` (a select_multiple answer) or, typed
        by hand, ``"pasar, online"``.

    Returns
    -------
    Series of float64 on the same index: distinct tokens per cell (separated by spaces,
    commas, semicolons or slashes), not counting the choices ``none`` / ``tidak_ada`` /
    ``tidak ada``; missing for a blank cell or a placeholder such as ``-``.

    Notes
    -----
    A blank answer is missing, not 0: the question was skipped or not answered.

    Examples
    --------
    >>> count_listed_channels(pd.Series(["pasar online", "", "tidak_ada"])).tolist()
    [2.0, nan, 0.0]
    """
    return values.map(_count_tokens).astype("float64")


def _last_segment(path: str, platform: Platform) -> str:
    sep = "/" if platform == "kobo" else "-"
    return path.rsplit(sep, 1)[-1] if sep in path else path


def _is_channel_stem(stem: str) -> bool:
    n = normalise_name(stem)
    return n in field("market_channels").synonyms or n in _EXTRA_CHANNEL_STEMS


def _count_channels(df: pd.DataFrame, sm: _SelectMultiple) -> pd.Series:
    """Channels selected per row: from the 0/1 columns, else from the space-separated list.

    A row with every 0/1 cell blank falls back to its list; a row blank in both is missing
    (the question was not asked or not answered), never zero.
    """
    counted = [
        c for choice, c in sm.children.items() if normalise_name(choice) not in _NONE_CHOICES
    ]
    total = pd.Series(np.nan, index=df.index, dtype="float64")
    if sm.children:
        cells = pd.DataFrame({c: _binary_cells(df[c]) for c in sm.children.values()})
        answered = cells.notna().any(axis=1)
        sums = cells[counted].sum(axis=1, min_count=0) if counted else 0.0
        total = total.mask(answered, sums)
    if sm.parent is not None:
        need = total.isna()
        if need.any():
            lists = df.loc[need, sm.parent]
            total.loc[need] = count_listed_channels(lists)
    return total


def _count_tokens(value: object) -> float:
    if _blank(value):
        return np.nan
    text = str(value)
    whole = normalise_name(text)
    if not whole:  # "-" or "?": a placeholder, as in number columns
        return np.nan
    if whole in _NONE_CHOICES:  # "tidak ada" typed with a space
        return 0.0
    # KoboToolbox separates choices by spaces; people typing a list use commas too.
    tokens = {normalise_name(t) for t in _LIST_SEPARATORS.split(text)}
    return float(len(tokens - _NONE_CHOICES - {""}))


_LIST_SEPARATORS = re.compile(r"[\s,;/]+")


def _names_list(cols: Sequence[str]) -> str:
    return ", ".join(f"'{c}'" for c in cols)


def normalise_platform_export(df: pd.DataFrame) -> PlatformResult:
    """Undo KoboToolbox and ODK Central export conventions in a raw frame.

    Parameters
    ----------
    df : a CSV as read, header row already consumed (KoboToolbox's HXL hashtag row may
        be skipped by the reader with :func:`is_hxl_row`; if it is still the first data
        row it is dropped here).

    Returns
    -------
    PlatformResult
        ``frame`` with:

        - platform metadata dropped (KoboToolbox ``_id``, ``_uuid``, ``_submission_time``,
          ``_index``, ``_validation_status``, ``_notes``, ``_status``, ``_submitted_by``,
          ``__version__``, ``_tags`` and every other ``_``-prefixed column, ``meta/...``,
          ``formhub/...``; ODK Central ``KEY``, ``SubmissionDate``, ``meta-...``,
          ``SubmitterID``, ``SubmitterName`` (a person's name), ``AttachmentsPresent``,
          ``AttachmentsExpected``, ``Status``, ``ReviewState``, ``DeviceID``, ``Edits``,
          ``FormVersion``; on both, the XLSForm metadata questions ``start``, ``end``,
          ``today``, ``deviceid``, ``username``, ``simserial``, ``subscriberid``,
          ``phonenumber``, ``audit``);
        - group paths stripped to the last segment (KoboToolbox ``group/field``, ODK
          ``group-field``), except where the short name would collide with another
          column: those keep their full path and a note says so;
        - a select_multiple question's per-choice 0/1 columns renamed
          ``<question>_<choice>`` (``saluran_pasar``);
        - a select_multiple about sales channels (its name, e.g. ``saluran``,
          ``saluran_pemasaran``, ``jaringan_pemasaran``, ``channels``, matches
          ``market_channels``) replaced by a float64 ``market_channels`` count, its choice
          columns kept as ``market_channels_<choice>``.

        Plain files come back unchanged with platform ``"plain"``.

    Notes
    -----
    Missing data: the channel count is taken from the 0/1 columns when a row has any of
    them filled (blank cells there count as not selected), otherwise from the
    space-separated list (distinct tokens). A row blank in both is missing, not 0: the
    question was skipped or not answered. Choices named ``none`` or ``tidak_ada`` are not
    counted. Columns are never merged: a name collision keeps the original paths.

    Examples
    --------
    >>> raw = pd.DataFrame({"_uuid": ["u1"], "usaha/pendapatan": ["1500000"],
    ...                     "pemasaran/saluran": ["pasar online"]})
    >>> res = normalise_platform_export(raw)
    >>> res.platform, list(res.frame.columns), res.frame["market_channels"].tolist()
    ('kobo', ['pendapatan', 'market_channels'], [2.0])
    """
    columns = [str(c) for c in df.columns]
    platform = detect_platform(columns)
    if platform == "plain":
        return PlatformResult(df, "plain", {}, (), ())

    notes: list[Message] = [_platform_note(platform)]
    frame, dropped = _drop_metadata(df, columns, platform, notes)
    columns = [str(c) for c in frame.columns]
    wanted, channel = _wanted_names(columns, platform, frame, notes)
    channel_col: pd.Series | None = None
    if channel is not None:
        own = {channel.parent, *channel.children.values()}
        clash = [c for c in columns if wanted[c] == "market_channels" and c not in own]
        if clash:
            notes.append(_channel_clash_note(channel.stem_path, clash))
            channel = None
        else:
            channel_col = _count_channels(frame, channel)
            if channel.parent is not None:
                wanted[channel.parent] = "market_channels"

    final = _resolve_collisions(columns, wanted, notes)
    out = frame.rename(columns=final)
    if channel is not None and channel_col is not None:
        if channel.parent is not None:
            out["market_channels"] = channel_col.to_numpy()
        else:
            first = min(columns.index(c) for c in channel.children.values())
            out.insert(first, "market_channels", channel_col.to_numpy())
        notes.append(_channel_note(channel))
    renamed = {c: n for c, n in final.items() if c != n}
    return PlatformResult(out, platform, renamed, dropped, tuple(notes))


def _drop_metadata(
    df: pd.DataFrame, columns: list[str], platform: Platform, notes: list[Message]
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """The frame without its HXL hashtag row and the platform's metadata columns (noted)."""
    frame = df
    if len(frame) and is_hxl_row(list(frame.iloc[0])):
        frame = frame.iloc[1:].reset_index(drop=True)
        notes.append(
            Message(
                en="Skipped the second header row of HXL hashtags.",
                id="Baris judul kedua berisi tagar HXL dilewati.",
            )
        )
    dropped = tuple(c for c in columns if _is_metadata(c, platform))
    if dropped:
        frame = frame.drop(columns=list(dropped))
        notes.append(
            Message(
                en=f"Dropped {len(dropped)} {_platform_name(platform)} metadata columns: "
                f"{_names_list(dropped)}.",
                id=f"{len(dropped)} kolom metadata {_platform_name(platform)} dibuang: "
                f"{_names_list(dropped)}.",
            )
        )
    if "SubmitterName" in dropped:
        notes.append(
            Message(
                en="'SubmitterName' holds a person's name and was removed.",
                id="'SubmitterName' berisi nama orang dan telah dibuang.",
            )
        )
    return frame, dropped


def _wanted_names(
    columns: list[str], platform: Platform, frame: pd.DataFrame, notes: list[Message]
) -> tuple[dict[str, str], _SelectMultiple | None]:
    """Each column's wanted name (group path stripped, select-multiple choices as
    ``<question>_<choice>``) and the sales-channel question, which becomes a new column."""
    selects = _find_select_multiples(columns, platform, frame)
    selects += _channel_lists(columns, platform, frame, selects)
    wanted: dict[str, str] = {}
    channel: _SelectMultiple | None = None
    for sm in selects:
        stem = _last_segment(sm.stem_path, platform)
        if channel is None and _is_channel_stem(stem):
            channel = sm
            stem = "market_channels"
        elif _is_channel_stem(stem):
            notes.append(_second_channel_note(sm.stem_path, channel))
        for choice, col in sm.children.items():
            wanted[col] = f"{stem}_{choice}"
    for c in columns:
        if c not in wanted:
            wanted[c] = _last_segment(c, platform)
    return wanted, channel


def _resolve_collisions(
    columns: list[str], wanted: dict[str, str], notes: list[Message]
) -> dict[str, str]:
    """Final names: every column whose short name clashes keeps its original name.

    Repeated until stable, because a column sent back to its path name could in principle
    clash again.
    """
    final = dict(wanted)
    kept: set[str] = set()
    while True:
        counts: dict[str, int] = {}
        for n in final.values():
            counts[n] = counts.get(n, 0) + 1
        clashing = [c for c in columns if counts[final[c]] > 1 and final[c] != c]
        if not clashing:
            break
        for c in clashing:
            final[c] = c
            kept.add(c)
    if kept:
        ordered = [c for c in columns if c in kept]
        notes.append(
            Message(
                en="Kept the full group path of "
                f"{_names_list(ordered)}: without it two columns would share one name.",
                id="Jalur grup lengkap dipertahankan untuk "
                f"{_names_list(ordered)}: tanpanya dua kolom akan bernama sama.",
            )
        )
    return final


def _platform_name(platform: Platform) -> str:
    return "KoboToolbox" if platform == "kobo" else "ODK Central"


def _platform_note(platform: Platform) -> Message:
    name = _platform_name(platform)
    article = "an" if name[0] in "AEIOU" else "a"  # "an ODK Central", "a KoboToolbox"
    return Message(
        en=f"Recognised {article} {name} export by its metadata columns.",
        id=f"Dikenali sebagai ekspor {name} dari kolom metadatanya.",
    )


def _channel_note(sm: _SelectMultiple) -> Message:
    source = (
        f"its {len(sm.children)} choice columns (0/1)"
        if sm.children
        else "the space-separated list of choices"
    )
    sumber = (
        f"{len(sm.children)} kolom pilihannya (0/1)"
        if sm.children
        else "daftar pilihan yang dipisah spasi"
    )
    return Message(
        en=f"'{sm.stem_path}' (a multiple-choice question on sales channels) became "
        f"'market_channels', the number of channels selected, counted from {source}; "
        "a blank answer is missing, not 0. The choice columns are kept as "
        "'market_channels_<choice>'.",
        id=f"'{sm.stem_path}' (pertanyaan pilihan ganda tentang saluran pemasaran) menjadi "
        f"'market_channels', jumlah saluran yang dipilih, dihitung dari {sumber}; "
        "jawaban kosong dianggap tidak ada data, bukan 0. Kolom pilihan disimpan sebagai "
        "'market_channels_<pilihan>'.",
    )


def _second_channel_note(path: str, first: _SelectMultiple | None) -> Message:
    other = first.stem_path if first is not None else "?"
    return Message(
        en=f"'{path}' also looks like a list of sales channels; only '{other}' was counted "
        "as 'market_channels'. Map the field explicitly to choose the other one.",
        id=f"'{path}' juga tampak seperti daftar saluran pemasaran; hanya '{other}' yang "
        "dihitung sebagai 'market_channels'. Petakan kolom secara eksplisit untuk memilih "
        "yang lain.",
    )


def _channel_clash_note(path: str, clash: list[str]) -> Message:
    return Message(
        en=f"'{path}' looks like a list of sales channels, but {_names_list(clash)} already "
        "provides 'market_channels'; the list was left as it is.",
        id=f"'{path}' tampak seperti daftar saluran pemasaran, tetapi {_names_list(clash)} "
        "sudah menjadi 'market_channels'; daftar itu dibiarkan apa adanya.",
    )
