"""Which producer a portal page acts for, and the guard every portal view goes through.

A member of several producers picks one (kept in the session); a member of one needs no
choice. The role check is ``backend.sellers.access``'s, never a page's own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from backend.producers.models import Producer
from backend.sellers.models import ProducerMembership
from backend.sellers.roles import CAPABILITIES, Capability, Role

SESSION_KEY = "portal_producer_id"
SIGN_IN_URL = "/tai-khoan/dang-nhap/"


@dataclass(frozen=True)
class PortalContext:
    """The producer a page acts for, the member's role there and all their memberships."""

    producer: Producer
    role: str
    memberships: list[ProducerMembership]

    @property
    def role_label(self) -> str:
        return Role(self.role).label

    def can(self, capability: Capability | str) -> bool:
        return Capability(capability) in CAPABILITIES.get(self.role, frozenset())


def memberships_of(user: Any) -> list[ProducerMembership]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    return list(
        ProducerMembership.objects.filter(user_id=user.pk)
        .select_related("producer")
        .order_by("producer__name_sort", "pk")
    )


def portal_context(request: HttpRequest) -> PortalContext | None:
    """The member's chosen producer (the session's choice if still a member, else the first)."""
    memberships = memberships_of(request.user)
    if not memberships:
        return None
    chosen = request.session.get(SESSION_KEY)
    current = next((m for m in memberships if m.producer_id == chosen), memberships[0])
    return PortalContext(producer=current.producer, role=current.role, memberships=memberships)


def portal_view(capability: Capability | None = None) -> Callable:
    """Guard a portal view: signed in, member of a producer, and (when given) holding
    ``capability`` there. The view receives the ``PortalContext`` as ``portal``."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect(f"{SIGN_IN_URL}?next={request.path}")
            portal = portal_context(request)
            if portal is None:
                return render(request, "portal/no_shop.html", {"noindex": True}, status=403)
            if capability is not None and not portal.can(capability):
                return render(
                    request, "portal/forbidden.html",
                    {"portal": portal, "noindex": True}, status=403,
                )
            return view(request, *args, portal=portal, **kwargs)

        return wrapped

    return decorate
