"""Whether a row's values can be stored at all, checked before the dry run reports.

Two checks the database would otherwise make at COPY time, after the dry run had already
said "created":

- ``clean_cells`` (before a row is read): NUL and other control characters are removed
  (PostgreSQL refuses NUL in text), a cell longer than ``IMPORT_MAX_CELL_CHARS`` is an
  error, and so are JSON values that are lists, objects or not finite numbers.
- ``check_stored_values`` (after): every text is checked against the ``max_length`` of the
  model field it is written to, and every number against its column's range, read from
  the models themselves so the limits live in one place.

Each problem names the file, row and column, in Vietnamese.
"""

from __future__ import annotations

import math
from functools import cache

from django.conf import settings
from django.db import connection

from .columns import FIELD_LABELS, ColumnMap
from .error_codes import ImportErrorCode as E
from .limits import printable
from .readers import RawRow
from .report import ERROR, WARNING, Issue
from .validate import Candidate

# Candidate attribute → (app_label.Model, field, the row field that holds it).
_STORED = {
    "product_name": ("catalog.Product", "name", "product_name"),
    "product_key": ("catalog.Product", "name_key", "product_name"),
    "producer_name": ("producers.Producer", "name", "producer_name"),
    "producer_key": ("producers.Producer", "name_key", "producer_name"),
    "registration_number": ("producers.Producer", "registration_number",
                            "registration_number"),
    "address": ("producers.Producer", "address", "address"),
    "original_address": ("producers.Producer", "original_address", "original_address"),
    "phone": ("producers.Producer", "phone", "phone"),
    "decision_number": ("ocop.Certification", "decision_number", "decision_number"),
    "issuer": ("ocop.Certification", "issuer", "issuer"),
    "product_code": ("ocop.Certification", "product_code", "product_code"),
    "group_label": ("ocop.Certification", "group_label", "group"),
    "score": ("ocop.Certification", "score", "score"),
    "price": ("catalog.ProductVariantChannelListing", "price_amount", "price"),
}


def _short(value: object, limit: int = 80) -> str:
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _issue(level: str, code: str, message: str, hint: str, *, filename: str, row: int,
           columns: ColumnMap, name: str, value: object) -> Issue:
    return Issue(level, code, message, hint, file=filename, row=row,
                 column=columns.header_for(name), value=_short(value), field=name)


def clean_cells(raw_row: RawRow, positions: dict[str, int], columns: ColumnMap,
                filename: str) -> list[Issue]:
    """Make the mapped cells of ``raw_row`` safe to read (in place); the problems found."""
    issues: list[Issue] = []
    cells = raw_row.cells
    max_chars = settings.IMPORT_MAX_CELL_CHARS
    where = {"filename": filename, "row": raw_row.number, "columns": columns}
    for name, index in positions.items():
        if index >= len(cells) or cells[index] is None:
            continue
        value = cells[index]
        if isinstance(value, dict | list | tuple):
            cells[index] = None
            issues.append(_issue(ERROR, E.NOT_A_VALUE, "Ô chứa một danh sách hoặc đối tượng "
                                 "lồng nhau, không phải một giá trị.",
                                 "Ghi một chữ hoặc một số vào ô này.", name=name,
                                 value=value, **where))
        elif isinstance(value, float) and not math.isfinite(value):
            cells[index] = None
            issues.append(_issue(ERROR, E.BAD_NUMBER, "Ô chứa một số không hợp lệ.",
                                 "Ghi một số bình thường, ví dụ 125000.", name=name,
                                 value=value, **where))
        elif isinstance(value, str):
            if len(value) > max_chars:
                cells[index] = None
                issues.append(_issue(
                    ERROR, E.CELL_TOO_LONG,
                    f"Ô dài {len(value):,} ký tự, vượt quá {max_chars:,} ký tự cho phép."
                    .replace(",", "."), "Rút gọn nội dung ô này.", name=name, value=value,
                    **where))
                continue
            cleaned = printable(value)
            if cleaned != value:
                cells[index] = cleaned
                issues.append(_issue(WARNING, E.CONTROL_CHARACTERS,
                                     "Ô có ký tự điều khiển không in được (ví dụ NUL); đã "
                                     "bỏ các ký tự đó.", "Kiểm tra lại nội dung ô này.",
                                     name=name, value=cleaned, **where))
    return issues


@cache
def _limits() -> dict[str, tuple[str, int, int | None]]:
    """attribute → (kind, max length or min value, max value) from the models."""
    from django.apps import apps

    limits = {}
    for attribute, (model_label, field_name, _) in _STORED.items():
        field = apps.get_model(model_label)._meta.get_field(field_name)
        if field.max_length:
            limits[attribute] = ("text", field.max_length, None)
        else:
            low, high = connection.ops.integer_field_range(field.get_internal_type())
            limits[attribute] = ("number", low, high)
    return limits


def check_stored_values(c: Candidate, columns: ColumnMap) -> None:
    """Add an error to ``c`` for every value its database column could not hold."""
    reported: set[str] = set()
    for attribute, (kind, low, high) in _limits().items():
        value = getattr(c, attribute, None)
        if value in (None, ""):
            continue
        name = _STORED[attribute][2]
        if name in reported:
            continue
        where = {"filename": c.file, "row": c.row, "columns": columns, "name": name}
        if kind == "text" and len(value) > low:
            c.errors.append(_issue(
                ERROR, E.TOO_LONG,
                f"{FIELD_LABELS.get(name, name)} dài {len(value)} ký tự, vượt quá {low} ký tự "
                "cho phép.", "Rút gọn nội dung ô này.", value=c.raw.get(name, value), **where))
            reported.add(name)
        elif kind == "number" and not (low <= value <= high):
            c.errors.append(_issue(
                ERROR, E.OUT_OF_RANGE,
                f"{FIELD_LABELS.get(name, name)} nằm ngoài khoảng cho phép.",
                "Kiểm tra lại con số này.", value=c.raw.get(name, value), **where))
            reported.add(name)
