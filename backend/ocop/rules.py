"""OCOP rules that do not need the database: stars, validity, legal bases, decision numbers.

Sources: QĐ 1048/QĐ-TTg (2019), QĐ 148/QĐ-TTg (2023, amended by 1489/QĐ-TTg), and
QĐ 26/2026/QĐ-TTg, summarised in the project README's domain section.
"""

from __future__ import annotations

import calendar
import datetime
import re

from django.db import models
from django.utils import timezone

from backend.core.text import fold, nfc

from .error_codes import OcopErrorCode

STAR_CHOICES = [(3, "3 sao"), (4, "4 sao"), (5, "5 sao")]
VALIDITY_MONTHS = 36
RENEWAL_WINDOW_DAYS = 180  # re-evaluation is filed 180–120 days before expiry
GRACE_DAYS = 180  # a filed re-evaluation keeps the certificate this long past expiry
# Since 1/7/2025 there are no district authorities: 3★ moved from UBND huyện to UBND tỉnh.
DISTRICT_LEVEL_ENDS = datetime.date(2025, 7, 1)


class LegalBasis(models.TextChoices):
    QD_1048_2019 = "1048/2019", "QĐ 1048/QĐ-TTg (2019)"
    QD_148_2023 = "148/2023", "QĐ 148/QĐ-TTg (2023)"
    QD_26_2026 = "26/2026", "QĐ 26/2026/QĐ-TTg"


class IssuerSource(models.TextChoices):
    """Where a certificate's issuing body came from (importer's order of preference)."""

    DOCUMENT = "document", "Ghi trên dòng của danh sách hoặc do người nhập điền"
    CATALOG = "catalog", "Lấy từ quyết định cùng số đã có trên hệ thống"
    HEADING = "heading", "Lấy từ tiêu đề của tệp danh sách"
    OPERATOR = "operator", "Người nhập chỉ định cho cả tệp"
    INFERRED = "inferred", "Suy ra theo quy định tại ngày quyết định"


class CertificationKind(models.TextChoices):
    DECISION = "decision", "Quyết định công nhận"
    # On a province's published list (product, producer, star) whose decision number and
    # date are not on file yet: shown, searchable and counted, flagged as not verified.
    REPORTED = "reported", "Có tên trong danh sách công bố, chưa có quyết định trên hệ thống"


class CertificationStatus(models.TextChoices):
    ACTIVE = "active", "Còn hiệu lực"
    RENEWAL_DUE = "renewal_due", "Còn hiệu lực, đến hạn đánh giá lại"
    GRACE = "grace", "Hết hạn, đang chờ đánh giá lại"
    REPORTED = "reported", "Có tên trong danh sách OCOP công bố, chưa có quyết định trên hệ thống"
    EXPIRED = "expired", "Hết hiệu lực"
    REVOKED = "revoked", "Đã thu hồi"


VALID_STATUSES = frozenset(
    {
        CertificationStatus.ACTIVE,
        CertificationStatus.RENEWAL_DUE,
        CertificationStatus.GRACE,
        CertificationStatus.REPORTED,
    }
)


class InvalidStar(ValueError):
    def __init__(self, message: str, code: OcopErrorCode = OcopErrorCode.INVALID):
        super().__init__(message)
        self.code = code


def legal_basis_for(decision_date: datetime.date) -> LegalBasis:
    """The decision a certificate was issued under, from its date."""
    if decision_date < datetime.date(2023, 2, 24):
        return LegalBasis.QD_1048_2019
    if decision_date < datetime.date(2026, 5, 22):
        return LegalBasis.QD_148_2023
    return LegalBasis.QD_26_2026


def add_months(day: datetime.date, months: int) -> datetime.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def valid_until_for(decision_date: datetime.date) -> datetime.date:
    """A certificate is valid for 36 months from the decision date."""
    return add_months(decision_date, VALIDITY_MONTHS)


# --------------------------------------------------------------------------- validity
# The one rule. Everything that asks "is this certificate valid on day D" (the product's
# badge and attributes, search documents, the API, the admin's filter, the storefront,
# the nightly refresh) goes through ``last_valid_day`` / ``certification_status``.


def last_valid_day(
    *,
    valid_until: datetime.date | None,
    reevaluation_filed_on: datetime.date | None = None,
    revoked_on: datetime.date | None = None,
) -> datetime.date | None:
    """The last day a certificate counts as valid; None when no end is known (a reported
    listing without its decision).

    "Có giá trị đến ngày X" includes day X. A re-evaluation filed before the grace period
    ends keeps the certificate valid through ``GRACE_DAYS`` past expiry while it is
    decided. A revocation ends validity the day before it takes effect.
    """
    last = valid_until
    if valid_until is not None and reevaluation_filed_on is not None:
        grace_end = valid_until + datetime.timedelta(days=GRACE_DAYS)
        if reevaluation_filed_on <= grace_end:
            last = grace_end
    if revoked_on is not None:
        revoked_last = revoked_on - datetime.timedelta(days=1)
        last = revoked_last if last is None else min(last, revoked_last)
    return last


def certification_status(
    *,
    valid_until: datetime.date | None,
    revoked_on: datetime.date | None = None,
    reevaluation_filed_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> CertificationStatus:
    """Where a certificate stands on ``today``; valid exactly when ``today`` is not after
    ``last_valid_day`` (a reported listing, with no end known, is valid until revoked)."""
    today = today or timezone.localdate()
    if revoked_on is not None and revoked_on <= today:
        return CertificationStatus.REVOKED
    if valid_until is None:
        return CertificationStatus.REPORTED
    last = last_valid_day(
        valid_until=valid_until, reevaluation_filed_on=reevaluation_filed_on
    )
    if today > last:
        return CertificationStatus.EXPIRED
    if today > valid_until:
        return CertificationStatus.GRACE
    if today >= valid_until - datetime.timedelta(days=RENEWAL_WINDOW_DAYS):
        return CertificationStatus.RENEWAL_DUE
    return CertificationStatus.ACTIVE


def is_valid_on(last_day: datetime.date | None, day: datetime.date, *,
                revoked_on: datetime.date | None = None) -> bool:
    """Whether a certificate whose ``last_valid_day`` is ``last_day`` counts on ``day``."""
    if revoked_on is not None and revoked_on <= day:
        return False
    return last_day is None or day <= last_day


def current_order_key(decision_date: datetime.date | None, pk: int | None) -> tuple:
    """A product's current certificate is the greatest by this key: the newest decision
    (by decision date, then record); a reported listing only when no decision is on file.
    SQL callers order by ``decision_date DESC NULLS LAST, id DESC``, the same order."""
    return (decision_date is not None, decision_date or datetime.date.min, pk or 0)


def pick_current(certifications):
    """The current certification among one product's certifications, or None."""
    return max(
        certifications,
        key=lambda c: current_order_key(c.decision_date, c.pk),
        default=None,
    )


# --------------------------------------------------------------------------- stars

_STAR_WORDS = {"ba": 3, "bon": 4, "tu": 4, "nam": 5}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5}
# "3", "3 sao", "3*", "3★", "hạng 3 sao", "hạng 3", "3 sao OCOP", "III", "IV sao".
_STAR_TEXT = re.compile(
    r"^(?:hang|xep hang|phan hang)?\s*([1-5]|i{1,3}|iv|v|ba|bon|tu|nam)\s*"
    r"(?:sao|\*|★|☆|s)?\s*(?:ocop)?$"
)
STAR_HINT = "ví dụ đúng: 3, 4 sao, 5★, ***, hạng 4 sao, IV"


def parse_star(value: object) -> int:
    """Read a star tier as lists write it: 3, "3", "3 sao", "3*", "3★", "★★★", "***",
    "hạng 3 sao", "Ba sao", Roman "III"/"IV"/"V".

    Raises InvalidStar for anything else, and for 1–2 stars, which OCOP does not certify.
    """
    if isinstance(value, bool) or value is None:
        raise InvalidStar("chưa có hạng sao", OcopErrorCode.REQUIRED)
    if isinstance(value, int | float):
        if value != int(value):
            raise InvalidStar(f"hạng sao “{value}” không phải số nguyên")
        star = int(value)
    else:
        text = nfc(str(value))
        marks = text.replace(" ", "")
        folded = fold(text).replace(".", " ").strip()
        if marks and set(marks) <= {"★", "☆", "*", "⭐"}:
            # Compiled national lists write the tier as asterisks: *** is 3 stars.
            star = len(marks)
        elif m := _STAR_TEXT.match(" ".join(folded.split())):
            token = m.group(1)
            star = int(token) if token.isdigit() else _ROMAN.get(token) or _STAR_WORDS[token]
        else:
            raise InvalidStar(f"không đọc được hạng sao “{text}” ({STAR_HINT})")
    if star < 3 or star > 5:
        raise InvalidStar(
            f"{star} sao không được công nhận OCOP: chỉ sản phẩm 3, 4 hoặc 5 sao mới có quyết định",
            OcopErrorCode.STAR_NOT_CERTIFIED,
        )
    return star


_DECISION = re.compile(r"^\s*(\d+)\s*/\s*(.+?)\s*$")


def normalize_decision_number(value: str | None) -> str:
    """ "3981/QD-UBND", "3981 / qđ - ubnd" → "3981/QĐ-UBND"; "" when there is no number."""
    text = nfc(value)
    if not text:
        return ""
    text = re.sub(r"^(số|so)\s*[:.]?\s*", "", text, flags=re.IGNORECASE)
    m = _DECISION.match(text)
    if not m:
        return text.upper()
    number, rest = m.groups()
    rest = re.sub(r"\s*-\s*", "-", rest).replace(" ", "").upper()
    rest = re.sub(r"^QD(?=-|$)", "QĐ", rest)
    rest = rest.replace("-QD-", "-QĐ-").replace("/QD-", "/QĐ-")
    return f"{int(number)}/{rest}"


def expected_issuer_level(star: int, decision_date: datetime.date) -> str:
    """Who may issue a decision for this star on this date: "huyện", "tỉnh" or "bộ"."""
    if star == 5:
        return "bộ"
    if star == 3 and decision_date < DISTRICT_LEVEL_ENDS:
        return "huyện"
    return "tỉnh"
