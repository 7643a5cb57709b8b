"""Cached engine calls: outcomes survive the pickle of st.cache_data; formulas are built safely."""

from __future__ import annotations

import pickle

import pytest

from analysis.messages import DataError, Message
from ui.compute import Outcome, attempt, build_formula


def _no_comparison() -> None:
    raise DataError(Message("no comparison group", "tidak ada kelompok pembanding"))


def test_an_engine_refusal_becomes_an_outcome_in_both_languages():
    out = attempt(_no_comparison)
    assert not out.ok
    assert out.message("en") == "no comparison group"
    assert out.message("id") == "tidak ada kelompok pembanding"


def test_an_outcome_survives_the_pickle_of_st_cache_data():
    # st.cache_data pickles results; a DataError itself would not unpickle
    out = pickle.loads(pickle.dumps(attempt(_no_comparison)))
    assert out.message("id") == "tidak ada kelompok pembanding"


def test_a_result_is_passed_through():
    out = attempt(lambda x: x + 1, 1)
    assert out == Outcome(2)
    assert out.ok and out.message("en") == ""


def test_a_plain_value_error_keeps_its_text_in_both_languages():
    out = attempt(int, "x")
    assert out.message("id") == out.message("en") == "invalid literal for int() with base 10: 'x'"


@pytest.mark.parametrize(
    ("outcome", "terms", "expected"),
    [
        ("income_change", ["capital", "age"], "income_change ~ capital + age"),  # plain
        ("income_change", ["jenis usaha"], "income_change ~ `jenis usaha`"),  # spaces quoted
        ("income_change", [], "income_change ~ 1"),  # no regressor: intercept only
        ("income_change", ["age", "age", "income_change"], "income_change ~ age"),  # repeats
    ],
)
def test_the_model_builder_writes_a_formula_from_column_names(outcome, terms, expected):
    assert build_formula(outcome, terms) == expected
