"""The real-browser tests' shared pieces: one Streamlit server for the whole run (editing on,
a store of its own), Debian's chromium through Playwright, and the waits every test uses.

The server runs with ``BERDAYA_EDITOR_PASSPHRASE_HASH`` set to the hash of
:data:`PASSPHRASE` and ``BERDAYA_DATA_DIR`` in a temporary folder, as a deployment that turned
editing on would. Every wait is on the app's own state with a generous timeout (a shared
2-core machine), never a fixed sleep.
"""

from __future__ import annotations

import os
import queue
import socket
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from ui.i18n import t

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
#: The editor passphrase the test server accepts.
PASSPHRASE = "browser test passphrase, not a real one"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _server_env(store: Path) -> dict[str, str]:
    """The environment of the test server: editing on (a cheap scrypt cost), its own store."""
    import analysis

    env = {**os.environ, "BERDAYA_DATA_DIR": str(store)}
    env["BERDAYA_EDITOR_PASSPHRASE_HASH"] = analysis.hash_passphrase(PASSPHRASE, n=2**10)
    return env


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[str]:
    """``streamlit run app.py`` on a free 127.0.0.1 port, until its health check says ok."""
    port = _free_port()
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true"]
    command += ["--server.address", "127.0.0.1", "--server.port", str(port)]
    proc = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=_server_env(tmp_path_factory.mktemp("store")),
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


def require(browser: Path) -> Path:
    """``browser`` if it is there; else the test fails (a skip would hide the missing path)."""
    if not browser.exists():
        pytest.fail(f"{browser} not found: install Debian's chromium (make test does, as root)")
    return browser


@pytest.fixture(scope="session")
def browser():
    """Debian's system chromium through Playwright (no browser download)."""
    executable = require(CHROMIUM)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS, timeout=WAIT_MS)
        yield b
        b.close()


def new_context(browser, **options):
    """A browser context (its own cookies: another person) whose every action and wait may
    take up to ``WAIT_MS``."""
    context = browser.new_context(viewport={"width": 1400, "height": 2200}, **options)
    context.set_default_timeout(WAIT_MS)
    context.set_default_navigation_timeout(WAIT_MS)
    return context


def settled(page) -> None:
    """Wait until the app has finished its run (Streamlit marks it on the root element)."""
    page.wait_for_selector(
        "[data-testid=stApp][data-test-script-state=notRunning]", timeout=WAIT_MS
    )


def go(page, title: str) -> None:
    """Click a page in the sidebar menu (same session: the upload stays) and wait for it."""
    page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()
    page.get_by_role("heading", name=title, level=1).wait_for(timeout=WAIT_MS)
    settled(page)


def open_app(page, server: str) -> None:
    """Open the dashboard on its Overview (English) and wait for the first run to end."""
    page.goto(server, timeout=WAIT_MS)
    page.get_by_role("heading", name=t("page_overview", "en"), level=1).wait_for(timeout=WAIT_MS)
    settled(page)


def sign_in(page, passphrase: str = PASSPHRASE, name: str = "Ana") -> None:
    """Sign in as an editor through the sidebar's sign-in box, as a person would."""
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text(t("access_title", "en"), exact=True).click()
    sidebar.get_by_label(t("access_name", "en")).fill(name)
    sidebar.get_by_label(t("access_passphrase", "en")).fill(passphrase)
    sidebar.get_by_role("button", name=t("access_sign_in", "en")).click()
    sidebar.get_by_text(t("access_editor", "en", name=name)).wait_for(timeout=WAIT_MS)
    settled(page)
