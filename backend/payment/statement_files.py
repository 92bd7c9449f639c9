"""Reading an uploaded bank statement (CSV or XLSX) into StatementRows, under the same
caps as the catalog importer's readers (bytes, rows, columns, unpacked XLSX size: the
importer's streaming readers in ``catalog_import``, used here by the admin page only)."""

from __future__ import annotations

import csv
import io

from .statements import LABELS, REQUIRED, StatementError, StatementRow, header_columns

HEADER_SCAN_ROWS = 30


def _grid(data: bytes, filename: str) -> list[tuple[int, list[object]]]:
    from catalog_import import limits as caps
    from catalog_import.readers import decode_text, detect_format
    from catalog_import.xlsx import XlsxRefused, read_grid

    limits = caps.ReadLimits.from_settings()
    if len(data) > limits.max_bytes:
        raise StatementError(caps.file_too_large(filename, len(data), limits.max_bytes).message)
    if detect_format(filename, data) == "xlsx":
        try:
            return read_grid(data, filename, None, limits,
                             lambda names: caps.bad_xlsx(filename, "không có trang tính"))
        except XlsxRefused as refused:
            raise StatementError(refused.issue.message) from None
    text, _, _ = decode_text(data, filename)
    delimiter = _delimiter(text[:8192])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    grid = []
    try:
        for cells in reader:
            if reader.line_num > limits.max_row_number:
                raise StatementError(caps.too_many_rows(filename, reader.line_num, limits).message)
            if len(cells) > limits.max_columns:
                raise StatementError(caps.too_many_columns(
                    filename, reader.line_num, len(cells), limits).message)
            grid.append((reader.line_num, list(cells)))
    except csv.Error:
        raise StatementError(f"Tệp CSV hỏng ở dòng {reader.line_num}: hãy mở bằng Excel, "
                             "lưu lại dạng “CSV UTF-8” rồi tải lên lại.") from None
    return grid


def _delimiter(sample: str) -> str:
    """Semicolon or tab when most lines hold one (Excel's Vietnamese CSVs use ";", and
    amounts such as 385,000 hold commas), else comma. A title line above the header has
    none, which is why csv.Sniffer guesses wrong here."""
    lines = [line for line in sample.splitlines() if line.strip()]
    for candidate in (";", "\t"):
        if lines and sum(candidate in line for line in lines) * 2 >= len(lines):
            return candidate
    return ","


def read_statement(data: bytes, filename: str) -> list[StatementRow]:
    """The statement's data rows; StatementError when the file or its header is unusable."""
    from catalog_import.readers import cell_text

    grid = _grid(data, filename)
    found = next(((position, columns) for position, columns in
                  ((i, header_columns(cells)) for i, (_, cells)
                   in enumerate(grid[:HEADER_SCAN_ROWS]))
                  if all(c in columns for c in REQUIRED)), None)
    if found is None:
        missing = ", ".join(f"“{LABELS[c]}”" for c in REQUIRED)
        raise StatementError(f"Không tìm thấy dòng tiêu đề trong {HEADER_SCAN_ROWS} dòng đầu: "
                             f"sao kê cần các cột {missing}.")
    index, columns = found

    def cell(cells: list[object], column: str) -> str:
        position = columns.get(column)
        if position is None or position >= len(cells):
            return ""
        return cell_text(cells[position])

    rows = []
    for number, cells in grid[index + 1:]:
        if not any(cell_text(c) for c in cells):
            continue
        rows.append(StatementRow(number=number, transaction_id=cell(cells, "transaction_id"),
                                 amount=cell(cells, "amount"),
                                 description=cell(cells, "description"),
                                 date=cell(cells, "date")))
    return rows
