"""Creating many producers (and their shops) at once, for the importer.

Same rules as ``services.create_producer`` — cleaned names, folded name key, legal form
inferred from the name when not given, region from the commune or old province, a shop with
a unique slug — but with a handful of queries for thousands of producers.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from backend.core.bulk import copy_insert, unsaved
from backend.core.slugs import first_free, taken_slugs
from backend.core.text import clean, fold_key, slugify_vi
from backend.geo.models import Commune, LegacyProvince, Province
from backend.geo.resolver import province_by_pk, region_for

from .models import Producer, Shop
from .services import infer_legal_form, normalize_phone


@dataclass
class ProducerSpec:
    name: str
    province: Province
    commune: Commune | None = None
    legacy_province: LegacyProvince | None = None
    legal_form: str | None = None
    registration_number: str = ""
    address: str = ""
    original_address: str = ""
    phone: str = ""


def build_producer(spec: ProducerSpec) -> Producer:
    """An unsaved Producer with every derived field filled; raises ValidationError."""
    name = clean(spec.name)
    if not name:
        raise ValidationError({"name": "Thiếu tên chủ thể."})
    return unsaved(
        Producer,
        name=name,
        name_key=fold_key(name),
        legal_form=spec.legal_form or infer_legal_form(name),
        registration_number=clean(spec.registration_number),
        address=clean(spec.address),
        original_address=clean(spec.original_address or spec.address),
        # Ids, not instances: assigning related objects costs more than the rest of the row.
        province_id=spec.province.pk,
        commune_id=spec.commune.pk if spec.commune else None,
        legacy_province_id=spec.legacy_province.pk if spec.legacy_province else None,
        region_id=region_for(spec.province, spec.commune, spec.legacy_province).pk,
        phone=normalize_phone(spec.phone),
    )


def _unique_slugs(producers: list[Producer]) -> list[str]:
    bases = [slugify_vi(p.name, max_length=80) or "gian-hang" for p in producers]
    taken = taken_slugs(Shop.objects.all(), bases)
    slugs = []
    for producer, base in zip(producers, bases, strict=True):
        # A namesake elsewhere: the province tells them apart ("…-lam-dong").
        alternative = f"{base}-{province_by_pk(producer.province_id).slug}"
        slug = first_free(base, taken, [alternative])
        taken.add(slug)
        slugs.append(slug)
    return slugs


@transaction.atomic
def bulk_create_producers(specs: list[ProducerSpec], batch_size: int = 2000) -> list[Producer]:
    """Create producers with their shops; returns them with primary keys, in ``specs`` order."""
    producers = [build_producer(spec) for spec in specs]
    if not producers:
        return []
    copy_insert(producers)
    slugs = _unique_slugs(producers)
    copy_insert(
        [unsaved(Shop, producer_id=p.pk, slug=slug, name=p.name)
         for p, slug in zip(producers, slugs, strict=True)],
    )
    return producers
