"""The real thing: a Streamlit server, Debian's chromium driven by Playwright, a user who
uploads an Indonesian Excel export, sees a chart on the income page and downloads a table.

Screenshots of every page go to ``test-artifacts/``. Without ``/usr/bin/chromium`` the tests
fail, never skip: the upload-to-chart path must be seen in a browser (``make test`` installs
Debian's chromium where it can). Every wait is on the app's own state with a generous timeout
(a shared 2-core CI machine), never a fixed sleep.
"""

from __future__ import annotations

import queue
import socket
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pages.samples import excel_export
from ui.i18n import t
from ui.nav import PAGES

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
#: Flags for a quiet, sandbox-free headless chromium inside containers and CI.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
#: Milliseconds to wait for a page or chart: generous, it is a shared 2-core machine.
WAIT_MS = 60_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """``streamlit run app.py`` on a free 127.0.0.1 port, until its health check says ok."""
    port = _free_port()
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true"]
    command += ["--server.address", "127.0.0.1", "--server.port", str(port)]
    proc = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    lines: queue.Queue[str | None] = queue.Queue()

    def drain() -> None:  # keeps reading so that the server never blocks on a full pipe
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=drain, daemon=True).start()
    seen: list[str] = []
    try:
        while True:  # the server prints its URL once it listens
            line = lines.get(timeout=90)
            if line is None:
                pytest.fail("the Streamlit server stopped:\n" + "".join(seen))
            seen.append(line)
            if "URL:" in line:
                break
        base = f"http://127.0.0.1:{port}"
        with urllib.request.urlopen(base + "/_stcore/health", timeout=30) as r:
            assert r.read().decode().strip() == "ok"
        yield base
    finally:
        proc.terminate()
        # the server's log, printed so that pytest shows it when a test failed
        while not lines.empty():
            line = lines.get_nowait()
            if line is not None:
                seen.append(line)
        print("".join(seen[-60:]))
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def _require(browser: Path) -> Path:
    """``browser`` if it is there; else the test fails (a skip would hide the missing path)."""
    if not browser.exists():
        pytest.fail(f"{browser} not found: install Debian's chromium (make test does, as root)")
    return browser


@pytest.fixture(scope="module")
def browser():
    """Debian's system chromium through Playwright (no browser download)."""
    executable = _require(CHROMIUM)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS, timeout=WAIT_MS)
        yield b
        b.close()


def _context(browser, **options):
    """A browser context whose every action and wait may take up to ``WAIT_MS``."""
    context = browser.new_context(viewport={"width": 1400, "height": 2200}, **options)
    context.set_default_timeout(WAIT_MS)
    context.set_default_navigation_timeout(WAIT_MS)
    return context


def test_a_missing_chromium_fails_the_browser_tests_instead_of_skipping_them(tmp_path):
    with pytest.raises(pytest.fail.Exception, match="install Debian's chromium"):
        _require(tmp_path / "no-chromium")


def _settled(page) -> None:
    """Wait until the app has finished its run (Streamlit marks it on the root element)."""
    page.wait_for_selector(
        "[data-testid=stApp][data-test-script-state=notRunning]", timeout=WAIT_MS
    )


def _go(page, title: str) -> None:
    """Click a page in the sidebar menu (same session: the upload stays) and wait for it."""
    page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()
    page.get_by_role("heading", name=title, level=1).wait_for(timeout=WAIT_MS)
    _settled(page)


def test_upload_a_survey_see_the_income_chart_and_download_a_table(server, browser, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    survey = tmp_path / "ekspor_excel.csv"
    survey.write_bytes(excel_export())
    context = _context(browser, accept_downloads=True, locale="en-US")
    page = context.new_page()
    try:
        page.goto(server, timeout=WAIT_MS)
        page.get_by_role("heading", name=t("page_overview", "en"), level=1).wait_for(
            timeout=WAIT_MS
        )
        # every page on the demo data, as a new user sees it
        for _, key, url, _ in PAGES:
            _go(page, t(key, "en"))
            charts = page.locator("[data-testid=stPlotlyChart]")
            if charts.count():
                charts.last.locator(".js-plotly-plot").wait_for(timeout=WAIT_MS)
            page.screenshot(path=str(ARTIFACTS / f"{url}.png"), full_page=True)

        _go(page, t("page_data", "en"))
        # the survey uploader is the first one on the page
        page.get_by_test_id("stFileUploaderDropzoneInput").first.set_input_files(survey)
        page.get_by_test_id("stSidebar").get_by_text("ekspor_excel.csv").wait_for(timeout=WAIT_MS)
        _settled(page)
        page.get_by_text("Ready to analyse: 80 rows kept").wait_for(timeout=WAIT_MS)
        page.screenshot(path=str(ARTIFACTS / "data_uploaded.png"), full_page=True)

        _go(page, t("page_income", "en"))
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
    context = _context(browser, locale="id-ID")
    page = context.new_page()
    try:
        page.goto(server, timeout=WAIT_MS)
        page.get_by_role("heading", name="Ringkasan", level=1).wait_for(timeout=WAIT_MS)
        _settled(page)
        page.locator("[data-testid=stPlotlyChart] .js-plotly-plot").last.wait_for(timeout=WAIT_MS)
        assert page.get_by_text(t("synthetic_badge", "id")).count() == 1
        assert page.get_by_text(t("ov_summary", "id")).count() == 1
        page.screenshot(path=str(ARTIFACTS / "overview_id.png"), full_page=True)
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "failure_overview_id.png"), full_page=True)
        raise
    finally:
        context.close()
