from django.apps import AppConfig


class CollectionConfig(AppConfig):
    name = "backend.collection"
    label = "collection"
    verbose_name = "Bộ sưu tập"
