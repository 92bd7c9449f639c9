"""Portal pages for the shop itself: the dashboard of what needs attention, the shop
profile, the team, the payout bank account and accepting an invitation. Each write calls
``backend.sellers`` (services, team), where the rules and the role checks live."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from backend.sellers import services, team
from backend.sellers.banks import bank_by_bin, banks
from backend.sellers.catalog import low_stock_variants
from backend.sellers.models import ListingModeration, ProducerMembership, SellerAccount
from backend.sellers.reminders import certificate_notices
from backend.sellers.roles import Capability, Role

from .context import SESSION_KEY, PortalContext, portal_view
from .forms import Outcome


def _account(portal: PortalContext) -> SellerAccount | None:
    return SellerAccount.objects.filter(producer=portal.producer).first()


@portal_view()
def dashboard(request: HttpRequest, portal: PortalContext) -> HttpResponse:
    producer = portal.producer
    hidden = list(ListingModeration.objects.filter(product__producer=producer, is_hidden=True)
                  .select_related("product").order_by("-updated_at"))
    return render(request, "portal/dashboard.html", {
        "portal": portal, "account": _account(portal), "noindex": True,
        "low_stock": list(low_stock_variants(producer)[:20])
        if portal.can(Capability.MANAGE_STOCK) else [],
        "hidden": hidden, "notices": certificate_notices(producer.pk),
    })


@portal_view(Capability.MANAGE_SHOP_PROFILE)
def profile(request: HttpRequest, portal: PortalContext) -> HttpResponse:
    outcome = Outcome()
    if request.method == "POST":
        files = request.FILES
        outcome.run(
            services.update_shop_profile, request.user, portal.producer,
            story=request.POST.get("story", ""),
            contact_phone=request.POST.get("contact_phone", ""),
            contact_email=request.POST.get("contact_email", ""),
            pickup_address=request.POST.get("pickup_address", ""),
            logo=files["logo"].read() if files.get("logo") else None,
            cover=files["cover"].read() if files.get("cover") else None,
        )
        if outcome.ok:
            return redirect("/nguoi-ban/gian-hang/?da-luu=1")
    return render(request, "portal/profile.html", {
        "portal": portal, "shop": portal.producer.shop, "account": _account(portal),
        "errors": outcome.errors, "saved": request.GET.get("da-luu") == "1", "noindex": True,
    }, status=400 if outcome.errors else 200)


@portal_view(Capability.MANAGE_TEAM)
def team_page(request: HttpRequest, portal: PortalContext) -> HttpResponse:
    outcome = Outcome()
    notice = ""
    if request.method == "POST":
        action = request.POST.get("action")
        member = request.POST.get("member", "")
        member_id = int(member) if member.isdigit() else 0
        if action == "invite":
            result = outcome.run(team.invite, request.user, portal.producer,
                                 request.POST.get("email", ""), request.POST.get("role", ""))
            if result:
                notice = f"Đã gửi lời mời tới {result[0].email}."
        elif action == "role":
            outcome.run(team.change_role, request.user, portal.producer, member_id,
                        request.POST.get("role", ""))
        elif action == "remove":
            outcome.run(team.remove_member, request.user, portal.producer, member_id)
        if outcome.ok and not notice:
            return redirect("portal:team")
    members = list(ProducerMembership.objects.filter(producer=portal.producer)
                   .select_related("user").order_by("pk"))
    pending = portal.producer.invitations.filter(accepted_at__isnull=True).order_by("-created_at")
    return render(request, "portal/team.html", {
        "portal": portal, "members": members, "pending": pending[:20], "roles": Role.choices,
        "errors": outcome.errors, "notice": notice, "noindex": True,
    }, status=400 if outcome.errors else 200)


@portal_view(Capability.MANAGE_BANK_ACCOUNT)
def bank(request: HttpRequest, portal: PortalContext) -> HttpResponse:
    outcome = Outcome()
    if request.method == "POST":
        outcome.run(services.change_bank_account, request.user, portal.producer,
                    bank_bin=request.POST.get("bank_bin", ""),
                    bank_account_number=request.POST.get("bank_account_number", ""),
                    bank_account_holder=request.POST.get("bank_account_holder", ""))
        if outcome.ok:
            return redirect("portal:bank")
    account = _account(portal)
    return render(request, "portal/bank.html", {
        "portal": portal, "account": account, "banks": banks(), "errors": outcome.errors,
        "bank": bank_by_bin(account.bank_bin) if account else None, "values": request.POST,
        "noindex": True,
    }, status=400 if outcome.errors else 200)


@login_required(login_url="/tai-khoan/dang-nhap/")
def accept_invitation(request: HttpRequest) -> HttpResponse:
    """The link from the invitation e-mail: shows who invites, joins on POST."""
    token = request.POST.get("token") or request.GET.get("token", "")
    outcome = Outcome()
    invitation = outcome.run(team.invitation_for, token)
    if request.method == "POST" and invitation is not None:
        membership = outcome.run(team.accept, request.user, token)
        if membership is not None:
            request.session[SESSION_KEY] = membership.producer_id
            return redirect("portal:dashboard")
    return render(request, "portal/invitation.html", {
        "invitation": invitation, "token": token, "errors": outcome.errors, "noindex": True,
    }, status=200 if invitation else 400)
