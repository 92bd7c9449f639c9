import pytest

from backend.permission.checks import has_permission
from backend.permission.enums import PermissionCode


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("staff@example.vn", "pw", is_staff=True)


def test_staff_without_the_code_is_refused_and_with_it_allowed(staff, django_user_model):
    from django.contrib.auth.models import Permission

    assert not has_permission(staff, PermissionCode.IMPORT_CATALOG)
    staff.user_permissions.add(Permission.objects.get(codename="import_catalog"))
    staff = django_user_model.objects.get(pk=staff.pk)  # permissions are cached per instance
    assert has_permission(staff, PermissionCode.IMPORT_CATALOG)
    assert not has_permission(staff, PermissionCode.MANAGE_PRODUCTS)


def test_inactive_or_non_staff_never_hold_a_code(django_user_model):
    boss = django_user_model.objects.create_superuser("boss@example.vn", "pw")
    assert has_permission(boss, PermissionCode.MANAGE_PAYOUTS)
    boss.is_active = False
    assert not has_permission(boss, PermissionCode.MANAGE_PAYOUTS)
    assert not has_permission(None, PermissionCode.MANAGE_PAYOUTS)


def test_every_code_exists_as_a_django_permission(db):
    from django.contrib.auth.models import Permission

    stored = set(Permission.objects.filter(content_type__app_label="permission")
                 .values_list("codename", flat=True))
    assert stored == {code.codename for code in PermissionCode}
