"""AppTest fixtures: the real entry point on the committed demo data."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
#: Page files in menu order, with the translation key of their title.
PAGES = [
    ("pages/1_overview.py", "page_overview"),
    ("pages/2_data.py", "page_data"),
    ("pages/3_income.py", "page_income"),
    ("pages/4_comparison.py", "page_comparison"),
    ("pages/5_drivers.py", "page_drivers"),
    ("pages/6_loans.py", "page_loans"),
    ("pages/7_method.py", "page_method"),
    ("pages/8_empowerment.py", "page_empowerment"),
    ("pages/9_voices.py", "page_voices"),
]


#: The passphrase :func:`editing_on` configures.
TEST_PASSPHRASE = "test passphrase, not a real one"


@pytest.fixture
def editing_on(monkeypatch, tmp_path):
    """Editing turned on (the scrypt hash of :data:`TEST_PASSPHRASE`, at a cheap cost) and a
    store under ``tmp_path``, both through the environment as a deployment would."""
    import analysis
    from ui import access

    monkeypatch.setenv("BERDAYA_DATA_DIR", str(tmp_path / "store"))
    monkeypatch.setenv(access.HASH_ENV, analysis.hash_passphrase(TEST_PASSPHRASE, n=2**10))
    return TEST_PASSPHRASE


def as_editor(at: AppTest) -> AppTest:
    """``at`` signed in as an editor, as the sign-in form leaves a session, and rerun (needs
    :func:`editing_on`; the form itself is tested in ``test_roles.py``)."""
    from ui import access

    if access.EDITOR_KEY not in at.session_state:
        at.session_state[access.EDITOR_KEY] = "test editor"
        at.run()
    return at


@pytest.fixture
def app() -> AppTest:
    """The dashboard as ``streamlit run app.py`` starts it, with a generous run timeout."""
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


def _open(at: AppTest, page: str, *, locale: str = "en-US") -> AppTest:
    at.context["locale"] = locale
    at.run()
    if page != PAGES[0][0]:
        at.switch_page(page).run()
    return at


def _texts(at: AppTest) -> str:
    parts: list[str] = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "info", "warning", "error"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    parts += [df.value.to_csv() for df in at.dataframe]
    return "\n".join(parts)


@pytest.fixture
def open_page():
    """``open_page(at, page, locale=...)``: run in a browser locale, then go to ``page``."""
    return _open


@pytest.fixture
def shown_text():
    """``shown_text(at)``: every text, metric and table cell of the last run, joined."""
    return _texts


@pytest.fixture
def downloaded(monkeypatch):
    """``downloaded(at, label)``: the text of the first download button labelled ``label``
    of the last run, fetched as a browser click would (deferred downloads run their
    callable through the media file manager AppTest gave that run)."""
    from streamlit.testing.v1 import app_test

    managers, stores = [], []

    class KeptManager(app_test.MediaFileManager):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            managers.append(self)

    class KeptStorage(app_test.MemoryMediaFileStorage):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            stores.append(self)

    monkeypatch.setattr(app_test, "MediaFileManager", KeptManager)
    monkeypatch.setattr(app_test, "MemoryMediaFileStorage", KeptStorage)

    def fetch(at: AppTest, label: str) -> str:
        button = next(b for b in at.get("download_button") if b.label == label)
        if button.proto.deferred_file_id:
            url = managers[-1].execute_deferred(button.proto.deferred_file_id)
        else:
            url = button.proto.url
        file_id = url.rsplit("/", 1)[-1].split(".")[0]
        return stores[-1].get_file(file_id).content.decode("utf-8-sig")

    return fetch
