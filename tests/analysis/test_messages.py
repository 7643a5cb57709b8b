"""Bilingual messages and the DataError that carries them."""

from __future__ import annotations

import pickle

from analysis._messages import DataError, Message


def test_message_text_follows_the_language() -> None:
    m = Message("no comparison group", "tidak ada kelompok pembanding")
    assert (m.text("en"), m.text("id")) == ("no comparison group", "tidak ada kelompok pembanding")
    assert m.to_dict() == {"en": "no comparison group", "id": "tidak ada kelompok pembanding"}


def test_data_error_survives_pickling_with_both_languages_and_its_code() -> None:
    err = DataError(Message("empty file", "berkas kosong"), code="empty")
    back = pickle.loads(pickle.dumps(err))
    assert isinstance(back, DataError)
    assert (back.text("id"), back.code, str(back)) == ("berkas kosong", "empty", "empty file")
