"""Media through django-storages' S3 backend, against moto's S3 server on loopback.

moto is a stand-in for S3's HTTP API (no AWS here): this checks our configuration and that
product images and thumbnails are written through the storage API, not that a real bucket
behaves the same.
"""

from __future__ import annotations

import io
import socket

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def s3_endpoint(monkeypatch):
    moto_server = pytest.importorskip("moto.server")
    boto3 = pytest.importorskip("boto3")
    port = _free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    for key, value in {
        "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_DEFAULT_REGION": "ap-southeast-1",
    }.items():
        monkeypatch.setenv(key, value)
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client("s3", endpoint_url=endpoint, region_name="ap-southeast-1")
    client.create_bucket(
        Bucket="ocop-media", CreateBucketConfiguration={"LocationConstraint": "ap-southeast-1"}
    )
    yield endpoint, client
    server.stop()


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (900, 600), (180, 90, 30)).save(out, "PNG")
    return out.getvalue()


def test_product_media_is_stored_in_the_bucket(s3_endpoint, make_product):
    endpoint, client = s3_endpoint
    from backend.catalog.services import add_product_media

    storages = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"bucket_name": "ocop-media", "endpoint_url": endpoint,
                        "querystring_auth": False, "file_overwrite": False},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    product = make_product("Mật ong bạc hà Hà Giang")
    with override_settings(STORAGES=storages):
        media = add_product_media(product, _png(), "mat-ong.png", alt="Hũ mật ong")
        keys = {o["Key"] for o in client.list_objects_v2(Bucket="ocop-media")["Contents"]}
        assert media.image.name in keys and media.thumbnail.name in keys
        assert media.image.url.startswith(f"{endpoint}/ocop-media/products/")
        thumb = client.get_object(Bucket="ocop-media", Key=media.thumbnail.name)["Body"].read()
        # Re-encoded by the image pipeline: the bucket serves it as an image, whatever the
        # uploaded name said.
        stored = client.head_object(Bucket="ocop-media", Key=media.image.name)
        assert media.image.name.endswith(".webp") and stored["ContentType"] == "image/webp"
    from PIL import Image

    with Image.open(io.BytesIO(thumb)) as image:
        assert image.format == "WEBP" and max(image.size) <= 480
