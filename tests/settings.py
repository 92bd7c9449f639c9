"""The test suite's settings: the project's own, on a development machine.

``OCOP_ENV=development`` lets the suite run without production secrets (a random key in
var/, local host names); it is set in the environment so that processes the tests start
(``ocop import``, a gunicorn server) inherit it. Tests of production behaviour start
their own processes with production settings (tests/security/test_site_settings.py).
"""

import os

os.environ.setdefault("OCOP_ENV", "development")

from backend.settings import *  # noqa: E402,F403

# Tests index when they mean to; a sweeper thread would race them on the test database.
SEARCH_SWEEP_ON_START = False
SEARCH_SWEEP_AFTER_SECONDS = 0
