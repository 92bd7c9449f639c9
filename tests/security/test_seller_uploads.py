"""Product photos from sellers: a non-image, an oversized file and a faked extension are
refused with a message that says why, and nothing is stored (no row, no file)."""

from __future__ import annotations

import io
import json

import pytest
from django.test import Client

from backend.account.jwt_tokens import create_access_token
from backend.catalog.models import ProductMedia
from backend.sellers.models import ProducerMembership

from .seller_matrix import png_bytes, stored_files

QUERY = """mutation($input: ProductMediaCreateInput!) { productMediaCreate(input: $input) {
    errors { field code message } media { id } } }"""


def _upload(user, product, name, data):
    from graphql_relay import to_global_id

    handle = io.BytesIO(data)
    handle.name = name
    ops = {"query": QUERY, "variables": {"input": {"product": to_global_id("Product", product.pk),
                                                   "image": None}}}
    return Client().post("/graphql/", {
        "operations": json.dumps(ops), "map": json.dumps({"0": ["variables.input.image"]}),
        "0": handle}, HTTP_AUTHORIZATION=f"Bearer {create_access_token(user)}")


@pytest.fixture
def seller(make_product, django_user_model):
    product = make_product()
    user = django_user_model.objects.create_user("anh@shop.vn", password="x")
    ProducerMembership.objects.create(user=user, producer=product.producer, role="manager")
    return user, product


@pytest.mark.parametrize(("name", "data", "code", "words"), [
    ("bang-gia.pdf", b"%PDF-1.4 price list", "INVALID_FILE_TYPE", "không phải ảnh"),
    ("anh-that.jpg", b"<html><script>alert(1)</script></html>", "INVALID_FILE_TYPE",
     "mang đuôi ảnh nhưng nội dung không phải ảnh"),
    ("kich-ban.php.png", b"<?php system($_GET['c']); ?>", "INVALID_FILE_TYPE",
     "mang đuôi ảnh"),
    ("lon.png", None, "FILE_SIZE_LIMIT_EXCEEDED", "lớn hơn"),
])
def test_bad_uploads_are_refused_and_nothing_is_stored(seller, settings, name, data, code,
                                                       words):
    user, product = seller
    if data is None:
        settings.IMAGE_MAX_BYTES = 2000
        data = png_bytes((400, 400), (1, 2, 3)) + b"\0" * 3000
    files_before, rows_before = stored_files(), ProductMedia.objects.count()
    response = _upload(user, product, name, data)
    assert response.status_code == 200
    errors = response.json()["data"]["productMediaCreate"]["errors"]
    assert errors[0]["code"] == code and errors[0]["field"] == "image"
    assert words in errors[0]["message"]
    assert (stored_files(), ProductMedia.objects.count()) == (files_before, rows_before)


def test_a_real_photo_is_stored_reencoded(seller):
    user, product = seller
    response = _upload(user, product, "IMG_0001.jpg", png_bytes())
    assert response.json()["data"]["productMediaCreate"]["errors"] == []
    media = ProductMedia.objects.get(product=product)
    assert media.image.name.endswith(".webp")
