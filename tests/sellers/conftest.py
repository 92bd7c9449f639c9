"""Fixtures of the sellers suite: an operator, applicants and a claimed producer."""

from __future__ import annotations

import pytest

IDENTITY = {
    "legal_name": "Hợp tác xã Chè Tân Cương",
    "registration_number": "4600123456",
    "personal_tax_code": "",
    "legal_representative": "Nguyễn Văn An",
    "address": "xóm Nam Đồng, xã Tân Cương, tỉnh Thái Nguyên",
    "phone": "0912 345 678",
    "email": "htx@tancuong.vn",
    "bank_bin": "970436",
    "bank_account_number": "0123456789",
    "bank_account_holder": "Hop tac xa Che Tan Cuong",
}


@pytest.fixture
def identity():
    return dict(IDENTITY)


@pytest.fixture
def operator(db, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("kiemduyet@san.vn", password="x", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(
        codename__in=["manage_sellers", "manage_products"]))
    return django_user_model.objects.get(pk=user.pk)


@pytest.fixture
def applicant(db, django_user_model):
    return django_user_model.objects.create_user("an@tancuong.vn", password="x")


@pytest.fixture
def approved_seller(make_product, applicant, operator, identity):
    """A producer with a published product, claimed by ``applicant`` and approved."""
    from backend.sellers import services

    product = make_product("Chè Tân Cương")
    application = services.submit_application(
        applicant, kind="claim", producer=product.producer, **identity)
    services.approve(operator, application, "Đủ giấy tờ")
    return product.producer, product
