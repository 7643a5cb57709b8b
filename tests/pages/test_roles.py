"""Viewers and editors (issue 14): what a session without sign-in can reach, how an editor
signs in (passphrase, delay, lockout), publishes an upload and how a viewer in another
session opens it with the same numbers. The store is a temporary directory chosen by
``BERDAYA_DATA_DIR``, as in a deployment.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from streamlit.testing.v1 import AppTest

import analysis
from tests.pages.conftest import PAGES, ROOT
from tests.pages.samples import excel_export
from ui import access, saved
from ui.i18n import t

DATA = "pages/2_data.py"
AUDIT = "pages/10_audit.py"
PASSPHRASE = "kopi tubruk di Jember pagi hari"
#: Widget keys only an editor may ever see (upload, publish, rename, delete, member tables).
EDITOR_KEYS = (
    "data_survey_upload",
    "data_loans_upload",
    "data_publish_name",
    "data_members_download_survey",
    "data_members_download_loans",
    "data_survey_problems_download",
    "data_loans_problems_download",
    "audit_delete_name",
    "audit_rename_new",
    "sidebar_clear_data",
)


@pytest.fixture
def store_dir(tmp_path, monkeypatch):
    """A fresh store under ``tmp_path``, chosen like a deployment does (``BERDAYA_DATA_DIR``);
    no passphrase configured, and the server's failed sign-ins forgotten."""
    monkeypatch.setenv("BERDAYA_DATA_DIR", str(tmp_path / "store"))
    monkeypatch.delenv(access.HASH_ENV, raising=False)
    access._attempts.clear()
    return tmp_path / "store"


@pytest.fixture
def passphrase(store_dir, monkeypatch):
    """Editing turned on with :data:`PASSPHRASE` (a cheap scrypt cost, to keep tests fast)."""
    monkeypatch.setenv(access.HASH_ENV, analysis.hash_passphrase(PASSPHRASE, n=2**10))
    return PASSPHRASE


@pytest.fixture
def clock(monkeypatch):
    """The lockout's clock, moved by hand: ``clock[0] += 5`` is five seconds later."""
    now = [1_000.0]
    monkeypatch.setattr(access, "_clock", lambda: now[0])
    return now


def _keys(at: AppTest) -> set[str]:
    """The user keys of every widget in the last run."""
    keys = set()
    for kind in ("file_uploader", "text_input", "button", "download_button", "selectbox"):
        for w in at.get(kind):
            proto_id = getattr(w.proto, "id", "")
            keys.add(proto_id.rsplit("-", 1)[-1] if proto_id else "")
    return keys


def _sign_in(at: AppTest, passphrase: str, name: str = "Ana") -> AppTest:
    at.text_input(key=access.NAME_KEY).input(name)
    at.text_input(key=access.PASS_KEY).input(passphrase)
    button = next(b for b in at.button if b.label == t("access_sign_in", "en"))
    return button.click().run()


def _viewer(locale: str = "en-US") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.context["locale"] = locale
    return at.run()


def _publish_upload(at: AppTest, name: str) -> AppTest:
    at.switch_page(DATA).run()
    at.file_uploader(key="data_survey_upload").set_value(
        ("ekspor_excel.csv", excel_export(), "text/csv")
    ).run()
    at.text_input(key="data_publish_name").input(name)
    button = next(b for b in at.button if b.label == t("data_publish_button", "en"))
    return button.click().run()


def _choose(at: AppTest, name: str, version: int = 1) -> AppTest:
    """Choose saved ``name`` ``version`` in the sidebar (by value: AppTest's
    ``select_index`` does not go through ``format_func``)."""
    choice = next(c for c in saved.choices(saved.catalog()) if c[1:3] == (name, str(version)))
    return at.selectbox(key="sidebar_dataset").select(choice).run()


def _overview_numbers(at: AppTest) -> list[tuple[str, str]]:
    return [(m.label, m.value) for m in at.main.metric]


def _published(store_dir, name: str = "Jember 2023") -> int:
    survey = analysis.load_survey(excel_export())
    return analysis.publish(store_dir, name, survey, publisher="tim-evaluasi")


#: Pages known to break the viewer rules, with why; strict, so a fix makes the mark go.
#: (The Voices page's gap, its uploaders and member-level excerpts offered to viewers, was
#: closed in issue 13: editors only upload, viewers read excerpts without member ids.)
_KNOWN_GAPS: dict[str, str] = {}


def _viewer_pages() -> list:
    return [
        pytest.param(page, marks=pytest.mark.xfail(strict=True, reason=_KNOWN_GAPS[page]))
        if page in _KNOWN_GAPS
        else page
        for page, _ in PAGES
    ]


@pytest.mark.parametrize("page", _viewer_pages())
def test_a_viewer_has_no_upload_publish_delete_or_member_download_on_any_page(store_dir, page):
    _published(store_dir)
    at = _choose(_viewer(), "Jember 2023")
    at.switch_page(page).run()
    assert not at.exception
    assert _keys(at) & set(EDITOR_KEYS) == set()
    assert at.get("file_uploader") == []


def test_a_viewer_cannot_route_to_the_audit_page(store_dir):
    at = _viewer()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(AUDIT)


def test_a_viewer_sees_the_count_of_problem_rows_but_not_the_rows(store_dir, shown_text):
    # the demo survey has problem rows; their raw values are member-level
    at = _viewer()
    at.switch_page(DATA).run()
    assert t("data_problems_editors", "en") in shown_text(at)
    assert not any(b.label == t("data_problems_download", "en") for b in at.get("download_button"))


def test_with_nothing_configured_editing_is_off_and_the_sidebar_says_how_to_turn_it_on(
    store_dir,
):
    at = _viewer()
    assert t("access_off", "en") in [c.value for c in at.sidebar.caption]
    assert at.text_input == []  # no passphrase box: there is no default password
    at.switch_page(DATA).run()
    assert at.get("file_uploader") == []


def test_an_editor_publishes_and_a_viewer_in_another_session_gets_the_same_overview(
    passphrase,
):
    editor = _sign_in(_viewer(), passphrase)
    assert t("access_editor", "en", name="Ana") in [s.value for s in editor.sidebar.success]
    editor = _publish_upload(editor, "Jember 2023")
    assert not editor.exception
    assert t("data_published", "en", name="Jember 2023", version=1) in [
        s.value for s in editor.success
    ]
    editor.switch_page(PAGES[0][0]).run()
    uploaded = _overview_numbers(editor)

    viewer = _choose(_viewer(), "Jember 2023")
    assert not viewer.exception
    assert viewer.sidebar.warning == []  # not the synthetic demo
    assert "Jember 2023" in viewer.sidebar.info[0].value
    assert _overview_numbers(viewer) == uploaded
    assert uploaded and uploaded[0][1] not in ("", "–")


def test_publishing_a_name_again_adds_a_version_and_the_audit_page_lists_both(passphrase):
    editor = _publish_upload(_sign_in(_viewer(), passphrase), "Jember 2023")
    button = next(b for b in editor.button if b.label == t("data_publish_button", "en"))
    editor.text_input(key="data_publish_name").input("Jember 2023")
    editor = button.click().run()
    assert t("data_published", "en", name="Jember 2023", version=2) in [
        s.value for s in editor.success
    ]
    editor.switch_page(AUDIT).run()
    assert not editor.exception
    log = editor.dataframe[-1].value
    assert list(log[t("col_action", "en")]) == ["publish", "publish"]
    assert set(log[t("col_who", "en")]) == {"Ana"}


def test_an_editor_renames_and_deletes_from_the_audit_page(passphrase, store_dir):
    _published(store_dir)
    editor = _sign_in(_viewer(), passphrase).switch_page(AUDIT).run()
    editor.text_input(key="audit_rename_new").input("Jember 2021-2023")
    next(b for b in editor.button if b.label == t("audit_rename_button", "en")).click().run()
    assert list(analysis.list_evaluations(store_dir)["name"]) == ["Jember 2021-2023"]
    editor.checkbox(key="audit_delete_confirm").check()
    next(b for b in editor.button if b.label == t("audit_delete_button", "en")).click().run()
    assert not editor.exception
    assert analysis.list_evaluations(store_dir).empty
    assert list(analysis.audit_log(store_dir)["who"]) == ["tim-evaluasi", "Ana", "Ana"]


def test_an_editor_downloads_the_pseudonymised_member_table(passphrase, downloaded):
    editor = _sign_in(_viewer(), passphrase).switch_page(DATA).run()
    editor.file_uploader(key="data_survey_upload").set_value(
        ("ekspor_excel.csv", excel_export(), "text/csv")
    ).run()
    csv = downloaded(editor, t("data_members_download_survey", "en"))
    assert csv.splitlines()[0].startswith("member_id,")
    assert len(csv.splitlines()) == 81  # 40 members x 2 waves, and the header
    assert "Sri Rahayu" not in csv and "3509123456789" not in csv


def test_clear_my_data_forgets_the_upload_at_once(passphrase):
    editor = _sign_in(_viewer(), passphrase).switch_page(DATA).run()
    editor.file_uploader(key="data_survey_upload").set_value(
        ("ekspor_excel.csv", excel_export(), "text/csv")
    ).run()
    editor.button(key="sidebar_clear_data").click().run()
    assert "dataset_survey_file" not in editor.session_state
    assert editor.sidebar.warning[0].value == t("synthetic_badge", "en")


def test_signing_out_forgets_the_upload_and_the_editor_pages(passphrase):
    editor = _sign_in(_viewer(), passphrase).switch_page(DATA).run()
    editor.file_uploader(key="data_survey_upload").set_value(
        ("ekspor_excel.csv", excel_export(), "text/csv")
    ).run()
    editor.button(key="sidebar_logout").click().run()
    assert "dataset_survey_file" not in editor.session_state
    assert editor.get("file_uploader") == []
    with pytest.raises(ValueError):
        editor.switch_page(AUDIT)


def test_a_wrong_passphrase_asks_to_wait_before_the_next_try(passphrase, clock):
    at = _sign_in(_viewer(), "not the passphrase")
    assert t("access_wrong_wait", "en", seconds=1) in [w.value for w in at.sidebar.warning]
    # the right passphrase inside the delay is not even checked
    at = _sign_in(at, passphrase)
    assert access.EDITOR_KEY not in at.session_state
    clock[0] += 2
    at = _sign_in(at, passphrase)
    assert at.session_state[access.EDITOR_KEY] == "Ana"


def test_five_wrong_passphrases_lock_the_sign_in(passphrase, clock):
    at = _viewer()
    for _ in range(5):
        clock[0] += 60  # past each growing delay (1, 2, 4, 8 s)
        at = _sign_in(at, "guess")
    assert t("access_locked", "en", minutes=5) in [e.value for e in at.sidebar.error]
    clock[0] += 60
    at = _sign_in(at, passphrase)  # still locked: the right one is refused too
    assert access.EDITOR_KEY not in at.session_state
    assert t("access_locked", "en", minutes=4) in [e.value for e in at.sidebar.error]
    # a new session from the same address is locked as well
    assert access._attempts().lockout.wait_seconds("unknown") > 0


def test_the_command_line_publishes_while_a_dashboard_session_reads_the_store(store_dir, tmp_path):
    _published(store_dir, "Jember 2022")
    survey = tmp_path / "survey.csv"
    survey.write_bytes(excel_export(members=30))
    env = {**os.environ, "BERDAYA_STORE_TEST_PAUSE": "15"}
    command = [sys.executable, "-m", "analysis", "store", "publish", str(survey)]
    command += ["--name", "Jember 2023", "--store", str(store_dir), "--publisher", "cli"]
    cli = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    try:
        assert cli.stderr is not None
        assert "paused before commit" in cli.stderr.readline()  # written, not committed
        # meanwhile a viewer lists and opens the store: not blocked, no half-written version
        viewer = _choose(_viewer(), "Jember 2022")
        assert not viewer.exception
        options = viewer.selectbox(key="sidebar_dataset").options
        assert not any(o.startswith("Jember 2023") for o in options)
        assert viewer.sidebar.metric[0].value == "40"
    finally:
        assert cli.wait(timeout=120) == 0
    viewer.run()
    viewer = _choose(viewer, "Jember 2023")
    assert not viewer.exception
    assert viewer.sidebar.metric[0].value == "30"


def test_a_viewer_whose_evaluation_is_deleted_falls_back_to_the_demo(store_dir):
    _published(store_dir)
    viewer = _choose(_viewer(), "Jember 2023")
    assert viewer.sidebar.metric[0].value == "40"
    analysis.delete_evaluation(store_dir, "Jember 2023", by="tim-evaluasi")
    viewer.run()
    assert not viewer.exception
    assert viewer.sidebar.warning[0].value == t("synthetic_badge", "en")
    assert viewer.sidebar.metric[0].value == "600"


def test_the_method_page_names_the_saved_evaluation_as_the_source(store_dir, shown_text):
    _published(store_dir)
    viewer = _choose(_viewer(), "Jember 2023").switch_page("pages/7_method.py").run()
    assert not viewer.exception
    text = shown_text(viewer)
    assert t("meth_source_saved", "en") in text
    assert "Jember 2023 (v1)" in text


_AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "a test cookie secret, not a real one",
    "client_id": "berdaya-test",
    "client_secret": "not a real secret",
    "server_metadata_url": "https://accounts.example.org/.well-known/openid-configuration",
}


def _oidc(user: dict, berdaya: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.context["locale"] = "en-US"
    at.secrets["auth"] = _AUTH
    if berdaya is not None:
        at.secrets["berdaya"] = berdaya
    at.user = user
    return at.run()


def test_with_single_sign_on_configured_the_box_offers_it_instead_of_the_passphrase(passphrase):
    at = _oidc({"is_logged_in": False})
    assert not at.exception
    assert [b.label for b in at.sidebar.button] == [t("access_login", "en")]
    assert at.text_input == []  # the passphrase (configured too) is not offered
    at.switch_page(DATA).run()
    assert at.get("file_uploader") == []


def test_a_signed_in_account_is_an_editor_and_publishes_under_its_email(store_dir):
    at = _oidc({"is_logged_in": True, "email": "ana@example.org", "name": "Ana"})
    assert t("access_editor", "en", name="ana@example.org") in [s.value for s in at.sidebar.success]
    at = _publish_upload(at, "Jember 2023")
    assert not at.exception
    assert list(analysis.list_evaluations(store_dir)["publisher"]) == ["ana@example.org"]


def test_an_account_not_on_the_editors_list_stays_a_viewer(store_dir):
    at = _oidc(
        {"is_logged_in": True, "email": "budi@example.org"},
        {"editor_emails": ["ana@example.org"]},
    )
    assert t("access_not_editor", "en") in [w.value for w in at.sidebar.warning]
    at.switch_page(DATA).run()
    assert at.get("file_uploader") == []
