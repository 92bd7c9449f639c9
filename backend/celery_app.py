"""The Celery application: ``celery -A backend.celery_app worker``.

Configured from Django settings (``CELERY_*``: the broker is Redis when ``REDIS_URL`` is set;
without it tasks run inline in the caller). Tasks are found in every installed app's
``tasks.py``.
"""

from __future__ import annotations

import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")

app = Celery("ocop")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def _sweep_on_start(sender=None, **kwargs) -> None:
    """A worker starting after a crash catches the search index up (sweeper.py)."""
    from django.conf import settings

    if settings.SEARCH_SWEEP_ON_START:
        from backend.search.sweeper import start_in_background

        start_in_background("worker start")
