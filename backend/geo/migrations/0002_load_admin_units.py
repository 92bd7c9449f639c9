from django.db import migrations


def load(apps, schema_editor):
    from backend.geo.reference import load_admin_units

    load_admin_units(apps)


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
