"""The operator's admin: pages open, listings stay at a fixed number of queries, and
certificates written in the admin go through the OCOP domain (attributes follow)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(client, django_user_model):
    user = django_user_model.objects.create_superuser("vh@example.vn", "mat-khau")
    client.force_login(user)
    return client


def star_slugs(product) -> set[str]:
    return set(product.attributevalues.filter(value__attribute__slug="ocop-star")
               .values_list("value__slug", flat=True))


def test_changelists_and_change_forms_of_the_main_models_open(operator, make_product):
    from backend.geo.models import Commune, LegacyCommune, Province
    from backend.ocop.models import ProductGroup

    product = make_product("Mật ong bạc hà", group="I.2.b")
    cert = product.certifications.get()
    objects = {
        "catalog_product": product,
        "catalog_productvariant": product.default_variant,
        "catalog_category": None,
        "catalog_producttype": product.product_type,
        "producers_producer": product.producer,
        "producers_shop": product.producer.shop,
        "ocop_certification": cert,
        "ocop_productgroup": ProductGroup.objects.get(code="I.2.b"),
        "ocop_grouplabel": None,
        "attribute_attribute": None,
        "warehouse_warehouse": product.producer.warehouses.get(),
        "warehouse_stock": product.default_variant.stocks.get(),
        "geo_province": Province.objects.get(code="68"),
        "geo_commune": Commune.objects.first(),
        "geo_legacycommune": LegacyCommune.objects.first(),
        "geo_region": None,
        "geo_legacyprovince": None,
        "channel_channel": None,
    }
    for name, obj in objects.items():
        response = operator.get(reverse(f"admin:{name}_changelist"))
        assert response.status_code == 200, name
        if obj is not None:
            response = operator.get(reverse(f"admin:{name}_change", args=[obj.pk]))
            assert response.status_code == 200, name
    for name in ["catalog_product", "producers_producer", "ocop_certification"]:
        assert operator.get(reverse(f"admin:{name}_add")).status_code == 200, name
    page = operator.get(reverse("admin:catalog_product_changelist")).content.decode()
    assert "Mật ong bạc hà" in page and "4 sao" in page and "125.000 ₫" in page


def test_search_and_star_filter_on_products(operator, make_product):
    make_product("Nước mắm Phú Quốc", star=5)
    make_product("Chè Shan tuyết", star=3)
    url = reverse("admin:catalog_product_changelist")
    page = operator.get(url, {"q": "nuoc mam"}).content.decode()
    assert "Nước mắm Phú Quốc" in page and "Chè Shan tuyết" not in page
    page = operator.get(url, {"sao": "3"}).content.decode()
    assert "Chè Shan tuyết" in page and "Nước mắm Phú Quốc" not in page


def test_product_changelist_queries_do_not_grow_with_the_page(operator, make_product,
                                                             make_producer):
    url = reverse("admin:catalog_product_changelist")
    for i in range(2):
        make_product(f"Sản phẩm {i}")
    with CaptureQueriesContext(connection) as few:
        assert operator.get(url).status_code == 200
    for i in range(6):
        make_product(f"Sản phẩm thêm {i}", producer=make_producer(address="xã Bát Tràng, Hà Nội"))
    with CaptureQueriesContext(connection) as more:
        assert operator.get(url).status_code == 200
    assert len(more) == len(few)


def test_revoke_action_takes_the_star_off_and_keeps_the_record(operator, make_product):
    product = make_product("Rượu Bàu Đá", star=4)
    cert = product.certifications.get()
    assert star_slugs(product) == {"4-sao"}
    url = reverse("admin:ocop_certification_changelist")
    # First step: the reason form.
    page = operator.post(url, {"action": "revoke_certifications", "_selected_action": [cert.pk]})
    assert page.status_code == 200 and "lý do thu hồi" in page.content.decode().lower()
    # Without a reason nothing is revoked.
    operator.post(url, {"action": "revoke_certifications", "_selected_action": [cert.pk],
                        "apply": "1", "revoked_on": datetime.date.today().isoformat(),
                        "reason": ""})
    cert.refresh_from_db()
    assert cert.revoked_on is None and star_slugs(product) == {"4-sao"}
    response = operator.post(url, {
        "action": "revoke_certifications", "_selected_action": [cert.pk], "apply": "1",
        "revoked_on": datetime.date.today().isoformat(),
        "reason": "Vi phạm quy định ghi nhãn hàng hóa",
    }, follow=True)
    assert response.status_code == 200
    cert.refresh_from_db()
    assert cert.revoked_on == datetime.date.today()
    assert cert.revocation_reason == "Vi phạm quy định ghi nhãn hàng hóa"
    assert star_slugs(product) == set()
    page = operator.get(url, {"tinh_trang": "revoked"}).content.decode()
    assert cert.decision_number in page and "Đã thu hồi" in page


def test_certification_added_in_the_admin_gives_the_product_its_star(operator, make_product):
    from backend.ocop.classification import resolve_group

    product = make_product("Tỏi Lý Sơn", star=None)
    assert star_slugs(product) == set()
    decided = datetime.date.today() - datetime.timedelta(days=10)
    response = operator.post(reverse("admin:ocop_certification_add"), {
        "product": product.pk, "decision_number": "1234 / qd-ubnd",
        "decision_date": decided.isoformat(), "issuer": "UBND tỉnh Quảng Ngãi", "star": 4,
        "group": resolve_group("I.1.a").group.pk, "group_label": "", "score": 75,
        "product_code": "", "reevaluation_filed_on": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    cert = product.certifications.get()
    assert cert.decision_number == "1234/QĐ-UBND"
    assert cert.valid_until.year == decided.year + 3
    assert star_slugs(product) == {"4-sao"}

    # Editing the star in the admin moves the attribute with it.
    data = {
        "product": product.pk, "decision_number": cert.decision_number,
        "decision_date": decided.isoformat(), "issuer": cert.issuer, "star": 5,
        "group": cert.group_id, "group_label": "", "score": 92, "product_code": "",
        "reevaluation_filed_on": "",
    }
    response = operator.post(reverse("admin:ocop_certification_change", args=[cert.pk]), data)
    assert response.status_code == 302
    assert star_slugs(product) == {"5-sao"}


def test_certification_form_reports_domain_errors_in_vietnamese(operator, make_product):
    product = make_product("Cà phê", star=None)
    future = datetime.date.today() + datetime.timedelta(days=30)
    response = operator.post(reverse("admin:ocop_certification_add"), {
        "product": product.pk, "decision_number": "55/QĐ-UBND",
        "decision_date": future.isoformat(), "issuer": "UBND tỉnh Đắk Lắk", "star": 4,
        "group": "", "group_label": "", "score": "", "product_code": "",
        "reevaluation_filed_on": "",
    })
    assert response.status_code == 200
    assert "ở tương lai" in response.content.decode()
    assert not product.certifications.exists()


def test_producer_added_in_the_admin_gets_its_region_and_a_shop(operator):
    from backend.geo.models import Commune, LegacyProvince, Province
    from backend.producers.models import Producer

    province = Province.objects.get(name="Lâm Đồng")
    legacy = LegacyProvince.objects.get(name="Bình Thuận")
    data = {
        "name": "Hợp tác xã Thanh long Hàm Thuận", "legal_form": "htx",
        "registration_number": "", "representative": "", "address": "", "original_address": "",
        "province": province.pk, "commune": "", "legacy_province": legacy.pk,
        "phone": "", "email": "", "website": "",
        "shop-TOTAL_FORMS": "0", "shop-INITIAL_FORMS": "0", "shop-MIN_NUM_FORMS": "0",
        "shop-MAX_NUM_FORMS": "1",
    }
    response = operator.post(reverse("admin:producers_producer_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    producer = Producer.objects.get(name="Hợp tác xã Thanh long Hàm Thuận")
    assert producer.region == legacy.region  # Bình Thuận's region, not Lâm Đồng's
    assert producer.shop.slug
    assert producer.name_key
    assert Commune  # the commune is optional


def test_pages_speak_vietnamese_where_models_have_no_labels(operator, make_product):
    product = make_product("Khăn lụa Vạn Phúc", group="IV.2")
    stock_page = operator.get(reverse("admin:warehouse_stock_changelist")).content.decode()
    assert "Số lượng" in stock_page and "Đã giữ cho đơn" in stock_page
    assert "Quantity" not in stock_page
    variant_form = operator.get(
        reverse("admin:catalog_productvariant_change", args=[product.default_variant.pk])
    ).content.decode()
    assert "Mã SKU" in variant_form and "Giá (đồng)" in variant_form
    provinces = operator.get(reverse("admin:geo_province_changelist")).content.decode()
    assert "Bởi vùng" in provinces and "Bởi loại" in provinces  # filter titles
    # The code column still links to each province's page.
    assert reverse("admin:geo_province_change", args=[product.producer.province_id]) \
        in provinces


def test_operator_attaches_the_decision_to_a_reported_listing(admin_client, make_product):
    """A product on a province's list without its decision: the operator fills in the
    number and date in the admin, and the listing becomes a verified decision."""
    import datetime

    from backend.ocop.services import CertifiedPlace, report_listing

    product = make_product("Rượu cần thử nghiệm", star=None)
    listing, _ = report_listing(product, star=3, issuer="UBND huyện Đức Trọng",
                                place=CertifiedPlace.of_producer(product.producer))
    url = f"/admin/ocop/certification/{listing.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200
    day = datetime.date.today() - datetime.timedelta(days=5)
    response = admin_client.post(url, {
        "product": product.pk, "decision_number": "512/qd-ubnd",
        "decision_date": day.isoformat(), "issuer": "", "star": 3, "score": "",
        "product_code": "", "group": "", "group_label": "", "reevaluation_filed_on": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    listing.refresh_from_db()
    assert (listing.kind, listing.decision_number, listing.decision_date) == (
        "decision", "512/QĐ-UBND", day)
    assert listing.issuer_source == "inferred" and listing.issuer.startswith("UBND tỉnh")
    assert listing.valid_until is not None and listing.valid_through == listing.valid_until
    assert product.attributevalues.filter(value__slug="da-co-quyet-dinh").exists()
