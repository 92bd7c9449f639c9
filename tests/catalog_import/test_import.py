"""Whole imports: placement, dedup, safety policies, re-import and upgrades."""

from __future__ import annotations

import csv
import datetime
import json
import re

import pytest

from backend.catalog.models import Product, ProductChannelListing
from backend.ocop.models import Certification
from backend.producers.models import Producer, Shop
from catalog_import.pipeline import run_import

from .conftest import FIXTURES, SAMPLE, annex_row, csv_bytes


def _counts() -> tuple[int, int, int, int]:
    return (Producer.objects.count(), Shop.objects.count(), Product.objects.count(),
            Certification.objects.count())


def _ocop_values(product) -> set[tuple[str, str]]:
    return {(a.value.attribute.slug, a.value.slug)
            for a in product.attributevalues.select_related("value__attribute")}


def _check_list_against_its_own_columns(path, report):
    """Every row placed in the current commune the list names, group under QĐ 26/2026,
    star and validity from the decision date."""
    with open(path, encoding="utf-8-sig") as fh:
        source = list(csv.DictReader(fh))
    assert report.applied and report.count("error") == 0
    assert report.count("created") == len(source)
    by_row = {r.row: r for r in report.rows}
    expected_groups = {"Thực phẩm": "I", "Đồ uống": "II", "Thảo dược": "III"}
    for number, src in enumerate(source, start=2):
        outcome = by_row[number]
        product = Product.objects.select_related("producer__province", "producer__commune").get(
            pk=outcome.product_id)
        producer = product.producer
        assert producer.province.name == src["current_province"]
        if src["current_commune"]:
            assert producer.commune.full_name.lower() == src["current_commune"].lower(), number
        else:
            assert producer.commune is None
        assert producer.original_address == src["original_address"]
        assert outcome.star == int(src["star"])
        assert outcome.group.split()[0] == expected_groups[src["category"]]
        cert = product.certifications.first()
        if src["decision_number"]:
            assert cert.decision_number == src["decision_number"]
            assert cert.decision_date == datetime.date.fromisoformat(src["cert_issued_at"])
            assert cert.star == int(src["star"])
            assert cert.group.code == expected_groups[src["category"]]
            assert cert.valid_until == datetime.date.fromisoformat(src["cert_issued_at"]).replace(
                year=int(src["cert_issued_at"][:4]) + 3)
            assert cert.issuer == src["issuing_authority"]
            assert (("ocop-star", f"{src['star']}-sao") in _ocop_values(product))
        else:
            # No decision in the list: on the province's list with its star, "reported";
            # shown and counted, no decision number, date or validity invented.
            assert (cert.kind, cert.decision_number, cert.decision_date, cert.valid_until) == (
                "reported", "", None, None)
            assert cert.star == int(src["star"])
            assert any(w.code == "REPORTED" for w in outcome.warnings)
            assert ProductChannelListing.objects.get(product=product).is_published
            assert (("ocop-star", f"{src['star']}-sao") in _ocop_values(product))
    names = {(s["subject_name"]) for s in source}
    assert Producer.objects.count() == len(names)
    assert Shop.objects.count() == len(names)


def test_fixture_with_the_real_lists_quirks(run):
    path = FIXTURES / "lamdong_quirks.csv"
    report = run(path.read_bytes(), name="lamdong_quirks.csv")
    _check_list_against_its_own_columns(path, report)
    # Old Đắk Nông ward → today's ward, the old text kept, region from the old province.
    producer = Producer.objects.get(name="Hợp tác xã Nông sản Thử Nghiệm")
    assert producer.commune.name == "Đông Gia Nghĩa"
    assert producer.legacy_province.name == "Đắk Nông"
    assert producer.region.slug == "tay-nguyen"
    warnings = {w.code for r in report.rows for w in r.warnings}
    assert {"OLD_PLACE_NAME", "GROUP_LEGACY", "REPORTED", "EXPIRY_MISMATCH",
            "COMMUNE_UNKNOWN"} <= warnings
    mismatch = next(w for r in report.rows for w in r.warnings if w.code == "EXPIRY_MISMATCH")
    assert (mismatch.row, mismatch.column, mismatch.value) == (6, "cert_expires_at", "2028-06-20")
    # Same product name, two producers: two products.
    assert Product.objects.filter(name="Chanh dây sấy dẻo").count() == 2


@pytest.mark.skipif(not SAMPLE.exists(), reason="../shared/reference is not on this machine")
def test_the_real_lam_dong_list(ocop_ready):
    report = run_import(SAMPLE)
    _check_list_against_its_own_columns(SAMPLE, report)
    assert Producer.objects.count() == 31


def test_reimporting_the_same_file_changes_nothing(run):
    data = (FIXTURES / "lamdong_quirks.csv").read_bytes()
    first = run(data, name="a.csv")
    before = _counts()
    updated_at = dict(Product.objects.values_list("pk", "updated_at"))
    again = run(data, name="a.csv")
    assert again.applied
    assert again.count("unchanged") == again.total_rows == first.total_rows
    assert _counts() == before
    assert dict(Product.objects.values_list("pk", "updated_at")) == updated_at


def test_producers_match_by_name_folded_and_by_registration_number(run):
    run(csv_bytes([annex_row(1, **{"Mã số doanh nghiệp": "5800123456"})]))
    rows = [
        # Same producer written without diacritics and in capitals.
        annex_row(2, **{"Chủ thể": "HOP TAC XA ATISO THU NGHIEM"}),
        # Renamed, but the registration number says it is the same one.
        annex_row(3, **{"Chủ thể": "HTX Atiso Thử Nghiệm (mới)",
                        "Mã số doanh nghiệp": "5800123456"}),
    ]
    report = run(csv_bytes(rows))
    assert report.count("created") == 2
    assert Producer.objects.count() == 1
    assert Product.objects.filter(producer=Producer.objects.get()).count() == 3


def test_a_newer_decision_upgrades_and_keeps_the_history(run):
    run(csv_bytes([annex_row(1, **{"Mã sản phẩm": "68-24-001-2022", "Hạng sao": "3",
                                    "Ngày quyết định": "15/01/2024"})]))
    product = Product.objects.get()
    assert ("ocop-star", "3-sao") in _ocop_values(product)
    report = run(csv_bytes([annex_row(1, **{
        "Mã sản phẩm": "68-24-001-2022", "Hạng sao": "4★", "Số quyết định": "858/QĐ-UBND",
        "Ngày quyết định": "19/06/2025", "Tên sản phẩm": "Trà atiso túi lọc (đổi tên)"})]))
    assert report.count("updated") == 1
    assert Product.objects.count() == 1
    history = list(product.certifications.order_by("decision_date").values_list(
        "star", "legal_basis", "valid_until"))
    assert history == [(3, "148/2023", datetime.date(2027, 1, 15)),
                       (4, "148/2023", datetime.date(2028, 6, 19))]
    values = _ocop_values(product)
    assert ("ocop-star", "4-sao") in values and ("ocop-star", "3-sao") not in values
    assert any("3★ → 4★" in w.message for w in report.rows[0].warnings)


def test_a_decision_arriving_later_verifies_the_reported_listing(run):
    first = run(csv_bytes([annex_row(1, **{"Số quyết định": "", "Ngày quyết định": ""})]))
    assert first.summary()["reported"] == 1
    product = Product.objects.get()
    listing = product.certifications.get()
    assert (listing.kind, listing.decision_number, listing.decision_date, listing.star) == (
        "reported", "", None, 3)
    # On the province's list: shown, with its star, flagged as not verified.
    assert ProductChannelListing.objects.get(product=product).is_published
    values = _ocop_values(product)
    assert ("ocop-star", "3-sao") in values and ("ocop-verified", "da-co-quyet-dinh") not in values
    report = run(csv_bytes([annex_row(1)]))
    assert report.count("updated") == 1
    decision = product.certifications.get()
    assert decision.pk == listing.pk
    assert (decision.kind, decision.decision_number) == ("decision", "1234/QĐ-UBND")
    assert decision.valid_until == datetime.date(2028, 3, 15)
    assert ("ocop-verified", "da-co-quyet-dinh") in _ocop_values(product)


BAD_ROWS = [
    annex_row(1),
    annex_row(2, **{"Hạng sao": "2 sao"}),
    annex_row(3, **{"Ngày quyết định": "31/02/2025"}),
    annex_row(4, **{"Địa chỉ": "Thôn 5, xã Không Có"}),
    annex_row(5, **{"Nhóm sản phẩm": "Đồ chơi điện tử"}),
    annex_row(6, **{"Tên sản phẩm": ""}),
    annex_row(7),
]


def test_one_bad_row_and_nothing_is_written_by_default(run):
    report = run(csv_bytes(BAD_ROWS), name="co-loi.csv")
    assert not report.applied and not report.ok
    assert _counts() == (0, 0, 0, 0)
    assert {r.row: r.status for r in report.rows} == {
        2: "skipped", 3: "error", 4: "error", 5: "error", 6: "error", 7: "error", 8: "skipped"}
    star = report.rows[1].errors[0]
    assert (star.file, star.row, star.column, star.value) == ("co-loi.csv", 3, "Hạng sao", "2 sao")
    assert "3, 4 hoặc 5" in star.message + star.hint
    date = report.rows[2].errors[0]
    assert (date.column, date.value) == ("Ngày quyết định", "31/02/2025")
    assert "không tồn tại" in date.message
    assert report.rows[3].errors[0].code == "PLACE_UNKNOWN"
    assert report.rows[4].errors[0].column == "Nhóm sản phẩm"
    assert report.rows[5].errors[0].column == "Tên sản phẩm"


def test_skip_invalid_imports_the_valid_rows_and_reports_the_rest(run):
    report = run(csv_bytes(BAD_ROWS), skip_invalid=True)
    assert report.applied and report.ok
    assert report.count("created") == 2 and report.count("error") == 5
    assert sorted(Product.objects.values_list("name", flat=True)) == [
        "Trà atiso số 1", "Trà atiso số 7"]


def test_dry_run_validates_everything_and_writes_nothing(run):
    report = run((FIXTURES / "lamdong_quirks.csv").read_bytes(), dry_run=True)
    assert report.count("created") == 14 and not report.applied
    assert _counts() == (0, 0, 0, 0)
    bad = run(csv_bytes(BAD_ROWS), dry_run=True)
    assert bad.count("error") == 5


def test_a_failure_midway_leaves_no_partial_rows(run, monkeypatch):
    """What a killed process leaves: the file's one transaction is rolled back."""
    from backend.ocop import bulk

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(bulk, "bulk_sync_ocop_attributes", crash)
    with pytest.raises(KeyboardInterrupt):
        run(csv_bytes([annex_row(n) for n in range(1, 6)]))
    assert _counts() == (0, 0, 0, 0)


def test_duplicate_rows_in_one_file_are_written_once(run):
    report = run(csv_bytes([annex_row(1), annex_row(1)]))
    assert report.applied
    assert Product.objects.count() == 1 and Certification.objects.count() == 1
    assert any(w.code == "DUPLICATE_ROW" for w in report.rows[1].warnings)


def test_command_line_writes_a_machine_readable_report(ocop_ready, tmp_path, capsys):
    from django.core.management import call_command

    out = tmp_path / "bao-cao.json"
    call_command("import", str(FIXTURES / "lamdong_quirks.csv"), "--report", str(out),
                 "--no-progress")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["summary"]["created"] == 14 and data["summary"]["applied"] is True
    assert len(data["rows"]) == 14
    # The console and the report say how many rows were reported, inferred, warned.
    assert (data["summary"]["reported"], data["summary"]["inferred"]) == (7, 0)
    assert data["summary"]["warned"] == 14
    console = capsys.readouterr().out
    assert "Tạo mới" in console
    assert re.search(r"Trong danh sách, chưa có quyết định\s+7", console)
    assert re.search(r"Cơ quan ban hành suy ra\s+0", console)
    csv_out = tmp_path / "bao-cao.csv"
    call_command("import", str(FIXTURES / "lamdong_quirks.csv"), "--dry-run", "--report",
                 str(csv_out), "--no-progress")
    lines = csv_out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("dòng,kết quả") and "Không đổi" in lines[1]


def test_command_line_fails_loudly_on_a_bad_file(ocop_ready, tmp_path):
    from django.core.management import CommandError, call_command

    path = tmp_path / "x.csv"
    path.write_bytes(csv_bytes(BAD_ROWS))
    with pytest.raises(CommandError):
        call_command("import", str(path), "--no-progress")
    assert _counts() == (0, 0, 0, 0)
