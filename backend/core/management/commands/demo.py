"""``ocop demo``: load the demo catalog (idempotent), or a large synthetic one with --bulk."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Nạp danh mục mẫu (khoảng 70 sản phẩm OCOP, 25 chủ thể); chạy lại không tạo trùng."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-images", action="store_true",
                            help="Không tạo ảnh sản phẩm (nhanh hơn).")
        parser.add_argument("--bulk", type=int, metavar="N", default=0,
                            help="Tạo N sản phẩm tổng hợp bằng bulk insert (cho benchmark).")
        parser.add_argument("--seed", type=int, default=1, help="Hạt giống ngẫu nhiên cho --bulk.")

    def handle(self, *args, **options) -> None:
        from backend.core.demo import generate_catalog, load_demo

        if options["bulk"]:
            started = time.perf_counter()
            generate_catalog(options["bulk"], seed=options["seed"],
                             log=self.stdout.write if options["verbosity"] > 1 else None)
            self.stdout.write(self.style.SUCCESS(
                f"Đã tạo {options['bulk']:,} sản phẩm tổng hợp trong "
                f"{time.perf_counter() - started:.1f} giây.".replace(",", ".")
            ))
            # Without Redis the next write would index them all inline: do it now, visibly.
            self.stdout.write("Sản phẩm mới chưa có trong chỉ mục tìm kiếm: chạy "
                              "`ocop search rebuild` (hoặc `ocop search update`).")
            return
        verbose = options["verbosity"] > 1
        summary = load_demo(with_images=not options["no_images"],
                            log=self.stdout.write if verbose else None)
        self.stdout.write(self.style.SUCCESS(
            f"Danh mục mẫu: thêm {summary.producers_created} chủ thể, "
            f"{summary.products_created} sản phẩm, {summary.certifications_created} quyết định "
            f"công nhận, {summary.images_created} ảnh ({summary.seconds:.1f} giây)."
        ))
