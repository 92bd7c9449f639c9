"""Cart, checkout, confirmation and order pages. Every step is a plain form post (the
whole path works without JavaScript); with it, "Thêm vào giỏ" updates in place.

The cart is the session's checkout id; a signed-in shopper's open checkout is found
through ``me.checkoutIds`` on any device.

The same views serve the Vietnamese pages (``/gio-hang/``, ``/thanh-toan/``,
``/don-hang/…``) and the English ones (``/en/cart/``, ``/en/checkout/``, ``/en/order/…``):
the URLconf passes ``lang``, and ``buying_texts.Language`` holds what differs (URL names,
templates, texts). Both share the session's cart, so switching language keeps it.
"""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from backend.graphql.core.ids import to_id

from . import account_queries as aq
from . import cart_queries as q
from .account_views import _post, account_required
from .buying_texts import (
    EN_ORDER_STATUS,
    EN_PART_STATUS,
    EN_PAYMENT_STATUS,
    LANGUAGES,
    VI,
    Language,
)
from .english import _set_alternates
from .graphql import StorefrontGraphQLError, execute_personal
from .params import field
from .templatetags.storefront import vnd_en

SESSION_KEY = "checkout_id"
# The ways to pay the checkout page offers, each with the mutation that starts it. Cards
# need Stripe.js in the page (not built yet), so they are not offered here.
PAYMENT_DOCUMENTS = {"vn.ocop.cod": q.PAY_COD, "vn.ocop.vietqr": q.PAY_TRANSFER}
ADDRESS_FIELDS = ("lastName", "firstName", "phone", "countryArea", "city", "streetAddress1",
                  "streetAddress2")


def _mutate(request: HttpRequest, document: str, variables: dict, name: str,
            language: Language = VI) -> dict:
    """A mutation's payload; an argument the API refuses outright (a forged id in a form)
    becomes an error to show, not a server error."""
    try:
        return execute_personal(request, document, variables)[name]
    except StorefrontGraphQLError:
        return {"errors": [{"field": None, "code": "INVALID",
                            "message": language.texts["invalid"]}],
                "checkout": None, "order": None}


def _language(lang: str) -> Language:
    return LANGUAGES.get(lang, VI)


def _pair(request: HttpRequest, name: str, *args: str) -> None:
    """hreflang links and the language switch: the same buying page in the other language."""
    _set_alternates(request, LANGUAGES["vi"].url(name, *args), LANGUAGES["en"].url(name, *args))


def _cart_id(request: HttpRequest) -> str | None:
    cart = request.session.get(SESSION_KEY)
    if cart:
        return cart
    if request.user.is_authenticated:
        ids = (execute_personal(request, q.MY_CHECKOUTS)["me"] or {}).get("checkoutIds") or []
        if ids:
            request.session[SESSION_KEY] = ids[0]
            return ids[0]
    return None


def _cart(request: HttpRequest) -> dict | None:
    cart_id = _cart_id(request)
    if not cart_id:
        return None
    checkout = execute_personal(request, q.CART, {"id": cart_id})["checkout"]
    if checkout is None:
        request.session.pop(SESSION_KEY, None)
    return checkout


def _new_cart(request: HttpRequest, language: Language = VI) -> str:
    # The cart (and its order) records the language it was started in, for later e-mails.
    data = execute_personal(request, q.CREATE, {
        "email": None, "language": language.code.upper()})["checkoutCreate"]
    request.session[SESSION_KEY] = data["checkout"]["id"]
    return data["checkout"]["id"]


def _wants_json(request: HttpRequest) -> bool:
    return request.headers.get("Accept", "").startswith("application/json")


def _same_site(request: HttpRequest) -> bool:
    """The post comes from one of our pages, by the headers browsers set themselves: the
    Origin when sent, else the Referer; a browser that sends neither is let through."""
    from urllib.parse import urlsplit

    host = request.get_host()
    origin = request.META.get("HTTP_ORIGIN")
    if origin:
        return origin != "null" and urlsplit(origin).netloc == host
    referer = request.META.get("HTTP_REFERER")
    return not referer or urlsplit(referer).netloc == host


# No CSRF token on the product page's form: a token would make every product page
# private and uncacheable, and adding an item to a cart is all a forged post could do
# (the cart page shows it; checkout steps keep their tokens). Posts from other sites are
# still refused, by the Origin (or Referer) browsers attach.
@csrf_exempt
@require_POST
def cart_add(request: HttpRequest, lang: str = "vi") -> HttpResponse:
    language = _language(lang)
    if not _same_site(request):
        return HttpResponse(language.texts["cross_site"], status=403,
                            content_type="text/plain; charset=utf-8")
    variant = field(request.POST, "variant", 200)
    try:
        quantity = max(1, min(int(request.POST.get("quantity", "1")), 100))
    except ValueError:
        quantity = 1
    cart_id = _cart_id(request) or _new_cart(request, language)
    data = _mutate(request, q.ADD, {"id": cart_id, "variant": variant,
                                    "quantity": quantity}, "checkoutLinesAdd", language)
    if data["errors"] and data["errors"][0]["code"] == "NOT_FOUND" and \
            data["errors"][0]["field"] == "id":
        cart_id = _new_cart(request, language)  # the old cart was completed or is gone
        data = _mutate(request, q.ADD, {"id": cart_id, "variant": variant,
                                        "quantity": quantity}, "checkoutLinesAdd", language)
    message = language.message(data["errors"][0]) if data["errors"] else language.texts["added"]
    if _wants_json(request):
        count = data["checkout"]["quantity"] if data["checkout"] else None
        return JsonResponse({"ok": not data["errors"], "message": message, "quantity": count},
                            status=200 if not data["errors"] else 409)
    if data["errors"]:
        request.session["cart_message"] = message
    return redirect(language.url_name("cart"))


def cart(request: HttpRequest, lang: str = "vi") -> HttpResponse:
    language = _language(lang)
    checkout = _cart(request)
    _pair(request, "cart")
    return render(request, language.template("cart"), {
        "checkout": checkout, "message": request.session.pop("cart_message", ""),
        "noindex": True})


def cart_count(request: HttpRequest) -> JsonResponse:
    cart_id = request.session.get(SESSION_KEY)
    quantity = 0
    if cart_id:
        found = execute_personal(request, q.CART_COUNT, {"id": cart_id})["checkout"]
        quantity = found["quantity"] if found else 0
    response = JsonResponse({"quantity": quantity})
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def cart_update(request: HttpRequest, lang: str = "vi") -> HttpResponse:
    language = _language(lang)
    cart_id = _cart_id(request)
    if cart_id:
        try:
            quantity = max(0, min(int(request.POST.get("quantity", "0")), 100))
        except ValueError:
            quantity = 0
        if "remove" in request.POST:
            quantity = 0
        data = _mutate(request, q.UPDATE, {
            "id": cart_id, "line": field(request.POST, "line", 200),
            "quantity": quantity}, "checkoutLinesUpdate", language)
        if data["errors"]:
            request.session["cart_message"] = language.message(data["errors"][0])
    return redirect(language.url_name("cart"))


def _rules(request: HttpRequest, province: str) -> dict:
    return execute_personal(request, aq.ADDRESS_RULES,
                            {"countryArea": province or None})["addressValidationRules"]


def checkout_page(request: HttpRequest, lang: str = "vi") -> HttpResponse:
    """One page, three forms: contact and address, delivery per package, place order."""
    language = _language(lang)
    steps = language.steps
    _errors = language.errors
    checkout = _cart(request)
    if checkout is None or not checkout["packages"]:
        return redirect(language.url_name("cart"))
    cart_id = checkout["id"]
    errors: dict[str, list[str]] = {}
    address = checkout["shippingAddress"] or {}
    values = {name: address.get(name) or "" for name in ADDRESS_FIELDS}
    if values.get("phone", "").startswith("+84"):
        values["phone"] = "0" + values["phone"][3:]
    values["email"] = checkout["email"] or ""
    step = request.POST.get("buoc", "") if request.method == "POST" else ""
    if step == steps["address"]:
        values = {**values, **_post(request, *ADDRESS_FIELDS, "email")}
        if "chon_tinh" not in request.POST:
            if request.user.is_authenticated and not checkout["user"]:
                execute_personal(request, q.ATTACH, {"id": cart_id})
            elif not request.user.is_authenticated:
                found = _mutate(request, q.EMAIL, {"id": cart_id, "email": values["email"]},
                                "checkoutEmailUpdate", language)
                errors.update(_errors(found["errors"]))
            address_input = {k: values[k] for k in ADDRESS_FIELDS}
            address_input["country"] = "VN"
            found = _mutate(request, q.SHIP_TO, {"id": cart_id, "address": address_input},
                            "checkoutShippingAddressUpdate", language)
            errors.update(_errors(found["errors"]))
            if not errors:
                return redirect(language.url("checkout") + "#" + steps["delivery"])
    elif step == steps["delivery"]:
        for package in checkout["packages"]:
            chosen = request.POST.get(f"goi-{package['id']}")
            if chosen:
                found = _mutate(request, q.PACKAGE_DELIVERY, {
                    "id": cart_id, "package": package["id"], "method": chosen[:200]},
                    "checkoutPackageDeliveryMethodUpdate", language)
                errors.update(_errors(found["errors"]))
        if not errors:
            return redirect(language.url("checkout") + "#" + steps["place"])
    elif step == steps["place"]:
        method = request.POST.get("payment") or "vn.ocop.cod"  # forms of before the choice
        offered = {g["id"] for g in checkout["availablePaymentGateways"]}
        if method not in PAYMENT_DOCUMENTS or method not in offered:
            errors["payment"] = [language.texts["choose_payment"]]
        else:
            paid = _mutate(request, PAYMENT_DOCUMENTS[method], {"id": cart_id},
                           "transactionInitialize", language)
            for key, messages in _errors(paid["errors"]).items():
                # A refusal of the gateway shows next to the choice, not at the page top.
                errors.setdefault("payment" if key in ("paymentGateway", "id", "__all__")
                                  else key, []).extend(messages)
        if not errors:
            note = field(request.POST, "note", 500) or None
            done = _mutate(request, q.COMPLETE, {"id": cart_id, "note": note},
                           "checkoutComplete", language)
            errors.update(_errors(done["errors"]))
            if not errors:
                request.session.pop(SESSION_KEY, None)
                return redirect(language.url_name("order"), token=done["order"]["token"])
    if request.method == "POST":
        checkout = _cart(request) or checkout
    rules = _rules(request, values.get("countryArea", ""))
    ready_for_delivery = bool(checkout["shippingAddress"]) and bool(
        checkout["email"] or checkout["user"])
    delivery_chosen = all(p["deliveryMethod"] for p in checkout["packages"]
                          if p["isShippingRequired"])
    _pair(request, "checkout")
    return render(request, language.template("checkout"), {
        "checkout": checkout, "values": values, "errors": errors, "steps": steps,
        "provinces": [c["raw"] for c in rules["countryAreaChoices"]],
        "communes": [c["raw"] for c in rules["cityChoices"]],
        "ready_for_delivery": ready_for_delivery,
        "ready_to_place": ready_for_delivery and delivery_chosen,
        "payment_methods": {g["id"] for g in checkout["availablePaymentGateways"]},
        "payment_chosen": request.POST.get("payment", "vn.ocop.cod"),
        "noindex": True}, status=422 if errors else 200)


def _order(request: HttpRequest, token: str, language: Language = VI) -> dict:
    try:
        key = uuid.UUID(token)
    except ValueError:
        raise Http404(language.texts["no_order"]) from None
    try:
        data = execute_personal(request, q.ORDER, {"id": to_id("Order", str(key))})
    except StorefrontGraphQLError:  # someone else's order: it does not exist for you
        raise Http404(language.texts["no_order"]) from None
    if data["order"] is None:
        raise Http404(language.texts["no_order"])
    return data["order"]


def _transfer(order: dict) -> dict | None:
    """What is still to transfer for this order (bank, amount, reference, QR), or None."""
    for item in order.get("transactions") or ():
        if item["gateway"] == "vn.ocop.vietqr" and item["paymentInstructions"]:
            return item["paymentInstructions"]
    return None


def _paid_state(order: dict) -> str:
    """The payment state the order page shows: cancelled (nothing more to pay; money
    received is refunded), paid, partly paid, awaiting a transfer, or none of these (cash
    on delivery)."""
    if order["status"] == "CANCELED":
        return "canceled"
    if order["chargeStatus"] in ("FULL", "OVERCHARGED"):
        return "paid"
    if any(i["gateway"] == "vn.ocop.vietqr" for i in order.get("transactions") or ()):
        return "partial" if order["chargeStatus"] == "PARTIAL" else "waiting"
    return "cod"


def _payment_display(order: dict, language: Language) -> str:
    """The payment state in words: the API's (Vietnamese) text, or the English one."""
    if not language.english:
        return order["paymentStatusDisplay"]
    texts = language.texts
    if _paid_state(order) == "canceled" and not order["isPaid"]:
        # Money that came for a cancelled order is sent back (transactions.settle_order).
        return texts["canceled_refund"] if order["chargeStatus"] != "NONE" else (
            texts["canceled_unpaid"])
    if order["paymentStatus"] == "NOT_CHARGED" and _paid_state(order) == "cod":
        return texts["cod"]
    return EN_PAYMENT_STATUS.get(order["paymentStatus"], order["paymentStatusDisplay"])


def order_page(request: HttpRequest, token: str, lang: str = "vi") -> HttpResponse:
    from datetime import datetime, timedelta

    language = _language(lang)
    order = _order(request, token, language)
    transfer = _transfer(order)
    deadline = None
    if transfer:
        created = datetime.fromisoformat(order["created"])
        deadline = created + timedelta(minutes=int(transfer.get("paymentWindowMinutes") or 0))
    if language.english:
        order = {**order, "statusDisplay": EN_ORDER_STATUS.get(order["status"],
                                                                order["statusDisplay"]),
                 "producerOrders": [{**part, "statusDisplay": EN_PART_STATUS.get(
                     part["status"], part["statusDisplay"])} for part in order["producerOrders"]]}
    _pair(request, "order", token)
    return render(request, language.template("order"), {
        "order": order, "token": token, "message": request.session.pop("order_message", ""),
        "transfer": transfer, "payment_state": _paid_state(order), "deadline": deadline,
        "payment_display": _payment_display(order, language), "noindex": True})


def order_payment(request: HttpRequest, token: str, lang: str = "vi") -> JsonResponse:
    """The order's payment state for the page that waits for a transfer (polled every few
    seconds). Same rule as the order page: whoever cannot see the order gets a 404."""
    language = _language(lang)
    try:
        key = uuid.UUID(token)
        data = execute_personal(request, q.ORDER_PAYMENT, {"id": to_id("Order", str(key))})
    except (ValueError, StorefrontGraphQLError):
        raise Http404(language.texts["no_order"]) from None
    order = data["order"]
    if order is None:
        raise Http404(language.texts["no_order"])
    transfer = _transfer(order)
    owed = None
    if transfer:  # the page compares it with the amount it shows, in its own format
        owed = (vnd_en(transfer["transfer"]["amount"]) if language.english
                else transfer["transfer"]["amountText"])
    response = JsonResponse({
        "state": _paid_state(order), "isPaid": order["isPaid"],
        "chargeStatus": order["chargeStatus"], "display": _payment_display(order, language),
        "owed": owed})
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def order_cancel_part(request: HttpRequest, token: str, lang: str = "vi") -> HttpResponse:
    language = _language(lang)
    order = _order(request, token, language)
    part = field(request.POST, "part", 200)
    if part not in {p["id"] for p in order["producerOrders"]}:
        raise Http404(language.texts["no_part"])
    done = _mutate(request, q.CANCEL_PART, {
        "id": part, "order": order["id"],
        # The default reason is read by the producer's team, in Vietnamese.
        "reason": field(request.POST, "reason", 300) or "Người mua huỷ"}, "producerOrderCancel",
        language)
    request.session["order_message"] = (language.message(done["errors"][0]) if done["errors"]
                                        else language.texts["part_canceled"])
    return redirect(language.url_name("order"), token=token)


@account_required
def my_orders(request: HttpRequest) -> HttpResponse:
    after = field(request.GET, "sau", 200) or None
    try:
        data = execute_personal(request, q.MY_ORDERS, {"after": after})["me"]["orders"]
    except StorefrontGraphQLError:  # a forged cursor: start from the newest
        data = execute_personal(request, q.MY_ORDERS, {"after": None})["me"]["orders"]
    return render(request, "storefront/cart/my_orders.html", {
        "orders": [edge["node"] for edge in data["edges"]], "page": data["pageInfo"],
        "noindex": True})
