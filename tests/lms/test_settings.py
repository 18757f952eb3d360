"""Production settings refuse to start unsafely and pass Django's deployment checks."""
import os
import secrets
import subprocess
import sys

from tests.conftest import ROOT


def run_check(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env={**clean, "DJANGO_SETTINGS_MODULE": "lms.settings.production", **env},
        capture_output=True, text=True, timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_check({})
    assert result.returncode != 0
    assert "SECRET_KEY must be set in the environment" in result.stderr


def test_production_passes_the_deployment_checks_with_no_warnings():
    from throwaway.stack import ed25519_pem

    result = run_check({"SECRET_KEY": secrets.token_urlsafe(64), "ALLOWED_HOSTS": "training.example.org",
                        "SITE_URL": "https://training.example.org", "H5P_ORIGIN": "https://h5p.training-content.example",
                        "SCORM_ORIGIN": "https://{package}.scorm.training-content.example",
                        "CACHE_URL": "redis://127.0.0.1:6399/1", "OPEN_BADGES_SIGNING_KEY": ed25519_pem()})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_celery_runs_eagerly_without_a_broker_and_uses_json(settings):
    from lms.celery import app

    assert settings.CELERY_TASK_ALWAYS_EAGER is True
    assert app.conf.task_serializer == "json"
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_time_limit == 15 * 60
    assert "certificate-expiry-reminders" in app.conf.beat_schedule
    assert app.tasks["lms.ping"].delay("ready").get() == "ready"
