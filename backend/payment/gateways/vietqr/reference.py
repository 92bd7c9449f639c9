"""Payment references: the short code a shopper's transfer description must carry.

A reference is ``OCOP`` followed by six characters of Crockford's base-32 alphabet
(digits and upper-case letters without I, L, O and U). Banks keep upper-case letters and
digits in a transfer description even when they drop spaces, punctuation or diacritics,
and leaving O out means ``...OCOPOCOP...`` can never be misread as a reference. Six
characters give about a billion codes; uniqueness is still checked against the store.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Callable

REFERENCE_PREFIX = "OCOP"
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CODE_LENGTH = 6
# A shopper who types the code by hand may put a space or a dash after the prefix.
_CODE = f"[{REFERENCE_ALPHABET}]{{{_CODE_LENGTH}}}"
_FIND = re.compile(f"{REFERENCE_PREFIX}[ ._-]?({_CODE})")
_EXACT = re.compile(f"{REFERENCE_PREFIX}{_CODE}")
# Bank descriptions are short; a longer text is cut before it is searched.
_MAX_SCANNED = 2_000


class ReferenceExhausted(RuntimeError):
    """Every candidate drawn was already taken (the store is misbehaving)."""


def new_payment_reference(is_taken: Callable[[str], bool] | None = None, attempts: int = 8) -> str:
    """Draw a random reference such as ``OCOP7K2M9Q`` that ``is_taken`` says is free."""
    for _ in range(attempts):
        code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(_CODE_LENGTH))
        reference = REFERENCE_PREFIX + code
        if is_taken is None or not is_taken(reference):
            return reference
    raise ReferenceExhausted(f"no free payment reference in {attempts} draws")


def is_payment_reference(text: str) -> bool:
    return _EXACT.fullmatch(text) is not None


def find_payment_references(description: str) -> tuple[str, ...]:
    """Every reference in a bank description, in order, without repeats.

    ``"CT DEN:123456 OCOPAB12CD thanh toan don hang"`` → ``("OCOPAB12CD",)``. Case,
    full-width characters and a separator after the prefix do not matter.
    """
    text = unicodedata.normalize("NFKC", description[:_MAX_SCANNED]).upper()
    found = (REFERENCE_PREFIX + match.group(1) for match in _FIND.finditer(text))
    return tuple(dict.fromkeys(found))
