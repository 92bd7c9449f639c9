"""Demo accounts for the quickstart: a confirmed shopper with an address, created only when
``OCOP_DEMO_PASSWORD`` is set (no account with a known password exists otherwise).
Demo producer staff join here once the sellers app exists."""

from __future__ import annotations

import os

from django.db import transaction

from .addresses import add_address, clean_address_input
from .consent import record_consents
from .models import User

PASSWORD_ENV = "OCOP_DEMO_PASSWORD"
SHOPPER_EMAIL = "khachhang@ocop.test"


def ensure_demo_shopper() -> str:
    """Create the demo shopper if the password is set; returns a line for the console."""
    password = os.environ.get(PASSWORD_ENV)
    if not password:
        return f"Chưa tạo tài khoản khách hàng mẫu ({PASSWORD_ENV} chưa đặt)."
    if User.objects.filter(email=SHOPPER_EMAIL).exists():
        return f"Tài khoản khách hàng mẫu “{SHOPPER_EMAIL}” đã có; mật khẩu giữ nguyên."
    with transaction.atomic():
        user = User.objects.create_user(SHOPPER_EMAIL, password, first_name="Lan",
                                        last_name="Nguyễn Thị", phone="+84912345678")
        record_consents(user, "demo")
        add_address(user, clean_address_input({
            "first_name": "Lan", "last_name": "Nguyễn Thị", "street_address_1": "12 Lê Lợi",
            "city": "Phường Bến Nghé", "city_area": "Quận 1", "country_area": "TP HCM",
            "phone": "0912 345 678",
        }))
    return (f"Đã tạo tài khoản khách hàng mẫu “{SHOPPER_EMAIL}” với mật khẩu trong "
            f"{PASSWORD_ENV}.")
