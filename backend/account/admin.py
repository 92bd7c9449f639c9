"""The operator's admin for users: e-mail login, staff flags, permission codes through
groups (Saleor's ``MANAGE_*`` codes are Django permissions), consents read-only."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from backend.core.admin_labels import VietnameseTabularInline

from .models import Consent, User


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)
        field_classes: dict = {}


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes: dict = {}


class ConsentInline(VietnameseTabularInline):
    model = Consent
    fields = ["document", "version", "given_at", "source", "withdrawn_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "last_name", "first_name", "is_staff", "is_active",
                    "is_confirmed", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "is_confirmed", "groups"]
    search_fields = ["email", "first_name", "last_name", "phone"]
    readonly_fields = ["last_login", "date_joined", "anonymised_at"]
    inlines = [ConsentInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Thông tin cá nhân", {"fields": ["last_name", "first_name", "phone", "language_code"]}),
        ("Quyền", {"fields": ["is_active", "is_confirmed", "is_staff", "is_superuser",
                              "groups", "user_permissions"]}),
        ("Mốc thời gian", {"fields": ["last_login", "date_joined", "anonymised_at"]}),
    ]
    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []  # no consents before the user exists

    add_fieldsets = [
        (None, {"classes": ["wide"],
                "fields": ["email", "usable_password", "password1", "password2"]}),
    ]
