"""A holder for the permission codes: Django keeps permissions per model, so one
table-less model carries them all (``permission.manage_products`` …)."""

from __future__ import annotations

from django.db import models

from .enums import LABELS


class OperatorPermission(models.Model):
    class Meta:
        managed = False
        default_permissions = ()
        permissions = [(code.codename, label) for code, label in LABELS.items()]
        verbose_name = "quyền của nhân viên sàn"
