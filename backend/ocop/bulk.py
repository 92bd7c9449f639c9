"""Recording many recognition decisions at once (the importer's path).

Each certification goes through ``services.validate_certification`` and gets its legal basis
and validity from ``rules``, exactly like ``services.certify``; attributes are synced in
batches instead of once per product.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction

from backend.core.text import clean

from . import rules
from .models import Certification, ProductGroup
from .services import sync_ocop_attributes, validate_certification


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


def build_certification(spec: CertificationSpec) -> Certification:
    """An unsaved Certification; raises ValidationError naming each bad field."""
    fields = validate_certification(
        star=spec.star,
        decision_number=spec.decision_number,
        decision_date=spec.decision_date,
        issuer=spec.issuer,
    )
    return Certification(
        product_id=spec.product_id,
        decision_number=fields["decision_number"],
        decision_date=fields["decision_date"],
        issuer=fields["issuer"],
        star=fields["star"],
        legal_basis=rules.legal_basis_for(fields["decision_date"]),
        valid_until=rules.valid_until_for(fields["decision_date"]),
        product_code=clean(spec.product_code),
        group=spec.group,
        group_label=clean(spec.group_label),
        score=spec.score,
    )


@transaction.atomic
def bulk_certify(specs: list[CertificationSpec], batch_size: int = 2000) -> list[Certification]:
    """Create certifications (a decision already recorded for a product is skipped) and
    bring the products' OCOP attributes in line with their newest certificate."""
    certs = [build_certification(spec) for spec in specs]
    if not certs:
        return []
    product_ids = sorted({c.product_id for c in certs})
    existing = set(
        Certification.objects.filter(product_id__in=product_ids).values_list(
            "product_id", "decision_number", "decision_date"
        )
    )
    fresh, seen = [], set(existing)
    for cert in certs:
        key = (cert.product_id, cert.decision_number, cert.decision_date)
        if key not in seen:
            seen.add(key)
            fresh.append(cert)
    Certification.objects.bulk_create(fresh, batch_size=batch_size)
    for start in range(0, len(product_ids), batch_size):
        sync_ocop_attributes(product_ids[start:start + batch_size])
    return fresh
