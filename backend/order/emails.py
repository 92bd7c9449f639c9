"""Order e-mails (Vietnamese, text and HTML), queued after the transaction commits through
the accounts' mail path: confirmation to the shopper, a new order to each producer's team,
shipped with tracking, delivered, canceled."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.template.loader import render_to_string

from backend.account.tasks import send_email
from backend.core.site import site_root

SITE_NAME = "Sàn OCOP"


def _send(template: str, to: list[str], context: dict[str, Any]) -> None:
    context = {"site_name": SITE_NAME, "site_url": site_root(), **context}
    subject = " ".join(render_to_string(f"order/email/{template}.subject.txt",
                                        context).split())
    text = render_to_string(f"order/email/{template}.txt", context)
    html = render_to_string(f"order/email/{template}.html", context)
    for address in dict.fromkeys(a for a in to if a):
        transaction.on_commit(
            lambda a=address: send_email.delay(a, subject, text, html), robust=True)


def _team_emails(producer) -> list[str]:
    from backend.sellers.models import ProducerMembership

    return list(ProducerMembership.objects.filter(producer=producer, user__is_active=True)
                .values_list("user__email", flat=True))


def order_link(order) -> str:
    return f"{site_root()}/don-hang/{order.token}/"


def order_placed(order) -> None:
    parts = list(order.producer_orders.select_related("producer").prefetch_related("lines"))
    _send("confirmation", [order.user_email], {"order": order, "parts": parts,
                                              "link": order_link(order)})
    for part in parts:
        _send("new_order", _team_emails(part.producer),
              {"order": order, "part": part, "lines": list(part.lines.all()),
               "link": f"{site_root()}/nguoi-ban/don-hang/{part.pk}/"})


def shipped(part, fulfillment) -> None:
    order = part.order
    _send("shipped", [order.user_email], {"order": order, "part": part,
                                         "fulfillment": fulfillment,
                                         "link": order_link(order)})


def delivered(part) -> None:
    order = part.order
    _send("delivered", [order.user_email], {"order": order, "part": part,
                                           "link": order_link(order)})


def canceled(part, reason: str, lines) -> None:
    order = part.order
    _send("canceled", [order.user_email, *_team_emails(part.producer)],
          {"order": order, "part": part, "reason": reason, "lines": lines,
           "link": order_link(order)})
