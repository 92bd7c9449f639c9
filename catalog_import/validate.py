"""One row of cells → a Candidate: typed values, the place and group resolved, and every
problem found, each naming its column and value and saying what to do."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from backend.core.money import InvalidPrice, parse_vnd
from backend.core.text import clean
from backend.geo.models import Commune, LegacyProvince, Province, Region
from backend.geo.resolver import PlaceMatch, region_for, resolve_address
from backend.ocop import rules
from backend.ocop.bulk import CertificationSpec, build_certification
from backend.ocop.classification import resolve_group
from backend.producers.services import normalize_phone

from .columns import ColumnMap
from .normalize import (
    InvalidValue,
    issuer_level,
    legal_form_from,
    name_key,
    parse_date,
    parse_int,
    parse_star,
)
from .readers import RawRow, cell_text
from .report import ERROR, WARNING, Issue

# A certification field named by validate_certification → the row field holding it.
_CERT_FIELDS = {"star": "star", "decision_number": "decision_number",
                "decision_date": "decision_date", "issuer": "issuer"}
_CERT_HINTS = {
    "star": "Ghi hạng sao 3, 4 hoặc 5.",
    "decision_number": "Ghi số quyết định công nhận, ví dụ 3981/QĐ-UBND.",
    "decision_date": "Ghi đúng ngày ký quyết định công nhận (ngày/tháng/năm).",
    "issuer": "Ghi cơ quan ban hành, ví dụ “UBND tỉnh Lâm Đồng”.",
}


@dataclass
class Candidate:
    row: int
    file: str
    raw: dict[str, object] = field(default_factory=dict)
    product_name: str = ""
    product_key: str = ""
    producer_name: str = ""
    producer_key: str = ""
    registration_number: str = ""
    legal_form: str = ""
    phone: str = ""
    address: str = ""
    original_address: str = ""
    province: Province | None = None
    commune: Commune | None = None
    legacy_province: LegacyProvince | None = None
    region: Region | None = None
    star: int | None = None
    group: object = None  # ProductGroup
    group_label: str = ""
    decision_number: str = ""
    decision_date: datetime.date | None = None
    issuer: str = ""
    valid_until: datetime.date | None = None
    product_code: str = ""
    price: int | None = None
    image: str = ""
    description: str = ""
    score: int | None = None
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    @property
    def has_certificate(self) -> bool:
        return self.decision_date is not None and bool(self.decision_number)

    def certification_spec(self, product_id: int) -> CertificationSpec:
        return CertificationSpec(
            product_id=product_id, star=self.star, decision_number=self.decision_number,
            decision_date=self.decision_date, issuer=self.issuer,
            product_code=self.product_code, group=self.group, group_label=self.group_label,
            score=self.score,
        )


class _RowContext:
    def __init__(self, candidate: Candidate, columns: ColumnMap):
        self.c = candidate
        self.columns = columns

    def value(self, name: str) -> object:
        return self.c.raw.get(name)

    def text(self, name: str) -> str:
        return clean(cell_text(self.value(name)))

    def issue(self, level: str, name: str, code: str, message: str, hint: str = "",
              value: object = None) -> None:
        issue = Issue(
            level, code, message, hint, file=self.c.file, row=self.c.row,
            column=self.columns.header_for(name) if name else "",
            value=cell_text(self.value(name) if value is None and name else value),
            field=name,
        )
        (self.c.errors if level == ERROR else self.c.warnings).append(issue)


def build_candidate(raw_row: RawRow, positions: dict[str, int], columns: ColumnMap,
                    filename: str) -> Candidate:
    """Read, normalise and check one row. Never raises for bad data: problems are issues.

    ``positions`` maps each field to its cell index in the row.
    """
    cells = raw_row.cells
    raw = {name: cells[i] if i < len(cells) else None for name, i in positions.items()}
    c = Candidate(row=raw_row.number, file=filename, raw=raw)
    ctx = _RowContext(c, columns)
    _names(ctx)
    _place(ctx)
    _group(ctx)
    _certificate(ctx)
    _commerce(ctx)
    return c


def _names(ctx: _RowContext) -> None:
    c = ctx.c
    c.product_name = ctx.text("product_name")
    c.product_key = name_key(c.product_name)
    if not c.product_name:
        ctx.issue(ERROR, "product_name", "REQUIRED", "Thiếu tên sản phẩm.",
                  "Điền tên sản phẩm như trên quyết định công nhận.")
    c.producer_name = ctx.text("producer_name")
    c.producer_key = name_key(c.producer_name)
    if not c.producer_name:
        ctx.issue(ERROR, "producer_name", "REQUIRED", "Thiếu tên chủ thể.",
                  "Điền tên chủ thể (HTX, công ty, hộ kinh doanh…) sở hữu sản phẩm.")
    c.registration_number = ctx.text("registration_number").replace(" ", "")
    c.legal_form = legal_form_from(ctx.text("legal_form"), c.producer_name)
    phone = ctx.text("phone")
    if phone:
        try:
            c.phone = normalize_phone(phone)
        except ValidationError:
            ctx.issue(WARNING, "phone", "BAD_PHONE",
                      "Số điện thoại không hợp lệ nên không được lưu.",
                      "Ghi 10 số bắt đầu bằng 03, 05, 07, 08, 09 hoặc +84 và 9 số.")


def _place(ctx: _RowContext) -> None:
    c = ctx.c
    address, original = ctx.text("address"), ctx.text("original_address")
    province, commune = ctx.text("province"), ctx.text("commune")
    c.address = address or original
    c.original_address = original or address
    current: PlaceMatch | None = None
    old: PlaceMatch | None = None
    if address or province or commune:
        current = resolve_address(address, province_hint=province or None,
                                  commune_hint=commune or None)
        if current.commune is None and commune and current.province is not None:
            # The commune column may name a commune the address does not: try it alone.
            alone = resolve_address(f"{commune}, {current.province.name}")
            if alone.commune is not None:
                current = alone
    if original and original != address:
        old = resolve_address(original, province_hint=None)
    place = current if current is not None and current.province is not None else old
    if place is None or place.province is None:
        column = "address" if "address" in ctx.columns.fields else (
            "province" if "province" in ctx.columns.fields else "original_address")
        ctx.issue(ERROR, column, "PLACE_UNKNOWN",
                  "Không xác định được tỉnh/thành của chủ thể.",
                  "Ghi địa chỉ có tên tỉnh/thành (tên cũ trước 7/2025 hay tên mới đều được), "
                  "ví dụ “xã Ninh Gia, tỉnh Lâm Đồng”.",
                  value=address or original or province)
        return
    legacy_province = place.legacy_province
    commune_obj = place.commune
    notes = list(place.notes)
    if old is not None and old.province is not None and place is not old:
        if old.province.pk != place.province.pk:
            ctx.issue(WARNING, "original_address", "PLACE_MISMATCH",
                      f"Địa chỉ cũ thuộc {old.province.name}, địa chỉ hiện nay thuộc "
                      f"{place.province.name}; đã dùng địa chỉ hiện nay.",
                      "Kiểm tra lại hai cột địa chỉ.")
        else:
            legacy_province = legacy_province or old.legacy_province
            if commune_obj is None and old.commune is not None:
                commune_obj = old.commune
                notes.extend(old.notes)
            elif old.legacy_province is not None and not place.notes:
                notes = [n for n in old.notes] or notes
    c.province, c.commune, c.legacy_province = place.province, commune_obj, legacy_province
    c.region = region_for(c.province, c.commune, c.legacy_province)
    place_column = "original_address" if old is not None and notes == old.notes else "address"
    if notes:
        ctx.issue(WARNING, place_column, "OLD_PLACE_NAME",
                  "Địa danh cũ đã được chuyển sang đơn vị hiện nay: "
                  + "; ".join(dict.fromkeys(notes)) + ".",
                  "Không cần sửa; kiểm tra lại nếu thấy sai.")
    if c.commune is None:
        ctx.issue(WARNING, "commune" if commune else "address", "COMMUNE_UNKNOWN",
                  f"Không xác định được xã/phường; chủ thể được xếp vào {c.province.name}.",
                  "Ghi thêm tên xã/phường hiện nay vào địa chỉ nếu biết.",
                  value=commune or address or original)
    elif place.ambiguous:
        ctx.issue(WARNING, "address", "COMMUNE_AMBIGUOUS",
                  f"Xã/phường cũ đã được chia cho nhiều xã mới; tạm xếp vào "
                  f"{c.commune.full_name or c.commune.name}.",
                  "Ghi tên xã/phường hiện nay vào địa chỉ để chắc chắn.")


def _group(ctx: _RowContext) -> None:
    c = ctx.c
    label = ctx.text("group")
    if not label:
        if "group" in ctx.columns.fields:
            ctx.issue(WARNING, "group", "GROUP_MISSING", "Chưa có nhóm sản phẩm.",
                      "Ghi nhóm theo QĐ 26/2026 (ví dụ “Đồ uống” hoặc mã I.4.a).")
        return
    match = resolve_group(label)
    if match is None:
        ctx.issue(ERROR, "group", "GROUP_UNKNOWN",
                  "Không nhận ra nhóm sản phẩm.",
                  "Ghi nhóm theo QĐ 26/2026, 148/2023 hoặc 1048/2019 (ví dụ “Thực phẩm”, "
                  "“Đồ uống”, “Thảo dược”) hoặc mã như I.4.a.")
        return
    c.group, c.group_label = match.group, label
    where = f"{match.group.code} {match.group.name}"
    if match.is_legacy:
        basis = rules.LegalBasis(match.basis).label
        ctx.issue(WARNING, "group", "GROUP_LEGACY",
                  f"Nhãn nhóm theo {basis} đã được xếp vào “{where}” của QĐ 26/2026.",
                  "Không cần sửa; ghi nhóm mới hoặc mã chi tiết nếu biết.")
    elif match.group.level == 1:
        ctx.issue(WARNING, "group", "GROUP_SECTOR_ONLY",
                  f"Chỉ xác định được ngành “{where}”, chưa rõ nhóm chi tiết.",
                  "Ghi mã nhóm chi tiết (ví dụ I.4.a) nếu biết.")


def _certificate(ctx: _RowContext) -> None:
    c = ctx.c
    try:
        c.star = parse_star(ctx.value("star"))
    except InvalidValue as exc:
        ctx.issue(ERROR, "star", "BAD_STAR", _sentence(str(exc)), exc.hint)
    c.decision_number = rules.normalize_decision_number(ctx.text("decision_number"))
    try:
        c.decision_date = parse_date(ctx.value("decision_date"))
    except InvalidValue as exc:
        ctx.issue(ERROR, "decision_date", "BAD_DATE", _sentence(str(exc)), exc.hint)
        return
    c.issuer = ctx.text("issuer")
    c.product_code = ctx.text("product_code").replace(" ", "")
    try:
        c.score = parse_int(ctx.value("score"))
    except InvalidValue as exc:
        ctx.issue(WARNING, "score", "BAD_SCORE", _sentence(str(exc)) + "; bỏ qua điểm.", exc.hint)
    if not c.decision_number and c.decision_date is None:
        # News items and summaries list recognised products without the decision: the
        # product is imported, the certificate waits for the decision.
        ctx.issue(WARNING, "decision_number", "NO_DECISION",
                  "Chưa có số và ngày quyết định công nhận: sản phẩm được nhập nhưng chưa ghi "
                  "chứng nhận OCOP (chưa hiện hạng sao) và chưa đăng bán.",
                  "Bổ sung số và ngày quyết định rồi nhập lại tệp; sản phẩm sẽ được cập nhật.")
        return
    if c.star is None:
        return
    try:
        cert = build_certification(c.certification_spec(product_id=0))
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            column = _CERT_FIELDS.get(name, "")
            ctx.issue(ERROR, column, f"BAD_{name.upper()}", " ".join(messages),
                      _CERT_HINTS.get(name, ""))
        return
    c.valid_until = cert.valid_until
    try:
        expires = parse_date(ctx.value("expires_at"))
    except InvalidValue as exc:
        ctx.issue(WARNING, "expires_at", "BAD_DATE", _sentence(str(exc)) + "; bỏ qua.", exc.hint)
        expires = None
    if expires is not None and expires != c.valid_until:
        ctx.issue(WARNING, "expires_at", "EXPIRY_MISMATCH",
                  f"Ngày hết hạn trong tệp khác với ngày quyết định + 36 tháng "
                  f"({c.valid_until:%d/%m/%Y}); hệ thống dùng {c.valid_until:%d/%m/%Y}.",
                  "Kiểm tra lại ngày quyết định và ngày hết hạn.")
    level = issuer_level(c.issuer)
    expected = rules.expected_issuer_level(c.star, c.decision_date)
    if level and level != expected:
        ctx.issue(WARNING, "issuer", "ISSUER_LEVEL",
                  f"Sản phẩm {c.star} sao công nhận ngày {c.decision_date:%d/%m/%Y} thường do "
                  f"cấp {expected} ban hành, tệp ghi cấp {level}.",
                  "Kiểm tra lại hạng sao, ngày và cơ quan ban hành.")


def _commerce(ctx: _RowContext) -> None:
    c = ctx.c
    price = ctx.value("price")
    if price not in (None, ""):
        try:
            c.price = parse_vnd(price if isinstance(price, int | float) else cell_text(price))
        except InvalidPrice:
            ctx.issue(ERROR, "price", "BAD_PRICE", "Giá không đọc được.",
                      "Ghi giá bằng số đồng, ví dụ 125000 hoặc 125.000 đ.")
    c.image = ctx.text("image")
    c.description = cell_text(ctx.value("description"))


def _sentence(text: str) -> str:
    text = text.strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "." if text else text
