"""Engine failures on a real page: a translated message with what to do, never a traceback."""

from __future__ import annotations

import pytest

from analysis.messages import DataError, Message
from ui import compute
from ui.i18n import t


@pytest.fixture
def failing_engine(monkeypatch):
    """``failing_engine(exc)``: the engine's before/after comparison raises ``exc``."""

    def install(exc: Exception) -> None:
        def fail(*args, **kwargs):
            raise exc

        monkeypatch.setattr("analysis.before_after", fail)
        # a cached result of an earlier test would hide the failure
        compute.before_after.clear()

    yield install
    compute.before_after.clear()


@pytest.mark.parametrize(
    ("locale", "lang", "text"),
    [
        ("en-US", "en", "no member has an income at both waves"),  # English browser
        ("id-ID", "id", "tidak ada anggota dengan pendapatan di kedua gelombang"),  # Indonesian
    ],
)
def test_an_engine_refusal_is_shown_translated_with_what_to_do(
    app, open_page, failing_engine, locale, lang, text
):
    failing_engine(
        DataError(
            Message(
                "no member has an income at both waves",
                "tidak ada anggota dengan pendapatan di kedua gelombang",
            )
        )
    )
    at = open_page(app, "pages/3_income.py", locale=locale)
    assert not at.exception
    assert [e.value for e in at.error] == [t("error_data", lang, detail=text)]
    # the page around the failure is still there: title, sidebar, data label
    assert at.title[0].value == t("page_income", lang)
    assert at.sidebar.metric[0].value


def test_an_unexpected_engine_crash_shows_no_detail_and_no_traceback(
    app, open_page, failing_engine
):
    failing_engine(RuntimeError("secret internal path /srv/berdaya/analysis.py line 42"))
    at = open_page(app, "pages/1_overview.py", locale="id-ID")
    assert not at.exception
    assert [e.value for e in at.error] == [t("error_unexpected", "id")]
    shown = "\n".join(str(e.value) for e in (*at.markdown, *at.caption, *at.error))
    assert "secret internal path" not in shown
    assert "Traceback" not in shown


def test_a_crash_while_loading_the_data_is_told_translated_and_stops_the_run(
    app, open_page, monkeypatch
):
    from ui import state

    def crash(*args, **kwargs):
        raise MemoryError("the loader's internals")

    monkeypatch.setattr("analysis.load_survey", crash)
    state.load_cached.clear()  # the demo must be loaded again, through the crash
    try:
        at = open_page(app, "pages/1_overview.py", locale="id-ID")
        assert not at.exception
        assert [e.value for e in at.error] == [t("error_unexpected", "id")]
        assert at.title == []  # no page ran on a dataset that is not there
    finally:
        state.load_cached.clear()
