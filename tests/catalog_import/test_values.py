"""Each value format a province list uses, read through a real import."""

from __future__ import annotations

import datetime

import pytest

from backend.ocop.models import Certification
from catalog_import.normalize import InvalidValue, parse_date

from .conftest import annex_row, csv_bytes


@pytest.mark.parametrize(
    "text, expected",
    [
        ("05/08/2026", datetime.date(2026, 8, 5)),
        ("5/8/26", datetime.date(2026, 8, 5)),
        ("2026-08-05", datetime.date(2026, 8, 5)),
        ("2026-08-05T00:00:00", datetime.date(2026, 8, 5)),
        ("05.08.2026", datetime.date(2026, 8, 5)),
        ("46239", datetime.date(2026, 8, 5)),
        (46239, datetime.date(2026, 8, 5)),
        (46239.0, datetime.date(2026, 8, 5)),
        (datetime.datetime(2026, 8, 5, 0, 0), datetime.date(2026, 8, 5)),
        ("ngày 5 tháng 8 năm 2026", datetime.date(2026, 8, 5)),
    ],
)
def test_dates_in_every_usual_form(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2025", "tháng 8", "12345678", "2025/13/45"])
def test_unreadable_dates_say_how_to_write_them(text):
    with pytest.raises(InvalidValue) as exc:
        parse_date(text)
    assert "ngày/tháng/năm" in exc.value.hint


@pytest.mark.parametrize("star", ["3", "3 sao", "3*", "3★", "★★★", " 3  Sao ", "Ba sao"])
def test_star_forms_all_mean_three(run, star):
    report = run(csv_bytes([annex_row(1, **{"Hạng sao": star})]))
    assert report.applied, report.as_dict()
    assert Certification.objects.get().star == 3


@pytest.mark.parametrize(
    "written", ["1234/QD-UBND", "1234 / qđ - ubnd", "Số 1234/QĐ-UBND", "1234/QĐ-UBND"]
)
def test_decision_numbers_are_normalised(run, written):
    report = run(csv_bytes([annex_row(1, **{"Số quyết định": written})]))
    assert report.applied
    assert Certification.objects.get().decision_number == "1234/QĐ-UBND"


def test_decision_date_as_excel_serial_and_short_year(run):
    rows = [annex_row(1, **{"Ngày quyết định": "45731"}),
            annex_row(2, **{"Ngày quyết định": "15/3/25"})]
    report = run(csv_bytes(rows))
    assert report.applied
    dates = set(Certification.objects.values_list("decision_date", flat=True))
    assert dates == {datetime.date(2025, 3, 15)}
    assert set(Certification.objects.values_list("valid_until", flat=True)) == {
        datetime.date(2028, 3, 15)}


def test_headers_without_diacritics_and_in_variants(run):
    header_map = {
        "Tên sản phẩm": "TEN SAN PHAM", "Chủ thể": "Tên chủ thể", "Địa chỉ": "Dia chi",
        "Hạng sao": "Xếp hạng", "Nhóm sản phẩm": "Nganh", "Số quyết định": "So QD",
        "Ngày quyết định": "Ngày công nhận", "Cơ quan ban hành": "co quan ban hanh",
    }
    row = {header_map.get(k, k): v for k, v in annex_row(1, **{"Hạng sao": "4"}).items()}
    report = run(csv_bytes([row]))
    assert report.applied, report.as_dict()
    cert = Certification.objects.get()
    assert (cert.star, cert.group.code, cert.issuer) == (4, "II", "UBND tỉnh Lâm Đồng")


def test_a_mapping_file_names_columns_the_dictionary_does_not_know(run, tmp_path):
    row = {("Sản phẩm đạt chuẩn" if k == "Tên sản phẩm" else k): v
           for k, v in annex_row(1).items()}
    without = run(csv_bytes([row]), dry_run=True)
    assert any(i.code == "MISSING_COLUMNS" for i in without.file_issues)
    mapping = tmp_path / "cot.txt"
    mapping.write_text("# tên cột = trường\nSản phẩm đạt chuẩn = product_name\n", encoding="utf-8")
    report = run(csv_bytes([row]), mapping=mapping)
    assert report.applied and report.count("created") == 1


def test_a_mapping_naming_an_unknown_field_is_reported(run, tmp_path):
    mapping = tmp_path / "cot.json"
    mapping.write_text('{"Tên sản phẩm": "ten_sp"}', encoding="utf-8")
    report = run(csv_bytes([annex_row(1)]), mapping=mapping)
    assert not report.applied
    assert "ten_sp" in report.file_issues[0].message


def test_prices_in_vietnamese_forms(run):
    from backend.catalog.models import ProductVariantChannelListing

    rows = [annex_row(1, **{"Giá": "125.000 đ"}), annex_row(2, **{"Giá": "300,000"}),
            annex_row(3, **{"Giá": "85000₫"})]
    report = run(csv_bytes(rows))
    assert report.applied
    assert sorted(ProductVariantChannelListing.objects.values_list("price_amount", flat=True)) == [
        85000, 125000, 300000]


def test_legal_form_inferred_from_the_name(run):
    from backend.producers.models import LegalForm, Producer

    rows = [annex_row(1, **{"Chủ thể": "HTX Nông nghiệp Thử"}),
            annex_row(2, **{"Chủ thể": "Công ty TNHH Thử Một"}),
            annex_row(3, **{"Chủ thể": "Hộ kinh doanh Trần Văn Thử"}),
            annex_row(4, **{"Chủ thể": "Công ty Cổ phần Thử Hai"})]
    assert run(csv_bytes(rows)).applied
    forms = dict(Producer.objects.values_list("name", "legal_form"))
    assert forms == {
        "HTX Nông nghiệp Thử": LegalForm.COOPERATIVE,
        "Công ty TNHH Thử Một": LegalForm.LIMITED_COMPANY,
        "Hộ kinh doanh Trần Văn Thử": LegalForm.HOUSEHOLD_BUSINESS,
        "Công ty Cổ phần Thử Hai": LegalForm.JOINT_STOCK_COMPANY,
    }


def test_text_is_nfc_and_single_spaced(run):
    import unicodedata

    from backend.catalog.models import Product

    decomposed = unicodedata.normalize("NFD", "Trà   atiso  Đà Lạt ")
    assert run(csv_bytes([annex_row(1, **{"Tên sản phẩm": decomposed})])).applied
    name = Product.objects.get().name
    assert name == "Trà atiso Đà Lạt" and unicodedata.is_normalized("NFC", name)


def test_groups_from_all_three_legal_bases(run):
    rows = [annex_row(1, **{"Nhóm sản phẩm": "I.4.a"}),  # QĐ 26/2026 code
            annex_row(2, **{"Nhóm sản phẩm": "Thảo dược"}),  # QĐ 1048/2019
            annex_row(3, **{"Nhóm sản phẩm": "Vải và may mặc"})]  # QĐ 1048/2019
    report = run(csv_bytes(rows))
    assert report.applied
    codes = dict(Certification.objects.values_list("product__name", "group__code"))
    assert codes == {"Trà atiso số 1": "I.4.a", "Trà atiso số 2": "III", "Trà atiso số 3": "IV.2"}
    legacy = [w for r in report.rows for w in r.warnings if w.code == "GROUP_LEGACY"]
    assert {w.row for w in legacy} == {3, 4}
    assert "1048" in legacy[0].message


def test_text_with_backslashes_tabs_and_line_breaks_is_stored_as_written(run):
    from backend.catalog.models import Product

    rows = [annex_row(1, **{"Tên sản phẩm": r"Mắm cá \N loại\1", "Mô tả": "Dòng một\n\nDòng\thai"})]
    assert run(csv_bytes(rows)).applied
    product = Product.objects.get()
    assert product.name == r"Mắm cá \N loại\1"
    assert [b["data"]["text"] for b in product.description["blocks"]] == ["Dòng một", "Dòng hai"]


def test_separate_old_commune_district_and_province_columns(run):
    from backend.producers.models import Producer

    row = {k: v for k, v in annex_row(1).items() if k != "Địa chỉ"}
    row.update({"Xã/phường": "phường Nghĩa Trung", "Quận/huyện": "thành phố Gia Nghĩa",
                "Tỉnh/thành phố": "Đắk Nông"})
    report = run(csv_bytes([row]))
    assert report.applied, report.as_dict()
    producer = Producer.objects.get()
    assert (producer.province.name, producer.commune.name) == ("Lâm Đồng", "Đông Gia Nghĩa")
    assert producer.legacy_province.name == "Đắk Nông"
    assert any(w.code == "OLD_PLACE_NAME" for w in report.rows[0].warnings)
