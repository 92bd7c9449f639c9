"""Reading one sheet of an XLSX file as a stream, within the caps of ``limits``.

The archive's directory is checked before anything is unpacked (member count, declared
uncompressed size, compression method: Python's zipfile never inflates past a member's
declared size). openpyxl then opens the workbook in read-only mode (names, shared
strings, styles) and the sheet's XML is walked row by row here, each row dropped once read,
so neither a sheet's declared dimension (``A1:XFD1048576``) nor empty formatted rows nor a
merged range over the whole sheet costs more than the cells really there: merged ranges are
clipped to the area read and their fill is capped.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from .limits import (
    MAX_MERGED_FILL,
    MAX_MERGED_RANGES,
    XLSX_MAX_ELEMENTS,
    XLSX_MAX_MEMBERS,
    ReadLimits,
    bad_xlsx,
    megabytes,
    number,
    too_many_columns,
    too_many_rows,
)
from .report import Issue

Grid = list[tuple[int, list[object]]]


class XlsxRefused(Exception):
    def __init__(self, issue: Issue):
        super().__init__(issue.message)
        self.issue = issue


def check_archive(data: bytes, filename: str, limits: ReadLimits) -> None:
    """Refuse a zip bomb from its directory alone."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise XlsxRefused(bad_xlsx(filename, "tệp không phải .xlsx hoặc bị hỏng")) from exc
    if len(members) > XLSX_MAX_MEMBERS:
        raise XlsxRefused(bad_xlsx(filename, f"có quá nhiều thành phần ({number(len(members))})"))
    if any(m.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) for m in members):
        raise XlsxRefused(bad_xlsx(filename, "dùng kiểu nén không hỗ trợ"))
    total = sum(m.file_size for m in members)
    if total > limits.xlsx_max_uncompressed:
        raise XlsxRefused(bad_xlsx(
            filename, f"khi giải nén lớn hơn {megabytes(limits.xlsx_max_uncompressed)} "
                      f"({megabytes(total)}); hãy chia nhỏ danh sách"))


@dataclass
class _Sheet:
    grid: Grid = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    width: int = 0


def _read_sheet(workbook, sheet, filename: str, limits: ReadLimits) -> _Sheet:
    from openpyxl.utils.cell import range_boundaries
    from openpyxl.worksheet._reader import CELL_TAG, MERGE_TAG, ROW_TAG, WorkSheetParser
    from openpyxl.xml.functions import iterparse  # defusedxml's when installed

    parser = WorkSheetParser(None, sheet._shared_strings, data_only=True,
                             epoch=workbook.epoch, date_formats=workbook._date_formats,
                             timedelta_formats=workbook._timedelta_formats)
    result = _Sheet()
    row_number = 0
    beyond = False
    merge_cell_tag = MERGE_TAG[:-1]  # "{…}mergeCells" → "{…}mergeCell"
    with workbook._archive.open(sheet._worksheet_path) as source:
        # Every element is dropped from its parent once read (cells when their row is),
        # so memory holds one row at a time whatever the sheet's size.
        stack: list = []
        in_row = False
        rows_seen = cells_in_row = elements = 0
        for event, element in iterparse(source, events=("start", "end")):
            if event == "start":
                stack.append(element)
                in_row = in_row or element.tag == ROW_TAG
                continue
            stack.pop()
            elements += 1
            if elements > XLSX_MAX_ELEMENTS:
                raise XlsxRefused(bad_xlsx(filename, "trang tính quá lớn; hãy chia nhỏ danh sách"))
            if element.tag == CELL_TAG:
                # A row's cells stay in memory until the row ends: count them as they come.
                cells_in_row += 1
                if cells_in_row > 4 * limits.max_columns:
                    raise XlsxRefused(too_many_columns(filename, row_number + 1,
                                                       4 * limits.max_columns, limits,
                                                       at_least=True))
                continue
            if element.tag == ROW_TAG:
                in_row = False
                cells_in_row = 0
                rows_seen += 1
                row_number = _row_number(element, row_number)
                if rows_seen > 2 * limits.max_row_number:
                    raise XlsxRefused(too_many_rows(filename, row_number, limits, counted=True))
                if len(element) == 0:
                    pass  # an empty formatted row: nothing to keep
                elif row_number > limits.max_row_number or beyond:
                    # Past the cap: only look for content, keep nothing.
                    beyond = True
                    if any(c.find("*") is not None for c in element):
                        raise XlsxRefused(too_many_rows(filename, row_number, limits))
                else:
                    cells = _row_cells(parser, element, row_number, filename, limits)
                    if cells:
                        result.width = max(result.width, len(cells))
                        result.grid.append((row_number, cells))
            elif in_row:
                continue  # a cell's parts: its row reads them
            elif element.tag == merge_cell_tag:
                if len(result.merges) >= MAX_MERGED_RANGES:
                    raise XlsxRefused(bad_xlsx(filename, "có quá nhiều vùng ô gộp"))
                min_col, min_row, max_col, max_row = range_boundaries(element.get("ref"))
                result.merges.append((min_row, min_col, max_row, max_col))
            element.clear()
            if stack:
                stack[-1].remove(element)
    return result


def _row_cells(parser, element, row_number: int, filename: str, limits: ReadLimits
               ) -> list[object]:
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
    from openpyxl.worksheet._reader import CELL_TAG, VALUE_TAG

    cells: list[object] = []
    parser.row_counter, parser.col_counter = row_number, 0
    for cell_element in element:
        if cell_element.tag != CELL_TAG:
            continue
        ref = cell_element.get("r")
        column = (column_index_from_string(coordinate_from_string(ref)[0])
                  if ref else parser.col_counter + 1)
        try:
            value = parser.parse_cell(cell_element)["value"]
        except Exception:  # "nan" as a number, a shared string that is not there…
            # The cell's text as written: the row's checks then say what is wrong with it.
            value = cell_element.findtext(VALUE_TAG) or None
        if value is None:
            continue
        if column > limits.max_columns:
            raise XlsxRefused(too_many_columns(filename, row_number, column, limits))
        cells.extend([None] * (column - len(cells)))
        cells[column - 1] = value
    return cells


def _row_number(element, previous: int) -> int:
    value = element.get("r")
    if value is None:
        return previous + 1
    number_ = int(value)
    if number_ < 1:
        raise ValueError("row number below 1")
    return number_


def _fill_merged(sheet: _Sheet, filename: str) -> None:
    """A value merged over several cells belongs to each of them, within the area read."""
    if not sheet.grid or not sheet.merges:
        return
    last_row = sheet.grid[-1][0]
    rows = dict(sheet.grid)
    budget = MAX_MERGED_FILL
    for min_row, min_col, max_row, max_col in sheet.merges:
        top_left = rows.get(min_row)
        value = top_left[min_col - 1] if top_left and min_col <= len(top_left) else None
        max_row, max_col = min(max_row, last_row), min(max_col, sheet.width)
        if value is None or min_row > max_row or min_col > max_col:
            continue
        for r in range(min_row, max_row + 1):
            cells = rows.get(r)
            if cells is None:
                continue
            budget -= max_col - min_col + 1
            if budget < 0:
                raise XlsxRefused(bad_xlsx(filename, "có vùng ô gộp quá lớn"))
            if len(cells) < max_col:
                cells.extend([None] * (max_col - len(cells)))
            for c in range(min_col - 1, max_col):
                if cells[c] is None:
                    cells[c] = value


def read_grid(data: bytes, filename: str, sheet_name: str | None, limits: ReadLimits,
              no_sheet: Callable[[list[str]], Issue]) -> Grid:
    """Rows ``(number, cells)`` of the named (or first) sheet, merged cells filled.

    ``no_sheet(names)`` builds the error for a sheet name that is not there.
    """
    from openpyxl import load_workbook

    from backend.core.text import nfc

    check_archive(data, filename, limits)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise XlsxRefused(bad_xlsx(filename, "tệp bị hỏng hoặc không đúng định dạng")) from exc
    try:
        if sheet_name:
            names = {nfc(n).lower(): n for n in workbook.sheetnames}
            if nfc(sheet_name).lower() not in names:
                raise XlsxRefused(no_sheet(workbook.sheetnames))
            sheet = workbook[names[nfc(sheet_name).lower()]]
        elif workbook.sheetnames:
            sheet = workbook[workbook.sheetnames[0]]
        else:
            raise XlsxRefused(bad_xlsx(filename, "tệp không có trang tính nào"))
        if not hasattr(sheet, "_worksheet_path"):  # a chart sheet
            raise XlsxRefused(bad_xlsx(filename, "trang tính không chứa bảng dữ liệu"))
        try:
            result = _read_sheet(workbook, sheet, filename, limits)
        except XlsxRefused:
            raise
        except Exception as exc:  # damaged sheet XML, bad cell references, DTDs refused
            raise XlsxRefused(bad_xlsx(filename, "trang tính bị hỏng")) from exc
        _fill_merged(result, filename)
        return result.grid
    finally:
        workbook.close()
