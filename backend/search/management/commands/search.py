"""``ocop search rebuild``: reindex the whole catalog with a progress bar;
``ocop search update``: process products flagged dirty (what the background task does);
``ocop search sweep``: one sweeper pass, catching up after a crash (a CronJob runs it)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Chỉ mục tìm kiếm sản phẩm: rebuild (dựng lại toàn bộ) hoặc update (cập nhật phần đổi)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        rebuild = sub.add_parser("rebuild", help="Dựng lại toàn bộ chỉ mục từ đầu.")
        rebuild.add_argument("--batch-size", type=int, default=1000)
        rebuild.add_argument("--no-progress", action="store_true",
                             help="Không hiện thanh tiến độ (cho cron, CI).")
        update = sub.add_parser("update", help="Cập nhật các sản phẩm đã thay đổi.")
        update.add_argument("--batch-size", type=int, default=500)
        sub.add_parser("sweep", help="Đối chiếu chỉ mục với danh mục và cập nhật phần lệch "
                                     "(sau khi một tiến trình bị dừng đột ngột).")

    def handle(self, *args, action: str, **options) -> None:
        from backend.search import api

        backend = api.get_backend()
        if action == "sweep":
            result = api.sweep()
            self.stdout.write(
                f"Đã đối chiếu chỉ mục: {result.stale} sản phẩm lệch, "
                f"{result.indexed} sản phẩm được cập nhật."
            )
            return
        if action == "update":
            done = api.update_dirty(batch_size=options["batch_size"])
            self.stdout.write(f"Đã cập nhật chỉ mục cho {done} sản phẩm.")
            return
        if options["no_progress"]:
            written = api.rebuild(batch_size=options["batch_size"])
        else:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

            with Progress(
                "[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                TimeRemainingColumn(),
            ) as bar:
                task = bar.add_task(f"Dựng chỉ mục ({backend.name})", total=None)

                def progress(done: int, total: int) -> None:
                    bar.update(task, completed=done, total=total)

                written = api.rebuild(progress=progress, batch_size=options["batch_size"])
        self.stdout.write(
            self.style.SUCCESS(f"Đã dựng lại chỉ mục ({backend.name}): {written} tài liệu.")
        )
