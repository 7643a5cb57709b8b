"""Bilingual messages and the DataError that carries them."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest

from analysis import before_after, custom_model, portfolio_summary
from analysis.messages import DataError, Message, plain


def test_message_text_follows_the_language() -> None:
    m = Message("no comparison group", "tidak ada kelompok pembanding")
    assert (m.text("en"), m.text("id")) == ("no comparison group", "tidak ada kelompok pembanding")
    assert m.to_dict() == {"en": "no comparison group", "id": "tidak ada kelompok pembanding"}


def test_data_error_survives_pickling_with_both_languages_and_its_code() -> None:
    err = DataError(Message("empty file", "berkas kosong"), code="empty")
    back = pickle.loads(pickle.dumps(err))
    assert isinstance(back, DataError)
    assert (back.text("id"), back.code, str(back)) == ("berkas kosong", "empty", "empty file")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (np.int64(2021), "2021"),  # a wave from pd.unique: not np.int64(2021)
        (np.float64(2.5), "2.5"),
        (np.str_("SMA"), "SMA"),  # a level from a numpy array of labels
        (np.datetime64("2021-06-01T00:00:00.000000"), "2021-06-01"),  # a date wave
        (pd.Timestamp("2021-06-01 08:30"), "2021-06-01T08:30:00"),  # the time when there is one
        ("baseline", "baseline"),
    ],
)
def test_plain_writes_values_as_a_person_reads_them(value: object, text: str) -> None:
    assert plain(value) == text


def test_messages_with_numpy_values_read_plainly() -> None:
    # the values reach the sentences as numpy scalars (pd.unique, numpy level arrays)
    survey = pd.DataFrame(
        {
            "member_id": ["a", "b", "a", "b"],
            "wave": pd.to_datetime(["2021-06-01"] * 2 + ["2023-06-01"] * 2),
            "income": [1.0, 2.0, 3.0, 4.0],
        }
    )
    with pytest.raises(ValueError) as info:
        before_after(survey, survey["wave"].iloc[2], survey["wave"].iloc[0])
    assert str(info.value) == (
        "wave 2023-06-01 must come before wave 2021-06-01 (order: 2021-06-01, 2023-06-01)"
    )
    changes = pd.DataFrame({"y": [1.0, 2.0, 4.0, 3.0], "k": np.array([3, 3, 3, 3])})
    with pytest.raises(DataError, match=r"every row used has the value '3'$"):
        custom_model(changes, "y ~ C(k)")
    with pytest.raises(ValueError, match=r"got \(90, 30, 10\)$"):
        ledger = pd.DataFrame({"member_id": ["a"], "principal": [1.0e6]})
        portfolio_summary(ledger, kolektibilitas_days=np.array([90, 30, 10]))


def test_module_examples_run() -> None:
    import doctest

    import analysis.messages

    assert doctest.testmod(analysis.messages).failed == 0
