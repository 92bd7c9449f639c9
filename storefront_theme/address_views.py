"""The address book pages: add, edit, delete, make default.

The form asks for the province first, then the commune or ward of that province (both
lists come from the API's ``addressValidationRules``). Without JavaScript, “Chọn” reloads
the form with the province's communes; with it, the list fills as soon as the province
changes.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from backend.graphql.core.ids import to_id

from . import account_queries as q
from .account_views import _errors, _post, account_required
from .graphql import execute_personal

FIELDS = ("lastName", "firstName", "phone", "countryArea", "city", "streetAddress1",
          "streetAddress2", "postalCode")


def _rules(request: HttpRequest, province: str) -> dict:
    data = execute_personal(request, q.ADDRESS_RULES, {"countryArea": province or None})
    return data["addressValidationRules"]


def _own_address(request: HttpRequest, address_id: int) -> dict:
    me = execute_personal(request, q.ACCOUNT_PAGE)["me"]
    wanted = to_id("Address", address_id)
    found = next((a for a in me["addresses"] if a["id"] == wanted), None)
    if found is None:
        raise Http404("Không có địa chỉ này trong sổ địa chỉ của bạn.")
    return found


def _form(request: HttpRequest, address_id: int | None) -> HttpResponse:
    if request.method == "POST":
        values = _post(request, *FIELDS)
    elif address_id is not None:
        values = {name: _own_address(request, address_id).get(name) or "" for name in FIELDS}
        values["phone"] = values["phone"].replace("+84", "0", 1) if values["phone"] else ""
    else:
        values = {name: "" for name in FIELDS}
    errors: dict[str, list[str]] = {}
    # "Chọn" only reloads the form with the chosen province's communes.
    if request.method == "POST" and "chon_tinh" not in request.POST:
        if address_id is None:
            data = execute_personal(request, q.ADDRESS_CREATE,
                                    {"input": values})["accountAddressCreate"]
        else:
            data = execute_personal(request, q.ADDRESS_UPDATE, {
                "id": to_id("Address", address_id), "input": values})["accountAddressUpdate"]
        errors = _errors(data["errors"])
        if not errors:
            return redirect(reverse("storefront:account") + "#so-dia-chi")
    rules = _rules(request, values["countryArea"])
    return render(request, "storefront/account/address_form.html", {
        "values": values, "errors": errors, "editing": address_id is not None,
        "provinces": [c["raw"] for c in rules["countryAreaChoices"]],
        "communes": [c["raw"] for c in rules["cityChoices"]],
        "noindex": True,
    })


@account_required
def address_add(request: HttpRequest) -> HttpResponse:
    return _form(request, None)


@account_required
def address_edit(request: HttpRequest, address_id: int) -> HttpResponse:
    if request.method == "POST":
        _own_address(request, address_id)  # someone else's id is a 404, not a form
    return _form(request, address_id)


@account_required
@require_POST
def address_delete(request: HttpRequest, address_id: int) -> HttpResponse:
    _own_address(request, address_id)
    execute_personal(request, q.ADDRESS_DELETE, {"id": to_id("Address", address_id)})
    return redirect(reverse("storefront:account") + "#so-dia-chi")


@account_required
@require_POST
def address_default(request: HttpRequest, address_id: int) -> HttpResponse:
    _own_address(request, address_id)
    kind = "BILLING" if request.POST.get("loai") == "thanh-toan" else "SHIPPING"
    execute_personal(request, q.ADDRESS_SET_DEFAULT,
                     {"id": to_id("Address", address_id), "type": kind})
    return redirect(reverse("storefront:account") + "#so-dia-chi")
