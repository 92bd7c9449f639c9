"""The QR image: the SVG we serve scans back (zxing-cpp) to exactly the payload, and
the transfer details say the same thing in words."""

import xml.etree.ElementTree as ET

import pytest
import zxingcpp

from backend.payment.gateways.amounts import InvalidAmount
from backend.payment.gateways.vietqr import (
    PayloadError,
    new_payment_reference,
    qr_svg,
    transfer_request,
    vietqr_payload,
)
from tests.payment.gateways.emvco_decoder import decode
from tests.payment.gateways.svg_raster import rasterize
from tests.payment.gateways.vietqr_support import transfer_arguments


def scan(svg: str) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(rasterize(svg))]


@pytest.mark.parametrize(
    "amount, account", [(15_000, "1031933430"), (2_499_000, "0011012345678"), (None, "19036")]
)
def test_the_svg_scans_back_to_the_payload(amount, account):
    payload = vietqr_payload(
        bank_bin="970436", account_number=account, amount=amount, purpose=new_payment_reference()
    )
    assert scan(qr_svg(payload)) == [payload]


def test_the_svg_can_be_inlined_under_a_strict_content_security_policy():
    svg = qr_svg(vietqr_payload(bank_bin="970436", account_number="1031933430", amount=1000))
    root = ET.fromstring(svg)
    assert not svg.startswith("<?xml")
    assert "style" not in svg and "script" not in svg.lower()
    assert root.find("{http://www.w3.org/2000/svg}title").text == "Mã VietQR để chuyển khoản"


def test_a_transfer_request_gives_the_qr_and_the_plain_details():
    reference = new_payment_reference()
    data = transfer_request(**transfer_arguments(reference=reference)).as_data()
    assert data["transfer"] == {
        "bankBin": "970436",
        "bankName": "Vietcombank",
        "accountNumber": "1031933430",
        "accountHolder": "CONG TY SAN OCOP",
        "amount": 385_000,
        "amountText": "385.000 ₫",
        "currency": "VND",
        "description": reference,
    }
    fields = decode(data["vietqr"]["payload"])
    assert fields["38"]["01"] == {"00": "970436", "01": "1031933430"}
    assert fields["54"] == "385000" and fields["62"]["08"] == reference
    assert scan(data["vietqr"]["svg"]) == [data["vietqr"]["payload"]]


def test_a_transfer_request_refuses_what_it_cannot_carry():
    with pytest.raises(PayloadError):
        transfer_request(**transfer_arguments(reference="don hang 12"))
    with pytest.raises(InvalidAmount):
        transfer_request(**transfer_arguments(amount=385_000.5))
    with pytest.raises(PayloadError):
        transfer_request(**transfer_arguments(bank_bin="VCB"))
