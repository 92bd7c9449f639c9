"""Reading the files provinces publish into rows of cells, whatever the format.

CSV (UTF-8, UTF-8 with BOM, Windows-1258, and UTF-8 that went through Windows-1252 once —
"mojibake"), XLSX (first or named sheet, header row found below title rows, merged cells
filled) and JSON lines. Row numbers are the ones the user sees in a spreadsheet or editor.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from backend.core.text import nfc

from .columns import score_header_row
from .report import ERROR, WARNING, Issue

HEADER_SCAN_ROWS = 30

# Sequences that only appear when UTF-8 Vietnamese was decoded as Windows-1252/Latin-1.
_MOJIBAKE = re.compile(r"(á»|áº|Æ°|Æ¡|Ä‘|Ä\u0090|Ã[\u00a0-\u00bf])")


class ReadError(Exception):
    def __init__(self, issue: Issue):
        super().__init__(issue.message)
        self.issue = issue


@dataclass
class RawRow:
    number: int  # as the user sees it (1-based line / spreadsheet row)
    cells: list[object]


@dataclass
class Table:
    headers: list[object]
    header_row: int
    rows: list[RawRow]
    encoding: str = ""
    issues: list[Issue] = field(default_factory=list)
    # Text of the rows above the header ("UỶ BAN NHÂN DÂN TỈNH …", the decision's title).
    title_rows: list[str] = field(default_factory=list)


def detect_format(filename: str, data: bytes) -> str:
    name = filename.lower()
    if name.endswith((".xlsx", ".xlsm")) or data[:2] == b"PK":
        return "xlsx"
    if name.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    return "csv"


def _cp1252_byte(ch: str) -> bytes:
    try:
        return ch.encode("cp1252")
    except UnicodeEncodeError:
        # Bytes cp1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) come through as the
        # control characters of the same number, as Windows decodes them.
        if ord(ch) < 256:
            return bytes([ord(ch)])
        raise


def _undo(part: str) -> str:
    try:
        return b"".join(_cp1252_byte(ch) for ch in part).decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return part


def fix_mojibake(text: str) -> str | None:
    """Undo one round of UTF-8-read-as-Windows-1252; None when the text does not look so."""
    if not _MOJIBAKE.search(text):
        return None
    whole = _undo(text)
    if whole != text:
        return whole
    # Mixed content: repair field by field where it works.
    return "".join(_undo(p) if _MOJIBAKE.search(p) else p
                   for p in re.split(r"([,;\t\n\r\"])", text))


def decode_text(data: bytes, filename: str) -> tuple[str, str, list[Issue]]:
    """Bytes → text, naming the encoding and warning when it was not clean UTF-8."""
    issues: list[Issue] = []
    if data.startswith(b"\xef\xbb\xbf"):
        text, encoding = data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = data.decode("cp1258", errors="replace"), "cp1258"
            issues.append(Issue(
                WARNING, "ENCODING_CP1258",
                "Tệp không ở dạng UTF-8; đã đọc theo bảng mã Windows-1258 (tiếng Việt cũ).",
                "Kiểm tra dấu tiếng Việt trong báo cáo; lần sau hãy lưu tệp dạng “CSV UTF-8”.",
                file=filename,
            ))
    if "\ufffd" in text:
        issues.append(Issue(
            WARNING, "ENCODING_REPLACED",
            "Một số ký tự không đọc được và đã bị thay bằng “�”.",
            "Lưu lại tệp dạng “CSV UTF-8” rồi nhập lại.", file=filename,
        ))
    fixed = fix_mojibake(text)
    if fixed is not None and fixed != text:
        text = fixed
        encoding += "+mojibake"
        issues.append(Issue(
            WARNING, "ENCODING_MOJIBAKE",
            "Tệp bị lỗi phông (chữ UTF-8 đã bị đọc sai thành Windows-1252, ví dụ “Thá»±c "
            "pháº©m”); đã tự sửa lại.",
            "Kiểm tra lại dấu tiếng Việt trong báo cáo; lần sau hãy lưu tệp dạng “CSV UTF-8”.",
            file=filename,
        ))
    return text, encoding, issues


def _find_header(rows: list[list[object]], overrides: dict[str, str] | None) -> int:
    best, best_score = -1, 2
    for i, cells in enumerate(rows[:HEADER_SCAN_ROWS]):
        score = score_header_row(cells, overrides)
        if score > best_score:
            best, best_score = i, score
    return best


def _table_from_grid(
    grid: list[tuple[int, list[object]]],
    filename: str,
    overrides: dict[str, str] | None,
    encoding: str = "",
) -> Table:
    index = _find_header([cells for _, cells in grid], overrides)
    if index < 0:
        raise ReadError(Issue(
            ERROR, "NO_HEADER",
            f"Không tìm thấy dòng tiêu đề cột trong {HEADER_SCAN_ROWS} dòng đầu.",
            "Tệp cần một dòng tiêu đề có ít nhất cột “Tên sản phẩm” và “Chủ thể”; hoặc dùng "
            "--mapping để chỉ rõ tên cột.",
            file=filename,
        ))
    header_number, headers = grid[index]
    rows = [
        RawRow(number, cells)
        for number, cells in grid[index + 1:]
        if any(c is not None and nfc(str(c)) for c in cells)
    ]
    return Table(headers=list(headers), header_row=header_number, rows=rows, encoding=encoding,
                 title_rows=title_lines(grid[:index]))


def title_lines(grid: list[tuple[int, list[object]]]) -> list[str]:
    """The distinct texts of the cells above the header, top to bottom (a merged title
    fills several cells with one text; "UBND …" and "CỘNG HÒA …" often share a row)."""
    return list(dict.fromkeys(
        nfc(str(c)) for _, cells in grid for c in cells if c is not None and nfc(str(c))
    ))


def read_csv(data: bytes, filename: str, overrides: dict[str, str] | None = None) -> Table:
    text, encoding, issues = decode_text(data, filename)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    grid = []
    for cells in reader:
        # line_num counts physical lines: a quoted multi-line cell still names its first line.
        grid.append((reader.line_num - _extra_lines(cells), list(cells)))
    table = _table_from_grid(grid, filename, overrides, encoding)
    table.issues = issues + table.issues
    return table


def _extra_lines(cells: list[str]) -> int:
    return sum(c.count("\n") for c in cells)


def read_xlsx(
    data: bytes, filename: str, sheet: str | None = None, overrides: dict[str, str] | None = None
) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ReadError(Issue(
            ERROR, "BAD_XLSX", f"Không mở được tệp Excel: {exc}.",
            "Mở tệp bằng Excel/LibreOffice, lưu lại dạng .xlsx rồi nhập lại.", file=filename,
        )) from exc
    if sheet:
        names = {nfc(n).lower(): n for n in workbook.sheetnames}
        if nfc(sheet).lower() not in names:
            raise ReadError(Issue(
                ERROR, "NO_SHEET", f"Không có trang tính “{sheet}”.",
                f"Các trang tính có trong tệp: {', '.join(workbook.sheetnames)}.", file=filename,
            ))
        ws = workbook[names[nfc(sheet).lower()]]
    else:
        ws = workbook.worksheets[0]
    # A producer or decision merged over several product rows belongs to each of them.
    fill: dict[tuple[int, int], object] = {}
    for merged in ws.merged_cells.ranges:
        value = ws.cell(merged.min_row, merged.min_col).value
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                fill[(r, c)] = value
    grid = []
    for r, row in enumerate(ws.iter_rows(values_only=True), start=1):
        cells = list(row)
        for c in range(len(cells)):
            if cells[c] is None and (r, c + 1) in fill:
                cells[c] = fill[(r, c + 1)]
        grid.append((r, cells))
    return _table_from_grid(grid, filename, overrides, "xlsx")


def read_jsonl(data: bytes, filename: str, overrides: dict[str, str] | None = None) -> Table:
    text, encoding, issues = decode_text(data, filename)
    headers: list[str] = []
    records: list[tuple[int, dict]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            issues.append(Issue(
                ERROR, "BAD_JSON", f"Dòng không phải JSON hợp lệ ({exc.msg}).",
                "Mỗi dòng phải là một đối tượng JSON {…}.", file=filename, row=number,
                value=line[:80],
            ))
            continue
        if not isinstance(obj, dict):
            issues.append(Issue(
                ERROR, "BAD_JSON", "Dòng không phải một đối tượng JSON {…}.",
                "Mỗi dòng phải là một đối tượng JSON {…}.", file=filename, row=number,
                value=line[:80],
            ))
            continue
        for key in obj:
            if key not in headers:
                headers.append(key)
        records.append((number, obj))
    if score_header_row(headers, overrides) <= 2:
        raise ReadError(Issue(
            ERROR, "NO_HEADER", "Không nhận ra các khóa của tệp JSON lines.",
            "Cần ít nhất các khóa “Tên sản phẩm” (hoặc product_name) và “Chủ thể”.",
            file=filename,
        ))
    rows = [RawRow(number, [obj.get(h) for h in headers]) for number, obj in records]
    return Table(headers=headers, header_row=0, rows=rows, encoding=encoding, issues=issues)


def read_table(
    source: str | Path | bytes | BinaryIO,
    *,
    filename: str | None = None,
    fmt: str | None = None,
    sheet: str | None = None,
    overrides: dict[str, str] | None = None,
) -> Table:
    """Read any supported file (path, bytes or binary file object) into a Table."""
    if isinstance(source, str | Path):
        path = Path(source)
        filename = filename or path.name
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ReadError(Issue(
                ERROR, "NO_FILE", f"Không đọc được tệp: {exc.strerror}.",
                "Kiểm tra lại đường dẫn tệp.", file=filename,
            )) from exc
    elif isinstance(source, bytes):
        data = source
    else:
        data = source.read()
        filename = filename or getattr(source, "name", "") or ""
    filename = Path(filename or "tệp tải lên").name
    fmt = (fmt or detect_format(filename, data)).lower()
    if fmt == "xlsx":
        return read_xlsx(data, filename, sheet, overrides)
    if fmt in ("jsonl", "json"):
        return read_jsonl(data, filename, overrides)
    return read_csv(data, filename, overrides)


def cell_text(value: object) -> str:
    """A cell as text: NFC, single spaces; Excel's 3.0 as "3"; dates as dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    return nfc(str(value))
