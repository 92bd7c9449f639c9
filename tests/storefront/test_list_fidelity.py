"""The storefront shows a province's list as published: every product found by its name,
its star with a plain note when the decision is not on file, its place; shoppers can keep
to verified decisions only; a certificate counts through its valid-until day."""

from __future__ import annotations

import datetime
import html as html_lib

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.catalog_import.lists import (
    QUIRKS,
    SAMPLE,
    as_xlsx,
    expected_from_fixture,
    expected_from_reference,
)

REPORTED_NOTE = "quyết định công nhận chưa có trên hệ thống"


@pytest.fixture
def client(storefront_files, db) -> Client:
    return Client(HTTP_ACCEPT_ENCODING="identity")


def _import(path, rendering: str = "csv", tmp_path=None):
    from backend.catalog.models import Product
    from backend.search.api import update_dirty
    from catalog_import.pipeline import run_import

    if rendering == "xlsx":
        # The annex as provinces publish it: the issuer only in its title rows.
        target = tmp_path / (path.stem + ".xlsx")
        target.write_bytes(as_xlsx(path))
        path = target
    report = run_import(path)
    assert report.applied and not report.error_rows
    update_dirty()
    connection.run_on_commit.clear()
    slugs = dict(Product.objects.filter(pk__in=[r.product_id for r in report.rows])
                 .values_list("pk", "slug"))
    return {(r.product_name, r.producer_name): slugs[r.product_id] for r in report.rows}


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return html_lib.unescape(response.content.decode())


@pytest.mark.parametrize("rendering", ["csv", "xlsx"])
@pytest.mark.parametrize("path,expected_rows", [
    pytest.param(QUIRKS, expected_from_fixture, id="quirks-fixture"),
    pytest.param(SAMPLE, expected_from_reference, id="real-lam-dong-list", marks=pytest.mark.skipif(
        not SAMPLE.exists(), reason="../shared/reference is not on this machine")),
])
def test_every_product_of_the_list_is_found_and_shown_with_its_star_and_place(
    client, channel, ocop_type, tmp_path, path, expected_rows, rendering
):
    slugs = _import(path, rendering, tmp_path)
    for e in expected_rows(path):
        slug = slugs[(e.product, e.producer)]
        url = reverse("storefront:product", args=[slug])
        found = _page(client, reverse("storefront:search") + "?" + f"q={e.product}")
        assert f'href="{url}"' in found, f"dòng {e.row}: “{e.product}” không tìm thấy"
        page = _page(client, url)
        assert f"OCOP {e.star} sao" in page, e.row
        assert e.province in page and e.region in page, e.row
        if e.commune:
            assert e.commune.lower() in page.lower(), e.row
        assert (REPORTED_NOTE in page) is (not e.verified), e.row


def test_verified_decisions_only(client, channel, ocop_type):
    slugs = _import(QUIRKS)
    listing = _page(client, reverse("storefront:search") + "?tinh=lam-dong")
    verified = _page(client, reverse("storefront:search") + "?tinh=lam-dong&da-xac-minh=1")
    reported = slugs[("Chanh dây sấy dẻo", "Công ty Cổ phần Thực phẩm Thử Nghiệm")]
    decided = slugs[("Mắm nêm Hải Âu", "Công ty TNHH Hải Âu Thử Nghiệm")]
    assert f"/san-pham/{reported}/" in listing and f"/san-pham/{decided}/" in listing
    assert f"/san-pham/{reported}/" not in verified and f"/san-pham/{decided}/" in verified
    assert "Đã có quyết định công nhận" in verified  # the chip that removes the filter


@pytest.mark.parametrize("days_past,shown", [(0, True), (1, False)])
def test_product_page_counts_the_valid_until_day(client, make_product, days_past, shown):
    product = make_product("Trà hoa vàng thử hạn", star=4)
    cert = product.certifications.get()
    cert.valid_until = datetime.date.today() - datetime.timedelta(days=days_past)
    cert.save()
    page = _page(client, reverse("storefront:product", args=[product.slug]))
    assert ("OCOP 4 sao" in page) is shown
    assert ("sản phẩm hiện không mang dấu OCOP" in page) is not shown
