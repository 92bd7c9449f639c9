"""The one place that answers "may this user act for this producer?".

Every seller-side door (GraphQL mutations and queries, the seller portal, orders) asks
here; none checks memberships on its own. Operator staff holding the permission code a
door names act for every producer.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from backend.permission.checks import has_permission
from backend.permission.enums import PermissionCode
from backend.producers.models import Producer

from .models import ProducerMembership
from .roles import Capability, role_allows


def role_of(user: Any, producer_id: int) -> str | None:
    """The user's role in the producer's team, or None."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return (
        ProducerMembership.objects.filter(user_id=user.pk, producer_id=producer_id)
        .values_list("role", flat=True)
        .first()
    )


def can_act_for(
    user: Any,
    producer_id: int | None,
    capability: Capability,
    operator_permission: PermissionCode | None = None,
) -> bool:
    """Whether ``user`` may use ``capability`` for the producer: by their role in its team,
    or as operator staff holding ``operator_permission``."""
    if operator_permission is not None and has_permission(user, operator_permission):
        return True
    if producer_id is None:
        return False
    return role_allows(role_of(user, producer_id), capability)


def producers_for(user: Any, capability: Capability) -> QuerySet[Producer]:
    """The producers whose ``capability`` the user holds through a team role."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Producer.objects.none()
    roles = [role for role in ("owner", "manager", "packer") if role_allows(role, capability)]
    return Producer.objects.filter(
        memberships__user_id=user.pk, memberships__role__in=roles
    ).distinct()


class NotAllowed(PermissionError):
    """Refused by the role table; doors turn it into their permission error."""

    def __init__(self, message: str = "Bạn không có quyền thực hiện thao tác này.") -> None:
        super().__init__(message)
        self.message = message


def require(
    user: Any,
    producer_id: int | None,
    capability: Capability,
    operator_permission: PermissionCode | None = None,
) -> None:
    """``can_act_for`` or ``NotAllowed``: domain functions call it before writing."""
    if not can_act_for(user, producer_id, capability, operator_permission):
        raise NotAllowed()


def require_operator(user: Any, permission: PermissionCode) -> None:
    if not has_permission(user, permission):
        raise NotAllowed("Chỉ nhân viên sàn có quyền mới làm được việc này.")
