"""Bilingual messages: every sentence the engine says to a person, in English and Indonesian."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Lang = Literal["en", "id"]


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
