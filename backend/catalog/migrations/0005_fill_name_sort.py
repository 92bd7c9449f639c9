"""Sort keys for the products that exist (their index follows in 0006)."""

from django.db import migrations


def fill_sort_keys(apps, schema_editor):
    from backend.core.fields import fill_sort_keys as fill

    fill(apps.get_model("catalog", "Product"))


class Migration(migrations.Migration):
    dependencies = [("catalog", "0004_product_name_sort")]

    operations = [
        migrations.RunPython(fill_sort_keys, migrations.RunPython.noop),
    ]
