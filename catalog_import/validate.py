"""One row of cells → a Candidate: typed values, the place and group resolved, and every
problem found, each naming its column and value and saying what to do."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from backend.core.money import InvalidPrice, parse_vnd
from backend.core.text import clean
from backend.geo.models import Commune, LegacyProvince, Province, Region
from backend.geo.reform import REFORM_DATE
from backend.geo.resolver import PlaceMatch, region_for, resolve_address
from backend.ocop import rules
from backend.ocop.bulk import CertificationSpec
from backend.ocop.classification import resolve_group
from backend.ocop.services import CertifiedPlace, validate_certification
from backend.producers.services import normalize_phone

from .columns import ColumnMap
from .error_codes import ImportErrorCode as E
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
_CERT_CODES = {"star": E.BAD_STAR, "decision_number": E.BAD_DECISION_NUMBER,
               "decision_date": E.BAD_DECISION_DATE, "issuer": E.BAD_ISSUER}
# A place name written before 1/7/2025 means the unit of that time (see geo.reform).
_BEFORE_REFORM = REFORM_DATE - datetime.timedelta(days=1)
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
    issuer_source: str = rules.IssuerSource.DOCUMENT
    # On the list with its star, no decision number or date: recorded as "reported".
    reported: bool = False
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

    @property
    def as_of(self) -> datetime.date | None:
        """The date the row's place names were written: the decision's, else (a reported
        listing) the day before the reform when a district authority certified it."""
        if self.decision_date is not None:
            return self.decision_date
        if not self.decision_number and self.issuer and issuer_level(self.issuer) == "huyện":
            return _BEFORE_REFORM
        return None

    def certification_spec(self, product_id: int) -> CertificationSpec:
        return CertificationSpec(
            product_id=product_id, star=self.star, decision_number=self.decision_number,
            decision_date=self.decision_date, issuer=self.issuer,
            product_code=self.product_code, group=self.group, group_label=self.group_label,
            score=self.score, issuer_source=self.issuer_source, reported=self.reported,
            place=CertifiedPlace(
                self.province.pk if self.province else None,
                self.region.pk if self.region else None,
                self.commune.pk if self.commune else None,
                self.legacy_province.pk if self.legacy_province else None,
            ),
        )


# Columns whose values rarely repeat: caching them costs more than it saves.
_MOSTLY_UNIQUE = frozenset({"product_name", "product_code", "image", "description", "phone"})


class Memo:
    """Per-import caches: a list repeats its decisions, issuers, groups and addresses many
    times, and the text normalisation and resolvers are pure, so each value is worked out
    once. Exceptions are cached too and raised again."""

    def __init__(self) -> None:
        self._store: dict[str, dict] = {}
        self.texts: dict[tuple[str, object], str] = {}

    def call(self, kind: str, key: object, fn):
        cache = self._store.setdefault(kind, {})
        try:
            ok, value = cache[key]
        except KeyError:
            try:
                ok, value = True, fn()
            except (InvalidValue, ValidationError) as exc:
                ok, value = False, exc
            cache[key] = (ok, value)
        if not ok:
            raise value
        return value


class _RowContext:
    def __init__(self, candidate: Candidate, columns: ColumnMap, memo: Memo):
        self.c = candidate
        self.columns = columns
        self.memo = memo

    def value(self, name: str) -> object:
        return self.c.raw.get(name)

    def text(self, name: str) -> str:
        value = self.c.raw.get(name)
        if value is None or value == "":
            return ""
        if name in _MOSTLY_UNIQUE:
            return clean(value) if isinstance(value, str) else clean(cell_text(value))
        # The hottest lookup of the importer: a plain dict, no closure.
        key = (type(value).__name__, value)
        texts = self.memo.texts
        found = texts.get(key)
        if found is None:
            found = texts[key] = clean(value) if isinstance(value, str) else clean(
                cell_text(value))
        return found

    def issue(self, level: str, name: str, code: str, message: str, hint: str = "",
              value: object = None, ocop_code: str = "") -> None:
        issue = Issue(
            level, code, message, hint, file=self.c.file, row=self.c.row,
            column=self.columns.header_for(name) if name else "",
            value=cell_text(self.value(name) if value is None and name else value),
            field=name, ocop_code=ocop_code,
        )
        (self.c.errors if level == ERROR else self.c.warnings).append(issue)


def build_candidate(raw_row: RawRow, positions: dict[str, int], columns: ColumnMap,
                    filename: str, memo: Memo | None = None) -> Candidate:
    """Read, normalise and check one row. Never raises for bad data: problems are issues.

    ``positions`` maps each field to its cell index in the row.
    """
    cells = raw_row.cells
    raw = {name: cells[i] if i < len(cells) else None for name, i in positions.items()}
    c = Candidate(row=raw_row.number, file=filename, raw=raw)
    ctx = _RowContext(c, columns, memo or Memo())
    _names(ctx)
    # The decision's date first: the row's place names are read as of it.
    dated = _decision(ctx)
    _place(ctx)
    _group(ctx)
    if dated:
        _certificate(ctx)
    _commerce(ctx)
    return c


def _names(ctx: _RowContext) -> None:
    c = ctx.c
    c.product_name = ctx.text("product_name")
    c.product_key = name_key(c.product_name)
    if not c.product_name:
        ctx.issue(ERROR, "product_name", E.REQUIRED, "Thiếu tên sản phẩm.",
                  "Điền tên sản phẩm như trên quyết định công nhận.")
    c.producer_name = ctx.text("producer_name")
    c.producer_key = ctx.memo.call("key", c.producer_name, lambda: name_key(c.producer_name))
    if not c.producer_name:
        ctx.issue(ERROR, "producer_name", E.REQUIRED, "Thiếu tên chủ thể.",
                  "Điền tên chủ thể (HTX, công ty, hộ kinh doanh…) sở hữu sản phẩm.")
    c.registration_number = ctx.text("registration_number").replace(" ", "")
    form_label = ctx.text("legal_form")
    c.legal_form = ctx.memo.call("form", (form_label, c.producer_name),
                                 lambda: legal_form_from(form_label, c.producer_name))
    phone = ctx.text("phone")
    if phone:
        try:
            c.phone = normalize_phone(phone)
        except ValidationError:
            ctx.issue(WARNING, "phone", E.BAD_PHONE,
                      "Số điện thoại không hợp lệ nên không được lưu.",
                      "Ghi 10 số bắt đầu bằng 03, 05, 07, 08, 09 hoặc +84 và 9 số.")


@dataclass
class _Placed:
    province: Province | None = None
    commune: Commune | None = None
    legacy_province: LegacyProvince | None = None
    region: Region | None = None
    # (level, field, code, message, hint, value); row and column are added per row.
    issues: list[tuple] = field(default_factory=list)


def _resolve(memo: Memo, text: str, province_hint: str | None = None,
             commune_hint: str | None = None, as_of: datetime.date | None = None
             ) -> PlaceMatch:
    """resolve_address, cached. The resolver reads an address from the end and stops at the
    first commune it knows, so when the address without its first part ("Thôn 5", a street)
    already names a commune, that is the answer for the whole address: lists repeat
    communes far more often than full addresses."""
    parts = text.split(",")
    if len(parts) > 2:
        tail = ",".join(parts[1:])
        found = memo.call("place", (tail, province_hint, commune_hint, as_of),
                          lambda: resolve_address(tail, province_hint, commune_hint, as_of))
        if found.commune is not None:
            return found
    return memo.call("place", (text, province_hint, commune_hint, as_of),
                     lambda: resolve_address(text, province_hint, commune_hint, as_of))


def _resolve_place(memo: Memo, address: str, original: str, province: str, commune: str,
                   address_field: str, as_of: datetime.date | None = None) -> _Placed:
    """Place a row as of ``as_of`` (a date before the reform reads old unit names as the
    old units). With two address columns, the original one is as the decision wrote it
    (read as of its date) and the other is today's address (read as today)."""
    result = _Placed()
    current: PlaceMatch | None = None
    old: PlaceMatch | None = None
    two_columns = bool(original and original != address)
    if address or province or commune:
        current = _resolve(memo, address, province or None, commune or None,
                           None if two_columns else as_of)
        if current.commune is None and commune and current.province is not None:
            # The commune column may name a commune the address does not: try it alone.
            alone = _resolve(memo, f"{commune}, {current.province.name}")
            if alone.commune is not None:
                current = alone
    if two_columns:
        old = _resolve(memo, original, as_of=as_of)
    place = current if current is not None and current.province is not None else old
    if place is None or place.province is None:
        result.issues.append((
            ERROR, address_field, E.PLACE_UNKNOWN,
            "Không xác định được tỉnh/thành của chủ thể.",
            "Ghi địa chỉ có tên tỉnh/thành (tên cũ trước 7/2025 hay tên mới đều được), "
            "ví dụ “xã Ninh Gia, tỉnh Lâm Đồng”.", address or original or province))
        return result
    legacy_province = place.legacy_province
    commune_obj = place.commune
    notes = list(place.notes)
    if old is not None and old.province is not None and place is not old:
        if old.province.pk != place.province.pk:
            result.issues.append((
                WARNING, "original_address", E.PLACE_MISMATCH,
                f"Địa chỉ cũ thuộc {old.province.name}, địa chỉ hiện nay thuộc "
                f"{place.province.name}; đã dùng địa chỉ hiện nay.",
                "Kiểm tra lại hai cột địa chỉ.", None))
        else:
            legacy_province = legacy_province or old.legacy_province
            if commune_obj is None and old.commune is not None:
                commune_obj = old.commune
                notes.extend(old.notes)
            elif old.legacy_province is not None and not place.notes:
                notes = list(old.notes) or notes
    result.province, result.commune = place.province, commune_obj
    result.legacy_province = legacy_province
    # A place named by its old province (the unit of the decision's time) takes that
    # province's region, even where today's commune or province straddles two.
    result.region = region_for(place.province, None if legacy_province else commune_obj,
                               legacy_province)
    place_column = "original_address" if old is not None and notes == old.notes else "address"
    if notes:
        result.issues.append((
            WARNING, place_column, E.OLD_PLACE_NAME,
            "Địa danh cũ đã được chuyển sang đơn vị hiện nay: "
            + "; ".join(dict.fromkeys(notes)) + ".",
            "Không cần sửa; kiểm tra lại nếu thấy sai.", None))
    if commune_obj is None:
        result.issues.append((
            WARNING, "commune" if commune else "address", E.COMMUNE_UNKNOWN,
            f"Không xác định được xã/phường; chủ thể được xếp vào {place.province.name}.",
            "Ghi thêm tên xã/phường hiện nay vào địa chỉ nếu biết.",
            commune or address or original))
    elif place.ambiguous:
        result.issues.append((
            WARNING, "address", E.COMMUNE_AMBIGUOUS,
            "Xã/phường cũ đã được chia cho nhiều xã mới; tạm xếp vào "
            f"{commune_obj.full_name or commune_obj.name}.",
            "Ghi tên xã/phường hiện nay vào địa chỉ để chắc chắn.", None))
    return result


def _place(ctx: _RowContext) -> None:
    c = ctx.c
    address, original = ctx.text("address"), ctx.text("original_address")
    province, commune = ctx.text("province"), ctx.text("commune")
    c.address = address or original
    c.original_address = original or address
    fields = ctx.columns.fields
    address_field = "address" if "address" in fields else (
        "province" if "province" in fields else "original_address")
    # Only the side of the reform matters, so rows of one era share their cache entries.
    as_of = c.as_of
    era = None if as_of is None else (_BEFORE_REFORM if as_of < REFORM_DATE else REFORM_DATE)
    placed = ctx.memo.call(
        "placed", (address, original, province, commune, era),
        lambda: _resolve_place(ctx.memo, address, original, province, commune, address_field,
                               era))
    c.province, c.commune = placed.province, placed.commune
    c.legacy_province, c.region = placed.legacy_province, placed.region
    for level, name, code, message, hint, value in placed.issues:
        ctx.issue(level, name, code, message, hint, value=value)


def _group(ctx: _RowContext) -> None:
    c = ctx.c
    label = ctx.text("group")
    if not label:
        if "group" in ctx.columns.fields:
            ctx.issue(WARNING, "group", E.GROUP_MISSING, "Chưa có nhóm sản phẩm.",
                      "Ghi nhóm theo QĐ 26/2026 (ví dụ “Đồ uống” hoặc mã I.4.a).")
        return
    match = ctx.memo.call("group", label, lambda: resolve_group(label))
    if match is None:
        ctx.issue(ERROR, "group", E.GROUP_UNKNOWN,
                  "Không nhận ra nhóm sản phẩm.",
                  "Ghi nhóm theo QĐ 26/2026, 148/2023 hoặc 1048/2019 (ví dụ “Thực phẩm”, "
                  "“Đồ uống”, “Thảo dược”) hoặc mã như I.4.a.")
        return
    c.group, c.group_label = match.group, label
    where = f"{match.group.code} {match.group.name}"
    if match.is_legacy:
        basis = rules.LegalBasis(match.basis).label
        ctx.issue(WARNING, "group", E.GROUP_LEGACY,
                  f"Nhãn nhóm theo {basis} đã được xếp vào “{where}” của QĐ 26/2026.",
                  "Không cần sửa; ghi nhóm mới hoặc mã chi tiết nếu biết.")
    elif match.group.level == 1:
        ctx.issue(WARNING, "group", E.GROUP_SECTOR_ONLY,
                  f"Chỉ xác định được ngành “{where}”, chưa rõ nhóm chi tiết.",
                  "Ghi mã nhóm chi tiết (ví dụ I.4.a) nếu biết.")


def _decision(ctx: _RowContext) -> bool:
    """Star, decision number and date, issuer as written. False when the row cannot carry
    a certificate (bad star or date); a row without number and date is "reported"."""
    c = ctx.c
    memo = ctx.memo
    star = ctx.value("star")
    try:
        c.star = memo.call("star", _key(star), lambda: parse_star(star))
    except InvalidValue as exc:
        ctx.issue(ERROR, "star", E.BAD_STAR, _sentence(str(exc)), exc.hint,
                  ocop_code=exc.ocop_code)
    number = ctx.text("decision_number")
    c.decision_number = memo.call("decision", number,
                                  lambda: rules.normalize_decision_number(number))
    decided = ctx.value("decision_date")
    c.issuer = ctx.text("issuer")
    try:
        c.decision_date = memo.call("date", _key(decided), lambda: parse_date(decided))
    except InvalidValue as exc:
        ctx.issue(ERROR, "decision_date", E.BAD_DATE, _sentence(str(exc)), exc.hint)
        return False
    if not c.decision_number and c.decision_date is None and c.star is not None:
        # On the province's published list with its star, the decision not on file: a
        # real OCOP product, shown and counted, flagged until the decision comes.
        c.reported = True
    return True


def _certificate(ctx: _RowContext) -> None:
    c = ctx.c
    memo = ctx.memo
    c.product_code = ctx.text("product_code").replace(" ", "")
    try:
        c.score = parse_int(ctx.value("score"))
    except InvalidValue as exc:
        ctx.issue(WARNING, "score", E.BAD_SCORE, _sentence(str(exc)) + "; bỏ qua điểm.",
                  exc.hint)
    if c.reported:
        ctx.issue(WARNING, "decision_number", E.REPORTED,
                  f"Chưa có số và ngày quyết định công nhận: sản phẩm được ghi là OCOP "
                  f"{c.star} sao theo danh sách công bố, hiển thị và tìm kiếm được, kèm ghi "
                  "chú “chưa có quyết định trên hệ thống”.",
                  "Bổ sung số và ngày quyết định rồi nhập lại tệp; chứng nhận sẽ được xác "
                  "minh.")
        return
    if c.star is None:
        return
    try:
        # A decision covers many rows: validate each (star, decision) once.
        memo.call("cert", (c.star, c.decision_number, c.decision_date),
                  lambda: validate_certification(star=c.star, decision_number=c.decision_number,
                                                 decision_date=c.decision_date))
    except ValidationError as exc:
        for name, errors in exc.error_dict.items():
            column = _CERT_FIELDS.get(name, "")
            ctx.issue(ERROR, column, _CERT_CODES.get(name, E.INVALID),
                      " ".join(m for e in errors for m in e.messages),
                      _CERT_HINTS.get(name, ""), ocop_code=errors[0].code or "")
        return
    c.valid_until = memo.call("valid", c.decision_date,
                              lambda: rules.valid_until_for(c.decision_date))
    expires_value = ctx.value("expires_at")
    try:
        expires = memo.call("date", _key(expires_value), lambda: parse_date(expires_value))
    except InvalidValue as exc:
        ctx.issue(WARNING, "expires_at", E.BAD_DATE, _sentence(str(exc)) + "; bỏ qua.",
                  exc.hint)
        expires = None
    if expires is not None and expires != c.valid_until:
        ctx.issue(WARNING, "expires_at", E.EXPIRY_MISMATCH,
                  f"Ngày hết hạn trong tệp khác với ngày quyết định + 36 tháng "
                  f"({c.valid_until:%d/%m/%Y}); hệ thống dùng {c.valid_until:%d/%m/%Y}.",
                  "Kiểm tra lại ngày quyết định và ngày hết hạn.")


def check_issuer_level(c: Candidate, memo: Memo) -> None:
    """Warn when the issuer's level is not the one the rules name for this star and date."""
    if not c.has_certificate or not c.issuer or c.star is None:
        return
    level = memo.call("issuer", c.issuer, lambda: issuer_level(c.issuer))
    expected = rules.expected_issuer_level(c.star, c.decision_date)
    if level and level != expected:
        c.warnings.append(Issue(
            WARNING, E.ISSUER_LEVEL,
            f"Sản phẩm {c.star} sao công nhận ngày {c.decision_date:%d/%m/%Y} thường do "
            f"cấp {expected} ban hành, tệp ghi cấp {level}.",
            "Kiểm tra lại hạng sao, ngày và cơ quan ban hành.", file=c.file, row=c.row,
            column="", value=c.issuer, field="issuer"))


def _commerce(ctx: _RowContext) -> None:
    c = ctx.c
    price = ctx.value("price")
    if price not in (None, ""):
        try:
            c.price = parse_vnd(price if isinstance(price, int | float) else cell_text(price))
        except InvalidPrice:
            ctx.issue(ERROR, "price", E.BAD_PRICE, "Giá không đọc được.",
                      "Ghi giá bằng số đồng, ví dụ 125000 hoặc 125.000 đ.")
    c.image = ctx.text("image")
    raw = ctx.value("description")
    # Keep paragraphs: the catalog stores one block per paragraph.
    c.description = "\n\n".join(
        p for p in (cell_text(part) for part in re.split(r"\r?\n\s*\n", str(raw))) if p
    ) if raw not in (None, "") else ""


def _key(value: object) -> tuple[str, object]:
    # 1, 1.0 and True hash alike but read differently.
    return (type(value).__name__, value)


def _sentence(text: str) -> str:
    text = text.strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "." if text else text
