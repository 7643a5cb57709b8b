"""Bilingual messages: every sentence the engine says to a person, in English and Indonesian."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import numpy as np

Lang = Literal["en", "id"]

#: What a NIK or phone number written inside a text is replaced by.
MASK = "[masked]"
_SEP = r"[ .\-\u00a0]?"
#: A NIK (16 digits) or an Indonesian mobile number (08..., 628..., +628...) written anywhere
#: in a text, with the separators people type between digits (3509 1234 1234 1234,
#: 0812-3456-7890). A longer run of digits (an amount such as 15.000.000.000.000.000) is left
#: whole. The one pattern every text leaving the engine passes through (:func:`plain`,
#: :func:`mask_identifiers`, the loaders' problem list and text fields).
TEXT_IDENTIFIER = re.compile(
    rf"(?<!\d)(?<!\d[ .\-])(?:(?:\+?62{_SEP}|0)8(?:{_SEP}\d){{7,11}}|\d(?:{_SEP}\d){{15}})(?!{_SEP}\d)"
)


def mask_identifiers(text: str) -> str:
    """``text`` with every NIK and phone number inside replaced by :data:`MASK`.

    Examples
    --------
    >>> mask_identifiers("leader Sri, HP 0812-3456-7890, NIK 3509123456789012")
    'leader Sri, HP [masked], NIK [masked]'
    """
    return TEXT_IDENTIFIER.sub(MASK, text)


@dataclass(frozen=True)
class Message:
    """A sentence in English (``en``) and Bahasa Indonesia (``id``)."""

    en: str
    id: str

    def text(self, lang: Lang = "en") -> str:
        """The sentence in ``lang``."""
        return self.id if lang == "id" else self.en

    def to_dict(self) -> dict[str, str]:
        """``{"en": ..., "id": ...}`` for JSON output."""
        return {"en": self.en, "id": self.id}


class DataError(ValueError):
    """Input that cannot be analysed, with a message in both languages.

    ``str(exc)`` is the English text so that plain ``ValueError`` handlers still read well.
    """

    def __init__(self, message: Message, code: str = "data_error") -> None:
        super().__init__(message.en)
        self.message = message
        self.code = code

    def text(self, lang: Lang = "en") -> str:
        """The message in ``lang``."""
        return self.message.text(lang)

    def __reduce__(self) -> tuple[type[DataError], tuple[Message, str]]:
        # pickling (st.cache_data, multiprocessing) must rebuild both languages and the code
        return (type(self), (self.message, self.code))


def plain(value: object) -> str:
    """A value as a person reads it in a sentence: ``2021``, not ``np.int64(2021)``.

    numpy scalars become Python values; dates and timestamps ISO text (``2021-06-01``, the
    time only when there is one); anything else its ``str``, with any NIK or phone number in
    it masked (:func:`mask_identifiers`).

    Examples
    --------
    >>> plain(np.int64(2021)), plain(np.datetime64("2021-06-01T00:00")), plain(np.str_("SMA"))
    ('2021', '2021-06-01', 'SMA')
    """
    if isinstance(value, np.datetime64):
        value = value.astype("datetime64[us]").item()
    elif isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, _dt.datetime):
        if value.time() == _dt.time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    # values quoted in a sentence may come from any cell: identifiers never leave in one
    return mask_identifiers(str(value))


def plain_list(values: Iterable[object]) -> str:
    """Values for a sentence, comma-separated: ``2023, 2021`` (see :func:`plain`)."""
    return ", ".join(plain(v) for v in values)
