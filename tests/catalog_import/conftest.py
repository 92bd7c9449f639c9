from __future__ import annotations

import contextlib
import csv
import http.server
import io
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SHARED_REFERENCE

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE = SHARED_REFERENCE / "samples" / "ocop_records_lamdong_2025_2026.csv"

# A minimal annex in the columns provinces use: one row per product.
HEADER = ["STT", "Tên sản phẩm", "Chủ thể", "Địa chỉ", "Hạng sao", "Nhóm sản phẩm",
          "Số quyết định", "Ngày quyết định", "Cơ quan ban hành"]


def annex_row(n: int, **overrides) -> dict:
    row = {
        "STT": n,
        "Tên sản phẩm": f"Trà atiso số {n}",
        "Chủ thể": "Hợp tác xã Atiso Thử Nghiệm",
        "Địa chỉ": "xã Ninh Gia, huyện Đức Trọng, tỉnh Lâm Đồng",
        "Hạng sao": "3 sao",
        "Nhóm sản phẩm": "Đồ uống",
        "Số quyết định": "1234/QĐ-UBND",
        "Ngày quyết định": "15/03/2025",
        "Cơ quan ban hành": "UBND tỉnh Lâm Đồng",
    }
    row.update(overrides)
    return row


def csv_bytes(rows: list[dict], header: list[str] | None = None, encoding: str = "utf-8",
              delimiter: str = ",") -> bytes:
    if header is None:
        header = list(dict.fromkeys(k for row in rows for k in row))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, extrasaction="ignore", restval="",
                            delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


@pytest.fixture
def ocop_ready(db, channel, ocop_type):
    """The database as a deployment has it: default channel and the OCOP product type."""
    return channel


@pytest.fixture
def run(ocop_ready, tmp_path):
    """Import ``data`` (bytes) saved under ``name``; returns the report."""
    from catalog_import.pipeline import run_import

    def go(data: bytes, name: str = "danh-sach.csv", **kwargs):
        path = tmp_path / name
        path.write_bytes(data)
        return run_import(path, **kwargs)

    return go


@pytest.fixture
def importer_user(db, django_user_model):
    """A staff account holding IMPORT_CATALOG (``importer_user("name")``; ``grant=False``
    for staff without it)."""
    from django.contrib.auth.models import Permission

    def make(username: str, *, grant: bool = True, staff: bool = True):
        email = username if "@" in username else f"{username}@example.vn"
        user = django_user_model.objects.create_user(email, password="x", is_staff=staff)
        if grant:
            user.user_permissions.add(Permission.objects.get(
                codename="import_catalog", content_type__app_label="permission"))
        return user

    return make


@pytest.fixture
def media_root(settings, tmp_path):
    """Stored media go to a folder of this test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def web(tmp_path, settings):
    """(folder, base URL) of a real HTTP server on 127.0.0.1 serving ``tmp_path/www``, with
    the outbound-fetch policy's allow-list opened for loopback in this test only."""
    root = tmp_path / "www"
    root.mkdir()
    settings.OUTBOUND_FETCH_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    with directory_server(root) as (url, _):
        yield root, url


@contextlib.contextmanager
def directory_server(root: Path) -> Iterator[tuple[str, list[str]]]:
    """A real HTTP server on 127.0.0.1 serving ``root``: (base URL, paths requested).

    The outbound-fetch policy refuses loopback: a test that wants answers opens
    ``OUTBOUND_FETCH_ALLOWED_NETWORKS`` itself."""
    requested: list[str] = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            requested.append(self.path)
            super().do_GET()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requested
    finally:
        server.shutdown()
        server.server_close()
