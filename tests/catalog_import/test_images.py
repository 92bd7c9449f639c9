"""Images named in a list: stored through Django's storage; a missing one only warns."""

from __future__ import annotations

import io

import pytest

from backend.catalog.models import Product, ProductMedia

from .conftest import annex_row, csv_bytes, directory_server


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 40)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def image_server(web):
    root, url = web
    (root / "atiso.png").write_bytes(_png())
    return url


def test_images_from_a_url_and_a_local_path(run, media_root, image_server, tmp_path):
    (tmp_path / "anh").mkdir()
    (tmp_path / "anh" / "mat-ong.png").write_bytes(_png())
    rows = [annex_row(1, **{"Ảnh": f"{image_server}/atiso.png"}),
            annex_row(2, **{"Ảnh": "anh/mat-ong.png"}),  # relative to the imported file
            annex_row(3, **{"Ảnh": f"{image_server}/khong-co.png"}),
            annex_row(4, **{"Ảnh": "anh/khong-co.jpg"})]
    report = run(csv_bytes(rows), allow_local_images=True)
    assert report.applied and report.images_added == 2
    with_media = set(ProductMedia.objects.values_list("product__name", flat=True))
    assert with_media == {"Trà atiso số 1", "Trà atiso số 2"}
    media_file = ProductMedia.objects.first()
    assert (media_root / media_file.image.name).exists() and media_file.thumbnail.name
    # Missing images: the product is imported anyway, with a warning naming row and value.
    assert Product.objects.count() == 4
    missing = [w for r in report.rows for w in r.warnings if w.code == "IMAGE_UNAVAILABLE"]
    assert [(w.row, w.column) for w in missing] == [(4, "Ảnh"), (5, "Ảnh")]
    assert "404" in missing[0].message and "Không tải được ảnh" in missing[0].message
    # Importing again does not add the images a second time.
    again = run(csv_bytes(rows), allow_local_images=True)
    assert again.images_added == 0 and ProductMedia.objects.count() == 2


def test_uploads_do_not_read_server_files(run, media_root, tmp_path):
    (tmp_path / "secret.png").write_bytes(_png())
    report = run(csv_bytes([annex_row(1, **{"Ảnh": str(tmp_path / "secret.png")})]))
    assert report.applied and ProductMedia.objects.count() == 0
    assert report.rows[0].warnings[-1].code == "IMAGE_UNAVAILABLE"


def test_loopback_images_are_refused_by_default(run, media_root, tmp_path):
    """Without the test's allow-list the same server is out of bounds."""
    root = tmp_path / "www"
    root.mkdir()
    (root / "atiso.png").write_bytes(_png())
    with directory_server(root) as (url, requested):
        report = run(csv_bytes([annex_row(1, **{"Ảnh": f"{url}/atiso.png"})]))
    assert report.applied and ProductMedia.objects.count() == 0 and requested == []
    warning = report.rows[0].warnings[-1]
    assert warning.code == "IMAGE_UNAVAILABLE" and "công khai" in warning.message
