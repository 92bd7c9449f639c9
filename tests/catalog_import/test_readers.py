"""Files as provinces actually send them: encodings, spreadsheets with title rows, JSON lines."""

from __future__ import annotations

import datetime
import io
import json

from backend.catalog.models import Product
from backend.ocop.models import Certification
from backend.producers.models import Producer

from .conftest import HEADER, annex_row, csv_bytes


def test_utf8_with_bom_and_semicolons(run):
    report = run(b"\xef\xbb\xbf" + csv_bytes([annex_row(1)], delimiter=";"))
    assert report.applied and report.encoding == "utf-8-sig"
    assert Product.objects.get().name == "Trà atiso số 1"


def to_cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: precomposed base letters, tone marks combining."""
    import unicodedata

    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tones = [c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323"]
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out += base.encode("cp1258") + "".join(tones).encode("cp1258")
    return bytes(out)


def test_windows_1258_file_is_read_and_reported(run):
    rows = [annex_row(1, **{"Tên sản phẩm": "Trà atiso Đà Lạt", "Chủ thể": "Hợp tác xã Thử"})]
    report = run(to_cp1258(csv_bytes(rows).decode("utf-8")))
    assert any(i.code == "ENCODING_CP1258" for i in report.file_issues)
    assert report.applied, report.as_dict()
    assert Producer.objects.get().name == "Hợp tác xã Thử"
    assert Product.objects.get().name == "Trà atiso Đà Lạt"


def test_mojibake_is_repaired_and_reported(run):
    good = csv_bytes([annex_row(1, **{"Tên sản phẩm": "Nước mắm Phú Quốc"})]).decode("utf-8")
    # What Excel on Windows does to a UTF-8 file opened as Windows-1252, then saved as UTF-8.
    broken = "".join(
        bytes([b]).decode("cp1252") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else chr(b)
        for b in good.encode("utf-8")
    ).encode("utf-8")
    report = run(broken)
    assert any(i.code == "ENCODING_MOJIBAKE" for i in report.file_issues)
    assert report.applied, report.as_dict()
    assert Product.objects.get().name == "Nước mắm Phú Quốc"
    assert Certification.objects.get().group.code == "II"


def _messy_workbook() -> bytes:
    """A decision annex as provinces publish it: merged title rows, a blank line, the header
    on row 5, a producer merged down over its two products, dates as real dates."""
    from openpyxl import Workbook

    wb = Workbook()
    cover = wb.active
    cover.title = "Bìa"
    cover["A1"] = "Trang bìa, không có dữ liệu"
    ws = wb.create_sheet("Phụ lục")
    ws["A1"] = "UBND TỈNH LÂM ĐỒNG"
    ws.merge_cells("A1:I1")
    ws["A2"] = "PHỤ LỤC: DANH SÁCH SẢN PHẨM ĐƯỢC CÔNG NHẬN OCOP NĂM 2025"
    ws.merge_cells("A2:I2")
    ws["A3"] = "(Kèm theo Quyết định số 1234/QĐ-UBND ngày 15/3/2025)"
    ws.merge_cells("A3:I3")
    for col, header in enumerate(HEADER, start=1):
        ws.cell(5, col, header)
    rows = [annex_row(1, **{"Hạng sao": 3}), annex_row(2, **{"Hạng sao": 4.0}),
            annex_row(3, **{"Chủ thể": "Công ty TNHH Khác", "Hạng sao": "★★★"})]
    for r, row in enumerate(rows, start=6):
        for col, header in enumerate(HEADER, start=1):
            value = row[header]
            if header == "Ngày quyết định":
                value = datetime.datetime(2025, 3, 15)
            ws.cell(r, col, value)
    # The producer and address cells of rows 6–7 are one merged cell, as in real annexes.
    ws.cell(7, 3).value = None
    ws.merge_cells("C6:C7")
    ws.cell(7, 4).value = None
    ws.merge_cells("D6:D7")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_messy_xlsx_with_title_rows_and_merged_cells(run):
    report = run(_messy_workbook(), name="phu-luc.xlsx", sheet="Phụ lục")
    assert report.applied, report.as_dict()
    assert [r.row for r in report.rows] == [6, 7, 8]  # the rows the user sees in Excel
    assert Producer.objects.count() == 2
    atiso = Producer.objects.get(name="Hợp tác xã Atiso Thử Nghiệm")
    assert atiso.products.count() == 2
    assert sorted(Certification.objects.values_list("star", flat=True)) == [3, 3, 4]
    assert set(Certification.objects.values_list("decision_date", flat=True)) == {
        datetime.date(2025, 3, 15)}


def test_xlsx_first_sheet_by_default_and_unknown_sheet_named(run):
    report = run(_messy_workbook(), name="phu-luc.xlsx")
    assert report.file_issues[0].code == "NO_HEADER"  # the cover sheet has no table
    missing = run(_messy_workbook(), name="phu-luc.xlsx", sheet="Trang 9")
    assert missing.file_issues[0].code == "NO_SHEET"
    assert "Phụ lục" in missing.file_issues[0].hint


def test_json_lines_with_english_keys_and_a_broken_line(run):
    lines = [
        json.dumps({"product_name": "Mật ong Thử", "subject_name": "HTX Ong Thử",
                    "current_address": "xã Ninh Gia, tỉnh Lâm Đồng", "star": 4,
                    "category": "I.2.b", "decision_number": "12/QĐ-UBND",
                    "cert_issued_at": "2025-09-01", "issuing_authority": "UBND tỉnh Lâm Đồng"},
                   ensure_ascii=False),
        "{not json",
    ]
    data = "\n".join(lines).encode("utf-8")
    strict = run(data, name="ds.jsonl")
    assert not strict.applied and strict.rows[1].errors[0].row == 2
    report = run(data, name="ds.jsonl", skip_invalid=True)
    assert report.applied and report.count("created") == 1
    assert Certification.objects.get().group.code == "I.2.b"
