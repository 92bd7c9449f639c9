"""VietQR payloads: published vectors reproduced, and our own payloads read back by an
independent decoder (tests/payment/gateways/emvco_decoder.py) to the same bank, account,
amount and reference."""

import random
from decimal import Decimal

import pytest

from backend.payment.gateways.amounts import InvalidAmount
from backend.payment.gateways.vietqr import PayloadError, new_payment_reference, vietqr_payload
from backend.payment.gateways.vietqr.emv import crc16_ccitt_false
from tests.payment.gateways.emvco_decoder import DecodeError, crc16_ccitt_false_bitwise, decode

# NAPAS, "Technical Specifications on NAPAS QR Switching" part IV (v1.5.2, January 2021),
# section 6.1 examples 1-4. The PDF itself was not reachable from here; these strings are
# reproduced identically by several independent public test suites (for example the
# README of napas-qr-python 0.2.0 on PyPI for 6.1.3, and VietQR encoders' tests in
# JavaScript, Java and PHP on GitHub that label them "NAPAS 6.1.1"-"6.1.4").
NAPAS_611_STATIC_ACCOUNT = "00020101021138570010A00000072701270006970403011200110123456780208QRIBFTTA53037045802VN6304F4E5"
NAPAS_612_STATIC_CARD = "00020101021138600010A00000072701300006970403011697040311012345670208QRIBFTTC53037045802VN63044F52"
NAPAS_613_DYNAMIC_ACCOUNT = "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA530370454061800005802VN62340107NPS68690819thanh toan don hang63042E2E"
NAPAS_614_DYNAMIC_CARD = "00020101021238600010A00000072701300006970403011697040311012345670208QRIBFTTC530370454061800005802VN62340107NPS68690819thanh toan don hang6304A203"
NAPAS_VECTORS = [NAPAS_611_STATIC_ACCOUNT, NAPAS_612_STATIC_CARD, NAPAS_613_DYNAMIC_ACCOUNT, NAPAS_614_DYNAMIC_CARD]


@pytest.mark.parametrize("crc", [crc16_ccitt_false, crc16_ccitt_false_bitwise])
def test_the_crc_is_ccitt_false_by_the_catalogue_check_value(crc):
    # CRC RevEng catalogue, CRC-16/IBM-3740 (alias CCITT-FALSE): check("123456789") = 0x29B1.
    assert crc(b"123456789") == 0x29B1


@pytest.mark.parametrize("vector", NAPAS_VECTORS)
def test_the_crc_matches_every_napas_example(vector):
    assert f"{crc16_ccitt_false(vector[:-4].encode()):04X}" == vector[-4:]


def test_the_napas_dynamic_account_example_is_reproduced_exactly():
    payload = vietqr_payload(
        bank_bin="970403",
        account_number="0011012345678",
        amount=180000,
        bill_number="NPS6869",
        purpose="thanh toan don hang",
    )
    assert payload == NAPAS_613_DYNAMIC_ACCOUNT


def test_the_napas_static_example_has_a_length_typo_the_decoder_catches():
    # 6.1.1 as published says the account (01) is 12 characters long, but it is 13
    # ("0011012345678"); the CRC was computed over the typo, so it "matches". A strict
    # decoder must refuse it, and our encoder writes the corrected length.
    with pytest.raises(DecodeError, match="remain|bad ID"):
        decode(NAPAS_611_STATIC_ACCOUNT)
    fixed = vietqr_payload(bank_bin="970403", account_number="0011012345678")
    assert fixed[:-4] == NAPAS_611_STATIC_ACCOUNT[:-4].replace("0112001101", "0113001101")
    # The corrected example's CRC, as published in a JavaScript VietQR encoder's tests
    # ("static qr for bank account", 970403 / 0011012345678).
    assert fixed[-4:] == "9E6F"
    assert decode(fixed)["38"]["01"] == {"00": "970403", "01": "0011012345678"}


@pytest.mark.parametrize(
    "arguments, published",
    [
        # napas-qr-python 0.2.0 README ("Command line": encode --bin 970436 --consumer
        # 1031933430 --amount 50000 --purpose "Thanh toan").
        (
            {"bank_bin": "970436", "account_number": "1031933430", "amount": 50000, "purpose": "Thanh toan"},
            "00020101021238540010A00000072701240006970436011010319334300208QRIBFTTA53037045405500005802VN62140810Thanh toan630438A6",
        ),
        # vietnam-qr-pay 1.0.0 README ("Decode a QR Code": ACB, 257678859, 1000, "Chuyen tien").
        (
            {"bank_bin": "970416", "account_number": "257678859", "amount": 1000, "purpose": "Chuyen tien"},
            "00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA5303704540410005802VN62150811Chuyen tien6304BBB8",
        ),
        # vietnam-qr-pay 1.0.0 README ("Create a Static VietQR (No Amount)").
        (
            {"bank_bin": "970416", "account_number": "257678859"},
            "00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN6304AE9F",
        ),
    ],
)
def test_the_libraries_published_examples_are_reproduced(arguments, published):
    assert vietqr_payload(**arguments) == published


def test_a_payment_payload_decodes_to_the_bank_account_amount_and_reference():
    reference = new_payment_reference()
    payload = vietqr_payload(
        bank_bin="970436", account_number="1031933430", amount=1_250_000, purpose=reference
    )
    fields = decode(payload)
    assert fields["00"] == "01"
    assert fields["01"] == "12"  # dynamic: one payment of a fixed amount
    assert fields["38"] == {
        "00": "A000000727",
        "01": {"00": "970436", "01": "1031933430"},
        "02": "QRIBFTTA",
    }
    assert fields["53"] == "704"
    assert fields["54"] == "1250000"  # whole đồng: no decimal point, no ×100
    assert fields["58"] == "VN"
    assert fields["62"] == {"08": reference}


def test_random_payments_round_trip_through_the_independent_decoder():
    rng = random.Random(13)
    for _ in range(300):
        bank_bin = "970" + "".join(rng.choice("0123456789") for _ in range(3))
        account = "".join(rng.choice("0123456789") for _ in range(rng.randint(6, 19)))
        amount = rng.randint(1, 10**rng.randint(1, 13) - 1)
        reference = new_payment_reference()
        fields = decode(
            vietqr_payload(bank_bin=bank_bin, account_number=account, amount=amount, purpose=reference)
        )
        assert fields["38"]["01"] == {"00": bank_bin, "01": account}
        assert int(fields["54"]) == amount and fields["54"].isdigit()
        assert fields["62"]["08"] == reference


def test_an_integral_decimal_amount_is_taken_as_whole_dong():
    payload = vietqr_payload(bank_bin="970436", account_number="1031933430", amount=Decimal("99000"))
    assert decode(payload)["54"] == "99000"


@pytest.mark.parametrize(
    "amount", [0, -5000, 250000.0, Decimal("250000.5"), True, "250000", 10**13]
)
def test_amounts_a_qr_cannot_carry_exactly_are_refused(amount):
    with pytest.raises(InvalidAmount):
        vietqr_payload(bank_bin="970436", account_number="1031933430", amount=amount)


@pytest.mark.parametrize(
    "arguments",
    [
        {"bank_bin": "97043", "account_number": "1031933430"},
        {"bank_bin": "97043A", "account_number": "1031933430"},
        {"bank_bin": "970436", "account_number": "1031 933430"},
        {"bank_bin": "970436", "account_number": "1" * 20},
        {"bank_bin": "970436", "account_number": ""},
        {"bank_bin": "970436", "account_number": "1031933430", "purpose": "Thanh toán"},
        {"bank_bin": "970436", "account_number": "1031933430", "purpose": "x" * 26},
        {"bank_bin": "970436", "account_number": "1031933430", "purpose": "OCOP\x00"},
        {"bank_bin": "970436", "account_number": "1031933430", "purpose": ""},
    ],
)
def test_values_a_bank_app_would_misread_are_refused(arguments):
    with pytest.raises(PayloadError):
        vietqr_payload(**arguments)
