from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "backend.core"
    label = "core"
    verbose_name = "Lõi hệ thống"

    def ready(self) -> None:
        # Load the project's Celery app in every process (web, commands, worker), so
        # ``@shared_task``s use its Redis broker rather than Celery's default app.
        from backend import celery_app  # noqa: F401
