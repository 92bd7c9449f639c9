"""The caps every import file is read under, and the errors that say one was reached.

A list is read as a stream and reading stops at the first cap it passes, so the cost of a
hostile file is bounded by these numbers, not by the file: bytes (checked before reading,
and while an upload streams in), rows, columns, the uncompressed size of an XLSX archive
(from its directory, before it is opened), the area of its merged cells, and the length
and nesting of a JSON line. Settings (``IMPORT_*``) hold the numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings

from .error_codes import ImportErrorCode as E
from .report import ERROR, Issue

# Merged cells can fill at most this many cells, however they are drawn.
MAX_MERGED_FILL = 2_000_000
MAX_MERGED_RANGES = 20_000
XLSX_MAX_MEMBERS = 2_000
# XML elements of one sheet (a real 100,000-row list has about 3 per cell).
XLSX_MAX_ELEMENTS = 5_000_000
# JSON lines longer than this are refused before parsing (a full row is a few KB).
JSON_MAX_LINE_CHARS = 1024 * 1024


# C0 controls except tab, LF and CR; DEL; C1 controls; lone UTF-16 surrogates (from JSON
# escapes such as "\ud800": no encoder, PostgreSQL's included, accepts them).
UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def printable(text: str) -> str:
    return UNPRINTABLE.sub("", text)


def number(n: int) -> str:
    """12345 → "12.345", as Vietnamese writes numbers."""
    return f"{n:,}".replace(",", ".")


def megabytes(n: int) -> str:
    if n < 1024 * 1024:
        return f"{n // 1024} KB"
    return f"{n / (1024 * 1024):.0f} MB"


@dataclass(frozen=True)
class ReadLimits:
    max_bytes: int
    max_rows: int
    max_columns: int
    xlsx_max_uncompressed: int
    json_max_depth: int

    @classmethod
    def from_settings(cls) -> ReadLimits:
        return cls(
            max_bytes=settings.IMPORT_MAX_UPLOAD_BYTES,
            max_rows=settings.IMPORT_MAX_ROWS,
            max_columns=settings.IMPORT_MAX_COLUMNS,
            xlsx_max_uncompressed=settings.IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES,
            json_max_depth=settings.IMPORT_JSON_MAX_DEPTH,
        )

    # Rows the reader takes in: the data rows plus room for title rows above the header.
    @property
    def max_row_number(self) -> int:
        return self.max_rows + 30


SPLIT_HINT = "Chia danh sách thành nhiều tệp nhỏ hơn rồi nhập từng tệp."


def file_too_large(filename: str, size: int, limit: int) -> Issue:
    return Issue(ERROR, E.FILE_TOO_LARGE,
                 f"Tệp lớn hơn {megabytes(limit)} (tệp này {megabytes(size)}).", SPLIT_HINT,
                 file=filename)


def too_many_rows(filename: str, row: int, limits: ReadLimits, counted: bool = False
                  ) -> Issue:
    where = ("kể cả các dòng trống có định dạng" if counted
             else f"có dữ liệu ở dòng {number(row)}")
    return Issue(ERROR, E.TOO_MANY_ROWS,
                 f"Tệp có hơn {number(limits.max_rows)} dòng ({where}).",
                 SPLIT_HINT + " Nếu cuối trang tính có dòng trống được định dạng, hãy xóa đi.",
                 file=filename, row=row)


def too_many_columns(filename: str, row: int, count: int, limits: ReadLimits,
                     at_least: bool = False) -> Issue:
    return Issue(ERROR, E.TOO_MANY_COLUMNS,
                 f"Dòng {number(row)} có {'hơn ' if at_least else ''}{number(count)} cột; "
                 f"tối đa {number(limits.max_columns)} cột.",
                 "Xóa các cột thừa (kể cả cột trống có định dạng) rồi nhập lại.",
                 file=filename, row=row)


def bad_xlsx(filename: str, reason: str) -> Issue:
    return Issue(ERROR, E.BAD_XLSX, f"Không mở được tệp Excel: {reason}.",
                 "Mở tệp bằng Excel/LibreOffice, lưu lại dạng .xlsx rồi nhập lại.",
                 file=filename)


def json_depth(line: str) -> int:
    """How deeply brackets nest in a JSON text, strings ignored (before json.loads)."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in line:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest
