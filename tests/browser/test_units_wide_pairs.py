"""Issue 9's "done when" in a real browser: an editor uploads an ``.xlsx`` whose headers carry
their unit (``Untung 2021 (USD)``, cents in every cell, names detection does not know), maps
the wide pair by hand in the Data page's editor, sets the unit to USD and sees the Income
page's before/after chart in dollars. Server, browser and waits: ``conftest.py``."""

from __future__ import annotations

import pytest

from tests.browser.conftest import ARTIFACTS, WAIT_MS, go, new_context, open_app, settled, sign_in
from tests.pages.test_data_units import usd_frame, xlsx
from ui.i18n import t

pytestmark = pytest.mark.browser


def _choose(page, selectbox, option: str) -> None:
    """Open a selectbox, type the option to narrow the list and pick it, as a person would."""
    selectbox.locator("input").click()
    page.keyboard.type(option)
    page.get_by_role("option").filter(has_text=option).first.wait_for(timeout=WAIT_MS)
    page.keyboard.press("Enter")


def _add_pair(page, wave: str, column: str) -> None:
    """One wave's column of income, through the *Columns per wave* form."""
    add = page.get_by_role("button", name=t("data_pair_add", "en"))
    form = page.get_by_test_id("stForm").filter(has=add)
    form.get_by_label(t("data_pair_wave", "en")).fill(wave)
    _choose(page, form.get_by_test_id("stSelectbox").nth(1), column)
    add.click()
    settled(page)


def test_an_xlsx_in_dollars_mapped_by_hand_shows_its_chart_in_dollars(server, browser, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    book = tmp_path / "laba_usd.xlsx"
    book.write_bytes(xlsx(("Data", usd_frame())))
    context = new_context(browser, locale="en-US")
    page = context.new_page()
    try:
        open_app(page, server)
        sign_in(page)  # uploading is for editors (issue 14)
        go(page, t("page_data", "en"))
        page.get_by_test_id("stFileUploaderDropzoneInput").first.set_input_files(book)
        page.get_by_test_id("stSidebar").get_by_text("laba_usd.xlsx").wait_for(timeout=WAIT_MS)
        settled(page)
        page.get_by_text(t("data_not_ready", "en")).first.wait_for(timeout=WAIT_MS)

        _add_pair(page, "2021", "Untung 2021 (USD)")
        _add_pair(page, "2023", "Untung 2023 (USD)")
        income = t("data_unit_of", "en", field="Net business income (monthly)")
        _choose(page, page.get_by_test_id("stSelectbox").filter(has_text=income), "USD")
        page.get_by_role("button", name=t("data_apply", "en")).click()
        settled(page)
        page.get_by_text("Ready to analyse: 60 rows kept").wait_for(timeout=WAIT_MS)
        page.screenshot(path=str(ARTIFACTS / "data_usd_pairs.png"), full_page=True)

        go(page, t("page_income", "en"))
        chart = page.locator("[data-testid=stPlotlyChart] .js-plotly-plot").first
        chart.wait_for(timeout=WAIT_MS)
        page.screenshot(path=str(ARTIFACTS / "income_usd.png"), full_page=True)
        ticks = chart.text_content() or ""
        assert "USD" in ticks
        assert "Rp" not in ticks and "IDR" not in ticks
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "failure_usd_pairs.png"), full_page=True)
        raise
    finally:
        context.close()
