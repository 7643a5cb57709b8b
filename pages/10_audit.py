"""Audit: the saved evaluations with rename and delete, and the audit log of every publish,
rename and delete (who, when, what, the input hashes). For signed-in editors only: the page
is not in a viewer's menu, and says so if reached anyway.
"""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from ui import access, saved, widgets
from ui import format as fmt
from ui.i18n import Lang, t

#: Session key of the last rename's or delete's outcome.
NOTICE = "audit_notice"
#: The delete form's choice meaning "every version".
ALL_VERSIONS = 0


def main() -> None:
    """Draw the Audit page."""
    widgets.page("page_audit", _body, analyses_survey=False)


def _body(_view, lang: Lang, _threshold: int) -> None:
    if not access.is_editor():
        st.warning(t("audit_editors_only", lang), icon=":material/lock:")
        return
    table = saved.catalog()
    _catalog(table, lang)
    if not table.empty:
        _rename(table, lang)
        _delete(table, lang)
    _notice(lang)
    _log(lang)


def _catalog(table: pd.DataFrame, lang: Lang) -> None:
    st.subheader(t("audit_saved", lang))
    st.caption(t("audit_store", lang, path=fmt.md_escape(str(saved.store().path))))
    if table.empty:
        st.info(t("audit_none", lang))
        return
    widgets.table(table, "saved_evaluations", lang, key="audit_download_saved")


def _rename(table: pd.DataFrame, lang: Lang) -> None:
    names = sorted(table["name"].unique())
    with st.form("audit_rename_form"):
        st.markdown("**" + t("audit_rename", lang) + "**")
        c1, c2 = st.columns(2)
        c1.selectbox(t("audit_name", lang), names, key="audit_rename_old")
        c2.text_input(t("audit_new_name", lang), key="audit_rename_new", max_chars=200)
        st.form_submit_button(t("audit_rename_button", lang), on_click=_rename_now)


def _delete(table: pd.DataFrame, lang: Lang) -> None:
    names = sorted(table["name"].unique())
    with st.form("audit_delete_form"):
        st.markdown("**" + t("audit_delete", lang) + "**")
        c1, c2 = st.columns(2)
        c1.selectbox(t("audit_name", lang), names, key="audit_delete_name")
        versions = [ALL_VERSIONS, *sorted(int(v) for v in table["version"].unique())]
        c2.selectbox(
            t("audit_version", lang),
            versions,
            format_func=lambda v: t("audit_all_versions", lang) if v == ALL_VERSIONS else f"v{v}",
            key="audit_delete_version",
        )
        st.checkbox(t("audit_delete_confirm", lang), key="audit_delete_confirm")
        st.form_submit_button(t("audit_delete_button", lang), on_click=_delete_now)
    st.caption(t("audit_delete_note", lang))


def _rename_now() -> None:
    """Callback of the rename form."""
    ss = st.session_state
    if not access.is_editor():  # the forms are drawn for editors only; checked again here
        return
    old, new = ss.get("audit_rename_old"), str(ss.get("audit_rename_new") or "").strip()
    try:
        saved.rename(old, new, access.editor_name())
    except ValueError as exc:  # DataError: taken, gone, bad name, busy
        ss[NOTICE] = ("error", exc)
        return
    ss[NOTICE] = ("renamed", old, new)


def _delete_now() -> None:
    """Callback of the delete form: deletes only when the box is ticked."""
    ss = st.session_state
    if not access.is_editor():
        return
    if not ss.get("audit_delete_confirm"):
        ss[NOTICE] = ("unconfirmed",)
        return
    name, version = ss.get("audit_delete_name"), ss.get("audit_delete_version", ALL_VERSIONS)
    try:
        n = saved.delete(
            name, None if version == ALL_VERSIONS else int(version), access.editor_name()
        )
    except ValueError as exc:
        ss[NOTICE] = ("error", exc)
        return
    ss[NOTICE] = ("deleted", name, n)
    ss["audit_delete_confirm"] = False


def _notice(lang: Lang) -> None:
    """The outcome of the last rename or delete, once."""
    notice = st.session_state.pop(NOTICE, None)
    if notice is None:
        return
    kind = notice[0]
    if kind == "renamed":
        st.success(
            t("audit_renamed", lang, old=fmt.md_escape(notice[1]), new=fmt.md_escape(notice[2]))
        )
    elif kind == "deleted":
        st.success(t("audit_deleted", lang, name=fmt.md_escape(notice[1]), n=notice[2]))
    elif kind == "unconfirmed":
        st.warning(t("audit_delete_unconfirmed", lang))
    else:
        text = getattr(notice[1], "text", None)
        detail = text(lang) if callable(text) else str(notice[1])
        st.error(t("error_data", lang, detail=fmt.md_escape(detail)), icon=":material/error:")


def _log(lang: Lang) -> None:
    st.subheader(t("audit_log", lang))
    log = saved.audit()
    if log.empty:
        st.info(t("audit_log_empty", lang))
        return
    shown = log.assign(detail=log["detail"].map(_detail))
    widgets.table(shown, "audit_log", lang, key="audit_download_log")


def _detail(raw: str) -> str:
    """The audit entry's JSON detail in one readable line (hashes shortened)."""
    try:
        detail = json.loads(raw)
    except (TypeError, ValueError):
        return str(raw)
    text = json.dumps(detail, sort_keys=True, ensure_ascii=False)
    return text if len(text) <= 300 else text[:297] + "..."


if __name__ == "__main__":
    main()
