from django.apps import AppConfig


class SellersConfig(AppConfig):
    name = "backend.sellers"
    label = "sellers"
    verbose_name = "Người bán"
