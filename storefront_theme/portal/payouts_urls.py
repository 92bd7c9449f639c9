"""Earnings and payouts pages of the portal (the ledger issue's)."""

from django.urls import path

from . import payouts

urlpatterns = [
    path("doanh-thu/", payouts.earnings, name="payouts"),
    path("doanh-thu/sao-ke.csv", payouts.statement_download, name="payouts_csv"),
]
