"""Storefront pages. The full storefront is its own issue; for now the home page points
people at the API and the health check serves load balancers."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse


def home(request: HttpRequest) -> HttpResponse:
    html = (
        "<!doctype html><html lang='vi'><meta charset='utf-8'>"
        "<title>Sàn OCOP Việt Nam</title>"
        "<h1>Sàn OCOP Việt Nam</h1>"
        "<p>API GraphQL: <a href='/graphql/'>/graphql/</a> · Quản trị: <a href='/admin/'>/admin/</a></p>"
        "</html>"
    )
    return HttpResponse(html)


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
