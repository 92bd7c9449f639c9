"""The portal's order pages: the producer's orders to confirm, pack (printable packing
slip), ship with carrier and tracking number, mark delivered (the cash collected), and
cancel lines it cannot supply. Every action goes through the API's producer-order
mutations, which ask backend.sellers.access; this module adds no rule of its own."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from backend.graphql.core.ids import from_id, to_id
from backend.sellers.roles import Capability

from ..graphql import StorefrontGraphQLError, execute_personal
from ..params import field
from .context import PortalContext, portal_view

ERRORS = "errors { field message code }"
PART_FIELDS = """
  id number orderNumber created status statusDisplay userEmail isPickup
  shippingMethodName cancelReason
  shippingAddress { firstName lastName phone streetAddress1 streetAddress2 city countryArea }
  lines { id productName variantName productSku quantity quantityCanceled quantityToFulfill
          cancelReason undiscountedUnitPrice { gross { formatted } }
          totalPrice { gross { formatted } } }
  subtotal { gross { formatted } } shippingPrice { gross { formatted } }
  total { gross { formatted } } totalCharged { formatted }
  fulfillments { carrier trackingNumber created deliveredAt }
  events { date type message }
  deliveredAt totalRefunded { amount }
  grantedRefunds { createdAt kindDisplay statusDisplay reason amount { amount }
                   lines { quantity orderLine { productName } } }
"""
LIST = """query PortalOrders($producer: ID!, $status: [ProducerOrderStatus!], $after: String) {
  producerOrders(producerId: $producer, status: $status, first: 30, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id number created statusDisplay status isPaid total { gross { formatted } }
                   lines { productName quantity } } } } }"""
DETAIL = "query PortalOrder($id: ID!) { producerOrder(id: $id) {" + PART_FIELDS + "} }"
ACTIONS = {
    "xac-nhan": ("mutation($id: ID!) { producerOrderConfirm(id: $id) { " + ERRORS + " } }",
                 "producerOrderConfirm", "Đã xác nhận đơn."),
    "gui-hang": ("mutation($id: ID!, $carrier: String, $tracking: String) { "
                 "producerOrderFulfill(id: $id, carrier: $carrier, trackingNumber: $tracking) "
                 "{ " + ERRORS + " } }", "producerOrderFulfill", "Đã ghi nhận gửi hàng."),
    "da-giao": ("mutation($id: ID!) { producerOrderMarkDelivered(id: $id) { " + ERRORS + " } }",
                "producerOrderMarkDelivered", "Đã ghi nhận giao thành công và thu tiền."),
    "huy-dong": ("mutation($id: ID!, $lines: [OrderLineCancelInput!]!, $reason: String!) { "
                 "producerOrderLinesCancel(id: $id, lines: $lines, reason: $reason) { "
                 + ERRORS + " } }", "producerOrderLinesCancel", "Đã huỷ và báo người mua."),
    "hoan-tien": ("mutation($id: ID!, $lines: [OrderGrantRefundCreateLineInput!], "
                  "$amount: Decimal, $reason: String!, $ret: Boolean) { producerOrderRefund("
                  "id: $id, lines: $lines, amount: $amount, reason: $reason, isReturn: $ret) { "
                  + ERRORS + " } }", "producerOrderRefund",
                  "Đã hoàn tiền; sàn chuyển lại cho người mua và trừ vào doanh thu của gian "
                  "hàng."),
}
REFUND_ROLES = ("owner", "manager")  # Capability.REFUND_ORDERS
FILTERS = {"cho-xac-nhan": ["UNCONFIRMED"], "cho-gui": ["UNFULFILLED"],
           "dang-giao": ["FULFILLED"], "da-giao": ["DELIVERED"], "da-huy": ["CANCELED"]}


def _part(request: HttpRequest, portal: PortalContext, pk: int) -> dict:
    try:
        part = execute_personal(request, DETAIL, {"id": to_id("ProducerOrder", pk)})[
            "producerOrder"]
    except StorefrontGraphQLError:
        raise Http404("Không có đơn này trong gian hàng.") from None
    if part is None:
        raise Http404("Không có đơn này trong gian hàng.")
    return part


@portal_view(Capability.MANAGE_ORDERS)
def order_list(request: HttpRequest, portal: PortalContext) -> HttpResponse:
    chosen = request.GET.get("loc", "")
    data = execute_personal(request, LIST, {
        "producer": to_id("Producer", portal.producer.pk), "status": FILTERS.get(chosen),
        "after": field(request.GET, "sau", 200) or None})["producerOrders"]
    orders = [e["node"] for e in data["edges"]]
    for node in orders:
        node["pk"] = from_id(node["id"], "ProducerOrder")
    return render(request, "portal/orders/list.html", {
        "portal": portal, "orders": orders, "page": data["pageInfo"],
        "total": data["totalCount"], "chosen": chosen, "noindex": True})


@portal_view(Capability.MANAGE_ORDERS)
def order_detail(request: HttpRequest, pk: int, portal: PortalContext) -> HttpResponse:
    part = _part(request, portal, pk)
    return render(request, "portal/orders/detail.html", {
        "portal": portal, "part": part, "part_pk": pk,
        "may_refund": portal.role in REFUND_ROLES and bool(part.get("deliveredAt")),
        "message": request.session.pop("portal_message", ""), "noindex": True})


@portal_view(Capability.MANAGE_ORDERS)
def packing_slip(request: HttpRequest, pk: int, portal: PortalContext) -> HttpResponse:
    part = _part(request, portal, pk)
    return render(request, "portal/orders/packing_slip.html", {
        "portal": portal, "part": part, "noindex": True})


@require_POST
@portal_view(Capability.MANAGE_ORDERS)
def order_action(request: HttpRequest, pk: int, action: str,
                 portal: PortalContext) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404("Không có thao tác này.")
    part = _part(request, portal, pk)
    document, name, done = ACTIONS[action]
    variables: dict = {"id": part["id"]}
    if action == "gui-hang":
        variables.update(carrier=field(request.POST, "carrier", 100),
                         tracking=field(request.POST, "tracking", 100))
    elif action == "huy-dong":
        lines = []
        for line in part["lines"]:
            try:
                quantity = int(request.POST.get(f"huy-{line['id']}", "0") or 0)
            except ValueError:
                quantity = 0
            if quantity > 0:
                lines.append({"lineId": line["id"], "quantity": min(quantity, 100000)})
        variables.update(lines=lines, reason=field(request.POST, "reason", 500))
    elif action == "hoan-tien":
        problem = ("Chỉ chủ gian hàng hoặc quản lý được hoàn tiền."
                   if portal.role not in REFUND_ROLES else
                   _refund_variables(request, part, variables))
        if problem:
            request.session["portal_message"] = problem
            return redirect("portal:order_detail", pk=pk)
    result = execute_personal(request, document, variables)[name]
    request.session["portal_message"] = (result["errors"][0]["message"] if result["errors"]
                                         else done)
    return redirect("portal:order_detail", pk=pk)


def _refund_variables(request: HttpRequest, part: dict, variables: dict) -> str:
    """Read the refund form; a problem is returned in words naming the field."""
    lines = []
    for line in part["lines"]:
        text = field(request.POST, f"hoan-{line['id']}", 12).strip()
        if not text or text == "0":
            continue
        if not text.isdigit():
            return f"Số lượng hoàn của “{line['productName']}”: “{text}” không phải số nguyên."
        lines.append({"id": line["id"], "quantity": min(int(text), 100000)})
    amount = field(request.POST, "amount", 30).strip().replace(".", "").replace(" ", "")
    amount = amount.removesuffix("₫").removesuffix("đ")
    if amount and not amount.isdigit():
        return ("Số tiền hoàn: hãy nhập số đồng nguyên, ví dụ 50.000 (để trống để hoàn đủ "
                "số khách đã trả).")
    if amount and len(amount) > 15:
        return "Số tiền hoàn quá lớn."
    variables.update(lines=lines, amount=amount or None,
                     reason=field(request.POST, "reason", 500),
                     ret=request.POST.get("tra-hang") == "1")
    return ""


# --------------------------------------------------------------------------- delivery methods


def _method_form(method=None) -> dict:
    if method is None:
        return {"name": "", "kind": "flat", "price_same_province": "", "price_same_region": "",
                "price_nationwide": "", "free_above": "", "tiers": "", "is_active": True}
    return {"name": method.name, "kind": method.kind,
            "price_same_province": method.price_same_province,
            "price_same_region": method.price_same_region,
            "price_nationwide": method.price_nationwide,
            "free_above": method.free_above if method.free_above is not None else "",
            "tiers": ", ".join(f"{t.max_weight_grams}:{t.price}" for t in method.tiers.all()),
            "is_active": method.is_active}


@portal_view(Capability.MANAGE_SHIPPING)
def shipping_methods(request: HttpRequest, portal: PortalContext) -> HttpResponse:
    """The producer's delivery methods (rates by destination, weight tiers, free above an
    amount, pickup); the checkout offers them per package."""
    from django.core.exceptions import ValidationError

    from backend.shipping import services as shipping
    from backend.shipping.models import ShippingMethod

    methods = list(ShippingMethod.objects.filter(producer=portal.producer)
                   .prefetch_related("tiers"))
    editing = None
    if request.GET.get("sua"):
        editing = next((m for m in methods if str(m.pk) == request.GET["sua"]), None)
        if editing is None:
            raise Http404("Không có cách giao này.")
    values, errors = _method_form(editing), {}
    if request.method == "POST":
        names = ("name", "kind", "price_same_province", "price_same_region",
                 "price_nationwide", "free_above", "tiers")
        values = {n: field(request.POST, n, 300) for n in names}
        values["is_active"] = request.POST.get("is_active") == "1"
        target = None
        if request.POST.get("method"):
            target = next((m for m in methods if str(m.pk) == request.POST["method"]), None)
            if target is None:
                raise Http404("Không có cách giao này.")
        try:
            shipping.save_method(portal.producer, values, target)
        except ValidationError as error:
            errors = {k: [m for e in v for m in e.messages] for k, v in error.error_dict.items()}
        else:
            request.session["portal_message"] = "Đã lưu cách giao hàng."
            return redirect("portal:shipping_methods")
        editing = target
    return render(request, "portal/orders/shipping_methods.html", {
        "portal": portal, "methods": methods, "values": values, "errors": errors,
        "editing": editing, "kinds": list(ShippingMethod.Kind.choices),
        "message": request.session.pop("portal_message", ""), "noindex": True},
        status=422 if errors else 200)
