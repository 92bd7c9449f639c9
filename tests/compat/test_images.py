"""``url(size:, format:)`` and ``thumbnail(size:, format:)``: renditions at snapped sizes in
WebP or AVIF, made once, stored through the storage backend, cached for a year."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pytest
from django.core.files.storage import default_storage
from PIL import Image

QUERY = """query($slug: String!, $size: Int, $format: ThumbnailFormatEnum) {
  product(slug: $slug, channel: "vn") {
    thumbnail(size: $size, format: $format) { url alt }
    media { url(size: $size, format: $format) }
  }
}"""


@pytest.fixture
def pictured(make_product, settings, tmp_path):
    from backend.catalog.services import add_product_media

    settings.MEDIA_ROOT = str(tmp_path)
    product = make_product("Nước mắm")
    out = io.BytesIO()
    Image.new("RGB", (1600, 1200), (30, 120, 200)).save(out, "PNG")
    add_product_media(product, out.getvalue(), "anh.png", alt="Chai nước mắm")
    return product


def _path(url: str) -> str:
    return urlsplit(url).path


@pytest.mark.parametrize("fmt,content_type,size,snapped", [
    ("AVIF", "image/avif", 300, 512), ("WEBP", "image/webp", 1000, 1024),
])
def test_rendition_is_made_once_and_cached(client, pictured, fmt, content_type, size, snapped):
    from tests.compat.conftest import post_graphql

    data = post_graphql(client, QUERY, {"slug": pictured.slug, "size": size, "format": fmt})
    url = _path(data["product"]["media"][0]["url"])
    assert data["product"]["thumbnail"]["url"].endswith(url)
    assert f"/{snapped}/{fmt.lower()}/" in url
    first = client.get(url)
    assert first.status_code == 302
    assert "max-age=31536000" in first["Cache-Control"]
    stored = _path(first["Location"])
    image = client.get(stored)
    assert image["Content-Type"] == content_type
    assert "immutable" in image["Cache-Control"]
    body = b"".join(image.streaming_content)
    with Image.open(io.BytesIO(body)) as decoded:
        assert decoded.format == fmt and max(decoded.size) == snapped
    name = stored.split("/media/", 1)[-1]
    made = default_storage.get_modified_time(name)
    again = client.get(url)
    assert again["Location"] == first["Location"]
    assert default_storage.get_modified_time(name) == made  # not made twice


def test_original_and_small_sizes_keep_their_files(client, pictured):
    from tests.compat.conftest import post_graphql

    media = pictured.media.first()
    data = post_graphql(client, QUERY, {"slug": pictured.slug})
    assert _path(data["product"]["media"][0]["url"]) == media.image.url
    small = post_graphql(client, QUERY, {"slug": pictured.slug, "size": 200, "format": "WEBP"})
    assert _path(small["product"]["thumbnail"]["url"]) == media.thumbnail.url
