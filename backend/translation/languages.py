"""Language tags: the API's ``LanguageCodeEnum`` names them in upper case with ``_``
(``EN_US``); stored translations use the lower-case BCP 47 tag (``en``, ``en-us``)."""

from __future__ import annotations

# The base language of every catalog text: a translation in it is the object itself.
BASE_LANGUAGE = "vi"

LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}


def to_tag(enum_name: str) -> str:
    """``EN_US`` → ``en-us`` (how translations are stored)."""
    return enum_name.replace("_", "-").lower()


def language_name(tag: str) -> str:
    return LANGUAGE_NAMES.get(tag.split("-")[0], tag)
