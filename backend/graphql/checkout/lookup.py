"""Finding a checkout from a client's ID and deciding who may touch it.

A checkout's ID carries its random token, the only key a guest has. A checkout that
belongs to a signed-in shopper opens only for that shopper (or staff holding
MANAGE_CHECKOUTS); anyone else gets a permission error and nothing changes.
"""

from __future__ import annotations

import uuid

from backend.checkout.errors import CheckoutErrorCode as Code
from backend.checkout.errors import CheckoutProblem
from backend.checkout.models import Checkout
from backend.permission.checks import has_permission
from backend.permission.enums import PermissionCode

from ..core.errors import PermissionDenied
from ..core.ids import _decode


def token_from_id(global_id: object, type_name: str = "Checkout") -> uuid.UUID | None:
    decoded = _decode(global_id)
    if decoded is None or decoded[0] != type_name:
        return None
    try:
        return uuid.UUID(decoded[1])
    except ValueError:
        return None


def viewer(info):
    user = getattr(info.context, "user", None)
    return user if user is not None and user.is_authenticated else None


def may_use(info, checkout: Checkout) -> bool:
    if checkout.user_id is None:
        return True
    user = viewer(info)
    if user is not None and user.pk == checkout.user_id:
        return True
    return has_permission(getattr(info.context, "user", None), PermissionCode.MANAGE_CHECKOUTS)


def load_checkout(info, global_id=None, token=None, field: str = "id") -> Checkout:
    """The checkout, or CheckoutProblem NOT_FOUND; PermissionDenied for someone else's."""
    key = token_from_id(global_id) if global_id is not None else None
    if key is None and token is not None:
        try:
            key = uuid.UUID(str(token))
        except ValueError:
            key = None
    checkout = (Checkout.objects.select_related("channel", "user", "shipping_address__province",
                                                "billing_address").filter(pk=key).first()
                if key else None)
    if checkout is None:
        raise CheckoutProblem(field, "Không tìm thấy giỏ hàng.", Code.NOT_FOUND)
    if not may_use(info, checkout):
        raise PermissionDenied("Giỏ hàng này thuộc tài khoản khác.")
    return checkout
