"""The index every sort of products by name reads (after their keys are filled)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("catalog", "0005_fill_name_sort")]

    operations = [
        migrations.AddIndex(
            model_name="product",
            index=models.Index(fields=["name_sort", "id"], name="product_name_sort_id_idx"),
        ),
    ]
