"""Berdaya dashboard: the entry point ``streamlit run app.py`` starts.

It only routes: it sets up the page, draws the sidebar (language, editor sign-in, dataset,
filters) and runs the chosen page from ``pages/``; a signed-in editor's menu also has the
editor pages (``ui.nav.EDITOR_PAGES``). Everything else lives in ``ui/`` and ``analysis/``.
"""

from __future__ import annotations

import streamlit as st

from ui import access, nav, state, widgets


def main() -> None:
    """Set up the app, draw the sidebar and run the selected page."""
    st.set_page_config(page_title="Berdaya", page_icon=":material/diversity_3:", layout="wide")
    lang = state.language()
    page = st.navigation(nav.pages(lang, editor=access.is_editor()))
    # a failure while loading the data is told like a page's, and nothing else runs
    if not widgets.guarded(lambda: state.sidebar(lang), lang):
        st.stop()
    state.mark_routed()
    page.run()


main()
