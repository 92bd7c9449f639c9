from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """unaccent folds Vietnamese for search; pg_trgm gives typo tolerance."""

    initial = True
    dependencies = []
    operations = [UnaccentExtension(), TrigramExtension()]
