"""Indexes and constraints of certifications that can be decisions or reported listings:
the current-certificate order, the last valid day, one listing per product, and a
decision always with its number, date and validity."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("ocop", "0004_fill_certification_place_and_validity")]

    operations = [
        migrations.AddIndex(
            model_name='certification',
            index=models.Index(models.F('product'), models.OrderBy(models.F('decision_date'), descending=True, nulls_last=True), models.OrderBy(models.F('id'), descending=True), name='certification_current_idx'),
        ),
        migrations.AddIndex(
            model_name='certification',
            index=models.Index(fields=['valid_through'], name='certification_valid_through'),
        ),
        migrations.AddConstraint(
            model_name='certification',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'decision'), models.Q(('decision_number', ''), _negated=True), ('decision_date__isnull', False), ('valid_until__isnull', False)), models.Q(('kind', 'reported'), ('decision_date__isnull', True), ('valid_until__isnull', True)), _connector='OR'), name='certification_decision_or_reported'),
        ),
        migrations.AddConstraint(
            model_name='certification',
            constraint=models.UniqueConstraint(condition=models.Q(('kind', 'reported')), fields=('product',), name='certification_one_report_per_product'),
        ),
    ]
