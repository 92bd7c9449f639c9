"""One question every staff door asks: does this user hold this permission code?"""

from __future__ import annotations

from typing import Any

from .enums import PermissionCode


def has_permission(user: Any, code: PermissionCode) -> bool:
    """Active staff holding ``code`` (directly or through a group); superusers hold all."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if not (user.is_active and user.is_staff):
        return False
    return user.has_perm(code.perm)


def permission_codes(user: Any) -> list[PermissionCode]:
    """Every code the user holds (the same rule as ``has_permission``), in enum order."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    if not (user.is_active and user.is_staff):
        return []
    held = user.get_all_permissions()
    return [code for code in PermissionCode if code.perm in held]
