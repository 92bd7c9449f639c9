from django.apps import AppConfig


class StorefrontThemeConfig(AppConfig):
    name = "storefront_theme"
    verbose_name = "Giao diện cửa hàng"
