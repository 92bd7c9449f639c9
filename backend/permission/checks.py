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
