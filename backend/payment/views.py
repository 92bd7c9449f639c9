"""Webhook endpoints of the payment providers (POST, CSRF-exempt: they authenticate by
signature, never by cookie).

``/webhooks/bank-feed/`` takes payOS-style signed notifications of incoming transfers.
Answers: 200 for what was handled or needs no retry (charged, already recorded,
unknown reference, another account, a failure notice; ``result`` and a Vietnamese
``message``, e.g. ``order_canceled``: the order was cancelled before the money came and
the whole amount is owed back); 400 for a body that is not a
notification or is stale; 401 for a missing or wrong signature; 405 for other methods;
413 for a body over the cap; 503 when no checksum key is configured. Whatever is
refused changes nothing and is logged without the body or the key.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from .gateways.vietqr import verify_bank_feed
from .gateways.vietqr.bankfeed import MAX_BODY_BYTES as BANK_FEED_MAX_BYTES
from .gateways.webhooks import WebhookRejected, WebhookRejection
from .vietqr import IncomingTransfer, apply_transfer

logger = logging.getLogger(__name__)

_STATUS = {
    WebhookRejection.MALFORMED: 400,
    WebhookRejection.UNSIGNED: 401,
    WebhookRejection.BAD_SIGNATURE: 401,
    WebhookRejection.STALE: 400,
    WebhookRejection.NOT_A_PAYMENT: 200,
    WebhookRejection.REPLAYED: 200,
}


def read_capped_body(request: HttpRequest, cap: int) -> bytes | None:
    """The body, or None when it is (or claims to be) larger than ``cap`` bytes."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    if declared > cap:
        return None
    body = request.read(cap + 1)
    return None if len(body) > cap else body


def _refused(reason: WebhookRejection, detail: str) -> JsonResponse:
    status = _STATUS[reason]
    return JsonResponse({"success": status == 200, "error": str(reason), "detail": detail},
                        status=status)


@csrf_exempt
def bank_feed_webhook(request: HttpRequest) -> JsonResponse:
    if request.method != "POST":
        return JsonResponse({"success": False, "error": "method"}, status=405)
    key = settings.BANK_FEED_CHECKSUM_KEY
    if not key:
        logger.error("bank-feed webhook called but BANK_FEED_CHECKSUM_KEY is not set")
        return JsonResponse({"success": False, "error": "not_configured"}, status=503)
    body = read_capped_body(request, BANK_FEED_MAX_BYTES)
    if body is None:
        logger.warning("bank-feed notification refused: body over %s bytes", BANK_FEED_MAX_BYTES)
        return JsonResponse({"success": False, "error": "too_large"}, status=413)
    try:
        event = verify_bank_feed(body, checksum_key=key,
                                 max_age=timedelta(hours=settings.BANK_FEED_MAX_AGE_HOURS))
    except WebhookRejected as rejected:
        return _refused(rejected.reason, rejected.reason.value)
    outcome = apply_transfer(IncomingTransfer(
        transaction_id=event.transaction_id, amount=event.amount, references=event.references,
        account_number=event.account_number, occurred_at=event.occurred_at))
    if not outcome.changed_anything:
        logger.warning("bank-feed transfer %s not charged: %s", event.transaction_id,
                       outcome.result)
    return JsonResponse({"success": True, "result": str(outcome.result),
                         "reference": outcome.reference, "message": outcome.message},
                        status=200)


@csrf_exempt
def stripe_webhook(request: HttpRequest) -> JsonResponse:
    """Stripe's events, verified with the endpoint's signing secret: 200 once handled (or
    a verified event we do not use, or already seen), 400 malformed/stale, 401 unsigned or
    mis-signed, 503 no secret. A PaymentIntent that is not ours is acknowledged (200) with
    nothing changed."""
    from .cards import UnknownPayment, handle_webhook
    from .gateways.stripe.webhooks import MAX_BODY_BYTES as STRIPE_MAX_BYTES

    if request.method != "POST":
        return JsonResponse({"error": "method"}, status=405)
    if not settings.STRIPE_WEBHOOK_SECRET:
        logger.error("Stripe webhook called but STRIPE_WEBHOOK_SECRET is not set")
        return JsonResponse({"error": "not_configured"}, status=503)
    body = read_capped_body(request, STRIPE_MAX_BYTES)
    if body is None:
        logger.warning("Stripe webhook refused: body over %s bytes", STRIPE_MAX_BYTES)
        return JsonResponse({"error": "too_large"}, status=413)
    try:
        result = handle_webhook(body, request.META.get("HTTP_STRIPE_SIGNATURE"))
    except WebhookRejected as rejected:
        return _refused(rejected.reason, rejected.reason.value)
    except UnknownPayment as unknown:
        # Not ours (another integration on the account): acknowledged so Stripe stops
        # retrying; nothing changed.
        logger.warning("Stripe webhook about an unknown PaymentIntent %s", unknown)
        return JsonResponse({"received": True, "result": "unknown_payment"})
    except ValueError:
        return JsonResponse({"error": "not_configured"}, status=503)
    return JsonResponse({"received": True, "result": result})
