"""Data: bring your own survey and loan files, see how they were read, fix the mapping.

Upload (size limit stated), the detected format shown before anything is analysed, a
column-mapping editor prefilled by the automatic mapping, the loader's questions, the
validation report (downloadable), the data dictionary and the templates. Nothing is
analysed on the other pages until the survey's required fields are mapped.

Roles (issue 14): uploading, publishing the upload as a saved evaluation, the row-level
problem list and the pseudonymised member tables are for signed-in editors only; a viewer
sees how the data was read, in aggregate.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

import analysis
from ui import access, compute, saved, state, tables, widgets
from ui import format as fmt
from ui.i18n import Lang, t

#: Choice meaning "this field is not in my file" in the mapping editor.
NOT_IN_FILE = ""
TEMPLATES = Path(__file__).resolve().parents[1] / "data" / "templates"


def main() -> None:
    """Draw the Data page."""
    widgets.page("page_data", _body, analyses_survey=False)


#: Session key of the last publish's outcome, told under the publish form.
PUBLISH_NOTICE = "data_publish_notice"


def _body(view: state.View, lang: Lang, _threshold: int) -> None:
    editor = access.is_editor()
    if editor:
        _uploaders(view.dataset, lang)
        _publish(view.dataset, lang)
        _member_tables(view.dataset, lang)
    else:
        st.markdown(t("data_intro_viewer", lang))
    _tabs(view.dataset, editor, lang)


def _uploaders(ds: state.Dataset, lang: Lang) -> None:
    """The editor's two file uploaders (survey, loans) and the way back to the demo."""
    st.markdown(t("data_intro", lang, mb=state.MAX_UPLOAD_MB))
    c1, c2 = st.columns(2)
    for col, kind in ((c1, "survey"), (c2, "loans")):
        col.file_uploader(
            t(f"data_upload_{kind}", lang),
            type=["csv", "txt", "tsv"],
            key=f"data_{kind}_upload",
            on_change=state.store_upload,
            args=(kind, f"data_{kind}_upload"),
            help=t("data_upload_help", lang, mb=state.MAX_UPLOAD_MB),
        )
    if ds.source == "upload":
        st.button(t("use_demo", lang), on_click=state.use_demo, key="data_use_demo")
    elif st.session_state.get("dataset_loans_file") is not None:
        st.info(t("data_loans_waiting", lang))


def _publish(ds: state.Dataset, lang: Lang) -> None:
    """Publish the upload as a named evaluation (a name already saved gets a new version)."""
    notice = st.session_state.pop(PUBLISH_NOTICE, None)
    if ds.source != "upload" and notice is None:
        return
    with st.container(border=True):
        st.markdown("**" + t("data_publish", lang) + "**")
        if ds.source == "upload" and ds.survey is not None:
            with st.form("data_publish_form", border=False):
                st.text_input(t("data_publish_name", lang), key="data_publish_name", max_chars=200)
                st.form_submit_button(
                    t("data_publish_button", lang),
                    type="primary",
                    on_click=_publish_now,
                    args=(ds,),
                    icon=":material/publish:",
                )
            st.caption(t("data_publish_note", lang))
        elif ds.source == "upload":
            st.caption(t("data_publish_not_ready", lang))
        if notice is not None:
            _publish_notice(notice, lang)


def _publish_now(ds: state.Dataset) -> None:
    """Callback of the publish form: save the upload; the outcome is told on the next run."""
    ss = st.session_state
    if not access.is_editor():  # the form is drawn for editors only; checked again here
        return
    name = str(ss.get("data_publish_name") or "").strip()
    (s_styles, s_date), (l_styles, l_date) = ds.answers
    mapping = {
        "survey": dict(ds.survey_mapping),
        "loans": dict(ds.loans_mapping),
        "options": {
            "survey": {"number_styles": dict(s_styles), "date_format": s_date},
            "loans": {"number_styles": dict(l_styles), "date_format": l_date},
        },
    }
    try:
        version = saved.publish(
            name, ds.survey_loaded, ds.loans_loaded, mapping, access.editor_name()
        )
    except ValueError as exc:  # DataError: a bad name, not publishable, the store busy
        ss[PUBLISH_NOTICE] = ("error", exc)
        return
    ss[PUBLISH_NOTICE] = ("published", name, version)


def _publish_notice(notice: tuple, lang: Lang) -> None:
    if notice[0] == "published":
        _, name, version = notice
        st.success(
            t("data_published", lang, name=fmt.md_escape(name), version=version),
            icon=":material/inventory_2:",
        )
    else:
        text = getattr(notice[1], "text", None)
        detail = text(lang) if callable(text) else str(notice[1])
        st.error(t("error_data", lang, detail=fmt.md_escape(detail)), icon=":material/error:")


def _member_tables(ds: state.Dataset, lang: Lang) -> None:
    """The pseudonymised member-level tables, for editors: CSV downloads, made when clicked."""
    frames = [("survey", ds.survey), ("loans", ds.loans)]
    frames = [(kind, frame) for kind, frame in frames if frame is not None]
    if not frames:
        return
    with st.expander(t("data_members", lang), icon=":material/lock_person:"):
        st.caption(t("data_members_note", lang))
        for kind, frame in frames:
            widgets.download(
                frame,
                f"{kind}_members_pseudonymised",
                lang,
                key=f"data_members_download_{kind}",
                label=t(f"data_members_download_{kind}", lang),
            )


def _tabs(ds: state.Dataset, editor: bool, lang: Lang) -> None:
    """How each file was read, their link, the data dictionary and the templates."""
    tabs = st.tabs(
        [
            t("data_tab_survey", lang),
            t("data_tab_loans", lang),
            t("data_tab_dictionary", lang),
            t("data_tab_templates", lang),
        ]
    )
    with tabs[0]:
        _dataset(ds.survey_file, ds.survey_loaded, "survey", ds.source, editor, lang)
    with tabs[1]:
        if ds.loans_file is None:
            st.info(t("data_no_loans", lang))
        else:
            _dataset(ds.loans_file, ds.loans_loaded, "loans", ds.source, editor, lang)
            if ds.survey is not None and ds.loans is not None:
                link = compute.link(ds.key, ds.survey, ds.loans)
                if not editor:  # a sample of unmatched member ids is member-level
                    link = link.drop(columns=["unmatched_sample"], errors="ignore")
                st.markdown("**" + t("data_link", lang) + "**")
                widgets.table(
                    link,
                    "link_survey_loans",
                    lang,
                    key="data_download_link",
                    formats={"share_matched": "share"},
                )
    with tabs[2]:
        _dictionary(lang)
    with tabs[3]:
        _templates(lang)


def _dataset(raw: state.RawFile, loaded, kind: str, source: str, editor: bool, lang: Lang) -> None:
    """Detected format, status, questions, mapping editor and problems of one file."""
    if loaded is None:
        return
    r = loaded.report
    st.markdown(t("data_file", lang, name=fmt.md_escape(raw.name), sha=raw.sha256[:16]))
    st.markdown("**" + t("data_detected", lang) + "**")
    widgets.table(_detected(r, lang), f"{kind}_format", lang, key=f"data_{kind}_format")
    for m in r.conversions:
        st.caption(":material/check: " + fmt.md_escape(m.text(lang)))
    for p in r.pii:
        st.caption(":material/shield_person: " + fmt.md_escape(p.message.text(lang)))

    _status(r, kind, lang)

    if source == "upload" and editor:
        _mapping_editor(r, kind, lang)
    else:
        with st.expander(t("data_mapping_used", lang)):
            widgets.table(
                _mapping_frame(r, kind, lang), f"{kind}_mapping", lang, key=f"data_{kind}_mapping"
            )

    st.markdown("**" + t("data_problems", lang, n=fmt.number(len(r.problems), lang)) + "**")
    if len(r.problems) and not editor:
        st.caption(t("data_problems_editors", lang))
    elif len(r.problems):
        problems = _masked(r.problems.head(1000)).drop(
            columns=["message_en" if lang == "id" else "message_id"]
        )
        widgets.table(problems, f"{kind}_problems", lang, key=f"data_{kind}_problems_view")
        if len(r.problems) > 1000:
            st.caption(t("data_problems_more", lang, n=fmt.number(len(r.problems), lang)))
        st.download_button(
            t("data_problems_download", lang),
            # made when clicked: the full list can be long
            data=lambda: analysis.safe_csv_bytes(_masked(r.problems)),
            file_name=f"berdaya_{kind}_validation_report.csv",
            mime="text/csv",
            key=f"data_{kind}_problems_download",
            icon=":material/download:",
            on_click="ignore",
        )
    else:
        st.caption(t("data_no_problems", lang))


def _status(r, kind: str, lang: Lang) -> None:
    """Whether the file can be analysed, and if not, its errors and missing columns."""
    if r.can_analyse:
        st.success(
            t(
                "data_ready",
                lang,
                rows=fmt.number(r.n_rows_kept, lang),
                excluded=fmt.number(r.n_rows_excluded, lang),
            ),
            icon=":material/check_circle:",
        )
    else:
        st.error(t("data_not_ready", lang), icon=":material/block:")
        for m in _errors_to_show(r):
            st.markdown("- " + fmt.md_escape(m.text(lang)))
        if r.missing_required:
            st.warning(
                t(
                    "data_missing_required",
                    lang,
                    fields=", ".join(_label(f, kind, lang) for f in r.missing_required),
                )
            )


def _errors_to_show(r) -> list:
    """The load errors, less those of a missing required column: the engine words them for
    the command line (``--map income=COLUMN``); the page says it its own way, pointing to
    the mapping editor below."""
    codes = r.error_codes if len(r.error_codes) == len(r.errors) else ("",) * len(r.errors)
    return [m for m, code in zip(r.errors, codes, strict=True) if code != "missing_field"]


def _masked(problems: pd.DataFrame) -> pd.DataFrame:
    """The problem list with NIKs and phone numbers inside raw cell values masked."""
    return problems.assign(value=problems["value"].map(tables.mask_identifiers))


def _detected(r, lang: Lang) -> pd.DataFrame:
    """The format the loader detected, as a two-column table in ``lang``."""
    styles = sorted(
        {(i.column, i.style or "?") for i in r.number_styles.values() if i.resolved_by != "reader"}
    )
    rows = [
        (t("data_encoding", lang), r.encoding),
        (t("data_delimiter", lang), _delimiter(r.delimiter, lang)),
        (t("data_platform", lang), t(f"data_platform_{r.platform}", lang)),
        (t("data_layout", lang), t(f"data_layout_{r.layout}", lang)),
        (
            t("data_numbers", lang),
            "; ".join(f"{c}: {t('style_' + s, lang) if s != '?' else '?'}" for c, s in styles)
            or t("style_plain", lang),
        ),
        (t("data_dates", lang), "; ".join(f"{c}: {f}" for c, f in r.date_formats.items()) or "–"),
        (t("data_rows", lang), fmt.number(r.n_rows_read, lang)),
    ]
    if r.waves:
        rows.append((t("meth_waves", lang), ", ".join(str(w) for w in r.waves)))
    return pd.DataFrame(rows, columns=[t("meth_item", lang), t("meth_value", lang)])


def _delimiter(d: str, lang: Lang) -> str:
    names = {",": "delim_comma", ";": "delim_semicolon", "\t": "delim_tab", "|": "delim_pipe"}
    return t(names[d], lang) if d in names else repr(d)


def _label(field: str, kind: str, lang: Lang) -> str:
    try:
        return analysis.field(field, kind).label(lang)
    except KeyError:
        return field


def _file_columns(r) -> list[str]:
    """Columns of the file the user can map (mapped, extra, and candidates of questions)."""
    cols: list[str] = []
    for c in r.mapping.values():
        cols += [part.strip() for part in str(c).split(" + ")] if r.layout == "wide" else [c]
    cols += list(r.extra_columns)
    for q in r.questions:
        if q.kind == "column":
            cols += list(q.candidates)
    return list(dict.fromkeys(cols))


def _mapping_frame(r, kind: str, lang: Lang) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "field": [_label(f, kind, lang) for f in r.mapping],
            "column": list(r.mapping.values()),
            "chosen_by": [
                t("meth_by_user", lang) if f in r.user_mapped else t("meth_by_auto", lang)
                for f in r.mapping
            ],
        }
    ).rename(
        columns={
            "field": t("col_field", lang),
            "column": t("col_column", lang),
            "chosen_by": t("col_chosen_by", lang),
        }
    )


def _mapping_editor(r, kind: str, lang: Lang) -> None:
    """One choice per canonical field, prefilled by the automatic mapping; applied together."""
    questions = [q for q in r.questions if q.kind != "column"]
    column_questions = {q.field: q for q in r.questions if q.kind == "column"}
    if r.questions:
        st.warning(t("data_questions", lang, n=len(r.questions)), icon=":material/help:")
    if r.layout == "wide":
        st.info(t("data_wide_mapping", lang))
    options = [NOT_IN_FILE, *_file_columns(r)]
    with st.form(f"data_{kind}_mapping_form"):
        st.markdown("**" + t("data_mapping", lang) + "**")
        st.caption(t("data_mapping_help", lang))
        columns = st.columns(3)
        for i, f in enumerate(analysis.fields(kind)):
            current = r.mapping.get(f.name, NOT_IN_FILE)
            if r.layout == "wide" and " + " in str(current):
                current = NOT_IN_FILE  # per-wave columns: left to the automatic mapping
            label = f.label(lang) + (" *" if f.required else "")
            help_text = (
                column_questions[f.name].message.text(lang) if f.name in column_questions else None
            )
            columns[i % 3].selectbox(
                label,
                options,
                index=options.index(current) if current in options else 0,
                format_func=lambda c: t("data_not_in_file", lang) if c == NOT_IN_FILE else c,
                key=f"data_{kind}_map_{f.name}",
                help=help_text,
            )
        for j, q in enumerate(questions):
            st.selectbox(
                fmt.md_escape(q.message.text(lang)),
                ["", *q.candidates],
                format_func=_choice_label(q.kind, lang),
                key=f"data_{kind}_map_question_{j}",
            )
        st.form_submit_button(
            t("data_apply", lang),
            type="primary",
            on_click=_apply,
            args=(kind, tuple(f.name for f in analysis.fields(kind)), tuple(questions), r.layout),
        )
    st.caption(t("data_required_note", lang))


def _choice_label(kind: str, lang: Lang):
    """How a question's candidates are shown: number styles by name, others as they are."""

    def label(c: str) -> str:
        if c == "":
            return t("data_choose", lang)
        return t(f"style_{c}", lang) if kind == "number_style" else c

    return label


def _apply(kind: str, field_names: tuple[str, ...], questions: tuple, layout: str) -> None:
    """Callback of the mapping form: store the mapping and answers; the file reloads."""
    ss = st.session_state
    mapping: dict[str, str] = {}
    for name in field_names:
        chosen = ss.get(f"data_{kind}_map_{name}", NOT_IN_FILE)
        if layout == "wide" and chosen == NOT_IN_FILE:
            continue  # keep the automatic per-wave mapping of a wide file
        mapping[name] = chosen
    styles: dict[str, str] = {}
    date_format = None
    for j, q in enumerate(questions):
        answer = ss.get(f"data_{kind}_map_question_{j}", "")
        if not answer:
            continue
        if q.kind == "number_style" and q.column:
            styles[q.column] = answer
        elif q.kind == "date_format":
            date_format = answer
    state.set_choices(kind, mapping, styles, date_format)


def _dictionary(lang: Lang) -> None:
    rows = []
    for kind in ("survey", "loans"):
        for f in analysis.fields(kind):
            rows.append(
                {
                    "dataset": kind,
                    "field": f.name,
                    "label": f.label(lang),
                    "unit": f.unit,
                    "type": f.ftype,
                    "required": t("yes", lang) if f.required else t("no", lang),
                    "synonyms": ", ".join(s for s in f.synonyms if s != f.name),
                }
            )
    table = pd.DataFrame(rows)
    st.caption(t("data_dictionary_note", lang))
    widgets.table(table, "data_dictionary", lang, key="data_download_dictionary", height=480)


def _templates(lang: Lang) -> None:
    st.caption(t("data_templates_note", lang))
    for path in sorted(TEMPLATES.glob("*")):
        if path.suffix not in (".csv", ".toml"):
            continue
        st.download_button(
            path.name,
            data=path.read_bytes(),
            file_name=path.name,
            mime="text/csv" if path.suffix == ".csv" else "text/plain",
            key=f"data_template_{path.stem}",
            icon=":material/download:",
            on_click="ignore",
        )


if __name__ == "__main__":
    main()
