"""A valid set of transfer details for the VietQR tests to vary one field at a time."""

from backend.payment.gateways.vietqr import new_payment_reference


def transfer_arguments(**changes) -> dict:
    arguments = {
        "bank_bin": "970436",
        "bank_name": "Vietcombank",
        "account_number": "1031933430",
        "account_holder": "CONG TY SAN OCOP",
        "amount": 385_000,
        "reference": new_payment_reference(),
    }
    arguments.update(changes)
    return arguments
