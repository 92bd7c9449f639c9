"""Recording many recognition decisions at once (the importer's path).

Each certification goes through ``services.validate_certification`` and gets its legal basis
and validity from ``rules``, exactly like ``services.certify``; attributes are synced in
batches instead of once per product.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from backend.attribute.models import AssignedProductAttributeValue
from backend.catalog.models import Product
from backend.core.bulk import copy_insert, copy_rows, unsaved
from backend.core.text import clean

from . import rules
from .models import Certification, ProductGroup
from .services import (
    CertifiedPlace,
    _value_ids,
    clean_issuer,
    current_certifications,
    ocop_value_slugs,
    validate_certification,
)


@dataclass
class CertificationSpec:
    """One certification to record: a decision, or with ``reported`` a listing on a
    province's published list whose decision is not on file."""

    product_id: int
    star: object
    decision_number: str
    decision_date: datetime.date | None
    issuer: str
    product_code: str = ""
    group: ProductGroup | None = None
    group_label: str = ""
    score: int | None = None
    issuer_source: str = rules.IssuerSource.DOCUMENT
    place: CertifiedPlace | None = None
    reported: bool = False


def build_certification(spec: CertificationSpec, checked: dict | None = None) -> Certification:
    """An unsaved Certification; raises ValidationError naming each bad field."""
    if spec.reported:
        try:
            star = rules.parse_star(spec.star)
        except rules.InvalidStar as exc:
            raise ValidationError({"star": ValidationError(str(exc), code=exc.code.value)}) \
                from exc
        fields = {"star": star, "decision_number": "", "decision_date": None,
                  "issuer": clean_issuer(spec.issuer), "legal_basis": "", "valid_until": None}
    else:
        key = (spec.star, spec.decision_number, spec.decision_date, spec.issuer)
        fields = checked.get(key) if checked is not None else None
        if fields is None:
            fields = validate_certification(
                star=spec.star,
                decision_number=spec.decision_number,
                decision_date=spec.decision_date,
                issuer=spec.issuer,
            )
            fields = {
                **fields,
                "legal_basis": rules.legal_basis_for(fields["decision_date"]),
                "valid_until": rules.valid_until_for(fields["decision_date"]),
            }
            if checked is not None:
                checked[key] = fields
    place = (spec.place or CertifiedPlace(None, None)).fields()
    cert = unsaved(
        Certification,
        product_id=spec.product_id,
        kind=rules.CertificationKind.REPORTED if spec.reported
        else rules.CertificationKind.DECISION,
        decision_number=fields["decision_number"],
        decision_date=fields["decision_date"],
        issuer=fields["issuer"],
        issuer_source=spec.issuer_source,
        star=fields["star"],
        legal_basis=fields["legal_basis"],
        valid_until=fields["valid_until"],
        product_code=clean(spec.product_code),
        group_id=spec.group.pk if spec.group is not None else None,
        group_label=clean(spec.group_label),
        score=spec.score,
        **place,
    )
    cert.refresh_validity()
    return cert


# Fields a decision brings to the reported listing it turns into.
_UPGRADED_FIELDS = [
    "kind", "decision_number", "decision_date", "issuer", "issuer_source", "star",
    "legal_basis", "valid_until", "valid_through", "product_code", "group", "group_label",
    "score", "province", "commune", "legacy_province", "region",
]


@transaction.atomic
def bulk_certify(
    specs: list[CertificationSpec], *, new_product_ids: Collection[int] = ()
) -> list[Certification]:
    """Create certifications and bring the products' OCOP attributes in line with their
    current certificate. A decision already recorded for a product is skipped; a decision
    for a product with a reported listing turns that listing into the decision; a listing
    for a product with a decision on file is skipped. Returns the records written.

    ``new_product_ids``: products created in this transaction, known to carry no OCOP
    values yet (their lookup is skipped).
    """
    # A decision covers many products: check each (star, decision, issuer) once.
    checked: dict[tuple, dict] = {}
    certs = [build_certification(spec, checked) for spec in specs]
    if not certs:
        return []
    product_ids = sorted({c.product_id for c in certs})
    new_ids = set(new_product_ids)
    old_ids = [pk for pk in product_ids if pk not in new_ids]
    seen: set[tuple] = set()
    decided: set[int] = set()
    reported: dict[int, Certification] = {}
    if old_ids:
        for cert in _any(Certification.objects, "product_id", old_ids):
            if cert.is_reported:
                reported[cert.product_id] = cert
            else:
                decided.add(cert.product_id)
                seen.add((cert.product_id, cert.decision_number, cert.decision_date))
    fresh, upgraded = [], []
    for cert in sorted(certs, key=lambda c: c.is_reported):  # decisions first
        if cert.is_reported:
            if cert.product_id in decided or cert.product_id in reported:
                continue
            reported[cert.product_id] = cert
            fresh.append(cert)
            continue
        key = (cert.product_id, cert.decision_number, cert.decision_date)
        if key in seen:
            continue
        seen.add(key)
        decided.add(cert.product_id)
        listing = reported.pop(cert.product_id, None)
        if listing is not None and listing.pk is not None:
            # The decision behind a reported listing: the same record, now verified.
            cert.pk = listing.pk
            cert.created_at = listing.created_at
            cert._state.adding = False
            upgraded.append(cert)
        else:
            fresh.append(cert)
    copy_insert(fresh)
    if upgraded:
        Certification.objects.bulk_update(upgraded, _UPGRADED_FIELDS, batch_size=2000)
    written = fresh + upgraded
    # The current certificate of a new product is its current one from this batch.
    newest: dict[int, Certification] = {}
    for cert in written:
        if cert.product_id in new_ids:
            held = newest.get(cert.product_id)
            newest[cert.product_id] = rules.pick_current([c for c in (held, cert) if c])
    bulk_sync_ocop_attributes(product_ids, known_empty=new_ids, known_current=newest)
    return written


def _any(manager, column: str, values: list):
    # One array parameter instead of an IN list of thousands of placeholders.
    table = manager.model._meta.db_table
    return manager.extra(where=[f"{table}.{column} = ANY(%s)"], params=[list(values)])


class _ProducerRef(NamedTuple):
    # What ``ocop_value_slugs`` reads of a producer (the place of a certificate without one).
    province_id: int
    region_id: int


class _ProductRef(NamedTuple):
    pk: int
    producer: _ProducerRef | None


def bulk_sync_ocop_attributes(
    product_ids: list[int],
    today: datetime.date | None = None,
    *,
    known_empty: Collection[int] = (),
    known_current: dict[int, Certification] | None = None,
) -> int:
    """``services.sync_ocop_attributes`` for thousands of products: the same values (from
    ``services.ocop_value_slugs``), written with COPY and one DELETE. Products in
    ``known_empty`` were created in this transaction: no OCOP values to look up, and
    already marked for the search index. Returns how many products changed."""
    if not product_ids:
        return 0
    today = today or timezone.localdate()  # once, not once per product
    values = _value_ids()
    ocop_value_ids = list(set(values.values()))
    # What ``ocop_value_slugs`` reads of a product, as plain tuples: model instances for
    # thousands of products and their producers cost more than the rest of the sync.
    products = [
        _ProductRef(pk, None if producer_id is None else _ProducerRef(province_id, region_id))
        for pk, producer_id, province_id, region_id in _any(
            Product.objects, "id", product_ids
        ).values_list("id", "producer_id", "producer__province_id", "producer__region_id")
    ]
    known_current = known_current or {}
    certs = dict(known_current)
    others = [pk for pk in product_ids if pk not in known_current]
    for start in range(0, len(others), 5000):
        certs.update(current_certifications(others[start:start + 5000]))
    existing: dict[int, set[int]] = {}
    to_check = [pk for pk in product_ids if pk not in known_empty]
    if to_check:
        assigned = _any(AssignedProductAttributeValue.objects, "product_id", to_check)
        for product_id, value_id in _any(assigned, "value_id", ocop_value_ids).values_list(
            "product_id", "value_id"
        ):
            existing.setdefault(product_id, set()).add(value_id)
    to_add, to_remove, changed = [], [], []
    for product in products:
        wanted = {values[pair] for pair in ocop_value_slugs(product, certs.get(product.pk), today)}
        have = existing.get(product.pk, set())
        to_add += [(product.pk, v, 0) for v in wanted - have]
        to_remove += [(product.pk, v) for v in have - wanted]
        if wanted != have:
            changed.append(product.pk)
    copy_rows(AssignedProductAttributeValue, ["product_id", "value_id", "sort_order"], to_add)
    if to_remove:
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {AssignedProductAttributeValue._meta.db_table} "
                "WHERE (product_id, value_id) IN (SELECT * FROM unnest(%s::int[], %s::int[]))",
                [[p for p, _ in to_remove], [v for _, v in to_remove]],
            )
    stale = [pk for pk in changed if pk not in known_empty]
    if stale:
        _any(Product.objects, "id", stale).update(
            search_index_dirty=True, updated_at=timezone.now()
        )
    if changed:
        _schedule_search_update()
    return len(changed)


def _schedule_search_update() -> None:
    # The search index follows after commit, as after services.sync_ocop_attributes.
    try:
        from backend.search.indexing import schedule_update
    except ImportError:  # search app not installed
        return
    schedule_update()
