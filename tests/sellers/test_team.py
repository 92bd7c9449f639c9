"""Team: invitations by e-mail (signed, single use, expiring), role changes, removals, and
a producer that always keeps an owner."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from backend.sellers import team
from backend.sellers.access import NotAllowed
from backend.sellers.models import ProducerMembership, TeamInvitation


def test_invitation_link_joins_once(approved_seller, applicant, django_user_model):
    producer, _ = approved_seller
    _, token = team.invite(applicant, producer, "Binh@Example.vn", "manager")
    manager = django_user_model.objects.create_user("binh@example.vn", password="x")
    assert team.accept(manager, token).role == "manager"
    with pytest.raises(ValidationError, match="đã được dùng"):
        team.accept(manager, token)


def test_expired_forged_or_foreign_tokens_are_refused(
    approved_seller, applicant, django_user_model
):
    producer, _ = approved_seller
    invitation, token = team.invite(applicant, producer, "c@example.vn", "packer")
    other = django_user_model.objects.create_user("other@example.vn", password="x")
    with pytest.raises(ValidationError, match="c@example.vn"):
        team.accept(other, token)
    with pytest.raises(ValidationError, match="không hợp lệ"):
        team.accept(other, token[:-2] + "xx")
    TeamInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1))
    c = django_user_model.objects.create_user("c@example.vn", password="x")
    with pytest.raises(ValidationError, match="hết hạn"):
        team.accept(c, token)
    assert not ProducerMembership.objects.filter(user__in=[c, other]).exists()


def test_last_owner_cannot_be_removed_or_demoted(approved_seller, applicant):
    producer, _ = approved_seller
    me = ProducerMembership.objects.get(user=applicant)
    with pytest.raises(ValidationError):
        team.remove_member(applicant, producer, me.pk)
    with pytest.raises(ValidationError):
        team.change_role(applicant, producer, me.pk, "manager")
    assert ProducerMembership.objects.get(pk=me.pk).role == "owner"


def test_managers_cannot_run_the_team(approved_seller, django_user_model):
    producer, _ = approved_seller
    manager = django_user_model.objects.create_user("m@example.vn", password="x")
    ProducerMembership.objects.create(user=manager, producer=producer, role="manager")
    with pytest.raises(NotAllowed):
        team.invite(manager, producer, "x@example.vn", "owner")
    assert not TeamInvitation.objects.exists()
