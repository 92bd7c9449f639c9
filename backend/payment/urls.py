from django.urls import path

from . import views

urlpatterns = [
    path("bank-feed/", views.bank_feed_webhook, name="webhook-bank-feed"),
    path("stripe/", views.stripe_webhook, name="webhook-stripe"),
]
