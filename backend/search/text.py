"""Turning texts into the words both search backends index and query.

Every backend folds with ``backend.core.text.fold`` on both sides, so what a shopper
types and what is stored meet in one place whatever the engine does on its own.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from backend.core.text import fold, nfc

_FOLDED_WORD = re.compile(r"[a-z0-9]+")
_EXACT_WORD = re.compile(r"[^\W_]+")
MAX_QUERY_WORDS = 12


def folded_words(text: str | None) -> list[str]:
    """"Nước mắm Phú-Quốc" → ["nuoc", "mam", "phu", "quoc"]."""
    return _FOLDED_WORD.findall(fold(text))


def exact_words(text: str | None) -> list[str]:
    """Lower-case words keeping their marks: "Nước MẮM" → ["nước", "mắm"]."""
    if not text:
        return []
    value = unicodedata.normalize("NFC", str(text))
    if value.isprintable():
        # Nothing for ``nfc`` to do that changes a word: no control character to drop
        # (which would join its neighbours), only plain spaces to collapse.
        return _EXACT_WORD.findall(value.lower())
    return _EXACT_WORD.findall(nfc(value).lower())


def folded_text(text: str | None) -> str:
    return " ".join(folded_words(text))


def exact_text(text: str | None) -> str:
    return " ".join(exact_words(text))


@dataclass(frozen=True)
class ParsedQuery:
    """A shopper's query: folded words (with typo alternatives) and the exact words."""

    words: tuple[str, ...]
    exact: tuple[str, ...]
    # Per word, the words it may also mean (typo tolerance); empty when it is known.
    alternatives: tuple[tuple[str, ...], ...] = ()
    # The last word is still being typed: match it as a prefix.
    prefix_last: bool = True

    @property
    def is_empty(self) -> bool:
        return not self.words

    def folded_tsquery(self) -> str:
        """to_tsquery text: every word required, the last as a prefix, typos as OR."""
        parts = []
        for i, word in enumerate(self.words):
            last = self.prefix_last and i == len(self.words) - 1
            options = [f"'{word}':*" if last else f"'{word}'"]
            alts = self.alternatives[i] if i < len(self.alternatives) else ()
            options += [f"'{alt}'" for alt in alts if alt != word]
            parts.append(options[0] if len(options) == 1 else "(" + " | ".join(options) + ")")
        return " & ".join(parts)

    def exact_tsquery(self) -> str:
        """Any exact word scores: used only for ranking, never for matching."""
        if not self.exact:
            return ""
        parts = [f"'{w}'" for w in self.exact[:-1]]
        parts.append(f"'{self.exact[-1]}':*" if self.prefix_last else f"'{self.exact[-1]}'")
        return " | ".join(parts)


def parse_query(text: str | None) -> ParsedQuery:
    words = tuple(folded_words(text))[:MAX_QUERY_WORDS]
    exact = tuple(w for w in exact_words(text) if fold(w) != w)[:MAX_QUERY_WORDS]
    return ParsedQuery(words=words, exact=exact)
