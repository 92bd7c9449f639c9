"""Deployment files: what can be checked without Docker or a cluster (neither exists where
these tests run). YAML must parse; every Deployment must be probed and bounded; the compose
stack must have its services; every variable the files set must be one the code reads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"

# Read by libraries or by the deploy files themselves rather than by our code.
EXTERNAL_VARIABLES = {
    "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",  # boto3 / django-storages
    "DJANGO_SETTINGS_MODULE", "PORT", "GUNICORN_WORKERS", "GUNICORN_THREADS",
    "GUNICORN_TIMEOUT",  # the image's command
    "BACKUP_BUCKET", "MC_CONFIG_DIR", "HOME",  # the backup job
}


def k8s_documents() -> list[dict]:
    """Every Kubernetes object under deploy/k8s (not the kustomization itself)."""
    docs = []
    for path in sorted(K8S.glob("*.yaml")):
        docs += [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8"))
                 if d and d.get("kind") != "Kustomization"]
    return docs


def pod_spec(doc: dict) -> dict:
    if doc["kind"] == "CronJob":
        return doc["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    return doc["spec"]["template"]["spec"]


def variables_read_by_the_code() -> set[str]:
    pattern = re.compile(r"""(?:environ(?:\.get)?[(\[]|env_(?:bool|list)\(|getenv\()\s*["']([A-Z0-9_]+)""")
    names = set()
    for package in ("backend", "catalog_import", "storefront_theme"):
        for path in (ROOT / package).rglob("*.py"):
            names.update(pattern.findall(path.read_text(encoding="utf-8")))
    return names


def test_every_yaml_file_parses():
    files = sorted(DEPLOY.rglob("*.yaml")) + sorted(DEPLOY.rglob("*.yml"))
    assert len(files) >= 7
    for path in files:
        assert list(yaml.safe_load_all(path.read_text(encoding="utf-8"))), path


def test_every_deployment_is_probed_and_has_resource_limits():
    deployments = [d for d in k8s_documents() if d["kind"] == "Deployment"]
    assert {d["metadata"]["name"] for d in deployments} == {"ocop-web", "ocop-worker"}
    for deployment in deployments:
        for container in pod_spec(deployment)["containers"]:
            name = f"{deployment['metadata']['name']}/{container['name']}"
            assert container.get("readinessProbe") and container.get("livenessProbe"), name
            limits = container["resources"]["limits"]
            assert limits.get("cpu") and limits.get("memory"), name
            assert container["resources"]["requests"], name
        assert pod_spec(deployment)["securityContext"]["runAsNonRoot"] is True
    web = next(d for d in deployments if d["metadata"]["name"] == "ocop-web")
    container = pod_spec(web)["containers"][0]
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"


def test_cluster_has_service_ingress_autoscaler_migration_and_nightly_jobs():
    from django.core.management import get_commands

    docs = k8s_documents()
    kinds = {(d["kind"], d["metadata"]["name"]) for d in docs}
    for expected in [("Service", "ocop-web"), ("Ingress", "ocop-web"),
                     ("HorizontalPodAutoscaler", "ocop-web"), ("Job", "ocop-migrate"),
                     ("ConfigMap", "ocop-config"), ("Secret", "ocop-secrets"),
                     ("CronJob", "ocop-refresh-certifications"), ("CronJob", "ocop-db-backup"),
                     ("CronJob", "ocop-search-sweep")]:
        assert expected in kinds, expected
    commands = get_commands()
    for doc in docs:
        if doc["kind"] not in {"Job", "CronJob", "Deployment"}:
            continue
        spec = pod_spec(doc)
        for container in spec.get("initContainers", []) + spec["containers"]:
            assert container["resources"]["limits"], doc["metadata"]["name"]
            command = container.get("command") or []
            if command[:1] == ["ocop"]:
                # The commands the cluster runs exist.
                assert command[1] in commands, command
    backup = next(d for d in docs if d["metadata"]["name"] == "ocop-db-backup")
    script = " ".join(
        " ".join(c.get("args", [])) for c in pod_spec(backup)["initContainers"]
        + pod_spec(backup)["containers"]
    )
    assert "pg_dump" in script and "mc cp" in script


def test_kustomization_lists_existing_files_and_never_the_secret_template():
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text(encoding="utf-8"))
    for resource in kustomization["resources"]:
        assert (K8S / resource).is_file(), resource
    assert "secret.example.yaml" not in kustomization["resources"]


def test_secret_template_holds_placeholders_only():
    secret = next(d for d in k8s_documents() if d["kind"] == "Secret")
    assert secret["stringData"]
    for key, value in secret["stringData"].items():
        assert "CHANGE_ME" in value, key


def test_compose_has_the_stack_and_the_app_is_configured_for_it():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    for name in ["app", "worker", "postgres", "redis", "elasticsearch", "minio"]:
        assert name in services, name
    assert services["postgres"]["image"] == "postgres:17"
    assert services["elasticsearch"]["image"].rsplit(":", 1)[1].startswith("8.")
    assert services["elasticsearch"]["environment"]["xpack.security.enabled"] == "false"
    assert services["worker"]["command"][:4] == ["celery", "-A", "backend.celery_app", "worker"]
    for name in ["app", "worker"]:
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgresql://")
        assert env["REDIS_URL"].startswith("redis://redis:")
        assert env["ELASTICSEARCH_URL"] == "http://elasticsearch:9200"
        assert env["AWS_S3_ENDPOINT_URL"] == "http://minio:9000"
        assert env["AWS_STORAGE_BUCKET_NAME"]


def test_every_variable_the_deploy_files_set_is_read_by_the_code():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    set_here = set(compose["services"]["app"]["environment"])
    for doc in k8s_documents():
        if doc["kind"] in {"ConfigMap", "Secret"}:
            set_here |= set(doc.get("data") or doc.get("stringData") or {})
    unknown = set_here - variables_read_by_the_code() - EXTERNAL_VARIABLES
    assert not unknown, f"set in deploy/ but read by nothing: {sorted(unknown)}"


def test_dockerfile_runs_gunicorn_as_a_non_root_user_with_a_health_check():
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert "FROM python:3.11-slim" in text
    user = re.findall(r"^USER\s+(\S+)", text, flags=re.MULTILINE)
    assert user and not user[-1].startswith(("0", "root"))
    assert re.search(r"^HEALTHCHECK .*\n?.*?/healthz", text, flags=re.MULTILINE | re.DOTALL)
    assert "collectstatic" in text
    assert "gunicorn backend.wsgi:application" in text


@pytest.mark.django_db
def test_health_endpoint_answers(client):
    # The path every probe above uses.
    assert client.get("/healthz").status_code == 200


def test_celery_app_is_configured_from_django_settings():
    from celery import current_app
    from django.conf import settings

    from backend.celery_app import app

    assert app.conf.broker_url == settings.CELERY_BROKER_URL
    assert app.conf.task_always_eager == settings.CELERY_TASK_ALWAYS_EAGER
    app.loader.import_default_modules()
    assert "search.update_products_search_index" in app.tasks
    assert "search.sweep" in app.tasks  # what beat schedules
    # Shared tasks bind to this app (and its broker), not Celery's default one.
    assert current_app.main == "ocop"


def test_the_cluster_and_compose_settings_pass_the_production_checks():
    """What deploy/ sets is what production mode demands; its placeholders are refused."""
    import secrets

    from backend.environment import production_problems

    docs = k8s_documents()
    config = next(d for d in docs if d["kind"] == "ConfigMap")["data"]
    secret = next(d for d in docs if d["kind"] == "Secret")["stringData"]
    hosts = [h.strip() for h in config["ALLOWED_HOSTS"].split(",")]
    assert config["OCOP_SITE_URL"].startswith("https://")
    assert "OCOP_ENV" not in config and "DEBUG" not in secret
    real_key = secrets.token_urlsafe(50)
    pem = "-----BEGIN PRIVATE KEY-----\nMIIE…\n-----END PRIVATE KEY-----\n"
    assert production_problems(secret_key=real_key, allowed_hosts=hosts,
                               site_url=config["OCOP_SITE_URL"], debug=config["DEBUG"] == "1",
                               jwt_private_key=pem) == []
    # Applying the template unchanged would not start.
    assert production_problems(secret_key=secret["SECRET_KEY"], allowed_hosts=hosts,
                               site_url=config["OCOP_SITE_URL"], debug=False,
                               jwt_private_key=pem)
    assert production_problems(secret_key=real_key, allowed_hosts=hosts,
                               site_url=config["OCOP_SITE_URL"], debug=False,
                               jwt_private_key=secret["JWT_PRIVATE_KEY"])
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    for name in ["app", "worker", "migrate"]:
        env = compose["services"][name]["environment"]
        assert env["SECRET_KEY"].startswith("${SECRET_KEY:?"), "compose must ask for a key"
        assert env["JWT_PRIVATE_KEY"].startswith("${JWT_PRIVATE_KEY:?")
        assert "OCOP_ENV" not in env
        compose_hosts = env["ALLOWED_HOSTS"].split(",")
        assert production_problems(secret_key=real_key, allowed_hosts=compose_hosts,
                                   site_url=env["OCOP_SITE_URL"], debug=env["DEBUG"] == "1",
                                   jwt_private_key=pem) == []


def test_the_search_sweeper_runs_on_a_schedule():
    sweep = next(d for d in k8s_documents() if d["metadata"]["name"] == "ocop-search-sweep")
    assert pod_spec(sweep)["containers"][0]["command"] == ["ocop", "search", "sweep"]
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    assert "--beat" in compose["services"]["worker"]["command"]
    from django.conf import settings

    assert any(entry["task"] == "search.sweep" for entry in settings.CELERY_BEAT_SCHEDULE.values())
