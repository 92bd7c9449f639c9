"""The ``ocop`` command: one entry point for every operation (wraps Django's commands).

ocop quickstart            migrate, load reference + demo data, serve on :8000
ocop import FILE …         load a certified-product list (see `ocop import --help`)
ocop loadreference         (re)load provinces, communes and the OCOP classification
ocop demo                  load the demo catalog
ocop db stop               stop the embedded PostgreSQL
ocop db reset [--yes]      empty the embedded PostgreSQL's database (development data)
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
    if argv[1:3] == ["db", "reset"]:
        sys.exit(_reset_embedded_db(assume_yes="--yes" in argv[3:]))
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


def _reset_embedded_db(assume_yes: bool) -> int:
    if os.environ.get("DATABASE_URL"):
        print("DATABASE_URL đang được đặt: lệnh này chỉ xoá PostgreSQL nhúng dùng khi phát "
              "triển, không bao giờ xoá một máy chủ đã cấu hình.")
        return 2
    if not assume_yes:
        answer = input("Xoá toàn bộ dữ liệu trong PostgreSQL nhúng (var/pgdata)? [y/N] ")
        if answer.strip().lower() not in {"y", "yes", "c", "co", "có"}:
            print("Không xoá gì.")
            return 1
    from backend.embedded_db import reset

    reset()
    print("Đã xoá dữ liệu của PostgreSQL nhúng. Chạy lại: ocop quickstart")
    return 0


if __name__ == "__main__":
    main()
