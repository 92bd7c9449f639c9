from django.urls import path

from . import views

urlpatterns = [
    path("bank-feed/", views.bank_feed_webhook, name="webhook-bank-feed"),
]
