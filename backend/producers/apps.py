from django.apps import AppConfig


class ProducersConfig(AppConfig):
    name = "backend.producers"
    label = "producers"
    verbose_name = "Chủ thể OCOP"
