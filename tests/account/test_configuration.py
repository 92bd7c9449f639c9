"""Account configuration: e-mail from EMAIL_URL, the JWT signing key (development key made
once in var/, a PEM from the environment in production), the admin on the new model."""

from __future__ import annotations

from pathlib import Path

import pytest

from backend.core.mail import email_settings_from_url

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://mailer:bí%40mật@mail.example.vn:2525",
         {"EMAIL_HOST": "mail.example.vn", "EMAIL_PORT": 2525, "EMAIL_HOST_USER": "mailer",
          "EMAIL_HOST_PASSWORD": "bí@mật", "EMAIL_USE_TLS": False, "EMAIL_USE_SSL": False}),
        ("smtp+tls://u:p@smtp.example.vn", {"EMAIL_PORT": 587, "EMAIL_USE_TLS": True}),
        ("submission://u:p@smtp.example.vn", {"EMAIL_PORT": 587, "EMAIL_USE_TLS": True}),
        ("smtps://u:p@smtp.example.vn?timeout=3&from=Sàn OCOP <hi@ocop.vn>",
         {"EMAIL_PORT": 465, "EMAIL_USE_SSL": True, "EMAIL_TIMEOUT": 3,
          "DEFAULT_FROM_EMAIL": "Sàn OCOP <hi@ocop.vn>"}),
        ("console://", {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
        ("file:///tmp/thu", {"EMAIL_FILE_PATH": "/tmp/thu"}),
        ("locmem://", {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}),
    ],
)
def test_email_url_gives_django_settings(url, expected):
    found = email_settings_from_url(url)
    assert {key: found.get(key) for key in expected} == expected


@pytest.mark.parametrize("url", ["http://mail.example.vn", "smtp://", "file://", "sendgrid://k"])
def test_email_url_mistakes_are_explained(url):
    with pytest.raises(ValueError, match="EMAIL_URL"):
        email_settings_from_url(url)


# Production refuses to start without JWT_PRIVATE_KEY: tests/security/test_site_settings.py.


def test_a_pem_key_from_the_environment_signs_and_the_dev_key_is_made_once(
    tmp_path, settings
):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    from backend.account import signing_keys

    settings.JWT_PRIVATE_KEY = ""
    settings.JWT_DEV_KEY_FILE = tmp_path / "var" / "jwt_private_key.pem"
    signing_keys.reset_cache()
    try:
        first = signing_keys.key_id()
        assert settings.JWT_DEV_KEY_FILE.stat().st_mode & 0o777 == 0o600
        signing_keys.reset_cache()
        assert signing_keys.key_id() == first  # read back, not made again
        own = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        settings.JWT_PRIVATE_KEY = own.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()).decode()
        signing_keys.reset_cache()
        assert signing_keys.key_id() != first
        assert signing_keys.jwks()["keys"][0]["n"] and signing_keys.jwks()["keys"][0]["e"] == "AQAB"
    finally:
        signing_keys.reset_cache()


@pytest.mark.django_db
def test_the_admin_manages_users_by_email_and_grants_permission_codes(client, django_user_model):
    from django.contrib.auth.models import Group, Permission

    from backend.permission.checks import has_permission
    from backend.permission.enums import PermissionCode

    boss = django_user_model.objects.create_superuser("sep@example.vn", "Mat-khau-sep-1")
    client.force_login(boss)
    assert client.get("/admin/account/user/").status_code == 200
    added = client.post("/admin/account/user/add/", {
        "email": "Bien.Tap@Example.VN", "usable_password": "true",
        "password1": "Bien-tap-vien-2026", "password2": "Bien-tap-vien-2026"})
    assert added.status_code == 302, added.content.decode()[:2000]
    editor = django_user_model.objects.get(email="bien.tap@example.vn")
    assert client.get(f"/admin/account/user/{editor.pk}/change/").status_code == 200
    group = Group.objects.create(name="Biên tập danh mục")
    group.permissions.add(Permission.objects.get(codename="manage_products"))
    editor.groups.add(group)
    editor.is_staff = True
    editor.save()
    editor = django_user_model.objects.get(pk=editor.pk)
    assert has_permission(editor, PermissionCode.MANAGE_PRODUCTS)
    assert not has_permission(editor, PermissionCode.MANAGE_USERS)


def test_passwords_are_argon2id_at_owasp_cost_and_older_hashes_upgrade(db, django_user_model):
    import argon2
    from django.contrib.auth.hashers import Argon2PasswordHasher, make_password

    user = django_user_model.objects.create_user("bam@example.vn", password="mat-khau-dai-9")
    params = argon2.extract_parameters("$" + user.password.split("$", 1)[1])
    assert params.type is argon2.Type.ID
    assert (params.memory_cost, params.time_cost, params.parallelism) == (19 * 1024, 2, 1)
    # A hash made with Django's heavier defaults still verifies and is redone on sign-in.
    user.password = make_password("mat-khau-dai-9", hasher=Argon2PasswordHasher())
    user.save(update_fields=["password"])
    assert user.check_password("mat-khau-dai-9")
    user.refresh_from_db()
    upgraded = user.password
    assert argon2.extract_parameters("$" + upgraded.split("$", 1)[1]).memory_cost == 19 * 1024
    assert user.check_password("mat-khau-dai-9")
    user.refresh_from_db()
    assert user.password == upgraded  # redone once, not at every sign-in
