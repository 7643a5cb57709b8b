"""Widget helpers, each run alone with ``AppTest.from_function`` (no page, no data)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.pages import conftest as page_fixtures

#: The Data page tests' fixture that fetches a download as a browser click would.
downloaded = page_fixtures.downloaded


def _guarded_data_error():
    from analysis.messages import DataError, Message
    from ui import widgets

    with widgets.guard("id"):
        raise DataError(Message("no comparison group", "tidak ada kelompok pembanding"))


def _guarded_crash():
    from ui import widgets

    with widgets.guard("en"):
        raise KeyError("internal detail that must not reach the user")


def _guarded_value_error():
    from ui import widgets

    with widgets.guard("en"):
        raise ValueError("column [x](http://evil) is empty")


def test_a_data_error_reaches_the_user_translated_not_as_a_traceback():
    at = AppTest.from_function(_guarded_data_error).run()
    assert not at.exception
    assert "tidak ada kelompok pembanding" in at.error[0].value
    assert at.error[0].value.startswith("Data tidak dapat dianalisis")


def test_an_unexpected_error_shows_a_message_without_its_details():
    at = AppTest.from_function(_guarded_crash).run()
    assert not at.exception
    assert "internal detail" not in at.error[0].value
    assert at.error[0].value.startswith("Something went wrong")


def test_the_engine_message_is_shown_inert_in_markdown():
    at = AppTest.from_function(_guarded_value_error).run()
    # the brackets of a would-be link are escaped, so no link is rendered
    assert "\\[x\\]\\(http\\://evil\\)" in at.error[0].value


def _download_formula():
    import pandas as pd

    from ui import widgets

    widgets.download(
        pd.DataFrame({"name": ['=HYPERLINK("http://x")', "Kopwan Gama"], "n": [1, 2]}),
        "test",
        "en",
        key="test_download",
    )


def test_downloads_are_safe_against_spreadsheet_formulas(downloaded):
    at = AppTest.from_function(_download_formula).run()
    content = downloaded(at, "Download CSV")
    assert "Kopwan Gama" in content
    # the formula is neutralised with a leading apostrophe: a spreadsheet shows it as text
    assert "'=HYPERLINK" in content


def test_a_download_is_written_when_clicked_not_on_every_rerun(monkeypatch):
    calls = []
    monkeypatch.setattr("analysis.safe_csv_bytes", lambda df: calls.append(len(df)) or b"x")
    at = AppTest.from_function(_download_formula).run()
    assert at.get("download_button")[0].proto.deferred_file_id
    assert calls == []


def _big_table():
    import pandas as pd

    from ui import widgets

    widgets.table(pd.DataFrame({"n": range(2500)}), "big", "en", key="test_big")


def test_a_long_table_shows_its_first_rows_and_says_the_csv_has_all():
    at = AppTest.from_function(_big_table).run()
    assert len(at.dataframe[0].value) == 1000
    assert at.caption[0].value == "The first 1000 of 2500 rows are shown; the CSV holds them all."


def _card():
    import streamlit as st

    from ui import widgets

    widgets.card(st, "Mean change", "+Rp 450 rb", "SK 95% [Rp 250.000; Rp 640.000]", help="h")


def test_a_card_shows_its_value_and_its_uncertainty():
    at = AppTest.from_function(_card).run()
    assert at.metric[0].label == "Mean change"
    assert at.metric[0].value == "+Rp 450 rb"
    assert at.caption[0].value == "SK 95% [Rp 250.000; Rp 640.000]"
