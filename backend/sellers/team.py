"""A producer's team: invitations by e-mail (signed single-use token with an expiry),
role changes and removals. Only owners manage the team; a producer always keeps an owner."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from backend.producers.models import Producer

from . import emails
from .access import NotAllowed, require
from .models import AuditAction, ProducerMembership, TeamInvitation
from .roles import Capability, Role
from .services import _log

SALT = "sellers.team-invitation"
INVITATION_DAYS = 7
ACCEPT_PATH = "/nguoi-ban/loi-moi/"


def invitation_link(token: str) -> str:
    from backend.core.site import site_root

    return f"{site_root()}{ACCEPT_PATH}?token={token}"


@transaction.atomic
def invite(user: Any, producer: Producer, email: str, role: str) -> tuple[TeamInvitation, str]:
    """Invite ``email`` as ``role``; returns the invitation and its token (e-mailed)."""
    require(user, producer.pk, Capability.MANAGE_TEAM)
    email = (email or "").strip().lower()
    errors = {}
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = "Địa chỉ e-mail không hợp lệ."
    if role not in Role.values:
        errors["role"] = "Vai trò không hợp lệ."
    if errors:
        raise ValidationError(errors)
    if ProducerMembership.objects.filter(producer=producer, user__email__iexact=email).exists():
        raise ValidationError({"email": "Người này đã là thành viên của gian hàng."})
    invitation = TeamInvitation.objects.create(
        producer=producer, email=email, role=role, invited_by=user,
        nonce=secrets.token_hex(16),
        expires_at=timezone.now() + datetime.timedelta(days=INVITATION_DAYS),
    )
    token = signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=SALT)
    _log(user, AuditAction.MEMBER_INVITED, producer_id=producer.pk, email=email, role=role)
    emails.send(
        email, f"Lời mời tham gia gian hàng {producer.name}",
        f"Chào bạn,\n\n{user.email} mời bạn tham gia gian hàng «{producer.name}» trên Sàn OCOP "
        f"với vai trò {Role(role).label}.\n\nNhận lời mời (hết hạn sau {INVITATION_DAYS} ngày):\n"
        f"{invitation_link(token)}\n\nNếu không quen người mời, hãy bỏ qua thư này.",
    )
    return invitation, token


def invitation_for(token: str) -> TeamInvitation:
    """The pending invitation a token names, or ``ValidationError`` (bad, used, expired)."""
    try:
        data = signing.loads(token or "", salt=SALT)
        invitation = TeamInvitation.objects.select_related("producer").get(
            pk=data["i"], nonce=data["n"])
    except (signing.BadSignature, TeamInvitation.DoesNotExist, KeyError, TypeError) as exc:
        raise ValidationError({"token": "Liên kết mời không hợp lệ."}) from exc
    if invitation.accepted_at is not None:
        raise ValidationError({"token": "Lời mời này đã được dùng."})
    if invitation.expires_at <= timezone.now():
        raise ValidationError({"token": "Lời mời đã hết hạn, hãy nhờ chủ gian hàng mời lại."})
    return invitation


@transaction.atomic
def accept(user: Any, token: str) -> ProducerMembership:
    """The signed-in invitee joins the producer; the token cannot be used again."""
    if not getattr(user, "is_authenticated", False):
        raise NotAllowed("Hãy đăng nhập để nhận lời mời.")
    invitation = invitation_for(token)
    invitation = TeamInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError({"token": "Lời mời này đã được dùng."})
    if invitation.email.lower() != (user.email or "").lower():
        raise ValidationError({"token": (
            f"Lời mời gửi tới {invitation.email}; hãy đăng nhập bằng địa chỉ đó.")})
    membership, created = ProducerMembership.objects.get_or_create(
        user=user, producer_id=invitation.producer_id, defaults={"role": invitation.role})
    invitation.accepted_at, invitation.accepted_by = timezone.now(), user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    _log(user, AuditAction.MEMBER_JOINED, producer_id=invitation.producer_id,
         role=membership.role)
    return membership


def _owners_left(producer_id: int, excluding: int) -> int:
    return ProducerMembership.objects.filter(
        producer_id=producer_id, role=Role.OWNER).exclude(pk=excluding).count()


def _member(producer: Producer, membership_id: int) -> ProducerMembership:
    # Lock the producer's owner rows in pk order so two owners cannot demote each other
    # to zero owners at once.
    list(ProducerMembership.objects.select_for_update()
         .filter(producer=producer).order_by("pk").values_list("pk", flat=True))
    membership = ProducerMembership.objects.filter(pk=membership_id, producer=producer).first()
    if membership is None:
        raise ValidationError({"member": "Không tìm thấy thành viên này trong gian hàng."})
    return membership


@transaction.atomic
def change_role(user: Any, producer: Producer, membership_id: int,
                role: str) -> ProducerMembership:
    require(user, producer.pk, Capability.MANAGE_TEAM)
    if role not in Role.values:
        raise ValidationError({"role": "Vai trò không hợp lệ."})
    membership = _member(producer, membership_id)
    if membership.role == Role.OWNER and role != Role.OWNER and not _owners_left(
            producer.pk, membership.pk):
        raise ValidationError({"role": "Gian hàng phải còn ít nhất một chủ gian hàng."})
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    _log(user, AuditAction.ROLE_CHANGED, producer_id=producer.pk,
         member=membership.user_id, old=old, new=role)
    return membership


@transaction.atomic
def remove_member(user: Any, producer: Producer, membership_id: int) -> None:
    require(user, producer.pk, Capability.MANAGE_TEAM)
    membership = _member(producer, membership_id)
    if membership.role == Role.OWNER and not _owners_left(producer.pk, membership.pk):
        raise ValidationError({"member": "Không thể xóa chủ gian hàng cuối cùng."})
    _log(user, AuditAction.MEMBER_REMOVED, producer_id=producer.pk, member=membership.user_id,
         role=membership.role)
    membership.delete()
