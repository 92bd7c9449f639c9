"""Vietnamese text handling shared by every part of the marketplace.

One folding function (``fold``) serves name matching, the importer and every search
backend, so "Đắk Lắk", "dak lak" and "ĐẮK LẮK" meet in one place.
"""

from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"\s+")
# Control characters (NUL and the like) are never text anyone meant; PostgreSQL refuses NUL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
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
    if value.isprintable():
        # The only whitespace a printable text holds is the plain space: nothing to
        # collapse unless two meet or one starts or ends it (the common case).
        if "  " not in value and value[:1] != " " and value[-1:] != " ":
            return value
    else:  # rare: only then look for control characters
        value = _CONTROL.sub("", value)
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


def _toned_vowels() -> str:
    # Characters whose decomposition is a/e/y directly followed by a tone mark (á, ẫ…):
    # the only way the old placement can show in an NFC text.
    found = []
    for code in range(0x00C0, 0x10000):
        decomposed = unicodedata.normalize("NFD", chr(code))
        if len(decomposed) > 1 and decomposed[0] in "aAeEyY" and decomposed[1] in _TONES:
            found.append(chr(code))
    return "".join(found)


# What the old placement needs in an NFC text: a plain o/u, then a toned a/e/y (or a
# plain one followed by any combining mark). Texts without it, already NFC, are returned
# as they are: decomposing and recomposing them would give them back unchanged.
_MAYBE_OLD_TONE = re.compile(
    "[oOuU](?:[" + _toned_vowels() + "]|[aAeEyY][\u0300-\u036f])"
)


def normalize_tone_placement(value: str) -> str:
    """Move tone marks from the old placement to the new one: "Thanh Hoá" → "Thanh Hóa"."""
    if not _MAYBE_OLD_TONE.search(value) and unicodedata.is_normalized("NFC", value):
        return value
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
    # Legacy fonts (TCVN3/VNI converted) write Đ as the Icelandic eth: "Ðắk Lắk".
    table[ord("ð")] = "d"
    table[ord("Ð")] = "d"
    table[0x00A0] = " "
    return table


_FOLD = _fold_table()
# Folded short texts, per process: a name is folded for its key, its slug and its search
# words, and places and producers repeat (str.translate is the costly step).
_FOLDED: dict[str, str] = {}
_FOLDED_MAX = 100_000
_FOLDED_LENGTH = 200


def fold(value: str | None) -> str:
    """Lower case, tone and vowel marks stripped, đ→d, whitespace collapsed.

    Unicode decomposition does not split "đ" (it is a letter, not d + a mark), so it is
    mapped explicitly.
    """
    if not value:
        return ""
    folded = _FOLDED.get(value)
    if folded is None:
        folded = " ".join(unicodedata.normalize("NFC", value).lower().translate(_FOLD).split())
        if len(value) <= _FOLDED_LENGTH:
            if len(_FOLDED) >= _FOLDED_MAX:
                _FOLDED.clear()
            _FOLDED[value] = folded
    return folded


def slugify_vi(value: str | None, max_length: int = 200) -> str:
    """URL slug from Vietnamese text: "Nước mắm Phú Quốc" → "nuoc-mam-phu-quoc"."""
    slug = _NON_ALNUM.sub("-", fold(value)).strip("-")
    return slug[:max_length].rstrip("-")


def fold_key(value: str | None) -> str:
    """Folded text with punctuation dropped, for matching names typed differently."""
    return _NON_ALNUM.sub(" ", fold(value)).strip()


# --------------------------------------------------------------------------- collation

# The Vietnamese alphabet (with the Latin letters foreign words bring, in Latin order):
# ă and â come after a, đ after d, ê after e, ô and ơ after o, ư after u.
_ALPHABET = "0123456789aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
# One character per letter, in alphabet order, above the tone and separator codes.
_LETTER_CODE = {letter: chr(0x30 + i) for i, letter in enumerate(_ALPHABET)}
# Tones as the secondary level, in CLDR's order: none, grave, hook, tilde, acute, dot below.
_TONE_CODE = {None: "!", "\u0300": '"', "\u0309": "#", "\u0303": "$", "\u0301": "%",
              "\u0323": "&"}
_SYLLABLE_END = " "  # below every tone and letter code: "ca" sorts before "cac"
# Marks that make a letter of their own (breve, circumflex, horn) rather than a tone.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
_SYLLABLE = re.compile(r"[^\W_]+")


def _char_key(ch: str) -> tuple[str, str | None]:
    """(letter code, tone mark or None) of one lower-case character; "" for punctuation."""
    decomposed = unicodedata.normalize("NFD", ch)
    base, marks = decomposed[0], decomposed[1:]
    tone = next((m for m in marks if m in _TONE_CODE), None)
    letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m in _LETTER_MARKS))
    if letter == "ð":
        letter = "đ"
    code = _LETTER_CODE.get(letter)
    if code is None:
        # Letters of other scripts keep their code-point order, after z.
        code = "\u007f" + base if base.isalnum() else ""
    return code, tone


_CHAR_KEYS: dict[str, tuple[str, str | None]] = {}
# Names repeat their words ("Nước mắm", "Cà phê"): each syllable is keyed once.
_SYLLABLE_KEYS: dict[str, str] = {}
_SYLLABLE_CACHE_SIZE = 200_000


def _syllable_key(syllable: str) -> str:
    key = _SYLLABLE_KEYS.get(syllable)
    if key is None:
        if len(_SYLLABLE_KEYS) >= _SYLLABLE_CACHE_SIZE:
            _SYLLABLE_KEYS.clear()
        key = _SYLLABLE_KEYS[syllable] = _compute_syllable_key(syllable)
    return key


def _compute_syllable_key(syllable: str) -> str:
    letters: list[str] = []
    tone = None
    for ch in syllable:
        found = _CHAR_KEYS.get(ch)
        if found is None:
            found = _CHAR_KEYS[ch] = _char_key(ch)
        letters.append(found[0])
        if found[1] is not None:
            tone = found[1]
    return "".join(letters) + _TONE_CODE[tone]


def vietnamese_sort_key(value: str | None) -> str:
    """A key whose plain byte order (collation "C") is Vietnamese dictionary order.

    Syllable by syllable, as dictionaries order words: the letters first in the
    Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y), then
    the tone (none, grave, hook, tilde, acute, dot below). So "Cà phê" < "Cá khô" <
    "Chè" and "Dừa" < "Đông trùng hạ thảo" < "Gạo". Case and punctuation are ignored.
    PostgreSQL here has no ICU collations, so this key is stored and sorted on instead.
    """
    text = unicodedata.normalize("NFC", value or "").lower()
    return _SYLLABLE_END.join(_syllable_key(s) for s in _SYLLABLE.findall(text))
