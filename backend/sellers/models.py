"""Producers' teams: a user belongs to any number of producers, with one role in each."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from backend.producers.models import Producer

from .roles import Role


class ProducerMembership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="producer_memberships"
    )
    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["producer_id", "pk"]
        verbose_name = "thành viên gian hàng"
        verbose_name_plural = "thành viên gian hàng"
        constraints = [
            models.UniqueConstraint(fields=["user", "producer"], name="one_membership_per_producer")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.producer} ({self.get_role_display()})"
