"""Issue 14 in a real browser: an editor signs in, uploads a survey and publishes it; a viewer
in another browser context (another person: no shared cookies or session) opens the
dashboard, chooses that evaluation in the sidebar and sees its chart, with no way to upload.
The server, the browser and the waits are in ``conftest.py``; screenshots go to
``test-artifacts/``.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import ARTIFACTS, WAIT_MS, go, new_context, open_app, settled, sign_in
from tests.pages.samples import excel_export
from ui.i18n import t

pytestmark = pytest.mark.browser

NAME = "Jember browser"


def _publish(page, server: str, survey) -> None:
    """As an editor: sign in, upload ``survey`` on the Data page, publish it as :data:`NAME`."""
    open_app(page, server)
    sign_in(page)
    go(page, t("page_data", "en"))
    page.get_by_test_id("stFileUploaderDropzoneInput").first.set_input_files(survey)
    page.get_by_text("Ready to analyse: 80 rows kept").wait_for(timeout=WAIT_MS)
    settled(page)
    page.get_by_label(t("data_publish_name", "en")).fill(NAME)
    page.get_by_role("button", name=t("data_publish_button", "en")).click()
    page.get_by_text(t("data_published", "en", name=NAME, version=1)).wait_for(timeout=WAIT_MS)
    settled(page)
    page.screenshot(path=str(ARTIFACTS / "editor_published.png"), full_page=True)


def _choose(page, name: str) -> None:
    """As anyone: choose the saved evaluation ``name`` in the sidebar's dataset box."""
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_test_id("stSelectbox").filter(has_text=t("dataset_choose", "en")).click()
    page.get_by_role("option", name=f"{name} · v1").click()
    sidebar.get_by_text(f"Saved evaluation: {name}, version 1").wait_for(timeout=WAIT_MS)
    settled(page)


def test_an_editor_publishes_and_a_viewer_in_another_browser_opens_it(server, browser, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    survey = tmp_path / "ekspor_excel.csv"
    survey.write_bytes(excel_export())
    editor = new_context(browser, locale="en-US")
    viewer = new_context(browser, locale="en-US")
    page = editor.new_page()
    try:
        _publish(page, server, survey)
        page = viewer.new_page()
        open_app(page, server)
        _choose(page, NAME)
        # the Overview of the saved evaluation: its charts, and no synthetic-data badge
        page.locator("[data-testid=stPlotlyChart] .js-plotly-plot").last.wait_for(timeout=WAIT_MS)
        assert page.get_by_text(t("synthetic_badge", "en")).count() == 0
        go(page, t("page_income", "en"))
        page.locator("[data-testid=stPlotlyChart] .js-plotly-plot").nth(2).wait_for(timeout=WAIT_MS)
        page.screenshot(path=str(ARTIFACTS / "viewer_saved_income.png"), full_page=True)
        # the viewer cannot upload, and has no Audit page
        go(page, t("page_data", "en"))
        assert page.get_by_test_id("stFileUploaderDropzoneInput").count() == 0
        nav = page.get_by_test_id("stSidebarNav")
        assert nav.get_by_text(t("page_audit", "en"), exact=True).count() == 0
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "failure_publish_and_view.png"), full_page=True)
        raise
    finally:
        editor.close()
        viewer.close()
