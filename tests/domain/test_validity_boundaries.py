"""One rule says whether a certificate counts on a day (ocop.rules.last_valid_day /
certification_status): valid through its valid-until day inclusive ("có giá trị đến ngày
X" includes X), for GRACE_DAYS more once a re-evaluation is filed. Each caller is checked
on the boundary days: the valid-until day, the day after, the last day of grace and the
day after it."""

from __future__ import annotations

import datetime
import json

import pytest
from django.db import connection
from django.test import Client

from backend.ocop import rules

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)
GRACE = datetime.timedelta(days=rules.GRACE_DAYS)
# name → (valid_until, re-evaluation filed on, counts today?)
CASES = {
    "last-day": (TODAY, None, True),
    "day-after": (TODAY - DAY, None, False),
    "grace-last-day": (TODAY - GRACE, TODAY - GRACE - 100 * DAY, True),
    "grace-over": (TODAY - GRACE - DAY, TODAY - GRACE - 100 * DAY, False),
}


def test_the_rule_on_the_boundary_days():
    for valid_until, filed, counts in CASES.values():
        status = rules.certification_status(
            valid_until=valid_until, reevaluation_filed_on=filed, today=TODAY)
        assert (status in rules.VALID_STATUSES) is counts, (valid_until, filed, status)
        last = rules.last_valid_day(valid_until=valid_until, reevaluation_filed_on=filed)
        assert rules.is_valid_on(last, TODAY) is counts
    until = datetime.date(2029, 8, 5)
    assert rules.certification_status(valid_until=until, today=until) == "renewal_due"
    assert rules.certification_status(valid_until=until, today=until + DAY) == "expired"
    filed = datetime.date(2029, 4, 1)
    assert rules.certification_status(
        valid_until=until, reevaluation_filed_on=filed, today=until + DAY) == "grace"
    assert rules.certification_status(
        valid_until=until, reevaluation_filed_on=filed, today=until + GRACE) == "grace"
    assert rules.certification_status(
        valid_until=until, reevaluation_filed_on=filed, today=until + GRACE + DAY) == "expired"
    # A revocation ends validity the day it takes effect.
    assert rules.last_valid_day(valid_until=until, revoked_on=datetime.date(2027, 1, 1)) == (
        datetime.date(2026, 12, 31))


@pytest.fixture
def boundary_products(make_product):
    """One product per case, its certificate's dates set to the case's (recorded through
    the model, which keeps valid_through = rules.last_valid_day), attributes synced."""
    from backend.ocop.services import sync_ocop_attributes

    products = {}
    for name, (valid_until, filed, _) in CASES.items():
        product = make_product(f"Trà thử {name}", star=4,
                               decision_date=valid_until - datetime.timedelta(days=3 * 365))
        cert = product.certifications.get()
        cert.valid_until, cert.reevaluation_filed_on = valid_until, filed
        cert.save()
        products[name] = product
    sync_ocop_attributes([p.pk for p in products.values()], today=TODAY)
    return products


def test_nightly_refresh_and_attributes(boundary_products):
    from backend.ocop.services import ATTR_STAR, refresh_lapsed_certifications

    refresh_lapsed_certifications(today=TODAY)
    for name, product in boundary_products.items():
        has_star = product.attributevalues.filter(value__attribute__slug=ATTR_STAR).exists()
        assert has_star is CASES[name][2], name
    # The day after the valid-until day, the "last-day" product loses its star.
    refresh_lapsed_certifications(today=TODAY + DAY)
    assert not boundary_products["last-day"].attributevalues.filter(
        value__attribute__slug=ATTR_STAR).exists()


def test_search_documents_and_facets(boundary_products, channel):
    from backend.catalog.filtering import ProductFilter
    from backend.search.api import facet_counts, update_dirty
    from backend.search.documents import build_documents

    docs = {d.product_id: d for d in build_documents([p.pk for p in boundary_products.values()])}
    for name, product in boundary_products.items():
        through = docs[product.pk].ocop_valid_through
        if CASES[name][2]:
            assert through >= TODAY, name
        else:
            assert through is None or through < TODAY, name
    update_dirty()
    connection.run_on_commit.clear()
    facets = facet_counts(channel, ProductFilter())
    assert {f["slug"]: f["count"] for f in facets["star"]}["4-sao"] == 2


def test_graphql_product_ocop(boundary_products):
    from backend.graphql.core.ids import to_id

    query = """query($id: ID!) { product(id: $id, channel: "vn") {
        ocop { isCertified star certification { isValid status validUntil } } } }"""
    for name, product in boundary_products.items():
        body = Client().post("/graphql/", json.dumps({"query": query, "variables": {
            "id": to_id("Product", product.pk)}}), content_type="application/json").json()
        ocop = body["data"]["product"]["ocop"]
        counts = CASES[name][2]
        assert ocop["isCertified"] is counts and ocop["certification"]["isValid"] is counts, name
        assert (ocop["star"] == 4) is counts
        assert ocop["certification"]["validUntil"] == CASES[name][0].isoformat()
    grace = Client().post("/graphql/", json.dumps({"query": query, "variables": {
        "id": to_id("Product", boundary_products["grace-last-day"].pk)}}),
        content_type="application/json").json()
    assert grace["data"]["product"]["ocop"]["certification"]["status"] == "GRACE"


def test_admin_status_filter(boundary_products, admin_client, settings):
    """A certificate in its grace period is listed as valid, not expired."""
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    url = "/admin/ocop/certification/?tinh_trang="
    valid = admin_client.get(url + "valid").content.decode()
    expired = admin_client.get(url + "expired").content.decode()
    for name, product in boundary_products.items():
        counts = CASES[name][2]
        assert (product.name in valid) is counts, name
        assert (product.name in expired) is not counts, name


def test_one_current_certificate_whoever_asks(make_product):
    """The SQL order (services.CURRENT_FIRST) and rules.pick_current agree: the newest
    decision, the later record on the same date, a reported listing only alone."""
    from backend.ocop.models import Certification
    from backend.ocop.services import (
        CertifiedPlace,
        certify,
        current_certifications,
        report_listing,
    )

    older = make_product("Sản phẩm có hai quyết định", star=3,
                         decision_date=TODAY - datetime.timedelta(days=400))
    certify(older, star=4, decision_number="77/QĐ-UBND",
            decision_date=TODAY - datetime.timedelta(days=30))
    same_day = make_product("Sản phẩm hai quyết định cùng ngày", star=3,
                            decision_date=TODAY - datetime.timedelta(days=10))
    certify(same_day, star=5, decision_number="78/QĐ-BNNMT",
            decision_date=TODAY - datetime.timedelta(days=10))
    listed = make_product("Sản phẩm chỉ có trong danh sách", star=None)
    report_listing(listed, star="****", place=CertifiedPlace.of_producer(listed.producer))
    products = [older, same_day, listed]
    sql = current_certifications([p.pk for p in products])
    for product in products:
        python = rules.pick_current(list(Certification.objects.filter(product=product)))
        assert sql[product.pk].pk == python.pk
    assert (sql[older.pk].star, sql[same_day.pk].star, sql[listed.pk].star) == (4, 5, 4)
    assert sql[listed.pk].is_reported
    # A decision arriving for the listed product turns the listing into it.
    cert, created = certify(listed, star=4, decision_number="79/QĐ-UBND", decision_date=TODAY)
    assert created and cert.pk == sql[listed.pk].pk and not cert.is_reported
    assert Certification.objects.filter(product=listed).count() == 1
