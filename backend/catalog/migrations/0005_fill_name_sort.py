"""Sort keys for the products that exist (their index follows in 0006)."""

from django.db import migrations


def fill_sort_keys(apps, schema_editor):
    from backend.core.text import vietnamese_sort_key

    Product = apps.get_model("catalog", "Product")
    batch = []
    for product in Product.objects.only("pk", "name").iterator(chunk_size=5000):
        product.name_sort = vietnamese_sort_key(product.name)
        batch.append(product)
        if len(batch) >= 5000:
            Product.objects.bulk_update(batch, ["name_sort"])
            batch = []
    Product.objects.bulk_update(batch, ["name_sort"])


class Migration(migrations.Migration):
    dependencies = [("catalog", "0004_product_name_sort")]

    operations = [
        migrations.RunPython(fill_sort_keys, migrations.RunPython.noop),
    ]
