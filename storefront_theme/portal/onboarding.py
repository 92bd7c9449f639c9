"""Becoming a seller, two doors and one review: find your producer and claim its shop,
or apply as a new producer. The form asks the identity the e-commerce law requires, the
payout account and the documents; ``backend.sellers.services`` checks and stores them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from backend.core.text import fold_key
from backend.geo.models import Province
from backend.producers.models import Producer
from backend.sellers import services
from backend.sellers.banks import banks
from backend.sellers.models import ApplicationKind, DocumentKind, SellerApplication

from .forms import Outcome

SIGN_IN = "/tai-khoan/dang-nhap/"


def _search(query: str, province: str):
    qs = Producer.objects.select_related("province", "seller_account").order_by("name_sort")
    if province.isdigit():
        qs = qs.filter(province_id=int(province))
    if query:
        qs = qs.filter(Q(name_key__contains=fold_key(query)) | Q(registration_number=query))
    elif not province.isdigit():
        return []
    return list(qs[:20])


class _Rollback(Exception):
    pass


@login_required(login_url=SIGN_IN)
def apply(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    province = request.GET.get("tinh", "")
    kind = request.GET.get("loai") or request.POST.get("kind") or ""
    producer_id = request.GET.get("chu-the") or request.POST.get("producer") or ""
    producer = (Producer.objects.filter(pk=int(producer_id)).first()
                if str(producer_id).isdigit() else None)
    outcome = Outcome()
    if request.method == "POST":
        post = request.POST
        try:
            with transaction.atomic():
                application = outcome.run(
                    services.submit_application, request.user, kind=kind, producer=producer,
                    province=Province.objects.filter(pk=post.get("province") or 0).first(),
                    shop_name=post.get("shop_name", ""),
                    **{f: post.get(f, "") for f in services.IDENTITY_FIELDS
                       + services.BANK_FIELDS})
                if application is not None:
                    for doc_kind in (DocumentKind.REGISTRATION, DocumentKind.IDENTITY):
                        upload = request.FILES.get(f"doc_{doc_kind}")
                        if upload:
                            if upload.size > 20 * 1024 * 1024:
                                outcome.errors.setdefault(f"doc_{doc_kind}", []).append(
                                    "Tệp quá lớn.")
                                continue
                            before = dict(outcome.errors)
                            outcome.run(services.add_document, request.user, application,
                                        doc_kind, upload.name, upload.read())
                            if "file" in outcome.errors and "file" not in before:
                                outcome.errors[f"doc_{doc_kind}"] = outcome.errors.pop("file")
                if not outcome.ok:
                    raise _Rollback
        except _Rollback:
            pass
        else:
            return redirect("portal:applications")
    mine = SellerApplication.objects.filter(applicant=request.user).order_by("-created_at")[:10]
    return render(request, "portal/apply.html", {
        "q": query, "province": province, "results": _search(query, province),
        "provinces": Province.objects.order_by("name"), "kind": kind, "producer": producer,
        "errors": outcome.errors, "values": request.POST, "banks": banks(), "mine": mine,
        "kinds": ApplicationKind, "noindex": True,
    }, status=400 if outcome.errors else 200)


@login_required(login_url=SIGN_IN)
def applications(request: HttpRequest) -> HttpResponse:
    mine = (SellerApplication.objects.filter(applicant=request.user)
            .select_related("producer").order_by("-created_at"))
    return render(request, "portal/applications.html", {"applications": mine, "noindex": True})


@login_required(login_url=SIGN_IN)
def resubmit(request: HttpRequest, pk: int) -> HttpResponse:
    """The applicant answers the operator's request for changes: the same form, filled in
    with what they sent; the application is pending review again."""
    from django.http import Http404

    application = SellerApplication.objects.filter(pk=pk, applicant=request.user).first()
    if application is None or application.status != "changes_requested":
        raise Http404("Không có hồ sơ chờ bổ sung này.")
    outcome = Outcome()
    fields = services.IDENTITY_FIELDS + services.BANK_FIELDS
    if request.method == "POST":
        try:
            with transaction.atomic():
                outcome.run(services.resubmit_application, request.user, application,
                            **{f: request.POST.get(f, "") for f in fields})
                for doc_kind in (DocumentKind.REGISTRATION, DocumentKind.IDENTITY):
                    upload = request.FILES.get(f"doc_{doc_kind}")
                    if upload and outcome.ok:
                        outcome.run(services.add_document, request.user, application,
                                    doc_kind, upload.name, upload.read(20 * 1024 * 1024 + 1))
                        if "file" in outcome.errors:
                            outcome.errors[f"doc_{doc_kind}"] = outcome.errors.pop("file")
                if not outcome.ok:
                    raise _Rollback
        except _Rollback:
            pass
        else:
            return redirect("portal:applications")
    values = request.POST if request.method == "POST" else {
        f: getattr(application, f) for f in fields}
    return render(request, "portal/apply.html", {
        "kind": application.kind, "producer": application.producer, "resubmit": application,
        "errors": outcome.errors, "values": values, "banks": banks(),
        "provinces": Province.objects.order_by("name"), "noindex": True,
    }, status=400 if outcome.errors else 200)
