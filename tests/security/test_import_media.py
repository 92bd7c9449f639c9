"""Images from import files and uploads: no script on our origin, no image bombs (issue 8).

Remote images come from a real HTTP server on loopback started here (the outbound policy's
allow-list opened for it by the test's settings only).
"""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.test import Client

from backend.catalog.models import Category, Product, ProductMedia
from tests.catalog_import.conftest import (  # noqa: F401 (fixtures)
    annex_row,
    csv_bytes,
    media_root,
    ocop_ready,
    run,
    web,
)

from . import import_files as files

pytestmark = pytest.mark.django_db
PROJECT = Path(__file__).resolve().parents[2]


def test_a_gif_with_html_appended_is_stored_and_served_as_a_plain_image(run, media_root, web):
    root, base = web
    (root / "anh.html").write_bytes(files.gif_with_html())
    report = run(csv_bytes([annex_row(1, **{"Ảnh": f"{base}/anh.html"})]), "ds.csv")
    assert report.applied and report.images_added == 1
    media = ProductMedia.objects.get()
    assert media.image.name.startswith("products/") and media.image.name.endswith(".webp")
    stored = (media_root / media.image.name).read_bytes()
    assert stored[:4] == b"RIFF" and b"<script" not in stored
    response = Client().get(media.image.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"<script" not in b"".join(response.streaming_content)


def test_files_already_on_disk_are_never_served_as_pages(media_root):
    """A file stored before the pipeline (or put there by hand) downloads, it never renders."""
    (media_root / "products").mkdir(parents=True)
    (media_root / "products" / "cu.html").write_bytes(b"<script>alert(1)</script>")
    (media_root / "products" / "cu.svg").write_bytes(b"<svg onload='alert(1)'/>")
    (media_root / "products" / "cu.png").write_bytes(files.png())
    client = Client()
    for name in ("cu.html", "cu.svg"):
        response = client.get(f"/media/products/{name}")
        assert response["Content-Type"] == "application/octet-stream"
        assert response["Content-Disposition"] == "attachment"
        assert response["X-Content-Type-Options"] == "nosniff"
    image = client.get("/media/products/cu.png")
    assert image["Content-Type"] == "image/png"
    assert not image.get("Content-Disposition", "").startswith("attachment")
    assert client.get("/media/../settings.py").status_code == 404


def test_media_on_its_own_host(media_root, settings):
    """MEDIA_URL on another host: files are served there, and nothing else is."""
    settings.MEDIA_URL = "http://media.testserver/m/"
    settings.ALLOWED_HOSTS = ["testserver", "media.testserver"]
    (media_root / "products").mkdir(parents=True)
    (media_root / "products" / "a.png").write_bytes(files.png())
    client = Client()
    served = client.get("/m/products/a.png", HTTP_HOST="media.testserver")
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert not served.cookies
    assert client.get("/admin/login/", HTTP_HOST="media.testserver").status_code == 404
    assert client.get("/graphql/", HTTP_HOST="media.testserver").status_code == 404
    assert client.post("/m/products/a.png", HTTP_HOST="media.testserver").status_code == 404


@pytest.mark.parametrize("build, label", [
    (lambda: files.png_declaring(30_000, 30_000), "69 bytes, 900 megapixels"),
    (lambda: files.png_bomb(12_000), "≈420 KB, 144 megapixels"),
])
def test_image_bombs_are_a_row_warning_not_a_failed_import(run, media_root, web, build, label):
    root, base = web
    (root / "bom.png").write_bytes(build())
    rows = [annex_row(1, **{"Ảnh": f"{base}/bom.png"}), annex_row(2)]
    report = run(csv_bytes(rows), "ds.csv")
    assert report.applied and Product.objects.count() == 2, label
    assert ProductMedia.objects.count() == 0
    warning = report.rows[0].warnings[-1]
    assert warning.code == "IMAGE_UNAVAILABLE" and warning.column == "Ảnh"
    assert "triệu điểm ảnh" in warning.message


def test_an_image_bomb_does_not_grow_the_process():
    """Measured in a fresh interpreter: peak memory before and after preparing a 144 MP PNG
    (the issue: +1.1 GB); the refusal comes from the declared size, before decoding."""
    script = textwrap.dedent("""
        import sys
        from backend.media.images import ImageLimits, InvalidImage, prepare_image
        from tests.security.import_files import png_bomb, png_declaring

        def peak_kb():  # this process's own peak (ru_maxrss is inherited across exec)
            with open("/proc/self/status") as status:
                return next(int(l.split()[1]) for l in status if l.startswith("VmHWM"))

        limits = ImageLimits(10 * 1024 * 1024, 40_000_000, 2048)
        bombs = [png_bomb(12_000), png_declaring(30_000, 30_000)]
        before = peak_kb()
        for bomb in bombs:
            try:
                prepare_image(bomb, limits)
            except InvalidImage:
                pass
            else:
                sys.exit("not refused")
        after = peak_kb()
        print(len(bombs[0]), before // 1024, after // 1024)
    """)
    result = subprocess.run([sys.executable, "-c", script], cwd=PROJECT, capture_output=True,
                            text=True, timeout=120, check=True)
    size, before, after = map(int, result.stdout.split())
    print(f"\n144 MP PNG bomb ({size // 1024} KB): peak RSS {before} MB before, {after} MB after")
    assert size < 500 * 1024 and after - before < 20


def test_admin_uploads_go_through_the_same_pipeline(client, django_user_model, media_root,
                                                    settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    client.force_login(django_user_model.objects.create_superuser("b@x.vn", "x"))
    url = "/admin/catalog/category/add/"
    form = {"name": "Đặc sản", "slug": "dac-san", "sort_order": 0}
    bomb = SimpleUploadedFile("bom.png", files.png_declaring(30_000, 30_000), "image/png")
    refused = client.post(url, {**form, "background_image": bomb})
    assert refused.status_code == 200 and "triệu điểm ảnh" in refused.content.decode()
    assert not Category.objects.filter(slug="dac-san").exists()
    gif = SimpleUploadedFile("nen.gif", files.gif_with_html(), "image/gif")
    assert client.post(url, {**form, "background_image": gif}).status_code == 302
    stored = Category.objects.get(slug="dac-san").background_image
    assert stored.name.endswith(".webp")
    assert b"<script" not in (media_root / stored.name).read_bytes()


def test_the_pipeline_strips_metadata_and_applies_orientation():
    from PIL import Image

    from backend.media.images import ImageLimits, prepare_image

    source = Image.new("RGB", (60, 20), (255, 0, 0))
    exif = source.getexif()
    exif[0x0112] = 6  # rotate 90° on display
    exif[0x010E] = "vị trí GPS bí mật"
    out = io.BytesIO()
    source.save(out, "JPEG", exif=exif)
    prepared = prepare_image(out.getvalue(), ImageLimits(10_000_000, 40_000_000, 2048))
    with Image.open(io.BytesIO(prepared.content)) as image:
        assert image.format == "WEBP" and image.size == (20, 60)
        assert not image.getexif() and "bí mật".encode() not in prepared.content
