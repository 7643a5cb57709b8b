"""The dashboard's pages, in menu order: one table shared by ``app.py`` and the state module.

Kept apart from ``app.py`` (which runs on import) so that a page run outside the router
can register the same pages and hand over to it (see :func:`ui.state.current_view`).
"""

from __future__ import annotations

import streamlit as st

from ui.i18n import Lang, t

#: (file, title key, url path, icon).
PAGES: tuple[tuple[str, str, str, str], ...] = (
    ("pages/1_overview.py", "page_overview", "overview", ":material/dashboard:"),
    ("pages/2_data.py", "page_data", "data", ":material/upload_file:"),
    ("pages/3_income.py", "page_income", "income", ":material/trending_up:"),
    ("pages/4_comparison.py", "page_comparison", "comparison", ":material/compare_arrows:"),
    ("pages/5_drivers.py", "page_drivers", "drivers", ":material/functions:"),
    ("pages/6_loans.py", "page_loans", "loans", ":material/account_balance:"),
    ("pages/7_method.py", "page_method", "method", ":material/menu_book:"),
    ("pages/8_empowerment.py", "page_empowerment", "empowerment", ":material/diversity_3:"),
    ("pages/9_voices.py", "page_voices", "voices", ":material/forum:"),
)


#: Pages only a signed-in editor has in the menu (issue 14); viewers cannot route to them.
EDITOR_PAGES: tuple[tuple[str, str, str, str], ...] = (
    ("pages/10_audit.py", "page_audit", "audit", ":material/history:"),
)


def pages(lang: Lang, *, editor: bool = False) -> list[st.Page]:
    """The ``st.Page`` objects, titled in ``lang``; the Overview is the default page.

    ``editor`` adds :data:`EDITOR_PAGES` at the end.
    """
    chosen = PAGES + (EDITOR_PAGES if editor else ())
    return [
        st.Page(path, title=t(key, lang), url_path=url, icon=icon, default=(i == 0))
        for i, (path, key, url, icon) in enumerate(chosen)
    ]
