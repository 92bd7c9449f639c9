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


class CertificationStatus(models.TextChoices):
    ACTIVE = "active", "Còn hiệu lực"
    RENEWAL_DUE = "renewal_due", "Còn hiệu lực, đến hạn đánh giá lại"
    GRACE = "grace", "Hết hạn, đang chờ đánh giá lại"
    EXPIRED = "expired", "Hết hiệu lực"
    REVOKED = "revoked", "Đã thu hồi"


VALID_STATUSES = frozenset(
    {CertificationStatus.ACTIVE, CertificationStatus.RENEWAL_DUE, CertificationStatus.GRACE}
)


class InvalidStar(ValueError):
    pass


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


def certification_status(
    *,
    valid_until: datetime.date,
    revoked_on: datetime.date | None = None,
    reevaluation_filed_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> CertificationStatus:
    today = today or timezone.localdate()
    if revoked_on is not None and revoked_on <= today:
        return CertificationStatus.REVOKED
    if today < valid_until - datetime.timedelta(days=RENEWAL_WINDOW_DAYS):
        return CertificationStatus.ACTIVE
    if today < valid_until:
        return CertificationStatus.RENEWAL_DUE
    if reevaluation_filed_on is not None and today < valid_until + datetime.timedelta(
        days=GRACE_DAYS
    ):
        return CertificationStatus.GRACE
    return CertificationStatus.EXPIRED


_STAR_TEXT = re.compile(r"^\s*([1-5])\s*(sao|\*|★|☆|s)?\s*$")


def parse_star(value: object) -> int:
    """Read a star tier as lists write it: 3, "3", "3 sao", "3*", "3★", "★★★", "Ba sao".

    Raises InvalidStar for anything else, and for 1–2 stars, which OCOP does not certify.
    """
    if isinstance(value, bool) or value is None:
        raise InvalidStar("chưa có hạng sao")
    if isinstance(value, int | float):
        if value != int(value):
            raise InvalidStar(f"hạng sao “{value}” không phải số nguyên")
        star = int(value)
    else:
        text = nfc(str(value))
        stars = text.replace(" ", "")
        m = _STAR_TEXT.match(fold(text))
        if stars and set(stars) <= {"★"}:
            star = len(stars)
        elif m:
            star = int(m.group(1))
        else:
            words = {"ba": 3, "bon": 4, "tu": 4, "nam": 5}
            folded = fold(text).replace("sao", "").strip()
            if folded not in words:
                raise InvalidStar(f"không đọc được hạng sao “{text}” (ví dụ đúng: 3, 4 sao, 5★)")
            star = words[folded]
    if star < 3 or star > 5:
        raise InvalidStar(
            f"{star} sao không được công nhận OCOP: chỉ sản phẩm 3, 4 hoặc 5 sao mới có quyết định"
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
