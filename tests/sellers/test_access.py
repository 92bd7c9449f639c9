"""Who may act for a producer: one role table, one check (backend/sellers/access.py)."""

import pytest

from backend.permission.enums import PermissionCode
from backend.sellers.access import can_act_for, producers_for, role_of
from backend.sellers.models import ProducerMembership
from backend.sellers.roles import Capability, Role


@pytest.fixture
def team(make_producer, django_user_model):
    a, b = make_producer("Hợp tác xã A"), make_producer("Hợp tác xã B")
    users = {}
    for role in Role:
        users[role] = django_user_model.objects.create_user(f"{role}@a.vn", password="x")
        ProducerMembership.objects.create(user=users[role], producer=a, role=role)
    return a, b, users


def test_each_role_holds_its_capabilities_only_in_its_own_producer(team):
    a, b, users = team
    assert can_act_for(users[Role.OWNER], a.pk, Capability.MANAGE_TEAM)
    assert not can_act_for(users[Role.MANAGER], a.pk, Capability.MANAGE_TEAM)
    assert can_act_for(users[Role.MANAGER], a.pk, Capability.MANAGE_LISTINGS)
    assert not can_act_for(users[Role.PACKER], a.pk, Capability.MANAGE_LISTINGS)
    assert can_act_for(users[Role.PACKER], a.pk, Capability.MANAGE_STOCK)
    for user in users.values():
        assert not any(can_act_for(user, b.pk, c) for c in Capability)
        assert role_of(user, b.pk) is None


def test_a_user_may_belong_to_several_producers(team):
    a, b, users = team
    ProducerMembership.objects.create(user=users[Role.PACKER], producer=b, role=Role.OWNER)
    assert set(producers_for(users[Role.PACKER], Capability.MANAGE_STOCK)) == {a, b}
    assert list(producers_for(users[Role.PACKER], Capability.MANAGE_TEAM)) == [b]


def test_deactivated_members_and_strangers_act_for_nobody(team, django_user_model):
    a, _, users = team
    owner = users[Role.OWNER]
    owner.is_active = False
    assert not can_act_for(owner, a.pk, Capability.MANAGE_LISTINGS)
    stranger = django_user_model.objects.create_user("la@x.vn", password="x")
    assert not can_act_for(stranger, a.pk, Capability.MANAGE_STOCK)
    assert not can_act_for(None, a.pk, Capability.MANAGE_STOCK)


def test_operator_staff_act_through_their_permission_code(team, django_user_model):
    from django.contrib.auth.models import Permission

    a, _, _ = team
    staff = django_user_model.objects.create_user("nv@san.vn", password="x", is_staff=True)
    assert not can_act_for(staff, a.pk, Capability.MANAGE_LISTINGS, PermissionCode.MANAGE_PRODUCTS)
    staff.user_permissions.add(Permission.objects.get(codename="manage_products"))
    staff = django_user_model.objects.get(pk=staff.pk)
    assert can_act_for(staff, a.pk, Capability.MANAGE_LISTINGS, PermissionCode.MANAGE_PRODUCTS)
    assert not can_act_for(staff, a.pk, Capability.MANAGE_LISTINGS)  # no code named: no pass
