"""Portal pages shared by every section: the dashboard, switching producer, and the places
kept in the navigation for sections that later issues fill."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .context import SESSION_KEY, PortalContext, portal_view


@require_POST
@portal_view()
def switch_producer(request: HttpRequest, portal: PortalContext) -> HttpResponse:
    wanted = request.POST.get("producer", "")
    if wanted.isdigit() and any(m.producer_id == int(wanted) for m in portal.memberships):
        request.session[SESSION_KEY] = int(wanted)
    return redirect("portal:dashboard")


def coming_soon(title: str):  # noqa: ANN201 - a view factory
    @portal_view()
    def view(request: HttpRequest, portal: PortalContext) -> HttpResponse:
        return render(
            request, "portal/coming_soon.html",
            {"portal": portal, "title": title, "noindex": True},
        )

    return view
