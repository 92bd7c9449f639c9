from django.db import migrations


def create(apps, schema_editor):
    Channel = apps.get_model("channel", "Channel")
    Channel.objects.get_or_create(
        slug="vn", defaults={"name": "Sàn OCOP Việt Nam", "currency_code": "VND"}
    )


class Migration(migrations.Migration):
    dependencies = [("channel", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
