"""Card payments through Stripe wired to checkouts and orders (Saleor's Stripe app id)."""

from __future__ import annotations

from django.conf import settings

from .gateways.stripe import StripeSettings
from .gateways.stripe.client import MAX_STRIPE_AMOUNT


def stripe_settings() -> StripeSettings | None:
    if not (settings.STRIPE_SECRET_KEY and settings.STRIPE_PUBLISHABLE_KEY):
        return None
    return StripeSettings(secret_key=settings.STRIPE_SECRET_KEY,
                          publishable_key=settings.STRIPE_PUBLISHABLE_KEY,
                          webhook_secret=settings.STRIPE_WEBHOOK_SECRET,
                          api_base=settings.STRIPE_API_BASE)


def is_available() -> bool:
    return stripe_settings() is not None


def amount_problem(total: int) -> str | None:
    if total > MAX_STRIPE_AMOUNT:
        return "Thẻ chỉ thanh toán được đơn tới 99.999.999 ₫; hãy chọn cách trả khác."
    return None


def gateway_config() -> dict[str, object]:
    config = stripe_settings()
    return {"stripePublishableKey": config.publishable_key} if config else {}


def initialize(checkout, total, user, data):
    from .gateway import GatewayRefused

    raise GatewayRefused("paymentGateway", "Thanh toán thẻ chưa sẵn sàng.", "not_found")
