"""The Celery application: ``celery -A backend.celery_app worker``.

Configured from Django settings (``CELERY_*``: the broker is Redis when ``REDIS_URL`` is set;
without it tasks run inline in the caller). Tasks are found in every installed app's
``tasks.py``.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")

app = Celery("ocop")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
