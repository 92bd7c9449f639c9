"""Producers get their Vietnamese sort key, filled for the ones that exist."""

from django.db import migrations

import backend.core.fields


def fill_sort_keys(apps, schema_editor):
    from backend.core.fields import fill_sort_keys as fill

    fill(apps.get_model("producers", "Producer"))


class Migration(migrations.Migration):

    dependencies = [
        ('geo', '0002_load_admin_units'),
        ('producers', '0001_initial'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='producer',
            options={'ordering': ['name_sort', 'pk'], 'verbose_name': 'chủ thể OCOP', 'verbose_name_plural': 'chủ thể OCOP'},
        ),
        migrations.AddField(
            model_name='producer',
            name='name_sort',
            field=backend.core.fields.VietnameseSortKeyField(db_collation='C', default='', editable=False, max_length=750, source='name'),
        ),
        migrations.RunPython(fill_sort_keys, migrations.RunPython.noop),
    ]
