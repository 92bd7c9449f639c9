from django.apps import AppConfig


class TranslationConfig(AppConfig):
    name = "backend.translation"
    label = "translation"
    verbose_name = "Bản dịch"
