from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0003_fast_listing'),
    ]

    operations = [
        migrations.CreateModel(
            name='CacheVersion',
            fields=[
                ('tag', models.CharField(max_length=24, primary_key=True, serialize=False)),
                ('value', models.BigIntegerField(default=0)),
            ],
            options={
                'verbose_name': 'phiên bản bộ nhớ đệm',
            },
        ),
    ]
