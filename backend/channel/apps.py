from django.apps import AppConfig


class ChannelConfig(AppConfig):
    name = "backend.channel"
    label = "channel"
    verbose_name = "Kênh bán"
