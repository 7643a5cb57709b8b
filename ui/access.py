"""Who may edit: viewers (everyone, no sign-in) and editors (signed in), and the sign-in box.

Viewers see the demo and the saved evaluations, aggregates only. Editors upload, publish,
rename, delete, download the pseudonymised member table and read the audit log. An editor
signs in through Streamlit's OpenID Connect support (``st.login``) when ``[auth]`` is in the
secrets, else with the passphrase whose scrypt hash is in the environment
(``BERDAYA_EDITOR_PASSPHRASE_HASH``) or the secrets (``[berdaya] editor_passphrase_hash``).
With neither, editing is off: there is no default password. The checks themselves
(:func:`analysis.verify_passphrase`, :class:`analysis.Lockout`) live in the engine.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import streamlit as st

import analysis
from ui.i18n import Lang, t

Method = Literal["oidc", "passphrase", "off"]

HASH_ENV = "BERDAYA_EDITOR_PASSPHRASE_HASH"
#: Session key of the passphrase editor's name (present: signed in by passphrase).
EDITOR_KEY = "_berdaya_editor"
#: Session key of the last sign-in attempt's outcome, told under the sign-in box.
NOTICE_KEY = "_berdaya_signin_notice"
PASS_KEY = "sidebar_passphrase"
NAME_KEY = "sidebar_editor_name"


def _clock() -> float:
    """The lockout's clock (a test replaces it to step through the delays without sleeping)."""
    return time.monotonic()


def _secrets(section: str | None = None) -> Mapping[str, Any]:
    """The secrets (or one section of them); empty without a secrets file, the normal case."""
    try:
        top: Mapping[str, Any] = st.secrets
        if section is None:
            return {k: top[k] for k in top}
        value = top.get(section)
        return value if isinstance(value, Mapping) else {}
    except Exception:  # no secrets file at all
        return {}


def passphrase_hash() -> str | None:
    """The editor passphrase's hash: env ``BERDAYA_EDITOR_PASSPHRASE_HASH``, else secrets
    ``[berdaya] editor_passphrase_hash`` (or the same key at the top level), else ``None``."""
    value = (
        os.environ.get(HASH_ENV)
        or _secrets("berdaya").get("editor_passphrase_hash")
        or _secrets().get("editor_passphrase_hash")
    )
    return str(value).strip() or None if value else None


def method() -> Method:
    """How an editor signs in: an identity provider, the passphrase, or not at all."""
    if _secrets("auth"):
        return "oidc"
    return "passphrase" if passphrase_hash() else "off"


def _oidc_provider() -> str | None:
    """The provider to pass to ``st.login``: none for a single ``[auth]`` provider, else the
    first ``[auth.NAME]`` section."""
    auth = _secrets("auth")
    if "client_id" in auth:
        return None
    return next((k for k, v in auth.items() if isinstance(v, Mapping)), None)


def _oidc_editor() -> bool:
    """A signed-in account, on ``[berdaya] editor_emails`` when that list is set."""
    if not st.user.is_logged_in:
        return False
    allowed = _secrets("berdaya").get("editor_emails")
    return not allowed or str(st.user.get("email", "")).lower() in {str(e).lower() for e in allowed}


def is_editor() -> bool:
    """Whether this session may edit (upload, publish, delete, member-level downloads)."""
    how = method()
    if how == "oidc":
        return _oidc_editor()
    if how == "passphrase":
        return bool(st.session_state.get(EDITOR_KEY))
    return False


def editor_name() -> str:
    """Who the editor is, for the catalog and the audit log."""
    if method() == "oidc":
        return str(st.user.get("email") or st.user.get("name") or "editor")
    return str(st.session_state.get(EDITOR_KEY) or "editor")


# --- the passphrase, its lockout ------------------------------------------------------------


@dataclass
class _Attempts:
    """The lockout shared by every session of this server, with the lock that guards it
    (sessions run in threads). Deliberately mutable: it is the server's memory of failures,
    not cached data, so per-session counts cannot be dodged by opening a new tab."""

    lockout: analysis.Lockout = field(
        default_factory=lambda: analysis.Lockout(clock=lambda: _clock())
    )
    lock: threading.Lock = field(default_factory=threading.Lock)


@st.cache_resource(show_spinner=False)
def _attempts() -> _Attempts:
    return _Attempts()


def _client() -> str:
    """Whose failures count together: the browser's address when Streamlit knows it (behind
    a proxy every browser shares the proxy's, which makes the lockout server-wide)."""
    address = st.context.ip_address
    return address if isinstance(address, str) and address else "unknown"


def sign_in() -> None:
    """Callback of the sign-in form: check the passphrase, unless inside a delay or lockout."""
    ss = st.session_state
    given, name = str(ss.get(PASS_KEY) or ""), str(ss.get(NAME_KEY) or "").strip()
    ss[PASS_KEY] = ""  # the passphrase is never kept in the session
    encoded, attempts, client = passphrase_hash(), _attempts(), _client()
    if encoded is None:
        return
    with attempts.lock:
        if attempts.lockout.wait_seconds(client) > 0:
            ss[NOTICE_KEY] = "wait"
            return
        ok = analysis.verify_passphrase(given, encoded)
        if ok:
            attempts.lockout.record_success(client)
        else:
            wait = attempts.lockout.record_failure(client)
    if ok:
        ss[EDITOR_KEY] = name or "editor"
        ss.pop(NOTICE_KEY, None)
    else:
        ss[NOTICE_KEY] = "locked" if wait >= attempts.lockout.lock_seconds else "wrong"


def sign_out(forget: Callable[[], None]) -> None:
    """Callback: sign the passphrase editor out and ``forget`` the unpublished upload."""
    forget()
    st.session_state.pop(EDITOR_KEY, None)


# --- the sidebar box --------------------------------------------------------------------------


def sign_in_box(lang: Lang, forget: Callable[[], None]) -> None:
    """The sidebar's editor section: who is signed in, a sign-in form, or how to turn it on.

    ``forget`` drops the session's unpublished upload; it runs on sign-out.
    """
    how = method()
    with st.sidebar.expander(t("access_title", lang), expanded=is_editor()):
        if how == "off":
            st.caption(t("access_off", lang))
        elif is_editor():
            _signed_in(how, lang, forget)
        elif how == "oidc":
            st.button(
                t("access_login", lang),
                on_click=st.login,
                args=(_oidc_provider(),) if _oidc_provider() else (),
                key="sidebar_login",
                icon=":material/login:",
            )
            if st.user.is_logged_in:
                st.warning(t("access_not_editor", lang))
        else:
            _passphrase_form(lang)


def _signed_in(how: Method, lang: Lang, forget: Callable[[], None]) -> None:
    st.success(t("access_editor", lang, name=editor_name()), icon=":material/edit:")
    if how == "oidc":
        st.button(t("access_logout", lang), on_click=st.logout, key="sidebar_logout")
    else:
        st.button(t("access_logout", lang), on_click=sign_out, args=(forget,), key="sidebar_logout")


def _passphrase_form(lang: Lang) -> None:
    with st.form("sidebar_signin", border=False):
        st.text_input(t("access_name", lang), key=NAME_KEY)
        st.text_input(t("access_passphrase", lang), type="password", key=PASS_KEY)
        st.form_submit_button(t("access_sign_in", lang), on_click=sign_in)
    wait = _attempts().lockout.wait_seconds(_client())
    notice = st.session_state.get(NOTICE_KEY)
    if notice is None:
        return
    if wait > 60 or (notice == "locked" and wait > 0):
        st.error(t("access_locked", lang, minutes=max(1, round(wait / 60))), icon=":material/lock:")
    else:  # a wrong passphrase, with the delay still to wait if any
        key = "access_wrong_wait" if wait > 0 else "access_wrong"
        st.warning(t(key, lang, seconds=max(1, round(wait))), icon=":material/key_off:")
