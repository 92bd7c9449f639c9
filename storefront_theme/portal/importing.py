"""Importing the producer's own list in the portal: the existing importer, restricted to
the producer the page acts for (``run_import(only_producer=…)``). Rows of another producer,
and new OCOP certificates (the operator imports and verifies those), are refused; a check
without writing comes first."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from backend.sellers.roles import Capability

from .context import PortalContext, portal_view

ACCEPTED = (".csv", ".xlsx", ".jsonl")


@portal_view(Capability.MANAGE_LISTINGS)
def import_list(request: HttpRequest, portal: PortalContext) -> HttpResponse:
    from catalog_import.pipeline import run_import

    report, error = None, ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        name = (upload.name if upload else "").lower()
        if upload is None or not upload.size:
            error = "Hãy chọn tệp danh sách (CSV, XLSX hoặc JSONL)."
        elif not name.endswith(ACCEPTED):
            error = "Chỉ nhận tệp CSV, XLSX hoặc JSONL."
        elif upload.size > settings.IMPORT_MAX_UPLOAD_BYTES:
            error = (f"Tệp lớn hơn {settings.IMPORT_MAX_UPLOAD_BYTES // (1024 * 1024)} MB.")
        else:
            report = run_import(upload.read(), filename=upload.name,
                                dry_run=request.POST.get("apply") != "1",
                                only_producer=portal.producer)
    return render(request, "portal/import.html", {
        "portal": portal, "report": report, "error": error, "noindex": True,
    }, status=400 if error else 200)
