"""The portal's earnings page (/nguoi-ban/doanh-thu/): balances (pending, payable, total),
the statement with a date filter and its CSV download, each order's payment and earnings
status, and the payouts. Read through the API's ``producerEarnings`` (owners and managers:
Capability.VIEW_PAYOUTS); this module adds no rule of its own."""

from __future__ import annotations

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from backend.graphql.core.ids import to_id
from backend.sellers.roles import Capability

from ..graphql import execute_personal
from ..params import field
from .context import PortalContext, portal_view

MONEY = "{ amount }"
PAGE = """query PortalEarnings($p: ID!, $since: Date, $until: Date) {
  producerEarnings(producerId: $p, since: $since, until: $until) {
    pending MONEY payable MONEY total MONEY
    statement { at kindDisplay description orderNumber producerOrderNumber
                amount MONEY pending MONEY payable MONEY balance MONEY }
    orders { number created statusDisplay paymentMethodDisplay paymentStatusDisplay
             earningsStatusDisplay sale MONEY commission MONEY commissionVat MONEY
             refunded MONEY codCash MONEY net MONEY expectedNet MONEY }
    payouts { batchId created amount MONEY statusDisplay accountNumber reason } } }
""".replace("MONEY", MONEY)
CSV = """query PortalStatementCsv($p: ID!, $since: Date, $until: Date) {
  producerEarnings(producerId: $p, since: $since, until: $until) { statementCsv } }"""
FIELDS = {"tu": "Từ ngày", "den": "Đến ngày"}


def _dates(request: HttpRequest) -> tuple[dict, dict[str, str], dict[str, str]]:
    """The date filter: variables for the API, the values to show, errors by field."""
    variables, shown, errors = {}, {}, {}
    for name, label in FIELDS.items():
        text = field(request.GET, name, 20).strip()
        shown[name] = text
        if not text:
            continue
        try:
            day = datetime.date.fromisoformat(text)
        except ValueError:
            try:
                day = datetime.datetime.strptime(text, "%d/%m/%Y").date()
            except ValueError:
                errors[name] = f"{label}: “{text}” không phải ngày hợp lệ (ví dụ 28/11/2026)."
                continue
        if not datetime.date(2000, 1, 1) <= day <= datetime.date(2100, 1, 1):
            errors[name] = f"{label} phải trong khoảng năm 2000–2100."
            continue
        variables["since" if name == "tu" else "until"] = day.isoformat()
    if not errors and "since" in variables and "until" in variables \
            and variables["since"] > variables["until"]:
        errors["den"] = "Đến ngày phải sau hoặc bằng Từ ngày."
    return ({} if errors else variables), shown, errors


@portal_view(Capability.VIEW_PAYOUTS)
def earnings(request: HttpRequest, portal: PortalContext) -> HttpResponse:
    variables, shown, errors = _dates(request)
    data = execute_personal(request, PAGE, {"p": to_id("Producer", portal.producer.pk),
                                            **variables})["producerEarnings"]
    return render(request, "portal/payouts.html", {
        "portal": portal, "data": data, "shown": shown, "errors": errors,
        "query": request.GET.urlencode() if not errors else "", "noindex": True},
        status=400 if errors else 200)


@portal_view(Capability.VIEW_PAYOUTS)
def statement_download(request: HttpRequest, portal: PortalContext) -> HttpResponse:
    variables, _, errors = _dates(request)
    if errors:
        return HttpResponse(" ".join(errors.values()), status=400,
                            content_type="text/plain; charset=utf-8")
    text = execute_personal(request, CSV, {"p": to_id("Producer", portal.producer.pk),
                                           **variables})["producerEarnings"]["statementCsv"]
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    since = "-" + variables["since"] if "since" in variables else ""
    response["Content-Disposition"] = (
        f'attachment; filename="sao-ke-{portal.producer.pk}{since}.csv"')
    response["Cache-Control"] = "private, no-store"
    return response
