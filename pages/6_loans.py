"""Placeholder page while the engine lands."""

from __future__ import annotations

import streamlit as st

from ui import state, widgets
from ui.i18n import t


def main() -> None:
    """Draw the page."""
    lang = state.language()
    st.title(t("page_loans", lang))
    view = state.current_view()
    widgets.synthetic_note(view, lang)


if __name__ == "__main__":
    main()
