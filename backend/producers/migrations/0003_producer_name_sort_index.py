"""The index sorting producers by name reads (after their keys are filled)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("producers", "0002_producer_name_sort")]

    operations = [
        migrations.AddIndex(
            model_name='producer',
            index=models.Index(fields=['name_sort', 'id'], name='producer_name_sort_id_idx'),
        ),
    ]
