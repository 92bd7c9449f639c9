"""Fixtures for the gateway tests: localstripe and the servers around it, on loopback."""

import pytest

from backend.payment.gateways.stripe import StripeSettings
from tests.payment.gateways.stripe_support import LocalStripe, WebhookReceiver, WireRecorder

WEBHOOK_SECRET = "whsec_ocop_test_secret"


@pytest.fixture(scope="session")
def localstripe():
    server = LocalStripe()
    yield server
    server.stop()


@pytest.fixture
def wire(localstripe):
    recorder = WireRecorder(localstripe.port)
    yield recorder
    recorder.stop()


@pytest.fixture
def stripe_settings(wire):
    return StripeSettings(
        secret_key="sk_test_ocop",
        publishable_key="pk_test_ocop",
        webhook_secret=WEBHOOK_SECRET,
        api_base=wire.url,
        network_retries=0,
    )


@pytest.fixture
def webhook_receiver(localstripe):
    receiver = WebhookReceiver()
    # localstripe keeps one endpoint per id; each test points it at its own receiver.
    localstripe.post(
        "/_config/webhooks/ocop-tests", {"url": receiver.url, "secret": WEBHOOK_SECRET}
    )
    yield receiver
    receiver.stop()
