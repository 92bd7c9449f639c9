"""Reference data for transactional tests that run after others: the flush at a
transactional test's end empties the tables the migrations filled (provinces, the default
channel, OCOP groups); serialized rollback does not bring all of them back. Reload what is
missing, by the migrations' own functions."""

from __future__ import annotations

import importlib

from django.apps import apps


def restore_reference_data() -> None:
    from backend.channel.models import Channel
    from backend.geo.models import Province
    from backend.geo.resolver import reset_cache

    if Province.objects.exists():
        return  # nothing was flushed
    importlib.import_module("backend.geo.migrations.0002_load_admin_units").load(apps, None)
    reset_cache()
    if not Channel.objects.exists():
        importlib.import_module("backend.channel.migrations.0002_default_channel").create(
            apps, None)
    importlib.import_module(
        "backend.ocop.migrations.0002_classification_and_product_type").load(apps, None)
