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


def _page_module(name: str):
    """A page file imported as a module (its main() only runs under streamlit)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"page_{name}", ROOT / "pages" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _dynamic_keys() -> set[str]:
    """Keys the code builds from names (f"filter_{column}"), from the same constants it uses."""
    from analysis.ingest.numbers import NUMBER_STYLES
    from ui import state

    method = _page_module("7_method")
    income = _page_module("3_income")
    drivers = _page_module("5_drivers")
    comparison = _page_module("4_comparison")
    loans = _page_module("6_loans")
    keys = {f"filter_{c}" for c in state.FILTER_COLUMNS.values()}
    keys |= {f"basis_{b}" for b in ("nominal", "real")}
    keys |= {f"meth_title_{k}" for k in method.DEFINITIONS}
    keys |= {f"meth_def_{k}" for k in method.DEFINITIONS}
    keys |= {f"meth_cav_{k}" for k in method.CAVEATS} | {
        f"meth_cav_title_{k}" for k in method.CAVEATS
    }
    keys |= {f"meth_source_{s}" for s in ("demo", "upload")}
    keys |= {f"sub_{by}" for by, _ in income.SUBGROUPS}
    keys |= {f"sub_{c}" for c in comparison.CLUSTERS} | {f"sub_{c}" for c in drivers.CLUSTERS}
    keys |= {f"sub_{b}" for b in loans.BY} | {f"freq_{f}" for f in loans.FREQS}
    keys |= {f"se_{s}" for s in drivers.SE_TYPES} | {
        f"term_{drivers._key(x)}" for x in drivers.TERMS
    }
    keys |= {f"drv_sample_{s}" for s in ("members", "all")}
    keys |= {f"drv_capital_{s}" for s in ("survey", "loans")}
    keys |= {f"ci_{m}" for m in ("bootstrap", "t")}
    keys |= {f"cmp_method_{m}" for m in ("first_difference", "two_way_within")}
    keys |= {f"data_platform_{p}" for p in ("plain", "kobo", "odk")}
    keys |= {f"data_layout_{x}" for x in ("long", "wide")}
    keys |= {f"style_{s}" for s in NUMBER_STYLES}
    keys |= {
        f"bucket_{loans._bucket_key(b)}"
        for b in ("current", "1-30", "31-60", "61-90", "91-180", ">180", "unknown")
    }
    keys |= {key for _, key, _, _ in __import__("ui.nav", fromlist=["PAGES"]).PAGES}
    empowerment = _page_module("8_empowerment")
    voices = _page_module("9_voices")
    keys |= {f"sub_{by}" for by, _ in empowerment.SUBGROUPS}
    keys |= {f"emp_level_{k}" for k in empowerment.LEVELS}
    keys |= {f"emp_col_{c}" for c in empowerment._INDICATOR_COLUMNS}
    keys |= {f"col_{c}" for c in empowerment.INDEX_FORMATS}
    keys |= {f"sub_{c}" for c in (*voices.CASES, *voices.SUBGROUPS)}
    keys |= {f"voices_level_{k}" for k in voices.LEVELS}
    keys |= {f"voices_upload_{k}" for k in voices.SHIPPED}
    keys |= {f"voices_group_{g}" for g in __import__("analysis").NUMBERS_GROUPS}
    return keys


def test_every_key_built_from_a_name_is_defined():
    assert sorted(_dynamic_keys() - set(TEXTS)) == []
