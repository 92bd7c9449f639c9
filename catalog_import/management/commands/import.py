"""``ocop import FILE``: load a certified-product list (CSV, XLSX or JSON lines)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from catalog_import.console import print_report, progress_bar
from catalog_import.pipeline import run_import


class Command(BaseCommand):
    help = (
        "Nhập danh sách sản phẩm OCOP (CSV, XLSX, JSON lines). Mặc định: một dòng lỗi thì "
        "không ghi gì; --skip-invalid để nhập các dòng hợp lệ."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp .csv, .xlsx hoặc .jsonl")
        parser.add_argument("--dry-run", action="store_true",
                            help="chỉ kiểm tra, không ghi gì vào cơ sở dữ liệu")
        parser.add_argument("--skip-invalid", action="store_true",
                            help="nhập các dòng hợp lệ, báo cáo các dòng lỗi")
        parser.add_argument("--mapping", help="tệp ánh xạ cột (JSON hoặc dòng “Tên cột = trường”)")
        parser.add_argument("--sheet", help="tên trang tính (XLSX); mặc định trang đầu tiên")
        parser.add_argument("--format", choices=["csv", "xlsx", "jsonl"],
                            help="định dạng tệp nếu không đoán được từ đuôi tệp")
        parser.add_argument("--report", help="ghi báo cáo từng dòng ra tệp .json hoặc .csv")
        parser.add_argument(
            "--issuer",
            help="cơ quan ban hành các quyết định trong tệp (ví dụ “UBND tỉnh Lâm Đồng”), "
                 "cho các dòng không ghi và khi tiêu đề tệp không nêu",
        )
        parser.add_argument("--no-progress", action="store_true", help="không hiện thanh tiến độ")

    def handle(self, *args, **options):
        with progress_bar(enabled=not options["no_progress"]) as progress:
            report = run_import(
                options["file"],
                fmt=options["format"],
                dry_run=options["dry_run"],
                skip_invalid=options["skip_invalid"],
                mapping=options["mapping"],
                sheet=options["sheet"],
                progress=progress,
                allow_local_images=True,
                issuer=options["issuer"],
            )
        print_report(report)
        if options["report"]:
            report.write(options["report"])
            self.stdout.write(f"Báo cáo chi tiết: {options['report']}")
        if not report.ok:
            raise CommandError("Nhập không thành công: xem các lỗi ở trên.")
