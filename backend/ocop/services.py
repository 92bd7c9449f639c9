"""Domain operations on OCOP certifications. The admin, the API and the importer call these;
none of them writes a Certification or the OCOP attributes directly."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from backend.attribute.models import (
    AssignedProductAttributeValue,
    AttributeInputType,
    AttributeValue,
)
from backend.catalog.models import Product, ProductType
from backend.core.text import clean

from . import rules
from .classification import ancestors_and_self, group_by_pk
from .error_codes import OcopErrorCode
from .issuers import inferred_issuer
from .models import Certification, ProductGroup

OCOP_PRODUCT_TYPE_SLUG = "san-pham-ocop"
ATTR_STAR = "ocop-star"
ATTR_PROVINCE = "ocop-province"
ATTR_REGION = "ocop-region"
ATTR_GROUP = "ocop-group"
# Carried while the current certificate is a decision on file (not a reported listing):
# shoppers filter on it to see verified decisions only.
ATTR_VERIFIED = "ocop-verified"
VERIFIED_VALUE = "da-co-quyet-dinh"
OCOP_ATTRIBUTE_SLUGS = (ATTR_STAR, ATTR_PROVINCE, ATTR_REGION, ATTR_GROUP, ATTR_VERIFIED)


def star_value_slug(star: int) -> str:
    return f"{star}-sao"


def ensure_ocop_product_type(apps=None) -> ProductType:
    """The "Sản phẩm OCOP" product type and its four attributes with every value.

    Idempotent; ``apps`` is the migration state registry when called from a migration.
    """
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    PT = apps.get_model("catalog", "ProductType")
    Attr = apps.get_model("attribute", "Attribute")
    AttrProduct = apps.get_model("attribute", "AttributeProduct")
    Value = apps.get_model("attribute", "AttributeValue")
    product_type, _ = PT.objects.get_or_create(
        slug=OCOP_PRODUCT_TYPE_SLUG,
        defaults={"name": "Sản phẩm OCOP", "has_variants": True},
    )
    regions = apps.get_model("geo", "Region").objects.order_by("sort_order")
    provinces = apps.get_model("geo", "Province").objects.order_by("code")
    groups = apps.get_model("ocop", "ProductGroup").objects.order_by("sort_order")
    specs = [
        (
            ATTR_STAR,
            "Hạng sao OCOP",
            AttributeInputType.DROPDOWN,
            [(star_value_slug(s), f"{s} sao", s) for s in (3, 4, 5)],
        ),
        (
            ATTR_REGION,
            "Vùng",
            AttributeInputType.DROPDOWN,
            [(r.slug, r.name, r.sort_order) for r in regions],
        ),
        (
            ATTR_PROVINCE,
            "Tỉnh/thành",
            AttributeInputType.DROPDOWN,
            [(p.slug, p.name, i) for i, p in enumerate(provinces)],
        ),
        (
            ATTR_GROUP,
            "Nhóm sản phẩm OCOP",
            AttributeInputType.MULTISELECT,
            [(g.slug, f"{g.code} {g.name}", g.sort_order) for g in groups],
        ),
        (
            ATTR_VERIFIED,
            "Quyết định công nhận",
            AttributeInputType.DROPDOWN,
            [(VERIFIED_VALUE, "Đã có quyết định công nhận", 0)],
        ),
    ]
    for position, (slug, name, input_type, values) in enumerate(specs):
        attribute, _ = Attr.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "input_type": str(input_type),
                "filterable_in_storefront": True,
                "storefront_search_position": position,
            },
        )
        AttrProduct.objects.get_or_create(
            attribute=attribute, product_type=product_type, defaults={"sort_order": position}
        )
        existing = set(Value.objects.filter(attribute=attribute).values_list("slug", flat=True))
        Value.objects.bulk_create(
            [
                Value(attribute=attribute, slug=v_slug, name=v_name, sort_order=order)
                for v_slug, v_name, order in values
                if v_slug not in existing
            ]
        )
    return product_type


def current_certifications(product_ids: Iterable[int]) -> dict[int, Certification]:
    """The current certification of each product, whatever its status: the newest decision,
    or the reported listing when no decision is on file (``rules.pick_current``)."""
    result: dict[int, Certification] = {}
    qs = (
        Certification.objects.filter(product_id__in=list(product_ids))
        .order_by(*CURRENT_FIRST)
        .distinct("product_id")
    )
    for cert in qs:
        result[cert.product_id] = cert
    return result


# ``rules.pick_current`` as an ORDER BY (after the product): DISTINCT ON keeps the first.
CURRENT_FIRST = ("product_id", F("decision_date").desc(nulls_last=True), F("id").desc())


def _error(message: str, code: OcopErrorCode) -> ValidationError:
    return ValidationError(message, code=code.value)


def validate_certification(
    *, star: object, decision_number: str, decision_date: datetime.date | None,
    issuer: str = "",
) -> dict:
    """Check and normalise a decision's fields; raises ValidationError naming each field,
    with an ``OcopErrorCode``. The issuer may be empty: callers infer it (``issuers``)."""
    errors: dict[str, ValidationError] = {}
    try:
        star_value = rules.parse_star(star)
    except rules.InvalidStar as exc:
        errors["star"] = _error(str(exc), exc.code)
        star_value = None
    number = rules.normalize_decision_number(decision_number)
    if not number:
        errors["decision_number"] = _error(
            "Thiếu số quyết định công nhận.", OcopErrorCode.REQUIRED)
    if decision_date is None:
        errors["decision_date"] = _error("Thiếu ngày quyết định.", OcopErrorCode.REQUIRED)
    elif decision_date > timezone.localdate() + datetime.timedelta(days=1):
        errors["decision_date"] = _error(
            f"Ngày quyết định {decision_date:%d/%m/%Y} ở tương lai.",
            OcopErrorCode.DATE_IN_FUTURE)
    elif decision_date.year < 2018:
        errors["decision_date"] = _error(
            f"Ngày quyết định {decision_date:%d/%m/%Y} trước khi có chương trình OCOP (2018).",
            OcopErrorCode.DATE_BEFORE_PROGRAMME)
    if errors:
        raise ValidationError(errors)
    return {
        "star": star_value,
        "decision_number": number,
        "decision_date": decision_date,
        "issuer": clean_issuer(issuer),
    }


ISSUER_MAX_LENGTH = Certification._meta.get_field("issuer").max_length


def clean_issuer(issuer: str) -> str:
    """The stored form of an issuing body's name (a title row can run long)."""
    return clean(issuer)[:ISSUER_MAX_LENGTH].rstrip()


@dataclass(frozen=True)
class CertifiedPlace:
    """Where a product was certified, read as of the decision date: the current units,
    the old province named then (if any) and the region that fixes."""

    province_id: int | None
    region_id: int | None
    commune_id: int | None = None
    legacy_province_id: int | None = None

    @classmethod
    def of_producer(cls, producer) -> CertifiedPlace:
        if producer is None:
            return cls(None, None)
        return cls(producer.province_id, producer.region_id, producer.commune_id,
                   producer.legacy_province_id)

    def fields(self) -> dict[str, int | None]:
        return {"province_id": self.province_id, "region_id": self.region_id,
                "commune_id": self.commune_id, "legacy_province_id": self.legacy_province_id}


def issuer_or_inferred(
    issuer: str, star: int, decision_date: datetime.date, place: CertifiedPlace,
    district: str = "",
) -> tuple[str, str]:
    """(issuer, source): the given issuer, else the one the rules in force name."""
    if clean(issuer):
        return clean_issuer(issuer), rules.IssuerSource.DOCUMENT
    from backend.geo.resolver import legacy_province_by_pk, province_by_pk

    return inferred_issuer(
        star, decision_date,
        province=province_by_pk(place.province_id) if place.province_id else None,
        legacy_province=(legacy_province_by_pk(place.legacy_province_id)
                         if place.legacy_province_id else None),
        district=district,
    ), rules.IssuerSource.INFERRED


@transaction.atomic
def certify(
    product: Product,
    *,
    star: object,
    decision_number: str,
    decision_date: datetime.date,
    issuer: str = "",
    issuer_source: str | None = None,
    product_code: str = "",
    group: ProductGroup | None = None,
    group_label: str = "",
    score: int | None = None,
    place: CertifiedPlace | None = None,
    sync: bool = True,
) -> tuple[Certification, bool]:
    """Record a recognition decision for a product (first award, re-evaluation, upgrade,
    or the decision behind a reported listing, which it turns into).

    Returns ``(certification, created)``; the same decision recorded twice is not
    duplicated. Without an issuer, the one the rules name on that date is recorded and
    marked inferred. The product's OCOP attributes follow its current certification.
    """
    fields = validate_certification(
        star=star, decision_number=decision_number, decision_date=decision_date, issuer=issuer
    )
    place = place or CertifiedPlace.of_producer(product.producer)
    issuer_text, source = issuer_or_inferred(
        fields["issuer"], fields["star"], fields["decision_date"], place)
    existing = Certification.objects.filter(
        product=product, decision_number=fields["decision_number"],
        decision_date=fields["decision_date"],
    ).first()
    if existing is not None:
        return existing, False
    cert = Certification.objects.filter(
        product=product, kind=rules.CertificationKind.REPORTED).first() or Certification(
        product=product)
    cert.kind = rules.CertificationKind.DECISION
    cert.decision_number = fields["decision_number"]
    cert.decision_date = fields["decision_date"]
    cert.issuer = issuer_text
    cert.issuer_source = issuer_source or source
    cert.star = fields["star"]
    cert.legal_basis = rules.legal_basis_for(fields["decision_date"])
    cert.valid_until = rules.valid_until_for(fields["decision_date"])
    cert.score = score
    _save_with(cert, product_code=product_code, group=group, group_label=group_label,
               place=place, sync=sync)
    return cert, True


def _save_with(cert: Certification, *, product_code: str, group: ProductGroup | None,
               group_label: str, place: CertifiedPlace, sync: bool) -> None:
    """What a decision and a listing record alike: code, group and place (a decision
    keeps the listing's code and group where it gives none), then the attributes."""
    cert.product_code = clean(product_code) or cert.product_code
    cert.group = group or cert.group
    cert.group_label = clean(group_label) or cert.group_label
    for name, value in place.fields().items():
        setattr(cert, name, value)
    cert.save()
    if sync:
        sync_ocop_attributes([cert.product_id])


@transaction.atomic
def report_listing(
    product: Product,
    *,
    star: object,
    issuer: str = "",
    product_code: str = "",
    group: ProductGroup | None = None,
    group_label: str = "",
    place: CertifiedPlace | None = None,
    sync: bool = True,
) -> tuple[Certification, bool]:
    """Record that a province's published list names this product with this star while
    its decision is not on file ("reported"). The product shows and counts as OCOP,
    flagged as not verified, until ``certify`` records the decision.

    A product with a decision on file gets no listing (ValidationError ALREADY_DECIDED);
    listing it again updates the star and group. Returns ``(certification, created)``.
    """
    try:
        star_value = rules.parse_star(star)
    except rules.InvalidStar as exc:
        raise ValidationError({"star": _error(str(exc), exc.code)}) from exc
    if product.certifications.filter(kind=rules.CertificationKind.DECISION).exists():
        raise ValidationError({"decision_number": _error(
            "Sản phẩm đã có quyết định công nhận trên hệ thống.",
            OcopErrorCode.ALREADY_DECIDED)})
    place = place or CertifiedPlace.of_producer(product.producer)
    cert = Certification.objects.filter(
        product=product, kind=rules.CertificationKind.REPORTED).first()
    created = cert is None
    if created:
        cert = Certification(product=product, kind=rules.CertificationKind.REPORTED)
    cert.star = star_value
    cert.issuer = clean_issuer(issuer)
    _save_with(cert, product_code=product_code, group=group, group_label=group_label,
               place=place, sync=sync)
    return cert, created


@transaction.atomic
def revoke(certification: Certification, *, on: datetime.date, reason: str) -> Certification:
    """Revoke a certificate: the badge and attributes go, the record stays."""
    if not clean(reason):
        raise ValidationError({"revocation_reason": _error(
            "Cần ghi lý do thu hồi.", OcopErrorCode.REVOCATION_REASON_REQUIRED)})
    certification.revoked_on = on
    certification.revocation_reason = clean(reason)
    certification.save(update_fields=["revoked_on", "revocation_reason"])
    sync_ocop_attributes([certification.product_id])
    return certification


def _value_ids() -> dict[tuple[str, str], int]:
    return {
        (attr_slug, slug): pk
        for attr_slug, slug, pk in AttributeValue.objects.filter(
            attribute__slug__in=OCOP_ATTRIBUTE_SLUGS
        ).values_list("attribute__slug", "slug", "id")
    }


def ocop_value_slugs(
    product: Product, cert: Certification | None, today=None
) -> list[tuple[str, str]]:
    """The (attribute slug, value slug) pairs a product should carry, none if not certified.

    Province and region are the certificate's (where and when it was certified), the
    producer's only for a certificate recorded without a place."""
    from backend.geo.resolver import province_by_pk, region_by_pk

    if cert is None or cert.status(today) not in rules.VALID_STATUSES:
        return []
    pairs = [(ATTR_STAR, star_value_slug(cert.star))]
    if cert.kind == rules.CertificationKind.DECISION:
        pairs.append((ATTR_VERIFIED, VERIFIED_VALUE))
    producer = product.producer
    province_id = cert.province_id or (producer.province_id if producer else None)
    region_id = cert.region_id or (producer.region_id if producer else None)
    if province_id is not None:
        pairs.append((ATTR_PROVINCE, province_by_pk(province_id).slug))
    if region_id is not None:
        pairs.append((ATTR_REGION, region_by_pk(region_id).slug))
    if cert.group_id:
        pairs += [(ATTR_GROUP, g.slug) for g in ancestors_and_self(group_by_pk(cert.group_id))]
    return pairs


def sync_ocop_attributes(product_ids: Iterable[int], today: datetime.date | None = None) -> int:
    """Make the OCOP attribute values of these products match their current certification.

    Batched for the importer and the nightly expiry job. Returns how many products changed.
    """
    ids = list(product_ids)
    if not ids:
        return 0
    values = _value_ids()
    ocop_value_ids = set(values.values())
    products = Product.objects.filter(pk__in=ids).select_related("producer")
    certs = current_certifications(ids)
    existing: dict[int, set[int]] = {}
    for product_id, value_id in AssignedProductAttributeValue.objects.filter(
        product_id__in=ids, value_id__in=ocop_value_ids
    ).values_list("product_id", "value_id"):
        existing.setdefault(product_id, set()).add(value_id)
    to_add, to_remove, changed = [], [], set()
    for product in products:
        wanted = {values[pair] for pair in ocop_value_slugs(product, certs.get(product.pk), today)}
        have = existing.get(product.pk, set())
        for value_id in wanted - have:
            to_add.append(AssignedProductAttributeValue(product_id=product.pk, value_id=value_id))
        for value_id in have - wanted:
            to_remove.append((product.pk, value_id))
        if wanted != have:
            changed.add(product.pk)
    AssignedProductAttributeValue.objects.bulk_create(to_add, batch_size=5000)
    for product_id, value_id in to_remove:
        AssignedProductAttributeValue.objects.filter(
            product_id=product_id, value_id=value_id
        ).delete()
    if changed:
        Product.objects.filter(pk__in=changed).update(
            search_index_dirty=True, updated_at=timezone.now()
        )
        from backend.search.indexing import schedule_update

        schedule_update()  # the search documents follow after commit
    return len(changed)


def refresh_lapsed_certifications(today: datetime.date | None = None) -> int:
    """Nightly: products whose certificate crossed a validity boundary lose (or regain)
    their OCOP attributes without anyone touching them."""
    today = today or timezone.localdate()
    horizon = today - datetime.timedelta(days=2)
    # Products showing a star may have lapsed (however long since the last run); products
    # whose certificate is valid (or just stopped being) or revoked may need their
    # attributes added or removed. ``valid_through`` is ``rules.last_valid_day``.
    candidates = (
        AssignedProductAttributeValue.objects.filter(value__attribute__slug=ATTR_STAR)
        .values_list("product_id", flat=True)
        .union(
            Certification.objects.filter(
                Q(valid_through__gte=horizon) | Q(valid_through__isnull=True)
            ).values_list("product_id", flat=True)
        )
        .union(
            Certification.objects.filter(revoked_on__isnull=False).values_list(
                "product_id", flat=True
            )
        )
    )
    ids = sorted(set(candidates))
    changed = 0
    for start in range(0, len(ids), 2000):
        changed += sync_ocop_attributes(ids[start : start + 2000], today=today)
    return changed
