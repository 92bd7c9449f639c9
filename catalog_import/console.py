"""The console face of an import: a progress bar (rows/s, ETA) and a summary, with rich."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from .report import ImportReport

PHASES = {"check": "Đọc và kiểm tra", "write": "Ghi vào cơ sở dữ liệu"}
# Short files finish before a bar is worth drawing.
MIN_ROWS_FOR_BAR = 1000


class _RateColumn(TextColumn):
    def __init__(self) -> None:
        super().__init__("")

    def render(self, task):
        speed = task.finished_speed or task.speed
        text = f"{speed:,.0f} dòng/giây" if speed and task.fields.get("rows") else ""
        from rich.text import Text

        return Text(text, style="progress.data.speed")


@contextlib.contextmanager
def progress_bar(enabled: bool = True, console: Console | None = None) -> Iterator:
    console = console or Console(stderr=True)
    if not enabled or not console.is_terminal:
        yield None
        return
    bar = Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        TaskProgressColumn(), _RateColumn(), TextColumn("còn"), TimeRemainingColumn(),
        console=console, transient=True,
    )
    tasks: dict[str, int] = {}

    def update(phase: str, done: int, total: int) -> None:
        if phase == "check" and total < MIN_ROWS_FOR_BAR:
            return
        if phase not in tasks:
            tasks[phase] = bar.add_task(PHASES.get(phase, phase), total=total,
                                        rows=phase == "check")
        bar.update(tasks[phase], completed=done, total=total)

    with bar:
        yield update


def print_report(
    report: ImportReport, console: Console | None = None, max_issues: int = 50
) -> None:
    console = console or Console()
    s = report.summary()
    mode = "KIỂM TRA THỬ (không ghi gì)" if report.dry_run else (
        "ĐÃ GHI" if report.applied else "KHÔNG GHI GÌ")
    # Text from the file is escaped: "[/bold]" in a product name is not markup.
    console.print(f"[bold]{escape(report.file)}[/bold] — {mode}")
    table = Table(show_header=False, box=None)
    for label, key in [("Số dòng", "rows"), ("Tạo mới", "created"), ("Cập nhật", "updated"),
                       ("Không đổi", "unchanged"), ("Lỗi", "errors"), ("Chưa nhập", "skipped"),
                       ("Cảnh báo", "warnings"), ("Dòng có cảnh báo", "warned"),
                       ("Cơ quan ban hành suy ra", "inferred"),
                       ("Trong danh sách, chưa có quyết định", "reported"),
                       ("Chủ thể mới", "producers_created"),
                       ("Quyết định mới ghi", "certifications_created"),
                       ("Ảnh đã thêm", "images_added")]:
        table.add_row(label, str(s[key]))
    rate = s["rows"] / s["seconds"] if s["seconds"] else 0
    table.add_row("Thời gian", f"{s['seconds']:.2f} giây ({rate:,.0f} dòng/giây)")
    console.print(table)
    issues = list(report.file_issues)
    for row in report.rows:
        issues.extend(row.errors)
    warnings = [w for row in report.rows for w in row.warnings]
    for issue in issues[:max_issues]:
        style = "red" if issue.level == "error" else "yellow"
        console.print(f"[{style}]{'LỖI' if issue.level == 'error' else 'Cảnh báo'}:[/{style}] "
                      f"{escape(issue.as_text())}", highlight=False)
    if len(issues) > max_issues:
        console.print(f"… và {len(issues) - max_issues} vấn đề khác (xem --report).")
    if warnings:
        shown = warnings[: max(0, max_issues - len(issues))]
        for issue in shown:
            console.print(f"[yellow]Cảnh báo:[/yellow] {escape(issue.as_text())}",
                          highlight=False)
        if len(warnings) > len(shown):
            console.print(f"… và {len(warnings) - len(shown)} cảnh báo khác (xem --report).")
    if not report.dry_run and not report.applied and (report.error_rows or report.has_fatal_error):
        console.print("[red]Không ghi dòng nào vì tệp có lỗi.[/red] Sửa các lỗi, hoặc chạy lại với "
                      "--skip-invalid để nhập các dòng hợp lệ.")
