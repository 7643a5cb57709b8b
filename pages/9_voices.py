"""Voices (issue 13): the members' own words beside the numbers.

Coded excerpts (interviews, focus groups, observation, documents) and their codebook are
uploaded here (the demo shows SYNTHETIC ones); the page shows what loading found, then Miles and
Huberman's data display: themes, a case-by-theme matrix, a theme-by-subgroup matrix and themes
over waves; a cell picked shows its excerpts, as plain text. Last, the link to the numbers: the
themes and excerpts of the members a number points at (income fell, still disempowered...).
The loading and every count are ``analysis`` (``ingest/voices.py``, ``methods/voices.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

import analysis
from ui import access, charts, compute, state, widgets
from ui import format as fmt
from ui.i18n import Lang, t

ROOT = Path(__file__).resolve().parents[1]
#: The SYNTHETIC excerpts and codebook shown with the demo data.
SHIPPED = {
    "excerpts": ROOT / "data" / "voices" / "synthetic_excerpts.csv",
    "codebook": ROOT / "data" / "voices" / "synthetic_codebook.csv",
}
#: Cases of the case-by-theme matrix: members, or a survey column.
CASES = ("member_id", "cooperative_id")
#: Subgroups of the theme-by-subgroup matrix, when their column is in the survey.
SUBGROUPS = ("in_program", "cooperative_id", "business_type", "kelurahan")
#: Theme levels: codes, or their parent themes.
LEVELS = ("parent", "code")
ALL = "__all__"


def main() -> None:
    """Draw the Voices page."""
    widgets.page("page_voices", _body)


def _body(view: state.View, lang: Lang, threshold: int) -> None:
    loaded, sha = _source(view, lang)
    if loaded is None:
        return
    voices = _in_view(view, loaded, sha)
    theme, case_by, by = _controls(view, lang)
    matrices = compute.voice_tables(view.key, sha, theme, case_by, by, voices, view.base)
    _themes(matrices["themes"], lang)
    if case_by is not None:
        _cases(matrices["cases"], case_by, lang)
    if "subgroups" in matrices:
        _subgroups(matrices["subgroups"], by, lang)
    _over_waves(matrices["waves"], lang)
    _excerpts(view, voices, sha, matrices, theme, case_by, lang)
    _numbers(view, voices, sha, theme, lang)


# --- the files ------------------------------------------------------------------------------


def _store(kind: str) -> None:
    """Callback of the uploaders (drawn for editors only): keep the bytes in this session."""
    up = st.session_state.get(f"voices_{kind}_upload")
    if not access.is_editor():  # checked again: the uploaders are drawn for editors only
        return
    st.session_state[f"voices_{kind}_file"] = (
        None if up is None else state.RawFile.of(up.name, up.getvalue())
    )


@st.cache_resource(show_spinner=False, max_entries=2)
def _shipped(path: str, mtime: float) -> state.RawFile:
    return state.RawFile.of(Path(path).name, Path(path).read_bytes())


def _file(view: state.View, kind: str, shipped: bool = True) -> tuple[state.RawFile | None, bool]:
    """The uploaded file of ``kind``, else (``shipped``) the synthetic one with the demo data."""
    up = st.session_state.get(f"voices_{kind}_file")
    if up is not None and access.is_editor():
        return up, False
    if shipped and view.synthetic:
        path = SHIPPED[kind]
        return _shipped(str(path), path.stat().st_mtime), True
    return None, False


def _source(view: state.View, lang: Lang) -> tuple[Any, str]:
    """The uploaders, the files in use and what loading them found."""
    excerpts, synthetic = _file(view, "excerpts")
    editor = access.is_editor()
    if editor:
        _uploaders(expanded=excerpts is None, lang=lang)
    if excerpts is None:
        st.info(t("voices_none" if editor else "voices_none_viewer", lang), icon=":material/forum:")
        return None, ""
    # the synthetic codebook goes with the synthetic excerpts only, never with uploaded ones
    codebook, _ = _file(view, "codebook", shipped=synthetic)
    if synthetic:
        st.warning(t("voices_synthetic", lang), icon=":material/science:")
    sha = excerpts.sha256 + (codebook.sha256 if codebook else "")
    loaded = compute.voices(
        view.dataset.key,
        excerpts.sha256,
        codebook.sha256 if codebook else None,
        excerpts.data,
        codebook.data if codebook else None,
        view.base,
    )
    _report(loaded.report, excerpts.name, lang)
    return (loaded, sha) if loaded.report.can_analyse else (None, "")


def _uploaders(*, expanded: bool, lang: Lang) -> None:
    """The excerpt and codebook uploaders (editors: uploads are member-level data)."""
    with st.expander(t("voices_upload", lang), expanded=expanded, icon=":material/upload_file:"):
        c1, c2 = st.columns(2)
        for col, kind in ((c1, "excerpts"), (c2, "codebook")):
            col.file_uploader(
                t(f"voices_upload_{kind}", lang),
                type=["csv", "txt", "tsv", "xlsx"],
                key=f"voices_{kind}_upload",
                on_change=_store,
                args=(kind,),
            )
        st.caption(t("voices_format", lang))


def _report(report: Any, name: str, lang: Lang) -> None:
    """Rows kept, identifiers masked, and every problem with its row, column and value."""
    if not report.can_analyse:
        for e in report.errors:
            st.error(fmt.md_escape(e.text(lang)), icon=":material/error:")
        return
    st.success(
        t(
            "voices_loaded",
            lang,
            name=fmt.md_escape(name),
            kept=report.n_rows_kept,
            read=report.n_rows_read,
            masked=report.n_masked,
        )
    )
    for note in report.conversions:
        st.caption(":material/info: " + fmt.md_escape(note.text(lang)))
    if len(report.problems) and not access.is_editor():
        st.caption(t("voices_problems_editors", lang, n=len(report.problems)))
    elif len(report.problems):
        with st.expander(t("voices_problems", lang, n=len(report.problems))):
            problems = report.problems.drop(
                columns=["message_id" if lang == "en" else "message_en"]
            )
            widgets.table(problems, "voices_problems", lang, key="voices_download_problems")


def _in_view(view: state.View, loaded: Any, sha: str) -> Any:
    """The excerpts of the members the sidebar's filters keep (all when nothing is filtered)."""
    if not view.filters.places:
        return loaded
    members = view.frame()["member_id"].unique()
    return compute.voices_of(view.key, sha, "view", loaded, members)


# --- data display ---------------------------------------------------------------------------


def _controls(view: state.View, lang: Lang) -> tuple[str, str | None, str | None]:
    c1, c2, c3 = st.columns(3)
    theme = (
        c1.segmented_control(
            t("voices_level", lang),
            LEVELS,
            default="parent",
            key="voices_level",
            format_func=lambda k: t(f"voices_level_{k}", lang),
        )
        or "parent"
    )
    # a viewer sees aggregates: no member as a case
    member_cases = ("member_id",) if access.is_editor() else ()
    cases = [c for c in CASES if c in member_cases or (c != "member_id" and c in view.base.columns)]
    case_by = c2.selectbox(
        t("voices_case_by", lang),
        cases,
        key="voices_case_by",
        format_func=lambda k: t(f"sub_{k}", lang),
    )  # None when a viewer's survey has no cooperative: no case matrix
    offered = [c for c in SUBGROUPS if c in view.base.columns]
    by = (
        c3.selectbox(
            t("voices_by", lang),
            offered,
            key="voices_by",
            format_func=lambda k: t(f"sub_{k}", lang),
        )
        if offered
        else None
    )
    return theme, case_by, by


def _themes(themes: pd.DataFrame, lang: Lang) -> None:
    st.subheader(t("voices_themes", lang))
    shown = themes.rename(columns={"code": "theme_code"})  # "code" reads "Problem" elsewhere
    widgets.table(shown, "voices_themes", lang, key="voices_download_themes")


def _cases(cases: pd.DataFrame, case_by: str, lang: Lang) -> None:
    """Cases (members or cooperatives) by themes, counts of excerpts."""
    st.subheader(t("voices_case_matrix", lang))
    fig = charts.count_matrix(
        cases,
        lang,
        row="case",
        col="theme",
        value="n_excerpts",
        title=t("voices_case_chart", lang, cases=t(f"sub_{case_by}", lang)),
        x_title=t("voices_theme", lang),
        y_title=t(f"sub_{case_by}", lang),
    )
    st.plotly_chart(fig, key="voices_case_chart")
    wide = cases.pivot_table(index="case", columns="theme", values="n_excerpts", fill_value=0)
    widgets.table(wide.reset_index(), "voices_case_by_theme", lang, key="voices_download_cases")


def _subgroups(sub: pd.DataFrame, by: str | None, lang: Lang) -> None:
    """Themes by a subgroup of the survey (excerpts of non-members under a missing level)."""
    st.subheader(t("voices_subgroup_matrix", lang, by=t(f"sub_{by}", lang)))
    shown = sub.assign(level=sub["level"].map(lambda v: fmt.MISSING if pd.isna(v) else str(v)))
    fig = charts.count_matrix(
        shown,
        lang,
        row="level",
        col="theme",
        value="n_excerpts",
        title=t("voices_subgroup_chart", lang, by=t(f"sub_{by}", lang)),
        x_title=t("voices_theme", lang),
        y_title=t(f"sub_{by}", lang),
    )
    st.plotly_chart(fig, key="voices_subgroup_chart")
    widgets.table(sub, "voices_theme_by_subgroup", lang, key="voices_download_subgroups")


def _over_waves(waves: pd.DataFrame, lang: Lang) -> None:
    st.subheader(t("voices_waves", lang))
    fig = charts.stacked_bars(
        waves.dropna(subset=["wave"]),
        lang,
        x="wave",
        part="theme",
        value="n_excerpts",
        title=t("voices_waves_chart", lang),
        x_title=t("col_wave", lang),
        y_title=t("voices_n_excerpts", lang),
        share=False,
    )
    st.plotly_chart(fig, key="voices_waves_chart")
    widgets.table(waves, "voices_themes_over_waves", lang, key="voices_download_waves")


# --- the words ------------------------------------------------------------------------------


def _excerpts(
    view: state.View,
    voices: Any,
    sha: str,
    matrices: dict[str, pd.DataFrame],
    theme: str,
    case_by: str | None,
    lang: Lang,
) -> None:
    """A cell of the case-by-theme matrix picked: its excerpts, as plain text."""
    st.subheader(t("voices_excerpts", lang))
    c1, c2 = st.columns(2)
    themes = [ALL, *sorted(matrices["waves"]["theme"].dropna().astype(str).unique())]
    chosen = c1.selectbox(
        t("voices_theme", lang),
        themes,
        key="voices_pick_theme",
        format_func=lambda k: t("voices_all", lang) if k == ALL else k,
    )
    case = ALL
    if case_by is not None:
        options = [ALL, *sorted(matrices["cases"]["case"].dropna().astype(str).unique())]
        case = c2.selectbox(
            t(f"sub_{case_by}", lang),
            options,
            key="voices_pick_case",
            format_func=lambda k: t("voices_all", lang) if k == ALL else k,
        )
    picked: dict[str, Any] = {"codes" if theme == "code" else "themes": None}
    if chosen != ALL:
        picked["codes" if theme == "code" else "themes"] = (chosen,)
    if case != ALL and case_by == "member_id":
        picked["members"] = (case,)
    elif case != ALL:
        picked.update(by=case_by, levels=(case,))
    found = compute.excerpts(
        view.key, sha, "view", tuple(sorted(picked.items())), voices, view.base
    )
    _words(found, "voices_excerpts", lang, key="voices_download_excerpts")


def _words(excerpts: pd.DataFrame, name: str, lang: Lang, *, key: str) -> None:
    """Excerpts in a table: the grid shows text as text (no markdown, no HTML)."""
    st.caption(t("voices_n_shown", lang, n=len(excerpts)))
    hidden = ["parent"] if access.is_editor() else ["parent", "member_id"]
    shown = excerpts.drop(columns=hidden).rename(columns={"code": "theme_code"})
    widgets.table(shown, name, lang, key=key)


def _numbers(view: state.View, voices: Any, sha: str, theme: str, lang: Lang) -> None:
    """Themes and excerpts of the members a number points at."""
    b, a = view.before, view.after
    st.subheader(t("voices_numbers", lang))
    st.caption(t("voices_numbers_help", lang, before=fmt.md_escape(b), after=fmt.md_escape(a)))
    group = st.selectbox(
        t("voices_group", lang),
        analysis.NUMBERS_GROUPS,
        key="voices_group",
        format_func=lambda g: t(f"voices_group_{g}", lang),
    )
    config = analysis.starting_config(list(view.base.columns))
    toml = analysis.config_to_toml(config) if config is not None else ""
    frame = view.frame("income", "in_program", *(config.items if config else ()))
    members = compute.members_by_numbers(view.key, group, b, a, toml, frame)
    if not members.ok:
        st.info(fmt.md_escape(members.message(lang)))
        return
    tag = f"{group}|{b}|{a}"
    chosen = compute.voices_of(view.key, sha, tag, voices, members.value)
    speakers = chosen.data["member_id"].nunique()
    st.caption(t("voices_group_size", lang, n=len(members.value), speakers=speakers))
    matrices = compute.voice_tables(view.key, sha + tag, theme, "member_id", None, chosen, None)
    themes = matrices["themes"]
    widgets.table(
        themes[themes["n_excerpts"] > 0].rename(columns={"code": "theme_code"}),
        f"voices_themes_{group}",
        lang,
        key="voices_download_group_themes",
    )
    found = compute.excerpts(view.key, sha, tag, (), chosen, None)
    _words(found, f"voices_excerpts_{group}", lang, key="voices_download_group_excerpts")


if __name__ == "__main__":
    main()
