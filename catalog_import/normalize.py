"""Cell values → typed, normalised values. Pure functions; no database writes.

The geo resolver and the classification are in-memory indexes, so resolving places and
groups here costs no queries per row.
"""

from __future__ import annotations

import datetime
import re

from backend.core.text import fold, fold_key, nfc
from backend.ocop import rules
from backend.ocop.error_codes import OcopErrorCode
from backend.producers.models import LegalForm
from backend.producers.services import infer_legal_form

from .readers import cell_text

EXCEL_EPOCH = datetime.date(1899, 12, 30)
_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")
_WORDS = re.compile(r"^ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})$")


class InvalidValue(ValueError):
    """A cell that cannot be read; ``hint`` says what to write instead."""

    def __init__(self, message: str, hint: str = "", ocop_code: str = ""):
        super().__init__(message)
        self.hint = hint
        # The OCOP domain's code (backend.ocop.error_codes) when its rules refused it.
        self.ocop_code = ocop_code


DATE_HINT = "Ghi ngày theo dạng ngày/tháng/năm, ví dụ 05/08/2026 (hoặc 2026-08-05)."


def parse_date(value: object) -> datetime.date | None:
    """05/08/2026, 5/8/26, 2026-08-05, an Excel serial (46239), a spreadsheet date,
    "ngày 5 tháng 8 năm 2026" → date; empty → None; anything else → InvalidValue."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        raise InvalidValue(f"“{value}” không phải ngày", DATE_HINT)
    is_serial_text = isinstance(value, str) and re.fullmatch(r"\d{5}(\.0+)?", value.strip())
    if isinstance(value, int | float) or is_serial_text:
        serial = float(value)
        # Excel serials 20000–80000 are 1954–2119: any plausible decision date.
        if 20000 <= serial <= 80000:
            return EXCEL_EPOCH + datetime.timedelta(days=int(serial))
        raise InvalidValue(f"số “{value}” không phải ngày", DATE_HINT)
    text = nfc(str(value))
    try:
        if m := _ISO.match(text):
            return datetime.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _DMY.match(text):
            day, month, year = int(m[1]), int(m[2]), int(m[3])
            if year < 100:
                year += 2000
            return datetime.date(year, month, day)
        if m := _WORDS.match(fold(text)):
            return datetime.date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError as exc:
        raise InvalidValue(f"ngày “{text}” không tồn tại", DATE_HINT) from exc
    raise InvalidValue(f"không đọc được ngày “{text}”", DATE_HINT)


def parse_star(value: object) -> int:
    """3, "3", "3 sao", "3*", "3★", "★★★", "***", "hạng 3 sao", "III", 3.0 → 3
    (rules.parse_star does the work)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = cell_text(value) if not isinstance(value, int) else value
    hint = "Ghi hạng sao 3, 4 hoặc 5 (ví dụ “4 sao”, “4★”, “****”)."
    if text == "":
        raise InvalidValue("chưa có hạng sao", hint, OcopErrorCode.REQUIRED.value)
    try:
        return rules.parse_star(text)
    except rules.InvalidStar as exc:
        raise InvalidValue(str(exc), hint, exc.code.value) from exc


def parse_int(value: object) -> int | None:
    text = cell_text(value)
    if not text:
        return None
    if not re.fullmatch(r"\d{1,3}", text):
        raise InvalidValue(f"“{text}” không phải số nguyên", "Ghi điểm là số nguyên từ 0 đến 100.")
    return int(text)


_LEGAL_FORM_BY_LABEL = {fold_key(label): value for value, label in LegalForm.choices}
_LEGAL_FORM_BY_LABEL.update({fold_key(value): value for value, _ in LegalForm.choices})


def legal_form_from(label: str, producer_name: str) -> str:
    """The producer's legal form from a "Loại hình" cell, else inferred from the name."""
    if label:
        key = fold_key(label)
        if key in _LEGAL_FORM_BY_LABEL:
            return _LEGAL_FORM_BY_LABEL[key]
        inferred = infer_legal_form(label)
        if inferred != LegalForm.OTHER:
            return inferred
    return infer_legal_form(producer_name)


def issuer_level(issuer: str) -> str | None:
    """"UBND huyện Đức Trọng" → "huyện"; "UBND tỉnh …" → "tỉnh"; "Bộ …" → "bộ"."""
    key = fold_key(issuer)
    if re.search(r"\b(huyen|thi xa|quan)\b", key):
        return "huyện"
    if re.search(r"\btinh\b", key):
        return "tỉnh"
    if re.search(r"\bbo\b", key):
        return "bộ"
    # "UBND thành phố …" is a province (Hà Nội) or a district-level city (Đà Lạt): unknown.
    return None


def name_key(value: str) -> str:
    """Folded name used to match a product or producer written differently."""
    # Tone-mark placement does not survive folding, so clean() is not needed first.
    return fold_key(value)
