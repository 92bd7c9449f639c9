"""Products get their Vietnamese sort key (Đ after D, tones in dictionary order): every
sort by name reads ``name_sort`` instead of the code-point order of ``name``."""

from django.db import migrations

import backend.core.fields


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0003_dirty_flag_partial_index'),
        ('producers', '0001_initial'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='product',
            name='product_name_id_idx',
        ),
        migrations.AddField(
            model_name='product',
            name='name_sort',
            field=backend.core.fields.VietnameseSortKeyField(db_collation='C', default='', editable=False, max_length=750, source='name'),
        ),
    ]
