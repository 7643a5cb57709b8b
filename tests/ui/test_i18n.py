"""Translations: every label in both languages, placeholders matching, no key used but missing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ui import i18n
from ui.i18n import TEXTS, lang_from_locale, placeholders, t

ROOT = Path(__file__).resolve().parents[2]
#: Code that may call t(): the entry point, the pages and the ui package.
SOURCES = [
    ROOT / "app.py",
    *sorted((ROOT / "pages").glob("*.py")),
    *sorted((ROOT / "ui").glob("*.py")),
]


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_every_key_has_a_non_empty_text_in_both_languages(key):
    en, id_ = TEXTS[key]
    assert en.strip(), f"{key}: English text is empty"
    assert id_.strip(), f"{key}: Indonesian text is empty"


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_both_languages_expect_the_same_placeholders(key):
    en, id_ = TEXTS[key]
    assert placeholders(en) == placeholders(id_)


def _literal_keys() -> set[str]:
    """Keys passed literally to t("...") anywhere in the dashboard's code."""
    pattern = re.compile(r"\bt\(\s*\"([a-z0-9_]+)\"")
    keys: set[str] = set()
    for path in SOURCES:
        keys |= set(pattern.findall(path.read_text(encoding="utf-8")))
    return keys


def test_every_key_the_code_uses_is_defined():
    missing = sorted(_literal_keys() - set(TEXTS))
    assert missing == []


def test_the_code_scan_finds_keys_at_all():
    # guards the test above against a broken pattern that finds nothing
    assert {"page_overview", "sidebar_language"} <= _literal_keys()


def test_t_fills_placeholders_in_the_chosen_language():
    assert t("sidebar_members_of", "id", total="1.200") == "dari 1.200 dalam dataset"
    assert t("sidebar_members_of", "en", total="1,200") == "of 1,200 in the dataset"


def test_an_unknown_key_is_an_error_not_a_blank_label():
    with pytest.raises(KeyError):
        t("no_such_label", "en")


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("id-ID", "id"),  # Indonesian browser
        ("id", "id"),  # language only
        ("in-ID", "id"),  # legacy Java/Android code for Indonesian
        ("en-US", "en"),  # English browser
        ("ms-MY", "en"),  # Malay is not Indonesian: English fallback
        (None, "en"),  # unknown (AppTest, bots)
        ("", "en"),  # empty
    ],
)
def test_the_browser_locale_chooses_the_default_language(locale, expected):
    assert lang_from_locale(locale) == expected


def test_the_language_list_is_english_and_indonesian():
    assert i18n.LANGS == ("en", "id")
