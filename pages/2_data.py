"""Data: bring your own survey and loan files, see how they were read, fix the mapping.

Upload (CSV, workbooks, Stata, SPSS, Parquet; size limit stated; a workbook's sheet
chosen), the detected format shown before anything is analysed, a column-mapping editor
prefilled by the automatic mapping with a unit for each money field and the program flag's
own two values, wide pairs mapped by hand (one column per wave), the loader's questions, the
choices as a mapping file for the command line, the validation report (downloadable), the
data dictionary and the templates. Nothing is analysed on the other pages until the
survey's required fields are mapped.

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
#: File kinds the uploaders accept; the loader tells the kind from the first bytes (issue 9).
UPLOAD_TYPES = ["csv", "txt", "tsv", "xlsx", "xls", "ods", "dta", "sav", "parquet"]
#: Workbook names whose sheet can be chosen.
WORKBOOKS = (".xlsx", ".xls", ".ods")
#: Units offered next to a money field; any other ISO 4217 code can be typed.
UNITS = ("IDR", "USD", "EUR", "number", "log")
#: Choice meaning "the unit the loader uses unless told" (rupiah, or it asks).
UNIT_AUTO = ""
#: Choice of a field read from one column per wave (a wide file): left as it is.
PER_WAVE = "\x00per_wave"
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
    if view.dataset.error:
        st.error(t("error_data", lang, detail=fmt.md_escape(view.dataset.error)))
    _tabs(view.dataset, editor, lang)


def _uploaders(ds: state.Dataset, lang: Lang) -> None:
    """The editor's two file uploaders (survey, loans) and the way back to the demo."""
    mb = state.upload_limit_mb()
    st.markdown(t("data_intro_files", lang, mb=fmt.number(mb, lang)))
    c1, c2 = st.columns(2)
    for col, kind in ((c1, "survey"), (c2, "loans")):
        col.file_uploader(
            t(f"data_upload_{kind}_file", lang),
            type=UPLOAD_TYPES,
            key=f"data_{kind}_upload",
            on_change=state.store_upload,
            args=(kind, f"data_{kind}_upload"),
            help=t("data_upload_help_files", lang, mb=fmt.number(mb, lang)),
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
    options = {
        kind: {k: v for k, v in ch.loader_kwargs().items() if k != "mapping"}
        for kind, ch in zip(("survey", "loans"), ds.answers, strict=True)
    }
    mapping = {
        "survey": dict(ds.survey_mapping),
        "loans": dict(ds.loans_mapping),
        "options": options,
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
        if ds.source == "upload" and editor:
            _mapping_download(ds, lang)
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
        _sheet_choice(raw, kind, lang)
        _mapping_editor(r, kind, lang)
        if kind == "survey":
            _pairs_editor(r, lang)
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
    for f, c in r.mapping.items():
        if r.layout == "wide" and f == "wave":
            continue  # made from the per-wave columns' names, not a column of the file
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
    """One choice per canonical field, prefilled by the automatic mapping, a unit next to
    each mapped money field, the program flag's own values and the loader's other questions;
    applied together."""
    questions = [q for q in r.questions if q.kind != "column"]
    if r.questions:
        st.warning(t("data_questions", lang, n=len(r.questions)), icon=":material/help:")
    chosen = state.choices_of(kind)  # type: ignore[arg-type]
    if r.layout == "wide" and not any("@" in k for k, _ in chosen.mapping):
        st.info(t("data_wide_mapping", lang))
    _prefill(r, kind, chosen)
    with st.form(f"data_{kind}_mapping_form"):
        st.markdown("**" + t("data_mapping", lang) + "**")
        st.caption(t("data_mapping_help", lang))
        _field_choices(r, kind, dict(chosen.units), lang)
        if kind == "survey":
            _flag_values(lang)
        for j, q in enumerate(questions):
            if q.kind == "wave_order":  # the order is the order of choosing
                st.multiselect(
                    fmt.md_escape(q.message.text(lang)),
                    list(q.candidates),
                    key=f"data_{kind}_wave_order",
                    placeholder=t("data_wave_order_pick", lang),
                )
                continue
            st.selectbox(
                fmt.md_escape(q.message.text(lang)),
                ["", *q.candidates],
                format_func=_choice_label(q.kind, lang),
                key=f"data_{kind}_map_question_{j}",
                accept_new_options=q.kind == "unit",  # any other ISO 4217 code
            )
        st.form_submit_button(
            t("data_apply", lang),
            type="primary",
            on_click=_apply,
            args=(
                kind,
                tuple(f.name for f in analysis.fields(kind)),
                tuple(questions),
                r.layout,
                (NOT_IN_FILE, *_file_columns(r)),
            ),
        )
    st.caption(t("data_required_note", lang))


def _field_choices(r, kind: str, units: dict[str, str], lang: Lang) -> None:
    """The field -> column selectboxes, three a row; a money field mapped has its unit."""
    column_questions = {q.field: q for q in r.questions if q.kind == "column"}
    columns = st.columns(3)
    for i, f in enumerate(analysis.fields(kind)):
        options = _field_options(r, f.name)
        current = r.mapping.get(f.name, NOT_IN_FILE)
        label = f.label(lang) + (" *" if f.required else "")
        help_text = (
            column_questions[f.name].message.text(lang) if f.name in column_questions else None
        )
        cell = columns[i % 3]
        cell.selectbox(
            label,
            options,
            format_func=_column_label(str(current), f.name, lang),
            key=f"data_{kind}_map_{f.name}",
            help=help_text,
        )
        if f.ftype == "money" and f.name in r.mapping:
            _unit_choice(cell, f, kind, units.get(f.name, UNIT_AUTO), lang)


def _fallback(options: list[str]) -> str:
    """The choice shown for a field mapped to no column of the file."""
    return PER_WAVE if PER_WAVE in options else NOT_IN_FILE


def _field_options(r, name: str) -> list[str]:
    """A field's column choices: not in the file, the file's columns, and for a field read
    from one column per wave (a wide file) that reading, which the page never calls "not in
    the file" (issue 9)."""
    options = [NOT_IN_FILE, *_file_columns(r)]
    current = r.mapping.get(name)
    if r.layout == "wide" and current is not None and current not in options:
        options.insert(1, PER_WAVE)  # "A + B", or the wave made from the column names
    return options


def _column_label(per_wave: str, name: str, lang: Lang):
    """How a column choice is shown; each choice keeps one label from run to run (the
    browser sends back the label it shows)."""

    def label(c: str) -> str:
        if c == PER_WAVE and name == "wave":
            return t("data_waves_from_columns", lang)
        if c == PER_WAVE:
            return t("data_per_wave_columns", lang, columns=per_wave)
        return t("data_not_in_file", lang) if c == NOT_IN_FILE else c

    return label


def _unit_choice(cell, f, kind: str, current: str, lang: Lang) -> None:
    """The unit of one money field: as the loader decides (rupiah unless it asks), IDR,
    USD, EUR, a plain number, or any ISO 4217 code typed in."""
    options = [UNIT_AUTO, *UNITS]
    if current and current not in options:
        options.append(current)

    def label(u: str) -> str:
        return t("data_unit_auto", lang) if u == UNIT_AUTO else _unit_name(u, lang)

    cell.selectbox(
        t("data_unit_of", lang, field=f.label(lang)),
        options,
        format_func=label,
        key=f"data_{kind}_unit_{f.name}",
        accept_new_options=True,
        help=t("data_unit_help", lang),
    )


def _unit_name(unit: str, lang: Lang) -> str:
    return t(f"data_unit_{unit}", lang) if unit in ("number", "log") else unit


def _flag_values(lang: Lang) -> None:
    """The program flag written with two values of the user's own (read as 1 and 0)."""
    st.caption(t("data_flag_values_help", lang))
    c1, c2 = st.columns(2)
    c1.text_input(t("data_flag_value_1", lang), key="data_survey_flag_1")
    c2.text_input(t("data_flag_value_0", lang), key="data_survey_flag_0")


def _prefill(r, kind: str, chosen: state.Choices) -> None:
    """Set the editor's widgets from the file's reading, once per file and choices.

    A keyed widget keeps its value when its options change, and the browser sends back the
    value it holds: after a reload (new columns, a wide pair, an answered question) the
    editor is set from the new reading here, before its widgets are drawn."""
    ss = st.session_state
    token = (r.sha256, chosen)
    fields = analysis.fields(kind)
    drawn = all(f"data_{kind}_map_{f.name}" in ss for f in fields)  # gone once off the page
    if drawn and ss.get(f"data_{kind}_prefilled") == token:
        return
    ss[f"data_{kind}_prefilled"] = token
    units = dict(chosen.units)
    for f in fields:
        options = _field_options(r, f.name)
        current = r.mapping.get(f.name, NOT_IN_FILE)
        ss[f"data_{kind}_map_{f.name}"] = current if current in options else _fallback(options)
        ss[f"data_{kind}_unit_{f.name}"] = units.get(f.name, UNIT_AUTO)
    for j in range(len(r.questions)):
        ss[f"data_{kind}_map_question_{j}"] = ""
    if kind == "survey":
        by_code = {code: text for text, code in dict(chosen.values).get("in_program", ())}
        ss["data_survey_flag_1"], ss["data_survey_flag_0"] = by_code.get(1, ""), by_code.get(0, "")


def _choice_label(kind: str, lang: Lang):
    """How a question's candidates are shown: number styles by name, others as they are."""

    def label(c: str) -> str:
        if c == "":
            return t("data_choose", lang)
        if kind == "unit":
            return _unit_name(c, lang)
        return t(f"style_{c}", lang) if kind == "number_style" else c

    return label


def _apply(
    kind: str,
    field_names: tuple[str, ...],
    questions: tuple,
    layout: str,
    columns: tuple[str, ...],
) -> None:
    """Callback of the mapping form: store the mapping, units, flag values and answers; the
    file reloads. Wide pairs mapped by hand are kept as they are."""
    ss = st.session_state
    mapping = {k: v for k, v in state.mapping_of(kind) if "@" in k}  # type: ignore[arg-type]
    units: dict[str, str] = {}
    for name in field_names:
        chosen = ss.get(f"data_{kind}_map_{name}", NOT_IN_FILE)
        unit = _unit_answer(ss.get(f"data_{kind}_unit_{name}"))
        if unit:
            units[name] = unit
        if chosen == PER_WAVE or chosen not in columns:
            continue  # the per-wave columns stay; a value no longer offered is not a column
        if (layout == "wide" or _has_pairs(mapping, name)) and chosen == NOT_IN_FILE:
            continue  # keep the per-wave columns of a wide file
        mapping[name] = chosen
    styles: dict[str, str] = {}
    date_format = None
    order = tuple(ss.get(f"data_{kind}_wave_order") or ())
    for j, q in enumerate(questions):
        answer = str(ss.get(f"data_{kind}_map_question_{j}") or "").strip()
        if not answer:
            continue
        if q.kind == "number_style" and q.column:
            styles[q.column] = answer
        elif q.kind == "date_format":
            date_format = answer
        elif q.kind == "unit" and q.field and _unit_answer(answer):
            units[q.field] = _unit_answer(answer)
    state.set_choices(
        kind, mapping, styles, date_format, units=units, values=_flag_answer(kind),  # type: ignore[arg-type]
        **({"wave_order": order} if order else {}),
    )  # fmt: skip


def _unit_answer(chosen: object) -> str | None:
    """A unit chosen or typed: IDR/Rp, a three-letter ISO 4217 code, or number; else None."""
    unit = fmt.normalise_unit(str(chosen or "").strip()) if chosen else None
    ok = unit is not None and (unit in ("number", "log") or (len(unit) == 3 and unit.isalpha()))
    return unit if ok else None


def _has_pairs(mapping: dict[str, str], name: str) -> bool:
    return any(k.partition("@")[0] == name for k in mapping)


def _flag_answer(kind: str) -> dict[str, dict[str, int]]:
    """The program flag's two values typed in the form (both, or none)."""
    ss = st.session_state
    one = str(ss.get("data_survey_flag_1") or "").strip()
    zero = str(ss.get("data_survey_flag_0") or "").strip()
    if kind != "survey" or not (one and zero):
        return {}
    return {"in_program": {one: 1, zero: 0}}


def _sheet_choice(raw: state.RawFile, kind: str, lang: Lang) -> None:
    """A workbook's sheet, by name (the note above lists the other sheets); reloads."""
    if not raw.name.lower().endswith(WORKBOOKS):
        return
    key = f"data_{kind}_sheet"
    if key not in st.session_state:
        st.session_state[key] = state.choices_of(kind).sheet or ""  # type: ignore[arg-type]
    st.text_input(
        t("data_sheet", lang),
        key=key,
        on_change=_choose_sheet,
        args=(kind,),
        placeholder=t("data_sheet_first", lang),
        help=t("data_sheet_help", lang),
    )


def _choose_sheet(kind: str) -> None:
    """Callback of the sheet name: read that sheet (the mapping is the new sheet's)."""
    state.set_choices(
        kind, {}, {}, None, units={}, sheet=st.session_state.get(f"data_{kind}_sheet")
    )  # type: ignore[arg-type]


def _pairs_editor(r, lang: Lang) -> None:
    """Wide pairs by hand: one column per wave for a per-wave field (``FIELD@WAVE``)."""
    pairs = [(k, v) for k, v in state.mapping_of("survey") if "@" in k]
    fields = [f for f in analysis.fields("survey") if f.temporal in ("stock", "flow")]
    with st.expander(t("data_pairs", lang), expanded=bool(pairs) or bool(r.missing_required)):
        st.caption(t("data_pairs_help", lang))
        if pairs:
            _pairs_table(pairs, lang)
        with st.form("data_survey_pairs_form", border=False):
            c1, c2, c3 = st.columns(3)
            c1.selectbox(
                t("col_field", lang),
                [f.name for f in fields],
                format_func=lambda n: _label(n, "survey", lang),
                key="data_survey_pair_field",
            )
            c2.text_input(t("data_pair_wave", lang), key="data_survey_pair_wave")
            c3.selectbox(t("col_column", lang), _file_columns(r), key="data_survey_pair_column")
            st.form_submit_button(
                t("data_pair_add", lang), on_click=_add_pair, icon=":material/add:"
            )


def _pairs_table(pairs: list[tuple[str, str]], lang: Lang) -> None:
    rows = [(_label(k.partition("@")[0], "survey", lang), k.partition("@")[2], v) for k, v in pairs]
    st.dataframe(
        pd.DataFrame(
            rows, columns=[t("col_field", lang), t("data_pair_wave", lang), t("col_column", lang)]
        ),
        hide_index=True,
    )
    st.button(
        t("data_pairs_clear", lang),
        on_click=_clear_pairs,
        key="data_survey_pairs_clear",
        icon=":material/delete:",
    )


def _add_pair() -> None:
    """Callback of the pair form: map one wave's column of a field by hand; reloads."""
    ss = st.session_state
    name = ss.get("data_survey_pair_field")
    wave = str(ss.get("data_survey_pair_wave") or "").strip()
    column = ss.get("data_survey_pair_column")
    if not (name and wave and column):
        return
    mapping = dict(state.mapping_of("survey"))
    mapping.pop(name, None)  # the field now comes from its per-wave columns
    mapping[f"{name}@{wave}"] = column
    state.set_choices("survey", mapping)
    ss["data_survey_pair_wave"] = ""


def _clear_pairs() -> None:
    """Callback: forget the wide pairs mapped by hand."""
    mapping = {k: v for k, v in state.mapping_of("survey") if "@" not in k}
    state.set_choices("survey", mapping)


def _mapping_download(ds: state.Dataset, lang: Lang) -> None:
    """The choices made here as a mapping file for ``python -m analysis report --mapping``."""
    survey, loans = ds.answers or (state.Choices(), state.Choices())
    text = state.choices_toml(survey, loans if ds.loans_file is not None else None)
    st.download_button(
        t("data_mapping_download", lang),
        data=text.encode("utf-8"),
        file_name="berdaya_mapping.toml",
        mime="text/plain",
        key="data_mapping_download",
        icon=":material/download:",
        on_click="ignore",
        help=t("data_mapping_download_help", lang),
    )


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
