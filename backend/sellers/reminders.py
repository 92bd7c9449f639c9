"""Certificates that need the producer's attention, and the daily reminder e-mails.

Validity is ``backend.ocop.rules``'s (``Certification.status``); this module only says what
to do about it: file the re-evaluation while the window is open (180 to 120 days before
expiry) or act on a certificate that has lapsed. Each reminder is e-mailed once
(``CertificateReminder``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from backend.ocop import rules

from . import emails
from .models import CertificateReminder

# The window for filing a re-evaluation opens RENEWAL_WINDOW_DAYS (180) before expiry and
# closes this many days before it.
WINDOW_CLOSES_DAYS = 120
WINDOW, LAPSED = "window", "lapsed"


@dataclass(frozen=True)
class CertificateNotice:
    certification: Any
    product: Any
    kind: str  # WINDOW, LAPSED, or "expiring" (window passed, not yet expired)
    valid_until: datetime.date
    file_by: datetime.date

    @property
    def message(self) -> str:
        if self.kind == LAPSED:
            return (f"Chứng nhận OCOP của «{self.product.name}» đã hết hiệu lực "
                    f"(hết hạn {self.valid_until:%d/%m/%Y}). Sản phẩm không còn hiển thị hạng sao.")
        if self.kind == WINDOW:
            return (f"Chứng nhận OCOP của «{self.product.name}» hết hạn {self.valid_until:%d/%m/%Y}"
                    f" (quy định 36 tháng): hãy nộp hồ sơ đánh giá lại trước ngày "
                    f"{self.file_by:%d/%m/%Y}.")
        return (f"Chứng nhận OCOP của «{self.product.name}» sắp hết hạn "
                f"({self.valid_until:%d/%m/%Y}); đã quá hạn nộp hồ sơ đánh giá lại "
                f"({self.file_by:%d/%m/%Y}) — liên hệ cơ quan OCOP cấp tỉnh ngay.")


def _notice(cert: Any, today: datetime.date) -> CertificateNotice | None:
    if cert.valid_until is None or cert.revoked_on is not None:
        return None
    status = cert.status(today)
    file_by = cert.valid_until - datetime.timedelta(days=WINDOW_CLOSES_DAYS)
    if status == rules.CertificationStatus.EXPIRED:
        kind = LAPSED
    elif status == rules.CertificationStatus.RENEWAL_DUE and cert.reevaluation_filed_on is None:
        kind = WINDOW if today <= file_by else "expiring"
    else:
        return None
    return CertificateNotice(cert, cert.product, kind, cert.valid_until, file_by)


def certificate_notices(producer_id: int | None = None,
                        today: datetime.date | None = None) -> list[CertificateNotice]:
    """The current certificate of each product that is in its re-evaluation window, about
    to expire, or lapsed (for the portal's dashboard and the daily job)."""
    from backend.ocop.models import Certification

    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=rules.RENEWAL_WINDOW_DAYS)
    qs = Certification.objects.filter(
        valid_until__isnull=False, valid_until__lte=horizon, revoked_on__isnull=True,
        product__producer__isnull=False,
    ).select_related("product")
    if producer_id is not None:
        qs = qs.filter(product__producer_id=producer_id)
    by_product: dict[int, list] = {}
    for cert in qs:
        by_product.setdefault(cert.product_id, []).append(cert)
    # A newer certificate of the same product replaces the old one: only the current counts.
    every: dict[int, list] = {}
    for cert in Certification.objects.filter(product_id__in=list(by_product)).only(
            "pk", "product_id", "decision_date"):
        every.setdefault(cert.product_id, []).append(cert)
    current_ids = {rules.pick_current(certs).pk for certs in every.values()}
    notices = [n for certs in by_product.values() for c in certs
               if c.pk in current_ids and (n := _notice(c, today))]
    return sorted(notices, key=lambda n: (n.file_by, n.product.name))


def send_certificate_reminders(today: datetime.date | None = None) -> int:
    """E-mail each producer's owners once when a certificate enters its re-evaluation
    window and once when it lapses; returns how many reminders were sent."""
    sent = 0
    for notice in certificate_notices(today=today):
        if notice.kind not in (WINDOW, LAPSED):
            continue
        try:
            with transaction.atomic():
                CertificateReminder.objects.create(
                    certification=notice.certification, kind=notice.kind)
                owners = emails.owners_emails(notice.product.producer_id)
                subject = ("Chứng nhận OCOP đã hết hiệu lực" if notice.kind == LAPSED
                           else "Đến hạn nộp hồ sơ đánh giá lại OCOP")
                emails.send(owners, subject, notice.message +
                            "\n\nXem chi tiết trong Kênh người bán: /nguoi-ban/")
        except IntegrityError:
            continue  # already reminded
        sent += 1
    return sent
