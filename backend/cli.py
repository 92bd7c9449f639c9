"""The ``ocop`` command: one entry point for every operation (wraps Django's commands).

ocop quickstart            migrate, load reference + demo data, serve on :8000
ocop import FILE …         load a certified-product list (see `ocop import --help`)
ocop loadreference         (re)load provinces, communes and the OCOP classification
ocop demo                  load the demo catalog
ocop db stop               stop the embedded PostgreSQL
ocop <django command> …    anything manage.py does (migrate, createsuperuser, shell…)
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
    if argv[1:3] == ["db", "stop"]:
        from backend.embedded_db import stop

        print("Đã dừng PostgreSQL nhúng." if stop() else "PostgreSQL nhúng không chạy.")
        return
    if argv[1:3] == ["db", "url"]:
        from backend.embedded_db import ensure_running

        print(os.environ.get("DATABASE_URL") or ensure_running())
        return
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 - loads the settings, which check themselves
    except ImproperlyConfigured as error:
        # Production settings left unsafe: say what to set, without a traceback.
        print(error, file=sys.stderr)
        sys.exit(2)
    execute_from_command_line(["ocop", *argv[1:]])


if __name__ == "__main__":
    main()
