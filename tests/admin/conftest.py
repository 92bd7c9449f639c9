from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    # Admin pages link static files; tests have no collected manifest to look them up in.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
