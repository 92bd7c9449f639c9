"""read → map columns → normalise and validate → plan → write → report, for one file.

The command line, the admin upload page and the GraphQL mutation all call ``run_import``.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.db import transaction

from backend.channel.models import get_default_channel
from backend.core.bulk import collection_paused
from backend.core.text import clean, nfc
from backend.ocop.rules import IssuerSource
from backend.ocop.services import ensure_ocop_product_type

from . import limits as caps
from . import storable, upsert
from .columns import FIELD_LABELS, ColumnMap, MappingError, build_column_map, load_mapping
from .error_codes import ImportErrorCode as E
from .images import ImageSpool, ImageUnavailable, check_image_ref, fetch_image
from .issuers import issuer_from_heading, resolve_issuers
from .locking import import_lock
from .readers import RawRow, ReadError, read_table
from .report import ERROR, INVALID, SKIPPED, WARNING, ImportReport, Issue, RowOutcome
from .validate import Candidate, Memo, build_candidate

logger = logging.getLogger("catalog_import")

# progress(phase, done, total): phase is "check" (rows read and validated) or "write".
Progress = Callable[[str, int, int], None]
REQUIRED_FIELDS = ("product_name", "producer_name", "star")


def run_import(
    source: str | Path | bytes | BinaryIO,
    *,
    filename: str | None = None,
    fmt: str | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    mapping: str | Path | dict | None = None,
    sheet: str | None = None,
    progress: Progress | None = None,
    allow_local_images: bool = False,
    issuer: str | None = None,
    only_producer=None,
) -> ImportReport:
    """Import one file of certified products. Never raises for bad data: look at the report.

    All or nothing by default: one bad row and nothing is written. With ``skip_invalid``
    the valid rows are written (in one transaction) and the others reported. ``issuer``:
    the body that signed the file's decisions, for rows and files that do not say.
    ``only_producer``: a seller's import (the portal): rows of that producer's existing
    certified products only; other producers' rows and new certificates are row errors.
    """
    with collection_paused():
        return _run_import(source, filename=filename, fmt=fmt, dry_run=dry_run,
                           skip_invalid=skip_invalid, mapping=mapping, sheet=sheet,
                           progress=progress, allow_local_images=allow_local_images,
                           issuer=issuer, only_producer=only_producer)


def _run_import(source, *, filename, fmt, dry_run, skip_invalid, mapping, sheet, progress,
                allow_local_images, issuer, only_producer) -> ImportReport:
    started = time.perf_counter()
    name = Path(filename or (source if isinstance(source, str | Path) else "")).name or (
        getattr(source, "name", "") or "tệp tải lên")
    report = ImportReport(file=Path(str(name)).name[:200], dry_run=dry_run,
                          skip_invalid=skip_invalid)
    try:
        overrides = load_mapping(mapping)
        table = read_table(source, filename=filename, fmt=fmt, sheet=sheet, overrides=overrides)
    except MappingError as exc:
        report.file_issues.append(Issue(ERROR, E.BAD_MAPPING, str(exc),
                                        "Sửa tệp ánh xạ cột rồi chạy lại.", file=report.file))
        return _finish(report, started)
    except ReadError as exc:
        report.file_issues.append(exc.issue)
        return _finish(report, started)
    report.timings["read"] = time.perf_counter() - started
    max_rows = settings.IMPORT_MAX_ROWS
    if len(table.rows) > max_rows:
        # The readers stop a little past the cap (title rows above the header are not data
        # rows): the exact count is checked here.
        report.file_issues.append(caps.too_many_rows(
            report.file, table.rows[max_rows].number, caps.ReadLimits.from_settings()))
        return _finish(report, started)
    report.encoding = table.encoding
    report.file_issues.extend(table.issues)
    headers = [("" if h is None else str(h)) for h in table.headers]
    columns = build_column_map(headers, overrides)
    for field, header in columns.duplicates:
        report.file_issues.append(Issue(
            WARNING, E.DUPLICATE_COLUMN,
            f"Có hai cột cùng nghĩa “{FIELD_LABELS[field]}”; dùng cột “{columns.fields[field]}”, "
            f"bỏ qua cột “{header}”.", "Xóa hoặc đổi tên cột thừa.",
            file=report.file, row=table.header_row or None, column=header))
    if columns.unused:
        report.file_issues.append(Issue(
            WARNING, E.UNUSED_COLUMNS,
            f"Các cột không dùng đến: {', '.join(columns.unused)}.",
            "Nếu cột nào cần nhập, hãy chỉ rõ bằng tệp ánh xạ cột (--mapping).",
            file=report.file, row=table.header_row or None))
    missing = [f for f in REQUIRED_FIELDS if f not in columns.fields]
    if "address" not in columns.fields and "original_address" not in columns.fields \
            and "province" not in columns.fields:
        missing.append("address")
    if missing:
        report.file_issues.append(Issue(
            ERROR, E.MISSING_COLUMNS,
            "Thiếu cột bắt buộc: " + ", ".join(f"“{FIELD_LABELS[f]}”" for f in missing) + ".",
            "Thêm các cột này, hoặc dùng --mapping để cho biết cột nào chứa chúng.",
            file=report.file, row=table.header_row or None))
        return _finish(report, started)

    nfc_headers = [nfc(h) for h in headers]
    positions = {f: nfc_headers.index(h) for f, h in columns.fields.items()}
    total = len(table.rows)
    report.total_rows = total
    candidates: list[Candidate] = []
    memo = Memo()
    for i, raw_row in enumerate(table.rows, start=1):
        candidates.append(_check_row(raw_row, positions, columns, report.file, memo))
        if progress and (i % 500 == 0 or i == total):
            progress("check", i, total)
    resolve_issuers(candidates, heading=issuer_from_heading(table.title_rows),
                    option=clean(issuer), memo=memo)
    # A JSON line that could not be parsed is a bad row too.
    for issue in [i for i in report.file_issues if i.level == ERROR and i.row]:
        report.file_issues.remove(issue)
        report.rows.append(RowOutcome(row=issue.row, status=INVALID, errors=[issue]))

    report.timings["check"] = time.perf_counter() - started - report.timings["read"]
    mark = time.perf_counter()
    channel = get_default_channel()
    with contextlib.ExitStack() as stack:
        spool = stack.enter_context(ImageSpool())
        if not dry_run:
            # Concurrent imports plan and write one after another (see locking).
            stack.enter_context(import_lock())
        planned = upsert.plan(candidates, channel)
        if only_producer is not None:
            skip_invalid = False  # a refused row must not let the rest of its plan through
            _restrict_to(only_producer, candidates, planned, report.file)
        writable = not dry_run and not report.has_fatal_error and (
            skip_invalid or not any(c.errors for c in candidates)
            and not any(r.errors for r in report.rows))
        _images(planned, columns.header_for("image"), source, allow_local_images,
                fetch=writable, spool=spool)
        for c in candidates:
            report.rows.append(_outcome(c, planned))
        report.rows.sort(key=lambda r: r.row)
        report.timings["plan"] = time.perf_counter() - mark
        if writable:
            _write(report, candidates, planned, channel, progress)
    if not dry_run and not report.applied:
        for r in report.rows:
            if not r.errors:
                r.status = SKIPPED
    return _finish(report, started)


def _restrict_to(producer, candidates: list[Candidate], planned: upsert.Plan,
                 filename: str) -> None:
    """A seller imports their own list: prices and photos of their producer's products
    already certified. Certificates (OCOP facts) come from the operator's imports."""
    for c in candidates:
        if c.errors or c.row not in planned.by_row:
            continue
        _, entry, _ = planned.by_row[c.row]
        existing = entry.producer.existing
        if existing is None or existing.pk != producer.pk:
            c.errors.append(Issue(
                ERROR, E.OTHER_PRODUCER,
                f"Dòng này thuộc chủ thể “{c.producer_name}”, không phải “{producer.name}”.",
                "Chỉ nhập được sản phẩm của gian hàng mình.", file=filename, row=c.row,
                field="producer_name"))
        elif entry.existing_id is None or entry.new_listing is c or any(
                x is c for x in entry.new_certificates):
            c.errors.append(Issue(
                ERROR, E.CERTIFICATE_BY_OPERATOR,
                "Chứng nhận OCOP mới do sàn nhập và xác minh; dòng này thêm một chứng nhận "
                "hoặc sản phẩm chưa có trên sàn.",
                "Gửi quyết định công nhận cho sàn; sau khi sàn nhập, bạn cập nhật giá và ảnh "
                "tại đây.", file=filename, row=c.row))


def _outcome(c: Candidate, planned: upsert.Plan) -> RowOutcome:
    outcome = RowOutcome(
        row=c.row, product_name=c.product_name, producer_name=c.producer_name,
        province=c.province.name if c.province else "",
        commune=(c.commune.full_name or c.commune.name) if c.commune else "",
        group=f"{c.group.code} {c.group.name}" if c.group else "",
        star=c.star, valid_until=f"{c.valid_until:%d/%m/%Y}" if c.valid_until else "",
        certification="reported" if c.reported else ("decision" if c.has_certificate else ""),
        issuer=c.issuer, issuer_inferred=c.issuer_source == IssuerSource.INFERRED,
        errors=list(c.errors), warnings=list(c.warnings),
    )
    if c.errors:
        outcome.status = INVALID
    elif c.row in planned.by_row:
        _, entry, status = planned.by_row[c.row]
        outcome.status = status
        outcome.product_id = entry.existing_id
        outcome.producer_id = entry.producer.existing.pk if entry.producer.existing else None
    return outcome


def _check_row(raw_row: RawRow, positions: dict[str, int], columns: ColumnMap,
               filename: str, memo: Memo) -> Candidate:
    """One row read and checked; whatever goes wrong is the row's error, never the file's."""
    cell_issues = storable.clean_cells(raw_row, positions, columns, filename)
    try:
        c = build_candidate(raw_row, positions, columns, filename, memo)
    except Exception:  # a bug, not the user's mistake: keep the import going, log it
        logger.exception("importer: row %s of %s could not be read", raw_row.number, filename)
        c = Candidate(row=raw_row.number, file=filename)
        c.errors.append(Issue(ERROR, E.ROW_UNREADABLE, "Không đọc được dòng này.",
                              "Kiểm tra lại các ô của dòng; nếu đúng, báo cho quản trị sàn.",
                              file=filename, row=raw_row.number))
    # A cell refused above was blanked: its own error says why, not "missing".
    blanked = {i.field for i in cell_issues if i.level == ERROR}
    c.errors = [i for i in cell_issues if i.level == ERROR] + [
        e for e in c.errors if e.field not in blanked]
    c.warnings = [i for i in cell_issues if i.level != ERROR] + c.warnings
    storable.check_stored_values(c, columns)
    return c


def _write(report: ImportReport, candidates: list[Candidate], planned: upsert.Plan,
           channel, progress: Progress | None) -> None:
    report.applied = True
    if not planned.products:
        return
    mark = time.perf_counter()
    with transaction.atomic():
        done = upsert.apply(planned, channel=channel, product_type=ensure_ocop_product_type(),
                            progress=progress)
    report.timings["write"] = time.perf_counter() - mark
    report.producers_created = done.producers_created
    report.certifications_created = done.certifications_created
    report.images_added = done.images_added
    report.timings.update(done.timings)
    # Ids and late warnings (images) are known only now.
    by_row = {r.row: r for r in report.rows}
    for c in candidates:
        if c.row in planned.by_row and c.row in by_row:
            _, entry, _ = planned.by_row[c.row]
            by_row[c.row].product_id = entry.pk
            by_row[c.row].producer_id = entry.producer.pk
            by_row[c.row].warnings = list(c.warnings)


def _images(planned: upsert.Plan, header: str, source, allow_local: bool, *, fetch: bool,
            spool: ImageSpool) -> None:
    """Fetch and prepare the images of products that have none, when the import will write;
    otherwise (dry run, rejected file) only check each reference's form, fetching nothing."""
    base_dir = Path(source).resolve().parent if isinstance(source, str | Path) else None
    ends = time.monotonic() + settings.IMPORT_IMAGES_SECONDS
    seen: dict[str, object] = {}
    for entry in planned.products:
        ref = next((c.image for c in [entry.first, *entry.new_certificates] if c.image), "")
        if not ref or entry.has_media:
            continue
        if ref not in seen:
            try:
                if not fetch:
                    check_image_ref(ref, allow_local=allow_local)
                    seen[ref] = None
                elif time.monotonic() > ends:
                    raise ImageUnavailable("hết thời gian dành cho việc tải ảnh của lượt nhập "
                                           "này")
                else:
                    seen[ref] = spool.put(fetch_image(ref, base_dir=base_dir,
                                                      allow_local=allow_local))
            except ImageUnavailable as exc:
                seen[ref] = exc
            except Exception:  # a bug in fetching must not fail the import: log it
                logger.exception("importer: image %r could not be fetched", ref[:200])
                seen[ref] = ImageUnavailable("lỗi không xác định khi tải ảnh")
        found = seen[ref]
        if isinstance(found, ImageUnavailable):
            entry.first.warnings.append(Issue(
                WARNING, E.IMAGE_UNAVAILABLE,
                f"Không tải được ảnh: {found}; sản phẩm vẫn được nhập, chưa có ảnh.",
                "Kiểm tra đường dẫn ảnh rồi nhập lại tệp để bổ sung ảnh.",
                file=entry.first.file, row=entry.first.row, column=header,
                value=ref, field="image"))
        elif found is not None:
            entry.image = found


def _finish(report: ImportReport, started: float) -> ImportReport:
    report.seconds = time.perf_counter() - started
    return report
