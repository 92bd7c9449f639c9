"""``ocop quickstart``: one command from a fresh checkout to a running marketplace.

Migrates (which also loads the reference data), loads the demo catalog when the catalog is
empty, collects static files when they are missing, optionally creates a demo superuser, and
serves through gunicorn — the production WSGI server of the container image, several
worker processes, static files by WhiteNoise — so what a developer measures is what
production runs. ``--dev-server`` serves with Django's ``runserver`` instead.
"""

from __future__ import annotations

import os
import re
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

DEFAULT_ADDRPORT = "127.0.0.1:8000"
ADMIN_PASSWORD_ENV = "OCOP_DEMO_ADMIN_PASSWORD"
ADMIN_EMAIL_ENV = "OCOP_DEMO_ADMIN_EMAIL"
DEFAULT_ADMIN_EMAIL = "quantri@ocop.test"


def base_url(addrport: str) -> str:
    """"8000" → http://127.0.0.1:8000, "0.0.0.0:9000" → http://127.0.0.1:9000 (browsable)."""
    match = re.fullmatch(r"(?:(\[[^\]]+\]|[^:]+):)?(\d+)", addrport)
    if not match:
        raise CommandError(f"Địa chỉ “{addrport}” không hợp lệ (ví dụ: 127.0.0.1:8000).")
    host, port = match.groups()
    if not host or host in {"0.0.0.0", "0", "[::]"}:
        host = "127.0.0.1"
    return f"http://{host}:{port}"


def gunicorn_argv(addrport: str) -> list[str]:
    """The command line serving the app as the container image does (deploy/Dockerfile)."""
    bind = addrport if ":" in addrport else f"127.0.0.1:{addrport}"
    workers = os.environ.get("GUNICORN_WORKERS") or str(min(2 * (os.cpu_count() or 1) + 1, 5))
    return [
        sys.executable, "-m", "gunicorn", "backend.wsgi:application",
        "--bind", bind, "--workers", workers,
        "--threads", os.environ.get("GUNICORN_THREADS", "2"),
        "--timeout", os.environ.get("GUNICORN_TIMEOUT", "60"),
        "--access-logfile", "-",
    ]


def banner(addrport: str) -> str:
    url = base_url(addrport)
    return (f"Sàn OCOP đang chạy: {url}/ — GraphQL: {url}/graphql/ — "
            f"Quản trị: {url}/admin/")


class Command(BaseCommand):
    help = ("Chuẩn bị cơ sở dữ liệu, nạp dữ liệu mẫu nếu danh mục trống và chạy sàn OCOP "
            f"tại http://{DEFAULT_ADDRPORT}/.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport_pos", nargs="?", metavar="addrport",
                            help=f"Địa chỉ:cổng để phục vụ (mặc định {DEFAULT_ADDRPORT}).")
        parser.add_argument("--addrport", dest="addrport_opt", help="Như tham số addrport.")
        parser.add_argument("--no-demo", action="store_true", help="Không nạp dữ liệu mẫu.")
        parser.add_argument("--no-serve", action="store_true",
                            help="Chỉ chuẩn bị, không chạy máy chủ.")
        parser.add_argument("--dev-server", action="store_true",
                            help="Chạy bằng máy chủ phát triển của Django (runserver) thay vì "
                                 "gunicorn.")

    def handle(self, *args, **options) -> None:
        addrport = options["addrport_opt"] or options["addrport_pos"] or DEFAULT_ADDRPORT
        base_url(addrport)  # fail early on a malformed address
        self.stdout.write("1/4 Cập nhật cơ sở dữ liệu (migrate)…")
        self._migrate()

        from backend.catalog.models import Product

        if options["no_demo"]:
            self.stdout.write("2/4 Bỏ qua dữ liệu mẫu (--no-demo).")
        elif Product.objects.exists():
            self.stdout.write("2/4 Danh mục đã có sản phẩm, không nạp dữ liệu mẫu.")
        else:
            self.stdout.write("2/4 Nạp danh mục mẫu (khoảng một phút)…")
            call_command("demo", stdout=self.stdout)

        if self._static_missing():
            self.stdout.write("3/4 Thu thập tệp tĩnh (collectstatic)…")
            call_command("collectstatic", interactive=False, verbosity=0)
        else:
            self.stdout.write("3/4 Tệp tĩnh đã sẵn sàng.")

        self.stdout.write("4/4 " + self._ensure_demo_admin())
        from backend.account.demo import ensure_demo_shopper

        self.stdout.write("    " + ensure_demo_shopper())
        from backend.sellers.demo import ensure_demo_sellers

        for line in ensure_demo_sellers():
            self.stdout.write("    " + line)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(banner(addrport)))
        self.stdout.write("Nhấn Ctrl+C để dừng.")
        if options["no_serve"]:
            return
        if options["dev_server"]:
            call_command("runserver", addrport, use_reloader=False)
            return
        argv = gunicorn_argv(addrport)
        self.stdout.write(f"Máy chủ: gunicorn, {argv[argv.index('--workers') + 1]} tiến trình.")
        self.stdout.flush()
        # Replace this process: signals (Ctrl+C, SIGTERM) reach gunicorn's master directly.
        os.execv(sys.executable, argv)

    def _migrate(self) -> None:
        from django.db.migrations.exceptions import InconsistentMigrationHistory

        try:
            call_command("migrate", interactive=False, verbosity=0)
        except InconsistentMigrationHistory as error:
            # A database made before accounts had their own user model (admin's tables
            # point at the old one): it cannot be migrated in place.
            if os.environ.get("DATABASE_URL"):
                raise CommandError(f"Lịch sử migration không nhất quán: {error}") from error
            raise CommandError(
                "Cơ sở dữ liệu phát triển (PostgreSQL nhúng trong var/pgdata) được tạo trước "
                "khi sàn có mô hình tài khoản mới nên không cập nhật được. Xoá dữ liệu phát "
                "triển bằng một lệnh rồi chạy lại quickstart:\n\n"
                "    .venv/bin/ocop db reset --yes\n"
            ) from error

    def _static_missing(self) -> bool:
        root = settings.STATIC_ROOT
        # The manifest storage needs its manifest; the plain one at least the admin's CSS.
        return not ((root / "staticfiles.json").exists()
                    or (root / "admin" / "css" / "base.css").exists())

    def _ensure_demo_admin(self) -> str:
        from django.contrib.auth import get_user_model

        password = os.environ.get(ADMIN_PASSWORD_ENV)
        if not password:
            return (f"Chưa có tài khoản quản trị mẫu ({ADMIN_PASSWORD_ENV} chưa đặt). "
                    "Tạo tài khoản quản trị bằng lệnh: ocop createsuperuser")
        email = os.environ.get(ADMIN_EMAIL_ENV, DEFAULT_ADMIN_EMAIL).strip().lower()
        User = get_user_model()
        if User.objects.filter(email=email).exists():
            return f"Tài khoản quản trị “{email}” đã có; mật khẩu giữ nguyên."
        User.objects.create_superuser(email=email, password=password)
        return (f"Đã tạo tài khoản quản trị “{email}” (đăng nhập bằng e-mail này) với mật "
                f"khẩu trong {ADMIN_PASSWORD_ENV}.")
