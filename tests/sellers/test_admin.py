"""The operator's review queue in the admin: pending applications with identity, matching
OCOP records and private documents; approve / request changes / reject, suspend /
reinstate, hide listings, each with a reason and logged. Staff without MANAGE_SELLERS see
none of it."""

from __future__ import annotations

import pytest
from django.test import Client

from backend.catalog.models import Product
from backend.sellers import services
from backend.sellers.models import SellerAccount, SellerAuditEntry, SellerStatus


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


@pytest.fixture
def pending(make_product, applicant, identity):
    product = make_product("Chè móc câu")
    application = services.submit_application(applicant, kind="claim",
                                               producer=product.producer, **identity)
    document = services.add_document(applicant, application, "registration", "dkkd.pdf",
                                     b"%PDF-1.4 giay")
    return application, document, product


def test_operator_reviews_and_approves(pending, operator, channel):
    application, document, product = pending
    client = Client()
    client.force_login(operator)
    queue = client.get("/admin/sellers/sellerapplication/").content.decode()
    assert "Hợp tác xã Chè Tân Cương" in queue
    page = client.get(f"/admin/sellers/sellerapplication/{application.pk}/change/")
    html = page.content.decode()
    assert "Chè móc câu" in html and "4★" in html  # the matching certified record
    doc = client.get(f"/admin/sellers/sellerapplication/{application.pk}/giay-to/{document.pk}/")
    assert doc.status_code == 200 and b"".join(doc.streaming_content).startswith(b"%PDF")
    assert "sandbox" in doc["Content-Security-Policy"]
    response = client.post(
        f"/admin/sellers/sellerapplication/{application.pk}/xu-ly/approve/",
        {"reason": "Khớp giấy phép"})
    assert response.status_code == 302
    account = SellerAccount.objects.get(producer=product.producer)
    response = client.post(f"/admin/sellers/selleraccount/{account.pk}/xu-ly/suspend/",
                           {"reason": "Khiếu nại hàng giả"})
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.status == SellerStatus.SUSPENDED
    assert not Product.objects.visible_in(channel).filter(pk=product.pk).exists()
    client.post("/admin/sellers/listingmoderation/an-san-pham/",
                {"product": product.pk, "reason": "Ảnh sai"})
    assert product.moderation.is_hidden
    actions = set(SellerAuditEntry.objects.values_list("action", flat=True))
    assert {"approved", "suspended", "listing_hidden"} <= actions


def test_staff_without_the_permission_see_nothing(pending, django_user_model):
    application, document, _ = pending
    staff = django_user_model.objects.create_user("nv@san.vn", password="x", is_staff=True)
    client = Client()
    client.force_login(staff)
    for url in ("/admin/sellers/sellerapplication/",
                f"/admin/sellers/sellerapplication/{application.pk}/giay-to/{document.pk}/",
                f"/admin/sellers/sellerapplication/{application.pk}/xu-ly/approve/"):
        assert client.get(url).status_code in (403, 404)
    client.post(f"/admin/sellers/sellerapplication/{application.pk}/xu-ly/approve/",
                {"reason": "tự duyệt"})
    application.refresh_from_db()
    assert application.status == SellerStatus.APPLIED
    # The document is not reachable under /media/ either: it is not in MEDIA_ROOT.
    assert Client().get("/media/" + document.file.name).status_code == 404
