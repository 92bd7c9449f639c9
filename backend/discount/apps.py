from django.apps import AppConfig


class DiscountConfig(AppConfig):
    name = "backend.discount"
    label = "discount"
    verbose_name = "Mã giảm giá"
