"""Earnings and payouts pages of the portal (filled by the paying issue)."""

from django.urls import path

from . import views

urlpatterns = [
    path("doanh-thu/", views.coming_soon("Doanh thu và thanh toán"), name="payouts"),
]
