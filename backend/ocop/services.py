"""Domain operations on OCOP certifications. The admin, the API and the importer call these;
none of them writes a Certification or the OCOP attributes directly."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
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
from .models import Certification, ProductGroup

OCOP_PRODUCT_TYPE_SLUG = "san-pham-ocop"
ATTR_STAR = "ocop-star"
ATTR_PROVINCE = "ocop-province"
ATTR_REGION = "ocop-region"
ATTR_GROUP = "ocop-group"
OCOP_ATTRIBUTE_SLUGS = (ATTR_STAR, ATTR_PROVINCE, ATTR_REGION, ATTR_GROUP)


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
    """The newest certification of each product (by decision date), whatever its status."""
    result: dict[int, Certification] = {}
    qs = (
        Certification.objects.filter(product_id__in=list(product_ids))
        .order_by("product_id", "-decision_date", "-id")
        .distinct("product_id")
    )
    for cert in qs:
        result[cert.product_id] = cert
    return result


def validate_certification(
    *, star: object, decision_number: str, decision_date: datetime.date | None, issuer: str
) -> dict:
    """Check and normalise a certification's fields; raises ValidationError naming each."""
    errors: dict[str, str] = {}
    try:
        star_value = rules.parse_star(star)
    except rules.InvalidStar as exc:
        errors["star"] = str(exc)
        star_value = None
    number = rules.normalize_decision_number(decision_number)
    if not number:
        errors["decision_number"] = "Thiếu số quyết định công nhận."
    if decision_date is None:
        errors["decision_date"] = "Thiếu ngày quyết định."
    elif decision_date > timezone.localdate() + datetime.timedelta(days=1):
        errors["decision_date"] = f"Ngày quyết định {decision_date:%d/%m/%Y} ở tương lai."
    elif decision_date.year < 2018:
        errors["decision_date"] = (
            f"Ngày quyết định {decision_date:%d/%m/%Y} trước khi có chương trình OCOP (2018)."
        )
    if not clean(issuer):
        errors["issuer"] = "Thiếu cơ quan ban hành quyết định."
    if errors:
        raise ValidationError(errors)
    return {
        "star": star_value,
        "decision_number": number,
        "decision_date": decision_date,
        "issuer": clean(issuer),
    }


@transaction.atomic
def certify(
    product: Product,
    *,
    star: object,
    decision_number: str,
    decision_date: datetime.date,
    issuer: str,
    product_code: str = "",
    group: ProductGroup | None = None,
    group_label: str = "",
    score: int | None = None,
    sync: bool = True,
) -> tuple[Certification, bool]:
    """Record a recognition decision for a product (first award, re-evaluation or upgrade).

    Returns ``(certification, created)``; the same decision recorded twice is not
    duplicated. The product's OCOP attributes follow its newest certification.
    """
    fields = validate_certification(
        star=star, decision_number=decision_number, decision_date=decision_date, issuer=issuer
    )
    cert, created = Certification.objects.get_or_create(
        product=product,
        decision_number=fields["decision_number"],
        decision_date=fields["decision_date"],
        defaults={
            "issuer": fields["issuer"],
            "star": fields["star"],
            "legal_basis": rules.legal_basis_for(fields["decision_date"]),
            "valid_until": rules.valid_until_for(fields["decision_date"]),
            "product_code": clean(product_code),
            "group": group,
            "group_label": clean(group_label),
            "score": score,
        },
    )
    if sync:
        sync_ocop_attributes([product.pk])
    return cert, created


@transaction.atomic
def revoke(certification: Certification, *, on: datetime.date, reason: str) -> Certification:
    """Revoke a certificate: the badge and attributes go, the record stays."""
    if not clean(reason):
        raise ValidationError({"revocation_reason": "Cần ghi lý do thu hồi."})
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
    """The (attribute slug, value slug) pairs a product should carry, none if not certified."""
    from backend.geo.resolver import province_by_pk, region_by_pk

    if cert is None or cert.status(today) not in rules.VALID_STATUSES:
        return []
    pairs = [(ATTR_STAR, star_value_slug(cert.star))]
    producer = product.producer
    if producer is not None:
        pairs.append((ATTR_PROVINCE, province_by_pk(producer.province_id).slug))
        pairs.append((ATTR_REGION, region_by_pk(producer.region_id).slug))
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
    horizon = today - datetime.timedelta(days=rules.GRACE_DAYS + 2)
    # Products showing a star may have lapsed (however long since the last run); products
    # with a recent or revoked certificate may need their attributes added or removed.
    candidates = (
        AssignedProductAttributeValue.objects.filter(value__attribute__slug=ATTR_STAR)
        .values_list("product_id", flat=True)
        .union(
            Certification.objects.filter(valid_until__gte=horizon).values_list(
                "product_id", flat=True
            )
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
