"""The orders' part in a person's data rights (backend/account/personal_data.py signals):
their purchases in the download; at deletion their open carts go, while orders stay
whole for accounting with the e-mail replaced (the shipping address is the order's own
copy and stays with it, as invoices must)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from backend.account.personal_data import personal_data_requested, user_anonymising


@receiver(personal_data_requested, dispatch_uid="order-personal-data")
def orders_section(sender, user, **kwargs) -> dict[str, Any]:
    from .models import Order

    orders = (Order.objects.filter(user=user).order_by("pk")
              .prefetch_related("producer_orders__producer", "lines"))
    return {"orders": [{
        "number": order.number, "created": order.created_at.isoformat(),
        "status": order.status, "total": order.total, "email": order.user_email,
        "parts": [{"number": part.number, "producer": part.producer.name,
                   "status": part.status, "total": part.total}
                  for part in order.producer_orders.all()],
        "lines": [{"product": line.product_name, "quantity": line.quantity,
                   "total": line.total} for line in order.lines.all()],
    } for order in orders]}


@receiver(user_anonymising, dispatch_uid="order-anonymise")
def forget_buyer(sender, user, **kwargs) -> None:
    from backend.checkout.models import Checkout

    from .models import Order

    Checkout.objects.filter(user=user).delete()
    for pk in Order.objects.filter(user=user).values_list("pk", flat=True):
        Order.objects.filter(pk=pk).update(user_email=f"don-{pk}@anonymised.invalid")
