"""Berdaya dashboard: the entry point ``streamlit run app.py`` starts.

It only routes: it sets up the page, draws the sidebar (language, dataset, filters) and runs
the chosen page from ``pages/``. Everything else lives in ``ui/`` and ``analysis/``.
"""

from __future__ import annotations

import streamlit as st

from ui import state
from ui.i18n import t

#: (file, title key, url path, icon): the pages in menu order.
PAGES: tuple[tuple[str, str, str, str], ...] = (
    ("pages/1_overview.py", "page_overview", "overview", ":material/dashboard:"),
    ("pages/2_data.py", "page_data", "data", ":material/upload_file:"),
    ("pages/3_income.py", "page_income", "income", ":material/trending_up:"),
    ("pages/4_comparison.py", "page_comparison", "comparison", ":material/compare_arrows:"),
    ("pages/5_drivers.py", "page_drivers", "drivers", ":material/functions:"),
    ("pages/6_loans.py", "page_loans", "loans", ":material/account_balance:"),
    ("pages/7_method.py", "page_method", "method", ":material/menu_book:"),
)


def main() -> None:
    """Set up the app, draw the sidebar and run the selected page."""
    st.set_page_config(page_title="Berdaya", page_icon=":material/diversity_3:", layout="wide")
    lang = state.language()
    pages = [
        st.Page(path, title=t(key, lang), url_path=url, icon=icon, default=(i == 0))
        for i, (path, key, url, icon) in enumerate(PAGES)
    ]
    page = st.navigation(pages)
    state.sidebar(lang)
    state.mark_routed()
    page.run()


main()
