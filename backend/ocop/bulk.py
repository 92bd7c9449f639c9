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

from django.db import connection, transaction
from django.utils import timezone

from backend.attribute.models import AssignedProductAttributeValue
from backend.catalog.models import Product
from backend.core.bulk import copy_insert, copy_rows
from backend.core.text import clean

from . import rules
from .models import Certification, ProductGroup
from .services import (
    _value_ids,
    current_certifications,
    ocop_value_slugs,
    validate_certification,
)


@dataclass
class CertificationSpec:
    product_id: int
    star: object
    decision_number: str
    decision_date: datetime.date | None
    issuer: str
    product_code: str = ""
    group: ProductGroup | None = None
    group_label: str = ""
    score: int | None = None


def build_certification(spec: CertificationSpec, checked: dict | None = None) -> Certification:
    """An unsaved Certification; raises ValidationError naming each bad field."""
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
    return Certification(
        product_id=spec.product_id,
        decision_number=fields["decision_number"],
        decision_date=fields["decision_date"],
        issuer=fields["issuer"],
        star=fields["star"],
        legal_basis=fields["legal_basis"],
        valid_until=fields["valid_until"],
        product_code=clean(spec.product_code),
        group_id=spec.group.pk if spec.group is not None else None,
        group_label=clean(spec.group_label),
        score=spec.score,
    )


@transaction.atomic
def bulk_certify(
    specs: list[CertificationSpec], *, new_product_ids: Collection[int] = ()
) -> list[Certification]:
    """Create certifications (a decision already recorded for a product is skipped) and
    bring the products' OCOP attributes in line with their newest certificate.

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
    existing = set(
        _any(Certification.objects, "product_id", old_ids).values_list(
            "product_id", "decision_number", "decision_date"
        )
    ) if old_ids else set()
    fresh, seen = [], set(existing)
    for cert in certs:
        key = (cert.product_id, cert.decision_number, cert.decision_date)
        if key not in seen:
            seen.add(key)
            fresh.append(cert)
    copy_insert(fresh)
    # The current certificate of a new product is its newest one from this batch.
    newest: dict[int, Certification] = {}
    for cert in fresh:
        if cert.product_id in new_ids:
            held = newest.get(cert.product_id)
            if held is None or (cert.decision_date, cert.pk) > (held.decision_date, held.pk):
                newest[cert.product_id] = cert
    bulk_sync_ocop_attributes(product_ids, known_empty=new_ids, known_current=newest)
    return fresh


def _any(manager, column: str, values: list):
    # One array parameter instead of an IN list of thousands of placeholders.
    table = manager.model._meta.db_table
    return manager.extra(where=[f"{table}.{column} = ANY(%s)"], params=[list(values)])


class _ProducerRef(NamedTuple):
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
