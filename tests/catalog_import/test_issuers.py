"""The issuing body is optional, as provinces publish their annexes: from the row, a
decision already in the catalog, the title rows, the operator (command line, admin page,
API), or else inferred from the rules in force on the decision date and marked so. Each is
a warning at most, never an error."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.test import Client

from backend.ocop.issuers import district_in, issuer_from_heading
from backend.ocop.models import Certification

from .conftest import annex_row, csv_bytes

NO_ISSUER = ["STT", "Tên sản phẩm", "Chủ thể", "Địa chỉ", "Hạng sao", "Nhóm sản phẩm",
             "Số quyết định", "Ngày quyết định"]


def _cert(name: str) -> Certification:
    return Certification.objects.get(product__name=name)


@pytest.mark.parametrize("lines,issuer", [
    (["UỶ BAN NHÂN DÂN TỈNH LÂM ĐỒNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
     "UBND tỉnh Lâm Đồng"),
    (["ỦY BAN NHÂN DÂN HUYỆN ĐỨC TRỌNG"], "UBND huyện Đức Trọng"),
    (["UBND TP.HỒ CHÍ MINH"], "UBND thành phố Hồ Chí Minh"),
    (["Ủy ban nhân dân thành phố Hà Nội"], "UBND thành phố Hà Nội"),
    (["BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"], "Bộ Nông nghiệp và Môi trường"),
    (["BỘ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN"], "Bộ Nông nghiệp và Phát triển nông thôn"),
    (["PHỤ LỤC", "DANH SÁCH SẢN PHẨM OCOP"], ""),
])
def test_issuer_from_title_rows(lines, issuer):
    assert issuer_from_heading(lines) == issuer


def test_district_from_an_old_address():
    assert district_in("xã Ninh Gia, huyện Đức Trọng, tỉnh Lâm Đồng") == "huyện Đức Trọng"
    assert district_in("phường 1, thành phố Đà Lạt, tỉnh Lâm Đồng") == "thành phố Đà Lạt"
    assert district_in("xã Ninh Gia, tỉnh Lâm Đồng") == ""


def test_the_row_names_it(run):
    report = run(csv_bytes([annex_row(1)]))
    cert = _cert("Trà atiso số 1")
    assert (cert.issuer, cert.issuer_source) == ("UBND tỉnh Lâm Đồng", "document")
    assert not report.rows[0].issuer_inferred


def test_a_decision_already_in_the_catalog_lends_its_issuer(run):
    run(csv_bytes([annex_row(1, **{"Cơ quan ban hành": "UBND huyện Đức Trọng"})]))
    report = run(csv_bytes([annex_row(2)], header=NO_ISSUER))
    assert report.applied
    cert = _cert("Trà atiso số 2")
    assert (cert.issuer, cert.issuer_source) == ("UBND huyện Đức Trọng", "catalog")
    assert [w.code for w in report.rows[0].warnings if w.code.startswith("ISSUER")] == [
        "ISSUER_FROM_CATALOG"]


def test_title_rows_of_an_annex(run):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet["A1"] = "UỶ BAN NHÂN DÂN TỈNH LÂM ĐỒNG"
    sheet["E1"] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    sheet["A3"] = "PHỤ LỤC: DANH SÁCH SẢN PHẨM ĐẠT CHUẨN OCOP NĂM 2025"
    sheet.append(NO_ISSUER)
    row = annex_row(1, **{"Ngày quyết định": "20/08/2025"})
    sheet.append([row[c] for c in NO_ISSUER])
    out = io.BytesIO()
    book.save(out)
    report = run(out.getvalue(), name="phu-luc.xlsx", issuer="UBND tỉnh Khác")
    cert = _cert("Trà atiso số 1")
    # The title rows come before the operator's choice.
    assert (cert.issuer, cert.issuer_source) == ("UBND tỉnh Lâm Đồng", "heading")
    assert {w.code for w in report.rows[0].warnings} >= {"ISSUER_FROM_HEADING"}
    # A CSV with the same title lines above its header reads them too.
    lines = "UỶ BAN NHÂN DÂN HUYỆN ĐỨC TRỌNG\n\n".encode()
    run(lines + csv_bytes([annex_row(2)], header=NO_ISSUER), name="pl.csv")
    assert _cert("Trà atiso số 2").issuer == "UBND huyện Đức Trọng"


@pytest.mark.parametrize("star,day,address,issuer", [
    ("3 sao", "15/03/2024", "xã Ninh Gia, huyện Đức Trọng, tỉnh Lâm Đồng",
     "UBND huyện Đức Trọng"),
    ("3 sao", "15/03/2024", "xã Ninh Gia, tỉnh Lâm Đồng", "UBND cấp huyện thuộc tỉnh Lâm Đồng"),
    ("4 sao", "15/03/2024", "xã Gia Huynh, huyện Tánh Linh, tỉnh Bình Thuận",
     "UBND tỉnh Bình Thuận"),
    ("3 sao", "15/09/2025", "xã Suối Kiết, tỉnh Lâm Đồng", "UBND tỉnh Lâm Đồng"),
    ("5 sao", "15/01/2025", "xã Ninh Gia, tỉnh Lâm Đồng", "Bộ Nông nghiệp và Phát triển nông thôn"),
    ("*****", "15/09/2025", "xã Ninh Gia, tỉnh Lâm Đồng", "Bộ Nông nghiệp và Môi trường"),
])
def test_otherwise_inferred_from_the_rules_on_the_decision_date(run, star, day, address, issuer):
    report = run(csv_bytes([annex_row(1, **{"Hạng sao": star, "Ngày quyết định": day,
                                            "Địa chỉ": address})], header=NO_ISSUER))
    assert report.applied and not report.error_rows
    cert = _cert("Trà atiso số 1")
    assert (cert.issuer, cert.issuer_source) == (issuer, "inferred")
    assert report.summary()["inferred"] == 1
    warning = next(w for w in report.rows[0].warnings if w.code == "ISSUER_INFERRED")
    assert issuer in warning.message and warning.level == "warning"


def test_command_line_issuer_option(ocop_ready, tmp_path):
    from django.core.management import call_command

    path = tmp_path / "ds.csv"
    path.write_bytes(csv_bytes([annex_row(1)], header=NO_ISSUER))
    call_command("import", str(path), "--issuer", "UBND tỉnh Lâm Đồng", "--no-progress")
    assert (_cert("Trà atiso số 1").issuer_source, _cert("Trà atiso số 1").issuer) == (
        "operator", "UBND tỉnh Lâm Đồng")


def test_admin_upload_issuer_field(ocop_ready, admin_client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    upload = SimpleUploadedFile("ds.csv", csv_bytes([annex_row(1)], header=NO_ISSUER))
    page = admin_client.post("/admin/catalog_import/upload/",
                             {"file": upload, "issuer": "UBND huyện Đức Trọng"})
    assert "Đã ghi vào cơ sở dữ liệu." in page.content.decode()
    assert (_cert("Trà atiso số 1").issuer, _cert("Trà atiso số 1").issuer_source) == (
        "UBND huyện Đức Trọng", "operator")


MUTATION = """
mutation($content: String!, $issuer: String) {
  ocopProductsImport(content: $content, issuer: $issuer) {
    applied
    results { row isReported issuer issuerInferred warnings { code } }
    errors { code }
  }
}
"""


def test_import_mutation_issuer_argument(ocop_ready, importer_user):
    client = Client()
    client.force_login(importer_user("nv"))
    content = csv_bytes([annex_row(1), annex_row(2, **{"Số quyết định": "",
                                                       "Ngày quyết định": ""})],
                        header=NO_ISSUER).decode()

    def post(variables):
        body = client.post("/graphql/", json.dumps({"query": MUTATION, "variables": variables}),
                           content_type="application/json").json()
        assert "errors" not in body, body
        return body["data"]["ocopProductsImport"]

    inferred = post({"content": content})
    assert inferred["applied"] is True and inferred["errors"] == []
    first = inferred["results"][0]
    assert first["issuerInferred"] and first["issuer"] == "UBND huyện Đức Trọng"
    assert "ISSUER_INFERRED" in {w["code"] for w in first["warnings"]}
    assert inferred["results"][1]["isReported"] is True
    Certification.objects.all().delete()
    chosen = post({"content": content, "issuer": "UBND tỉnh Lâm Đồng"})
    assert chosen["results"][0]["issuer"] == "UBND tỉnh Lâm Đồng"
    assert not chosen["results"][0]["issuerInferred"]


def test_a_decision_on_an_old_date_names_the_old_authority(run):
    """Before the reform a 3★ decision came from the district; the row says the province:
    a warning, not an error."""
    report = run(csv_bytes([annex_row(1, **{"Ngày quyết định": "10/01/2024"})]))
    assert report.applied
    assert "ISSUER_LEVEL" in {w.code for w in report.rows[0].warnings}
    assert _cert("Trà atiso số 1").decision_date == datetime.date(2024, 1, 10)
