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

from . import limits as caps
from .columns import score_header_row
from .error_codes import ImportErrorCode as E
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
            WARNING, E.ENCODING_REPLACED,
            "Một số ký tự không đọc được và đã bị thay bằng “�”.",
            "Lưu lại tệp dạng “CSV UTF-8” rồi nhập lại.", file=filename,
        ))
    fixed = fix_mojibake(text)
    if fixed is not None and fixed != text:
        text = fixed
        encoding += "+mojibake"
        issues.append(Issue(
            WARNING, E.ENCODING_MOJIBAKE,
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
            ERROR, E.NO_HEADER,
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


def read_csv(data: bytes, filename: str, overrides: dict[str, str] | None = None,
             limits: caps.ReadLimits | None = None) -> Table:
    limits = limits or caps.ReadLimits.from_settings()
    text, encoding, issues = decode_text(data, filename)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    # A long cell is the row's problem (see storable), not a reason to stop reading: the
    # file itself is capped in bytes already.
    csv.field_size_limit(max(csv.field_size_limit(), limits.max_bytes + 1))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    grid = []
    try:
        for cells in reader:
            # line_num counts physical lines: a quoted multi-line cell names its first line.
            number = reader.line_num - _extra_lines(cells)
            if number > limits.max_row_number and any(cells):
                raise ReadError(caps.too_many_rows(filename, number, limits))
            while cells and not cells[-1]:
                cells.pop()
            if len(cells) > limits.max_columns:
                raise ReadError(caps.too_many_columns(filename, number, len(cells), limits))
            grid.append((number, cells))
    except csv.Error as exc:
        raise ReadError(Issue(
            ERROR, E.BAD_CSV, f"Tệp CSV hỏng ở dòng {reader.line_num}.",
            "Mở tệp bằng Excel/LibreOffice, lưu lại dạng “CSV UTF-8” rồi nhập lại.",
            file=filename, row=reader.line_num)) from exc
    table = _table_from_grid(grid, filename, overrides, encoding)
    table.issues = issues + table.issues
    return table


def _extra_lines(cells: list[str]) -> int:
    return sum(c.count("\n") for c in cells)


def read_xlsx(
    data: bytes, filename: str, sheet: str | None = None, overrides: dict[str, str] | None = None,
    limits: caps.ReadLimits | None = None,
) -> Table:
    from .xlsx import XlsxRefused, read_grid

    def no_sheet(names: list[str]) -> Issue:
        return Issue(ERROR, E.NO_SHEET, f"Không có trang tính “{sheet}”.",
                     f"Các trang tính có trong tệp: {', '.join(names)}.", file=filename)

    try:
        # A producer or decision merged over several product rows belongs to each of them.
        grid = read_grid(data, filename, sheet, limits or caps.ReadLimits.from_settings(),
                         no_sheet)
    except XlsxRefused as exc:
        raise ReadError(exc.issue) from exc
    return _table_from_grid(grid, filename, overrides, "xlsx")


def _bad_json(filename: str, number: int, line: str, message: str) -> Issue:
    return Issue(ERROR, E.BAD_JSON, message, "Mỗi dòng phải là một đối tượng JSON {…}.",
                 file=filename, row=number, value=line[:80])


def _json_line_problem(line: str, limits: caps.ReadLimits) -> str | None:
    if len(line) > caps.JSON_MAX_LINE_CHARS:
        return (f"Dòng dài {caps.number(len(line))} ký tự, vượt quá "
                f"{caps.number(caps.JSON_MAX_LINE_CHARS)} ký tự cho phép.")
    # Counting brackets is cheap; most lines have one pair and skip the walk.
    if line.count("[") + line.count("{") > limits.json_max_depth and \
            caps.json_depth(line) > limits.json_max_depth:
        return (f"Dòng lồng nhau quá {limits.json_max_depth} cấp; mỗi dòng phải là một "
                "đối tượng JSON phẳng.")
    return None


def read_jsonl(data: bytes, filename: str, overrides: dict[str, str] | None = None,
               limits: caps.ReadLimits | None = None) -> Table:
    limits = limits or caps.ReadLimits.from_settings()
    text, encoding, issues = decode_text(data, filename)
    headers: list[str] = []
    known: set[str] = set()
    records: list[tuple[int, dict]] = []
    for number, line in enumerate(io.StringIO(text, newline=None), start=1):
        line = line.rstrip("\n")
        if not line.strip():
            continue
        if number > limits.max_row_number:
            raise ReadError(caps.too_many_rows(filename, number, limits))
        problem = _json_line_problem(line, limits)
        if problem:
            issues.append(_bad_json(filename, number, line, problem))
            continue
        try:
            obj = json.loads(line)
        except RecursionError:
            issues.append(_bad_json(filename, number, line, "Dòng lồng nhau quá sâu."))
            continue
        except ValueError as exc:  # JSONDecodeError, or an integer of thousands of digits
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "số quá dài"
            issues.append(_bad_json(filename, number, line,
                                    f"Dòng không phải JSON hợp lệ ({reason})."))
            continue
        if not isinstance(obj, dict):
            issues.append(_bad_json(filename, number, line,
                                    "Dòng không phải một đối tượng JSON {…}."))
            continue
        if any(caps.UNPRINTABLE.search(key) for key in obj):
            # Keys name columns in the report: nothing there a page or a file cannot hold.
            obj = {caps.printable(key): value for key, value in obj.items()}
        for key in obj:
            if key not in known:
                if len(headers) >= limits.max_columns:
                    raise ReadError(caps.too_many_columns(filename, number, len(obj), limits))
                known.add(key)
                headers.append(key)
        records.append((number, obj))
    if score_header_row(headers, overrides) <= 2:
        raise ReadError(Issue(
            ERROR, E.NO_HEADER, "Không nhận ra các khóa của tệp JSON lines.",
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
    """Read any supported file (path, bytes or binary file object) into a Table.

    Never reads more than ``IMPORT_MAX_UPLOAD_BYTES`` (+1 to notice it was more).
    """
    limits = caps.ReadLimits.from_settings()
    if isinstance(source, str | Path):
        path = Path(source)
        filename = filename or path.name
        try:
            with path.open("rb") as fh:
                data = fh.read(limits.max_bytes + 1)
        except OSError as exc:
            raise ReadError(Issue(
                ERROR, E.NO_FILE, f"Không đọc được tệp: {exc.strerror}.",
                "Kiểm tra lại đường dẫn tệp.", file=filename or str(source),
            )) from exc
    elif isinstance(source, bytes):
        data = source
    else:
        data = source.read(limits.max_bytes + 1)
        filename = filename or getattr(source, "name", "") or ""
    filename = Path(filename or "tệp tải lên").name[:200]
    if len(data) > limits.max_bytes:
        raise ReadError(caps.file_too_large(filename, len(data), limits.max_bytes))
    fmt = (fmt or detect_format(filename, data)).lower()
    if fmt == "xlsx":
        return read_xlsx(data, filename, sheet, overrides, limits)
    if fmt in ("jsonl", "json"):
        return read_jsonl(data, filename, overrides, limits)
    return read_csv(data, filename, overrides, limits)


def cell_text(value: object) -> str:
    """A cell as text: NFC, single spaces; Excel's 3.0 as "3"; dates as dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    return nfc(str(value))
