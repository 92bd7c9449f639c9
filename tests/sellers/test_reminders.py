"""The daily certificate reminders: the re-evaluation window (180–120 days before expiry)
and the lapse, each e-mailed once to the producer's owners."""

from __future__ import annotations

import datetime

from django.core import mail
from django.core.management import call_command

from backend.ocop.rules import add_months
from backend.sellers.reminders import certificate_notices


def test_window_and_lapse_each_remind_once(approved_seller, django_capture_on_commit_callbacks):
    producer, product = approved_seller
    cert = product.certifications.get()
    expiry = add_months(cert.decision_date, 36)
    in_window = expiry - datetime.timedelta(days=150)
    [notice] = certificate_notices(producer.pk, today=in_window)
    assert notice.kind == "window"
    assert notice.file_by == expiry - datetime.timedelta(days=120)
    assert f"{notice.file_by:%d/%m/%Y}" in notice.message
    assert certificate_notices(producer.pk, today=expiry - datetime.timedelta(days=200)) == []
    for day in (in_window, in_window + datetime.timedelta(days=1)):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("certificate_reminders", date=day.isoformat())
    assert [m.subject for m in mail.outbox if m.to == ["an@tancuong.vn"]].count(
        "Đến hạn nộp hồ sơ đánh giá lại OCOP") == 1
    lapsed = expiry + datetime.timedelta(days=1)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("certificate_reminders", date=lapsed.isoformat())
    assert [m.subject for m in mail.outbox].count("Chứng nhận OCOP đã hết hiệu lực") == 1
