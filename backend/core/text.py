"""Vietnamese text handling shared by every part of the marketplace.

One folding function (``fold``) serves name matching, the importer and every search
backend, so "Đắk Lắk", "dak lak" and "ĐẮK LẮK" meet in one place.
"""

from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"\s+")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")

# Old ("hoá", "thuỷ") and new ("hóa", "thủy") tone-mark placement on the glides
# oa/oe/uy at the end of a syllable. Sources mix both; we store the new placement.
_TONES = {
    "\u0301": "acute",
    "\u0300": "grave",
    "\u0309": "hook",
    "\u0303": "tilde",
    "\u0323": "dot",
}
_OLD_TONE = re.compile(
    r"(?<![qQ])([oOuU])([aAeEyY])([\u0301\u0300\u0309\u0303\u0323])(?![a-zA-Z\u0300-\u036f])"
)


def nfc(value: str | None) -> str:
    """NFC-normalise and collapse whitespace; ``None`` becomes ``""``."""
    if not value:
        return ""
    value = unicodedata.normalize("NFC", str(value)).replace("\u00a0", " ")
    return _WS.sub(" ", value).strip()


def has_unstorable_characters(value: str) -> bool:
    """NUL and other C0/C1 control characters (tabs and line breaks allowed) and lone
    surrogates: PostgreSQL refuses NUL and text that is not UTF-8, and none of them belong
    in names or addresses."""
    return any(
        (ord(ch) < 32 and ch not in "\t\n\r") or 0x7F <= ord(ch) < 0xA0
        or 0xD800 <= ord(ch) < 0xE000
        for ch in value
    )


def normalize_tone_placement(value: str) -> str:
    """Move tone marks from the old placement to the new one: "Thanh Hoá" → "Thanh Hóa"."""
    decomposed = unicodedata.normalize("NFD", value)
    moved = _OLD_TONE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed)
    return unicodedata.normalize("NFC", moved)


def clean(value: str | None) -> str:
    """The canonical stored form of a Vietnamese text: NFC, single spaces, new tone placement."""
    return normalize_tone_placement(nfc(value))


def _fold_table() -> dict[int, str | None]:
    # Every precomposed Latin letter Vietnamese uses (and its neighbours) mapped to its
    # base letter, combining marks dropped: one str.translate instead of NFD + filter.
    table: dict[int, str | None] = {}
    for block in (range(0x00C0, 0x0250), range(0x1E00, 0x1F00)):
        for code in block:
            decomposed = unicodedata.normalize("NFD", chr(code))
            base = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
            if base != chr(code):
                table[code] = base
    for code in range(0x0300, 0x0370):
        table[code] = None
    table[ord("đ")] = "d"
    table[ord("Đ")] = "d"
    table[0x00A0] = " "
    return table


_FOLD = _fold_table()


def fold(value: str | None) -> str:
    """Lower case, tone and vowel marks stripped, đ→d, whitespace collapsed.

    Unicode decomposition does not split "đ" (it is a letter, not d + a mark), so it is
    mapped explicitly.
    """
    if not value:
        return ""
    folded = unicodedata.normalize("NFC", value).lower().translate(_FOLD)
    return " ".join(folded.split())


def slugify_vi(value: str | None, max_length: int = 200) -> str:
    """URL slug from Vietnamese text: "Nước mắm Phú Quốc" → "nuoc-mam-phu-quoc"."""
    slug = _NON_ALNUM.sub("-", fold(value)).strip("-")
    return slug[:max_length].rstrip("-")


def fold_key(value: str | None) -> str:
    """Folded text with punctuation dropped, for matching names typed differently."""
    return _NON_ALNUM.sub(" ", fold(value)).strip()
