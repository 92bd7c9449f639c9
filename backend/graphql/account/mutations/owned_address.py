"""The signed-in user's own address named by a global ID: anyone else's is refused the
same way as one that does not exist (no hint that it does)."""

from __future__ import annotations

from backend.account.addresses import address_of
from backend.account.models import Address, User
from backend.graphql.core.errors import PermissionDenied

from ...core.ids import from_id


def owned_address(user: User, global_id: str) -> Address:
    pk = from_id(global_id, "Address")
    address = address_of(user, pk) if pk < 2**63 else None
    if address is None:
        raise PermissionDenied("Bạn không có quyền với địa chỉ này (hoặc địa chỉ không tồn tại).")
    return address
