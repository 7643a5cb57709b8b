"""The real thing: a Streamlit server, Debian's chromium driven by Playwright, a user who
signs in as an editor, uploads an Indonesian Excel export, sees a chart on the income page and
downloads a table. The server, the browser and the waits are in ``conftest.py``.

Screenshots of every page go to ``test-artifacts/``. Without ``/usr/bin/chromium`` the tests
fail, never skip: the upload-to-chart path must be seen in a browser (``make test`` installs
Debian's chromium where it can). Every wait is on the app's own state with a generous timeout
(a shared 2-core CI machine), never a fixed sleep.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import (
    ARTIFACTS,
    WAIT_MS,
    go,
    new_context,
    open_app,
    require,
    settled,
    sign_in,
)
from tests.pages.samples import excel_export
from ui.i18n import t
from ui.nav import PAGES

pytestmark = pytest.mark.browser


def test_a_missing_chromium_fails_the_browser_tests_instead_of_skipping_them(tmp_path):
    with pytest.raises(pytest.fail.Exception, match="install Debian's chromium"):
        require(tmp_path / "no-chromium")


def test_upload_a_survey_see_the_income_chart_and_download_a_table(server, browser, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    survey = tmp_path / "ekspor_excel.csv"
    survey.write_bytes(excel_export())
    context = new_context(browser, accept_downloads=True, locale="en-US")
    page = context.new_page()
    try:
        open_app(page, server)
        # every page on the demo data, as a new user sees it
        for _, key, url, _ in PAGES:
            go(page, t(key, "en"))
            charts = page.locator("[data-testid=stPlotlyChart]")
            if charts.count():
                charts.last.locator(".js-plotly-plot").wait_for(timeout=WAIT_MS)
            page.screenshot(path=str(ARTIFACTS / f"{url}.png"), full_page=True)

        sign_in(page)  # uploading is for editors (issue 14)
        go(page, t("page_data", "en"))
        # the survey uploader is the first one on the page
        page.get_by_test_id("stFileUploaderDropzoneInput").first.set_input_files(survey)
        page.get_by_test_id("stSidebar").get_by_text("ekspor_excel.csv").wait_for(timeout=WAIT_MS)
        settled(page)
        page.get_by_text("Ready to analyse: 80 rows kept").wait_for(timeout=WAIT_MS)
        page.screenshot(path=str(ARTIFACTS / "data_uploaded.png"), full_page=True)

        go(page, t("page_income", "en"))
        # the paired chart, the distributions and the subgroup forest plot
        page.locator("[data-testid=stPlotlyChart] .js-plotly-plot").nth(2).wait_for(timeout=WAIT_MS)
        page.screenshot(path=str(ARTIFACTS / "income_uploaded.png"), full_page=True)
        # the names, NIK and phone numbers of the file appear nowhere
        html = page.content()
        assert "Sri Rahayu" not in html
        assert "3509123456789" not in html

        with page.expect_download(timeout=WAIT_MS) as download:
            page.get_by_role("button", name=t("download_csv", "en")).first.click()
        csv = Path(download.value.path()).read_text(encoding="utf-8-sig")
        header = csv.splitlines()[0].split(",")
        assert {"group", "n", "mean_change", "ci_low", "ci_high"} <= set(header)
        assert csv.splitlines()[1].startswith("program,")
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "failure_upload.png"), full_page=True)
        raise
    finally:
        context.close()


def test_an_indonesian_browser_opens_the_overview_in_indonesian(server, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    context = new_context(browser, locale="id-ID")
    page = context.new_page()
    try:
        page.goto(server, timeout=WAIT_MS)
        page.get_by_role("heading", name="Ringkasan", level=1).wait_for(timeout=WAIT_MS)
        settled(page)
        page.locator("[data-testid=stPlotlyChart] .js-plotly-plot").last.wait_for(timeout=WAIT_MS)
        assert page.get_by_text(t("synthetic_badge", "id")).count() == 1
        assert page.get_by_text(t("ov_summary", "id")).count() == 1
        page.screenshot(path=str(ARTIFACTS / "overview_id.png"), full_page=True)
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "failure_overview_id.png"), full_page=True)
        raise
    finally:
        context.close()
