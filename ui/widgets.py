"""Small reusable Streamlit pieces the pages share: the page frame (title, notes, error
guard, the checks before any analysis), tables with a CSV download, headline cards, and
notices for data that is missing or not yet analysable.

Pages stay thin by calling these; the formatting and suppression rules they apply live in
``ui/format.py`` and ``ui/tables.py`` and are tested without Streamlit.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from typing import Any

import pandas as pd
import streamlit as st

import analysis
from analysis.ingest.loaders import LOSS_LIMIT
from ui import format as fmt
from ui import state, tables
from ui.i18n import Lang, t

log = logging.getLogger("berdaya.ui")

#: Rows of a table shown on screen; the download holds them all.
_SHOWN_ROWS = 1_000


#: A page's body: draws the page for the view, in the language, with the small-cell threshold.
Body = Callable[[state.View, Lang, int], None]


def page(
    title_key: str,
    body: Body,
    *,
    analyses_survey: bool = True,
    money: tuple[state.Kind, str] = ("survey", "income"),
    warn_lost: bool | None = None,
) -> None:
    """Draw a page: its title, the synthetic-data note, then ``body`` under :func:`guard`.

    Every page's ``main()`` is this one call. With ``analyses_survey`` the body runs only
    when the view has a survey of at least the small-cell threshold's members; otherwise
    the page says what to do (map the columns, widen the filters), and above its results
    it warns when too many rows lost a value (:func:`rows_lost_banner`; ``warn_lost``, by
    default the same as ``analyses_survey``). ``money`` names the (kind, field) whose unit
    every amount on the page is written in (issue 9).
    """
    view = state.current_view()
    lang = state.language()
    st.title(t(title_key, lang))
    synthetic_note(view, lang)
    with guard(lang), fmt.money_unit(state.money_unit(view.dataset, *money)):
        threshold = state.small_cell_min()
        if analyses_survey and not (
            need_survey(view, lang) and enough_members(view, lang, threshold)
        ):
            return
        if analyses_survey if warn_lost is None else warn_lost:
            rows_lost_banner(view, lang)
        body(view, lang, threshold)


def rows_lost_banner(view: state.View, lang: Lang) -> None:
    """A warning above a page's results when more than :data:`LOSS_LIMIT` of a file's rows
    lost a value to cells that could not be read (issue 9): the results leave them out."""
    for kind, n, share in state.rows_lost(view.dataset):
        if share > LOSS_LIMIT:
            st.warning(
                t(
                    "rows_lost_banner",
                    lang,
                    n=fmt.number(n, lang),
                    share=fmt.percent(share, lang),
                    file=t(f"data_tab_{kind}", lang).lower(),
                ),
                icon=":material/report:",
            )
            st.page_link(
                "pages/2_data.py", label=t("go_to_data", lang), icon=":material/upload_file:"
            )


def compared_caption(view: state.View, lang: Lang) -> None:
    """The line under a title saying which waves are compared, in which prices."""
    st.caption(
        t(
            "ov_compared",
            lang,
            before=fmt.md_escape(view.before),
            after=fmt.md_escape(view.after),
            basis=t(f"basis_{view.filters.basis}", lang).lower(),
        )
    )


@contextlib.contextmanager
def guard(lang: Lang) -> Iterator[None]:
    """Run a page body; turn any error into a translated message with what to do.

    ``DataError`` from the engine carries its own bilingual text; other ``ValueError``s are
    data problems told in the engine's words; anything else is logged on the server and
    shown as a generic message, never as a traceback. Streamlit's own control flow
    (``st.stop``, ``st.rerun``, page switches) derives from ``BaseException`` and passes.
    """
    try:
        yield
    except ValueError as exc:
        text = getattr(exc, "text", None)
        detail = text(lang) if callable(text) else str(exc)
        # the engine's messages quote the user's values: shown inert
        st.error(t("error_data", lang, detail=fmt.md_escape(detail)), icon=":material/error:")
    except Exception:
        log.exception("page failed")
        st.error(t("error_unexpected", lang), icon=":material/error:")


def guarded(fn: Callable[[], object], lang: Lang) -> bool:
    """Run ``fn`` under :func:`guard`: whether it finished (if not, its error is shown)."""
    with guard(lang):
        fn()
        return True
    return False


def need_survey(view: Any, lang: Lang) -> bool:
    """Whether the view has a survey to analyse; if not, say what to do and return False."""
    if view.base is not None:
        return True
    err = getattr(view.dataset, "error", None)
    if err:
        st.error(t("error_data", lang, detail=fmt.md_escape(err)), icon=":material/error:")
    st.warning(t("dataset_not_ready_page", lang), icon=":material/rule:")
    st.page_link("pages/2_data.py", label=t("go_to_data", lang), icon=":material/upload_file:")
    return False


def enough_members(view: Any, lang: Lang, threshold: int) -> bool:
    """Whether the view covers at least ``threshold`` members; else say why nothing shows."""
    if view.n_members >= threshold:
        return True
    st.warning(t("small_view", lang, n=view.n_members, threshold=threshold), icon=":material/lock:")
    return False


def synthetic_note(view: Any, lang: Lang) -> None:
    """A visible reminder under the title when the numbers come from the demo data."""
    if view.synthetic:
        st.caption(":material/science: " + t("synthetic_caption", lang))
    for note in view.notes:
        st.caption(":material/info: " + note)


def download(
    df: pd.DataFrame, name: str, lang: Lang, *, key: str, label: str | None = None
) -> None:
    """A download button for ``df`` as CSV, safe against spreadsheet formula injection.

    ``label`` replaces "Download CSV" where two buttons would otherwise read the same.

    The CSV is written when the button is clicked (Streamlit's deferred download), not on
    every rerun: writing the tables of a page took about a tenth of a filter change.
    """

    def data() -> bytes:
        return analysis.safe_csv_bytes(df)

    st.download_button(
        label or t("download_csv", lang),
        data=data,
        file_name=f"berdaya_{name}.csv",
        mime="text/csv",
        key=key,
        icon=":material/download:",
        on_click="ignore",
    )


def table(
    df: pd.DataFrame,
    name: str,
    lang: Lang,
    *,
    key: str,
    formats: dict[str, str] | None = None,
    height: int | None = None,
) -> None:
    """Show ``df`` with translated headers and formatted numbers, and offer it as CSV.

    ``formats`` maps column -> ``money``/``percent``/``share``/``p``/``number``/``int``
    (see :func:`ui.tables.display`). The CSV holds the raw numbers with canonical names.
    """
    # a browser grid of a million formatted rows helps no one: the first rows, all in the CSV
    shown = tables.display(df.head(_SHOWN_ROWS), lang, formats or {})
    kwargs: dict[str, Any] = {"hide_index": True, "width": "stretch"}
    kwargs["height"] = height if height is not None else ("content" if len(df) <= 25 else 480)
    st.dataframe(shown, **kwargs)
    if len(df) > _SHOWN_ROWS:
        st.caption(t("table_first_rows", lang, n=_SHOWN_ROWS, total=len(df)))
    download(df, name, lang, key=key)


def card(
    column: Any, label: str, value: str, detail: str | None = None, help: str | None = None
) -> None:
    """A headline number with its uncertainty written under it."""
    with column.container(border=True):
        st.metric(label, value, help=help)
        if detail:
            st.caption(detail)
