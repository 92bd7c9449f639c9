"""Existing records are decisions: their last valid day (``rules.last_valid_day``), their
place (their producer's, as shown until now) and the "ocop-verified" attribute for the
products that carry a star. The indexes and constraints of the new shape follow in
0005 (PostgreSQL refuses them in the transaction that updated the rows)."""

from django.db import migrations


def fill(apps, schema_editor):
    from backend.ocop.rules import last_valid_day
    from backend.ocop.services import (
        ATTR_STAR,
        ATTR_VERIFIED,
        VERIFIED_VALUE,
        ensure_ocop_product_type,
    )

    Certification = apps.get_model("ocop", "Certification")
    batch = []
    for cert in Certification.objects.select_related("product__producer").iterator(
        chunk_size=5000
    ):
        cert.valid_through = last_valid_day(
            valid_until=cert.valid_until, reevaluation_filed_on=cert.reevaluation_filed_on,
            revoked_on=cert.revoked_on,
        )
        producer = cert.product.producer
        if producer is not None:
            cert.province_id = producer.province_id
            cert.commune_id = producer.commune_id
            cert.legacy_province_id = producer.legacy_province_id
            cert.region_id = producer.region_id
        batch.append(cert)
    Certification.objects.bulk_update(
        batch, ["valid_through", "province", "commune", "legacy_province", "region"],
        batch_size=5000,
    )
    ensure_ocop_product_type(apps)
    Value = apps.get_model("attribute", "AttributeValue")
    Assigned = apps.get_model("attribute", "AssignedProductAttributeValue")
    verified = Value.objects.get(attribute__slug=ATTR_VERIFIED, slug=VERIFIED_VALUE)
    starred = Assigned.objects.filter(value__attribute__slug=ATTR_STAR).values_list(
        "product_id", flat=True).distinct()
    Assigned.objects.bulk_create(
        [Assigned(product_id=pk, value=verified, sort_order=0) for pk in starred],
        batch_size=5000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("ocop", "0003_reported_certifications_and_place"),
        ("attribute", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
