from django.db import migrations


def load(apps, schema_editor):
    from backend.ocop.classification import load_classification
    from backend.ocop.services import ensure_ocop_product_type

    load_classification(apps)
    ensure_ocop_product_type(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("ocop", "0001_initial"),
        ("geo", "0002_load_admin_units"),
        ("attribute", "0001_initial"),
        ("catalog", "0001_initial"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
