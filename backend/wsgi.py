"""The WSGI application (gunicorn). At start, one search sweeper pass runs in the
background: an import killed before its index update is caught up without waiting for
the next write (backend/search/sweeper.py)."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
application = get_wsgi_application()

if settings.SEARCH_SWEEP_ON_START:
    from backend.search.sweeper import start_in_background

    start_in_background("process start")
