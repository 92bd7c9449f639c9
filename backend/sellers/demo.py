"""Demo producer staff for the quickstart: an owner, a manager and a packer of one demo
producer (an approved seller), created only when ``OCOP_DEMO_PASSWORD`` is set."""

from __future__ import annotations

import os

from django.db import transaction
from django.utils import timezone

from backend.account.demo import PASSWORD_ENV

from .models import AuditAction, ProducerMembership, SellerAccount, SellerAuditEntry, SellerStatus
from .roles import Role

STAFF = {
    Role.OWNER: ("chugianhang@ocop.test", "Hòa", "Trần Văn"),
    Role.MANAGER: ("quanly@ocop.test", "Mai", "Lê Thị"),
    Role.PACKER: ("donggoi@ocop.test", "Tú", "Phạm Văn"),
}


def _demo_producer():
    from backend.producers.models import Producer

    return (Producer.objects.filter(products__isnull=False).order_by("name_sort", "pk")
            .distinct().first())


def ensure_demo_sellers() -> list[str]:
    """Create the demo producer's team if the password is set; lines for the console."""
    from backend.account.models import User

    password = os.environ.get(PASSWORD_ENV)
    if not password:
        return [f"Chưa tạo tài khoản người bán mẫu ({PASSWORD_ENV} chưa đặt)."]
    producer = _demo_producer()
    if producer is None:
        return ["Chưa có chủ thể nào để tạo người bán mẫu."]
    lines = [f"Người bán mẫu của «{producer.name}» (mật khẩu trong {PASSWORD_ENV}), "
             "Kênh người bán tại /nguoi-ban/:"]
    with transaction.atomic():
        SellerAccount.objects.get_or_create(producer=producer, defaults={
            "status": SellerStatus.APPROVED, "approved_at": timezone.now(),
            "bank_verified": True, "legal_name": producer.name,
            "registration_number": producer.registration_number or "0000000000",
            "legal_representative": producer.representative or "Trần Văn Hòa",
            "address": producer.address or producer.province.name,
            "phone": producer.phone or "0912345678", "email": STAFF[Role.OWNER][0],
            "bank_bin": "970436", "bank_account_number": "0011001234567",
            "bank_account_holder": "TRAN VAN HOA", "pickup_address": producer.address,
        })
        for role, (email, first, last) in STAFF.items():
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(email, password, first_name=first,
                                                last_name=last)
            ProducerMembership.objects.get_or_create(user=user, producer=producer,
                                                     defaults={"role": role})
            lines.append(f"  {Role(role).label}: {email}")
        if not SellerAuditEntry.objects.filter(producer=producer,
                                               action=AuditAction.APPROVED).exists():
            SellerAuditEntry.objects.create(action=AuditAction.APPROVED, producer=producer,
                                            reason="Dữ liệu mẫu của quickstart")
    return lines
