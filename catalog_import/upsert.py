"""Matching rows to what the marketplace already holds, then writing the differences.

``plan`` only reads: it decides, row by row, what would be created, updated or left alone
(the dry run stops there). ``apply`` writes the plan through the domain's bulk functions
inside the caller's transaction.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, transaction

from backend.attribute.models import AssignedProductAttributeValue
from backend.catalog.bulk import ProductSpec, bulk_create_products, bulk_set_prices
from backend.catalog.models import (
    Product,
    ProductChannelListing,
    ProductMedia,
    ProductVariant,
    ProductVariantChannelListing,
)
from backend.catalog.services import add_product_media, publish
from backend.channel.models import Channel
from backend.ocop.bulk import bulk_certify
from backend.ocop.models import Certification
from backend.ocop.rules import CertificationKind
from backend.producers.bulk import ProducerSpec, bulk_create_producers
from backend.producers.models import Producer, Shop
from backend.search.indexing import schedule_update

from .error_codes import ImportErrorCode as E
from .images import SpooledImage
from .report import CREATED, UNCHANGED, UPDATED, WARNING, Issue
from .validate import Candidate


@dataclass
class ProducerEntry:
    existing: Producer | None
    spec: ProducerSpec | None = None
    created: Producer | None = None

    @property
    def pk(self) -> int | None:
        obj = self.existing or self.created
        return obj.pk if obj else None


@dataclass
class ProductEntry:
    producer: ProducerEntry
    first: Candidate
    existing_id: int | None = None
    created_id: int | None = None
    existing_price: int | None = None
    has_media: bool = False
    is_published: bool = False
    newest_star: int | None = None
    # Decisions already recorded (on the marketplace or earlier in this file).
    decisions: set[tuple[str, object]] = field(default_factory=set)
    new_certificates: list[Candidate] = field(default_factory=list)
    # A reported listing (on a province's list, decision not on file): already recorded,
    # or to record from this file.
    has_listing: bool = False
    new_listing: Candidate | None = None
    price_change: int | None = None
    image: SpooledImage | None = None  # fetched and re-encoded, waiting on disk

    @property
    def pk(self) -> int | None:
        return self.existing_id or self.created_id


@dataclass
class Plan:
    producers: list[ProducerEntry] = field(default_factory=list)
    products: list[ProductEntry] = field(default_factory=list)
    by_row: dict[int, tuple[Candidate, ProductEntry, str]] = field(default_factory=dict)


def _any(manager, column: str, values: list):
    """``column = ANY(%s)`` with one array parameter: a long ``IN (%s, %s, …)`` list costs
    more to build and parse than the query itself."""
    table = manager.model._meta.db_table
    qualified = column if "." in column else f"{table}.{column}"
    return manager.filter().extra(where=[f"{qualified} = ANY(%s)"], params=[list(values)])


def _chunks(items: list, size: int = 20000):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def plan(candidates: list[Candidate], channel: Channel) -> Plan:
    """Match each valid candidate to a producer and a product (existing or to create) and
    decide its outcome. Reads the database a few times in total, never per row."""
    result = Plan()
    valid = [c for c in candidates if not c.errors]
    regs = sorted({c.registration_number for c in valid if c.registration_number})
    name_keys = sorted({c.producer_key for c in valid})
    db_by_reg: dict[str, Producer] = {}
    db_by_name: dict[tuple[str, int], Producer] = {}
    for chunk in _chunks(regs):
        for p in _any(Producer.objects, "registration_number", chunk).order_by("pk"):
            db_by_reg.setdefault(p.registration_number, p)
    for chunk in _chunks(name_keys):
        for p in _any(Producer.objects, "name_key", chunk).order_by("pk"):
            db_by_name.setdefault((p.name_key, p.province_id), p)

    # Producers: registration number first, else folded name within the current province.
    file_by_reg: dict[str, ProducerEntry] = {}
    file_by_name: dict[tuple[str, int], ProducerEntry] = {}
    producer_of: dict[int, ProducerEntry] = {}
    for c in valid:
        name_key = (c.producer_key, c.province.pk)
        entry = (file_by_reg.get(c.registration_number) if c.registration_number else None) \
            or file_by_name.get(name_key)
        if entry is None:
            existing = (db_by_reg.get(c.registration_number) if c.registration_number else None) \
                or db_by_name.get(name_key)
            entry = ProducerEntry(existing=existing)
            if existing is None:
                entry.spec = ProducerSpec(
                    name=c.producer_name, province=c.province, commune=c.commune,
                    legacy_province=c.legacy_province, legal_form=c.legal_form,
                    registration_number=c.registration_number, address=c.address,
                    original_address=c.original_address, phone=c.phone,
                )
            result.producers.append(entry)
        if c.registration_number:
            file_by_reg.setdefault(c.registration_number, entry)
        file_by_name.setdefault(name_key, entry)
        producer_of[c.row] = entry

    # Products: product code first, else the producer's product of the same folded name.
    codes = sorted({c.product_code for c in valid if c.product_code})
    db_by_code: dict[str, int] = {}
    for chunk in _chunks(codes):
        for code, product_id in _any(Certification.objects, "product_code", chunk).order_by(
            "-decision_date", "-pk"
        ).values_list("product_code", "product_id"):
            db_by_code.setdefault(code, product_id)
    existing_producer_ids = sorted({e.existing.pk for e in result.producers if e.existing})
    db_by_name_product: dict[tuple[int, str], int] = {}
    for chunk in _chunks(existing_producer_ids):
        for producer_id, key, pk in _any(Product.objects, "producer_id", chunk).order_by(
            "pk"
        ).values_list("producer_id", "name_key", "pk"):
            db_by_name_product.setdefault((producer_id, key), pk)

    file_by_code: dict[str, ProductEntry] = {}
    file_by_product: dict[tuple[int, str], ProductEntry] = {}
    for c in valid:
        producer = producer_of[c.row]
        key = (id(producer), c.product_key)
        entry = (file_by_code.get(c.product_code) if c.product_code else None) \
            or file_by_product.get(key)
        if entry is None:
            existing_id = (db_by_code.get(c.product_code) if c.product_code else None)
            if existing_id is None and producer.existing is not None:
                existing_id = db_by_name_product.get((producer.existing.pk, c.product_key))
            entry = ProductEntry(producer=producer, first=c, existing_id=existing_id)
            result.products.append(entry)
        if c.product_code:
            file_by_code.setdefault(c.product_code, entry)
        file_by_product.setdefault(key, entry)
        result.by_row[c.row] = (c, entry, "")

    _load_existing_state(result, channel)

    for c in valid:
        _, entry, _ = result.by_row[c.row]
        status, notes = _decide(c, entry)
        result.by_row[c.row] = (c, entry, status)
        for note in notes:
            c.warnings.append(note)
    return result


def _load_existing_state(result: Plan, channel: Channel) -> None:
    existing = {e.existing_id: e for e in result.products if e.existing_id}
    ids = sorted(existing)
    for chunk in _chunks(ids):
        certs = _any(Certification.objects, "product_id", chunk).order_by(
            "product_id", "decision_date", "pk")
        for product_id, number, date, star, kind in certs.values_list(
            "product_id", "decision_number", "decision_date", "star", "kind"
        ):
            entry = existing[product_id]
            if kind == CertificationKind.REPORTED:
                entry.has_listing = True
                continue
            entry.decisions.add((number, date))
            entry.newest_star = star
        prices = _any(Product.objects, "id", chunk).filter(
            default_variant__channel_listings__channel=channel)
        for product_id, price in prices.values_list(
            "id", "default_variant__channel_listings__price_amount"
        ):
            existing[product_id].existing_price = price
        media = _any(ProductMedia.objects, "product_id", chunk)
        for product_id in media.values_list("product_id", flat=True):
            existing[product_id].has_media = True
        published = _any(ProductChannelListing.objects, "product_id", chunk).filter(
            channel=channel, is_published=True)
        for product_id in published.values_list("product_id", flat=True):
            existing[product_id].is_published = True


def _decide(c: Candidate, entry: ProductEntry) -> tuple[str, list[Issue]]:
    notes: list[Issue] = []
    is_first_row = entry.first is c
    if entry.existing_id is None and is_first_row:
        status = CREATED
    else:
        status = UNCHANGED
    if c.has_certificate:
        decision = (c.decision_number, c.decision_date)
        if decision in entry.decisions:
            if not is_first_row and entry.existing_id is None:
                notes.append(_note(c, E.DUPLICATE_ROW,
                                   "Dòng này trùng một dòng trước đó (cùng sản phẩm, cùng quyết "
                                   "định); chỉ ghi một lần.", "Xóa dòng trùng."))
        else:
            if entry.decisions and entry.newest_star and c.star and status != CREATED:
                if c.star > entry.newest_star:
                    word = f"nâng hạng {entry.newest_star}★ → {c.star}★"
                elif c.star < entry.newest_star:
                    word = f"hạ hạng {entry.newest_star}★ → {c.star}★"
                else:
                    word = f"đánh giá lại, giữ {c.star}★"
                notes.append(_note(c, E.NEW_DECISION,
                                   f"Thêm quyết định {c.decision_number} ({word}); các quyết "
                                   "định cũ vẫn được lưu.", ""))
            elif entry.has_listing and not entry.decisions:
                notes.append(_note(c, E.NEW_DECISION,
                                   f"Quyết định {c.decision_number} xác minh sản phẩm đã có "
                                   "trong danh sách công bố (trước đây chưa có quyết định).",
                                   ""))
            entry.decisions.add(decision)
            entry.newest_star = c.star
            entry.new_certificates.append(c)
            if status != CREATED:
                status = UPDATED
    elif c.reported:
        if entry.decisions:
            notes.append(_note(c, E.REPORTED_ALREADY_DECIDED,
                               "Sản phẩm đã có quyết định công nhận trên hệ thống; dòng không "
                               "có số quyết định này không thay đổi gì.",
                               "Nếu đây là lần đánh giá lại, bổ sung số và ngày quyết định mới."))
        elif entry.has_listing or entry.new_listing is not None:
            if not is_first_row and entry.existing_id is None:
                notes.append(_note(c, E.DUPLICATE_ROW, "Dòng này trùng một dòng trước đó (cùng "
                                   "sản phẩm); chỉ ghi một lần.", "Xóa dòng trùng."))
        else:
            entry.new_listing = c
            if status != CREATED:
                status = UPDATED
    elif not is_first_row and entry.existing_id is None:
        notes.append(_note(c, E.DUPLICATE_ROW, "Dòng này trùng một dòng trước đó (cùng sản "
                           "phẩm); chỉ ghi một lần.", "Xóa dòng trùng."))
    if entry.existing_id is not None and c.price is not None and c.price != (
        entry.price_change if entry.price_change is not None else entry.existing_price
    ):
        entry.price_change = c.price
        status = UPDATED
    return status, notes


def _note(c: Candidate, code: str, message: str, hint: str) -> Issue:
    return Issue(WARNING, code, message, hint, file=c.file, row=c.row)


@dataclass
class ApplyResult:
    producers_created: int = 0
    products_created: int = 0
    certifications_created: int = 0
    images_added: int = 0
    timings: dict[str, float] = field(default_factory=dict)


def apply(result: Plan, *, channel: Channel, product_type, progress=None) -> ApplyResult:
    """Write the plan. Call inside ``transaction.atomic``: a failure leaves nothing."""
    done = ApplyResult()
    if len(result.products) >= ANALYZE_AFTER:
        # Registered first, so it runs before the search update queued below: the planner
        # must know the tables grew, or it reads them with sequential scans.
        transaction.on_commit(_analyze_written_tables)
    step = _stepper(progress, 5, done.timings)
    new_producers = [e for e in result.producers if e.existing is None]
    created = bulk_create_producers([e.spec for e in new_producers])
    for entry, producer in zip(new_producers, created, strict=True):
        entry.created = producer
    done.producers_created = len(created)
    step()

    new_products = [e for e in result.products if e.existing_id is None]
    products = bulk_create_products(
        [
            ProductSpec(
                name=e.first.product_name, producer_id=e.producer.pk, price=_price_of(e),
                description=e.first.description,
                is_published=bool(e.new_certificates or e.new_listing),
            )
            for e in new_products
        ],
        product_type=product_type, channel=channel,
    )
    for entry, product in zip(new_products, products, strict=True):
        entry.created_id = product.pk
    done.products_created = len(products)
    step()

    certs = bulk_certify(
        [c.certification_spec(e.pk) for e in result.products
         for c in [*e.new_certificates, *([e.new_listing] if e.new_listing else [])]],
        new_product_ids={e.created_id for e in new_products},
    )
    done.certifications_created = len(certs)
    step()

    bulk_set_prices(
        {e.existing_id: e.price_change for e in result.products
         if e.existing_id and e.price_change is not None},
        channel,
    )
    for entry in result.products:
        # A product imported before its certification was known goes on sale with it.
        if entry.existing_id and (entry.new_certificates or entry.new_listing) \
                and not entry.is_published:
            publish(Product.objects.get(pk=entry.existing_id), channel)
    step()

    for entry in result.products:
        if entry.image is None or entry.has_media:
            continue
        try:
            add_product_media(Product.objects.get(pk=entry.pk), entry.image.load(),
                              entry.image.name)
            done.images_added += 1
        except ValidationError:
            entry.first.warnings.append(_note(
                entry.first, E.BAD_IMAGE, "Tệp ảnh không phải ảnh hợp lệ; sản phẩm được nhập "
                "không có ảnh.", "Dùng ảnh JPEG/PNG/WebP."))
    step()
    # Listings and search read the index: refresh it for everything written above once
    # the import commits (one run per transaction however many writes queued it).
    schedule_update()
    return done


# Rows from which an import refreshes the planner's statistics after commit (autovacuum
# would, but only a minute or more later).
ANALYZE_AFTER = 1000
_WRITTEN_MODELS = (Producer, Shop, Product, ProductVariant, ProductChannelListing,
                   ProductVariantChannelListing, Certification, AssignedProductAttributeValue)


def _analyze_written_tables() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(m._meta.db_table for m in _WRITTEN_MODELS))


def _price_of(entry: ProductEntry) -> int | None:
    prices = [c.price for c in _rows_of(entry) if c.price is not None]
    return prices[-1] if prices else None


def _rows_of(entry: ProductEntry) -> list[Candidate]:
    return [entry.first, *[c for c in entry.new_certificates if c is not entry.first]]


def _stepper(progress, total: int, timings: dict[str, float]):
    state = {"n": 0, "t": time.perf_counter()}
    names = ["producers", "products", "certifications", "prices", "images"]

    def step() -> None:
        now = time.perf_counter()
        timings[f"write:{names[state['n']]}"] = now - state["t"]
        state["n"] += 1
        state["t"] = now
        if progress:
            progress("write", state["n"], total)

    return step
