"""Production settings pass Django's deployment checklist: `check --deploy
--fail-level WARNING`, run as a separate process with DEBUG off and the
environment a deployment sets (not the test settings)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


# What a deployment sets itself, never inherited from the test's environment.
PRODUCTION_SETS = (
    "DATABASE_URL", "SECURE_SSL_REDIRECT", "EMAIL_BACKEND", "SITE_URL", "PROXY_COUNT",
)  # fmt: skip


def production_env(**overrides: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"))
        and key not in PRODUCTION_SETS
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),  # 67 random characters
        ALLOWED_HOSTS="scrutineer.example.gov.uk",
        DATABASE_URL="postgres://scrutineer:secret@db.internal:5432/scrutineer",
        CELERY_BROKER_URL="redis://redis.internal:6379/0",
        EMAIL_HOST="smtp.example.gov.uk",
        SITE_URL="https://scrutineer.example.gov.uk",
        PROXY_COUNT="1",
    )
    env.update(overrides)
    return {k: v for k, v in env.items() if v != ""}


def check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_production_settings_pass_the_deployment_checklist():
    result = check_deploy(production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_checklist_fails_without_a_mail_host():
    """Without EMAIL_HOST mail goes to the console, which production must not
    do silently (reminders would be lost): the check says so."""
    result = check_deploy(production_env(EMAIL_HOST=""))
    assert result.returncode != 0
    assert "mail.E001" in result.stdout + result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_required_settings(missing):
    result = check_deploy(production_env(**{missing: ""}))
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "SECRET_KEY" in output or "ALLOWED_HOSTS" in output


def test_a_weak_secret_key_fails_the_checklist():
    result = check_deploy(production_env(SECRET_KEY="short-and-guessable"))
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_security_settings_in_production():
    """The values the checklist looks at, read from the production module."""
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
        " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        " s.SECURE_SSL_REDIRECT, s.SECURE_PROXY_SSL_HEADER, s.X_FRAME_OPTIONS,"
        " s.DATABASES['default']['CONN_HEALTH_CHECKS'], s.DEBUG)"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django;django.setup();{code}"],
        cwd=ROOT, env=production_env(), capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "31536000", "True", "True", "True", "True", "True",
        "('HTTP_X_FORWARDED_PROTO',", "'https')", "DENY", "True", "False",
    ]  # fmt: skip
