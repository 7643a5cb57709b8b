"""Data display of coded excerpts (Miles & Huberman): theme summaries and matrices.

Inputs are :class:`analysis.ingest.voices.LoadedVoices` (or its ``data`` frame, columns
:data:`analysis.ingest.voices.VOICE_COLUMNS`) and, for subgroups, the loaded survey; every
matrix is tidy (one row per cell with its count), so that a page can pivot it and a click on a
cell can ask :func:`excerpts_for` for the excerpts behind it.

Missing data: excerpts whose respondent is not in the survey have no subgroup and count as
``level`` missing in :func:`theme_by_subgroup` (kept, so nothing disappears silently); codes
not in the codebook have a missing label and parent.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

import numpy as np
import pandas as pd

ThemeLevel = Literal["code", "parent"]
#: Groups of members defined by the numbers, for :func:`members_by_numbers`.
NumbersGroup = Literal[
    "income_fell",
    "income_rose",
    "disempowered_after",
    "empowered_after",
    "became_empowered",
    "stayed_disempowered",
]
NUMBERS_GROUPS: tuple[str, ...] = NumbersGroup.__args__  # type: ignore[attr-defined]


def _frames(voices: Any) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    if hasattr(voices, "data"):
        return voices.data, getattr(voices, "codebook", None)
    return voices, None


def _with_labels(data: pd.DataFrame, codebook: pd.DataFrame | None) -> pd.DataFrame:
    if codebook is None or codebook.empty:
        return data.assign(label=pd.NA, parent=pd.NA)
    book = codebook[["code", "label", "parent"]]
    return data.merge(book, on="code", how="left")


def theme_summary(voices: Any, codebook: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per code: ``code``, ``label``, ``parent``, ``n_excerpts``, ``n_respondents``.

    Codebook codes without excerpts are listed with zero counts; codes used but not in the
    codebook have a missing label and parent. Sorted by ``n_excerpts`` (most first), then code.
    """
    data, book = _frames(voices)
    book = codebook if codebook is not None else book
    counts = data.groupby("code", sort=True).agg(
        n_excerpts=("excerpt", "size"), n_respondents=("member_id", "nunique")
    )
    codes = counts.index.tolist()
    if book is not None and not book.empty:
        codes = list(dict.fromkeys([*book["code"], *codes]))
    out = pd.DataFrame({"code": codes})
    out = _with_labels(out, book).merge(counts.reset_index(), on="code", how="left")
    out[["n_excerpts", "n_respondents"]] = (
        out[["n_excerpts", "n_respondents"]].fillna(0).astype("int64")
    )
    out = out.sort_values(["n_excerpts", "code"], ascending=[False, True], kind="stable")
    return out[["code", "label", "parent", "n_excerpts", "n_respondents"]].reset_index(drop=True)


def _theme_column(data: pd.DataFrame, book: pd.DataFrame | None, theme: ThemeLevel) -> pd.DataFrame:
    labelled = _with_labels(data, book)
    if theme == "parent":
        # a code without a parent theme is its own theme
        labelled["theme"] = labelled["parent"].fillna(labelled["code"])
    else:
        labelled["theme"] = labelled["code"]
    return labelled


def member_attribute(
    data: pd.DataFrame, survey: pd.DataFrame, column: str, *, member: str = "member_id"
) -> pd.Series:
    """Each excerpt's ``column`` in the survey: at the excerpt's wave when the member was
    surveyed then, else the member's first known value (missing when not a member)."""
    rows = survey[[member, "wave", column]].dropna(subset=[column])
    first = rows.drop_duplicates(member).set_index(member)[column]
    value = data[member].map(first)
    if "wave" in data.columns and data["wave"].notna().any():
        at = rows.assign(wave=rows["wave"].astype(str)).drop_duplicates([member, "wave"])
        key = pd.MultiIndex.from_arrays([data[member], data["wave"].astype(str)])
        exact = pd.Series(at[column].array, index=pd.MultiIndex.from_frame(at[[member, "wave"]]))
        hit = pd.Series(exact.reindex(key).array, index=data.index)
        value = hit.where(hit.notna(), value)
    return value


def case_by_theme(
    voices: Any,
    by: str = "member_id",
    *,
    survey: pd.DataFrame | None = None,
    theme: ThemeLevel = "code",
) -> pd.DataFrame:
    """Case-by-theme matrix, tidy: ``case`` (a member, or a ``by`` value such as the
    cooperative), ``theme``, ``n_excerpts``; only non-empty cells.

    ``by`` other than ``member_id`` is read from ``survey`` (:func:`member_attribute`).
    ``theme="parent"`` groups codes into their parent themes.
    """
    data, book = _frames(voices)
    t = _theme_column(data, book, theme)
    if by == "member_id":
        case = t["member_id"]
    else:
        if survey is None:
            raise ValueError(f"case_by_theme by {by!r} needs the survey")
        case = member_attribute(data, survey, by)
    out = (
        t.assign(case=case.to_numpy())
        .groupby(["case", "theme"], dropna=False)
        .size()
        .rename("n_excerpts")
        .reset_index()
    )
    return out.sort_values(["case", "theme"], kind="stable", ignore_index=True)


def theme_by_subgroup(
    voices: Any,
    survey: pd.DataFrame,
    by: str,
    *,
    theme: ThemeLevel = "code",
) -> pd.DataFrame:
    """Theme-by-subgroup matrix, tidy: ``level`` (of survey column ``by``; missing for
    respondents not in the survey), ``theme``, ``n_excerpts``, ``n_respondents``."""
    data, book = _frames(voices)
    t = _theme_column(data, book, theme).assign(level=member_attribute(data, survey, by).to_numpy())
    out = (
        t.groupby(["level", "theme"], dropna=False)
        .agg(n_excerpts=("excerpt", "size"), n_respondents=("member_id", "nunique"))
        .reset_index()
    )
    return out.sort_values(["level", "theme"], kind="stable", ignore_index=True)


def themes_over_waves(voices: Any, *, theme: ThemeLevel = "code") -> pd.DataFrame:
    """Themes over waves, tidy: ``wave``, ``theme``, ``n_excerpts``, ``n_respondents``
    (excerpts without a wave under a missing wave)."""
    data, book = _frames(voices)
    t = _theme_column(data, book, theme)
    out = (
        t.groupby(["wave", "theme"], dropna=False)
        .agg(n_excerpts=("excerpt", "size"), n_respondents=("member_id", "nunique"))
        .reset_index()
    )
    return out.sort_values(["wave", "theme"], kind="stable", ignore_index=True)


def excerpts_for(
    voices: Any,
    *,
    members: Iterable[object] | None = None,
    codes: Iterable[str] | None = None,
    themes: Iterable[str] | None = None,
    waves: Iterable[object] | None = None,
    survey: pd.DataFrame | None = None,
    by: str | None = None,
    levels: Iterable[object] | None = None,
) -> pd.DataFrame:
    """The excerpts of some members (say, those whose income fell), codes, parent themes,
    waves, or members whose survey column ``by`` is one of ``levels`` (a cell of
    :func:`case_by_theme` or :func:`theme_by_subgroup`; read by :func:`member_attribute` from
    ``survey``); every filter left ``None`` keeps all. Columns ``member_id``, ``wave``,
    ``date``, ``source``, ``code``, ``label``, ``parent``, ``excerpt``, ``sentiment``. The
    excerpt is plain text written by a researcher: show it as text, never as HTML."""
    data, book = _frames(voices)
    t = _with_labels(data, book)
    keep = pd.Series(True, index=t.index)
    if members is not None:
        keep &= t["member_id"].isin(list(members))
    if codes is not None:
        keep &= t["code"].isin(list(codes))
    if themes is not None:
        keep &= t["parent"].fillna(t["code"]).isin(list(themes))
    if waves is not None:
        keep &= t["wave"].astype(str).isin([str(w) for w in waves])
    if by is not None and levels is not None:
        if survey is None:
            raise ValueError(f"excerpts_for by {by!r} needs the survey")
        level = member_attribute(data, survey, by).astype(str).to_numpy()
        keep &= pd.Series(level, index=t.index).isin([str(v) for v in levels])
    cols = [
        "member_id",
        "wave",
        "date",
        "source",
        "code",
        "label",
        "parent",
        "excerpt",
        "sentiment",
    ]
    return t.loc[keep, cols].reset_index(drop=True)


def members_by_numbers(
    survey: pd.DataFrame,
    group: NumbersGroup,
    before: object | None = None,
    after: object | None = None,
    config: Any = None,
    *,
    member: str = "member_id",
    wave: str = "wave",
) -> pd.Index:
    """The members a number puts in ``group``, to read their own words beside it.

    Parameters
    ----------
    survey : long survey (``income`` for the income groups, the configured ``emp_*`` items for
        the empowerment groups).
    group : ``income_fell`` / ``income_rose`` (income at ``after`` below / above ``before``,
        :func:`analysis.methods.panel.member_changes`); ``disempowered_after`` /
        ``empowered_after`` (the index's status at ``after``); ``became_empowered`` /
        ``stayed_disempowered`` (disempowered at ``before``, and empowered / still
        disempowered at ``after``; :func:`analysis.methods.empowerment.empowerment_scores`).
    before, after : the compared waves (first and last by default).
    config : the empowerment configuration (the shipped one by default).

    Returns
    -------
    Index of member ids, sorted.

    Notes
    -----
    Missing data: a member without the income (or every item) at a wave the group reads is in
    no group.
    """
    from analysis.methods.empowerment import empowerment_scores
    from analysis.methods.panel import member_changes, resolve_waves

    b, a, _ = resolve_waves(survey, before, after, wave=wave)
    if group in ("income_fell", "income_rose"):
        ch = member_changes(survey, b, a, member=member, wave=wave)
        change = ch["income_change"].to_numpy(dtype="float64", na_value=np.nan)
        keep = change < 0 if group == "income_fell" else change > 0
        return pd.Index(sorted(ch.loc[keep, member].astype(str)), name=member)
    if group not in NUMBERS_GROUPS:
        raise ValueError(f"group must be one of {', '.join(NUMBERS_GROUPS)}; got {group!r}")
    scores = empowerment_scores(survey, config, member=member, wave=wave)
    scores = scores[scores["complete"].to_numpy()]

    def status(w: object) -> pd.Series:
        at = scores[(scores[wave] == w).to_numpy()].drop_duplicates(member)
        return pd.Series(at["empowered"].to_numpy(dtype=bool), index=at[member].astype(str))

    after_status = status(a)
    if group in ("disempowered_after", "empowered_after"):
        keep = after_status if group == "empowered_after" else ~after_status
        return pd.Index(sorted(after_status.index[keep.to_numpy()]), name=member)
    before_status = status(b)
    both = pd.concat([before_status.rename("b"), after_status.rename("a")], axis=1, join="inner")
    was_dis = ~both["b"].to_numpy(dtype=bool)
    now = both["a"].to_numpy(dtype=bool)
    keep = was_dis & (now if group == "became_empowered" else ~now)
    return pd.Index(sorted(both.index[keep]), name=member)
