"""Certifications may be "reported" (on a province's list, decision not on file), carry
where and when they were certified (province, commune, old province, region), the source
of their issuer, and their last valid day (``rules.last_valid_day``). Existing records
are decisions; their place is their producer's, as it was shown until now. Products
with a star also get the new "ocop-verified" attribute value.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0006_product_name_sort_index'),
        ('attribute', '0001_initial'),
        ('producers', '0001_initial'),
        ('geo', '0002_load_admin_units'),
        ('ocop', '0002_classification_and_product_type'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='certification',
            options={'ordering': [models.OrderBy(models.F('decision_date'), descending=True, nulls_last=True), '-pk'], 'verbose_name': 'chứng nhận OCOP', 'verbose_name_plural': 'chứng nhận OCOP'},
        ),
        migrations.RemoveIndex(
            model_name='certification',
            name='ocop_certif_product_9c5a9a_idx',
        ),
        migrations.AddField(
            model_name='certification',
            name='commune',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='geo.commune', verbose_name='xã/phường (hiện nay)'),
        ),
        migrations.AddField(
            model_name='certification',
            name='issuer_source',
            field=models.CharField(choices=[('document', 'Ghi trên dòng của danh sách hoặc do người nhập điền'), ('catalog', 'Lấy từ quyết định cùng số đã có trên hệ thống'), ('heading', 'Lấy từ tiêu đề của tệp danh sách'), ('operator', 'Người nhập chỉ định cho cả tệp'), ('inferred', 'Suy ra theo quy định tại ngày quyết định')], default='document', max_length=10, verbose_name='nguồn cơ quan ban hành'),
        ),
        migrations.AddField(
            model_name='certification',
            name='kind',
            field=models.CharField(choices=[('decision', 'Quyết định công nhận'), ('reported', 'Có tên trong danh sách công bố, chưa có quyết định trên hệ thống')], default='decision', max_length=10, verbose_name='loại'),
        ),
        migrations.AddField(
            model_name='certification',
            name='legacy_province',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='geo.legacyprovince', verbose_name='tỉnh cũ'),
        ),
        migrations.AddField(
            model_name='certification',
            name='province',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='geo.province', verbose_name='tỉnh/thành (hiện nay)'),
        ),
        migrations.AddField(
            model_name='certification',
            name='region',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='geo.region', verbose_name='vùng'),
        ),
        migrations.AddField(
            model_name='certification',
            name='valid_through',
            field=models.DateField(blank=True, editable=False, null=True, verbose_name='còn giá trị đến hết ngày'),
        ),
        migrations.AlterField(
            model_name='certification',
            name='decision_date',
            field=models.DateField(blank=True, null=True, verbose_name='ngày quyết định'),
        ),
        migrations.AlterField(
            model_name='certification',
            name='decision_number',
            field=models.CharField(blank=True, db_index=True, max_length=60, verbose_name='số quyết định'),
        ),
        migrations.AlterField(
            model_name='certification',
            name='issuer',
            field=models.CharField(blank=True, max_length=255, verbose_name='cơ quan ban hành'),
        ),
        migrations.AlterField(
            model_name='certification',
            name='legal_basis',
            field=models.CharField(blank=True, choices=[('1048/2019', 'QĐ 1048/QĐ-TTg (2019)'), ('148/2023', 'QĐ 148/QĐ-TTg (2023)'), ('26/2026', 'QĐ 26/2026/QĐ-TTg')], max_length=12, verbose_name='căn cứ'),
        ),
        migrations.AlterField(
            model_name='certification',
            name='valid_until',
            field=models.DateField(blank=True, null=True, verbose_name='hiệu lực đến'),
        ),
    ]
