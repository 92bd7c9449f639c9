"""What an import found and did: one outcome per row, each problem in plain words."""

from __future__ import annotations

import io
import json
from dataclasses import asdict, dataclass, field

from backend.core.spreadsheet import csv_writer

ERROR = "error"
WARNING = "warning"

# Row outcomes.
CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"
INVALID = "error"
SKIPPED = "skipped"  # valid, but not written because the file was rejected as a whole

STATUS_LABELS = {
    CREATED: "Tạo mới",
    UPDATED: "Cập nhật",
    UNCHANGED: "Không đổi",
    INVALID: "Lỗi",
    SKIPPED: "Chưa nhập",
}


CERTIFICATION_LABELS = {
    "decision": "có quyết định",
    "reported": "trong danh sách, chưa có quyết định",
}


@dataclass
class Issue:
    """One problem: where it is (file, row, column), the value, what is wrong, what to do."""

    level: str
    code: str
    message: str
    hint: str = ""
    file: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""
    field: str = ""
    # The OCOP domain's code (``backend.ocop.error_codes``) when its rules found it.
    ocop_code: str = ""

    def as_text(self) -> str:
        where = self.file or "tệp"
        if self.row is not None:
            where += f", dòng {self.row}"
        if self.column:
            where += f", cột “{self.column}”"
        value = f" (giá trị: “{self.value}”)" if self.value else ""
        hint = f" → {self.hint}" if self.hint else ""
        return f"{where}: {self.message}{value}{hint}"


@dataclass
class RowOutcome:
    row: int
    status: str = UNCHANGED
    product_name: str = ""
    producer_name: str = ""
    product_id: int | None = None
    producer_id: int | None = None
    province: str = ""
    commune: str = ""
    group: str = ""
    star: int | None = None
    valid_until: str = ""
    # "decision" (a decision on file), "reported" (on the list, decision not on file), "".
    certification: str = ""
    issuer: str = ""
    issuer_inferred: bool = False
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


@dataclass
class ImportReport:
    file: str
    dry_run: bool = False
    skip_invalid: bool = False
    applied: bool = False
    encoding: str = ""
    total_rows: int = 0
    rows: list[RowOutcome] = field(default_factory=list)
    # Problems of the file itself (unreadable, no header row, unknown columns).
    file_issues: list[Issue] = field(default_factory=list)
    producers_created: int = 0
    certifications_created: int = 0
    images_added: int = 0
    seconds: float = 0.0
    # Seconds per phase (read, check, plan, write), for the benchmark and the curious.
    timings: dict[str, float] = field(default_factory=dict)

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def error_rows(self) -> list[RowOutcome]:
        return [r for r in self.rows if r.errors]

    @property
    def has_fatal_error(self) -> bool:
        return any(i.level == ERROR for i in self.file_issues)

    @property
    def ok(self) -> bool:
        """Nothing blocked the import (warnings allowed)."""
        return not self.has_fatal_error and (self.skip_invalid or not self.error_rows)

    def summary(self) -> dict:
        return {
            "file": self.file,
            "dry_run": self.dry_run,
            "applied": self.applied,
            "rows": self.total_rows,
            "created": self.count(CREATED),
            "updated": self.count(UPDATED),
            "unchanged": self.count(UNCHANGED),
            "errors": self.count(INVALID),
            "skipped": self.count(SKIPPED),
            "warnings": sum(len(r.warnings) for r in self.rows)
            + sum(1 for i in self.file_issues if i.level == WARNING),
            # Rows whose issuer was inferred from the rules, rows recorded as "reported"
            # (decision not on file), rows with at least one warning.
            "inferred": sum(1 for r in self.rows if r.issuer_inferred and not r.errors),
            "reported": sum(1 for r in self.rows if r.certification == "reported"
                            and not r.errors),
            "warned": sum(1 for r in self.rows if r.warnings),
            "producers_created": self.producers_created,
            "certifications_created": self.certifications_created,
            "images_added": self.images_added,
            "seconds": round(self.seconds, 3),
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
        }

    def as_dict(self) -> dict:
        return {
            "summary": self.summary(),
            "file_issues": [asdict(i) for i in self.file_issues],
            "rows": [
                {
                    **{k: v for k, v in asdict(r).items() if k not in ("errors", "warnings")},
                    "errors": [asdict(i) for i in r.errors],
                    "warnings": [asdict(i) for i in r.warnings],
                }
                for r in self.rows
            ],
        }

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2)

    def to_csv(self) -> str:
        out = io.StringIO()
        # Names, addresses and error texts come from the imported file: no formulas.
        writer = csv_writer(out)
        writer.writerow(
            ["dòng", "kết quả", "sản phẩm", "chủ thể", "tỉnh/thành", "xã/phường", "nhóm",
             "hạng sao", "hiệu lực đến", "chứng nhận", "cơ quan ban hành",
             "mã sản phẩm (hệ thống)", "lỗi", "cảnh báo"]
        )
        for r in self.rows:
            writer.writerow([
                r.row, r.status_label, r.product_name, r.producer_name, r.province, r.commune,
                r.group, r.star or "", r.valid_until, CERTIFICATION_LABELS.get(r.certification, ""),
                r.issuer + (" (suy ra)" if r.issuer_inferred else ""), r.product_id or "",
                " | ".join(i.as_text() for i in r.errors),
                " | ".join(i.as_text() for i in r.warnings),
            ])
        return out.getvalue()

    def write(self, path: str) -> None:
        """Write the machine-readable report; CSV when the name ends in .csv, else JSON."""
        text = self.to_csv() if str(path).lower().endswith(".csv") else self.to_json()
        with open(path, "w", encoding="utf-8-sig" if str(path).endswith(".csv") else "utf-8") as fh:
            fh.write(text)
