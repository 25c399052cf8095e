"""Settings a deployment needs that Django cannot know about (the site's
address for emails, how many proxies are in front), /healthz over plain
HTTP behind the SSL redirect, the demo's own error pages and its address."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.urls import reverse

from tests.factories import IndicatorFactory
from tests.trust.test_deploy_settings import check_deploy, production_env

ROOT = Path(__file__).resolve().parents[2]


# --- The deployment check ----------------------------------------------------------


def test_the_checklist_fails_without_the_sites_address():
    """Reminder emails would carry relative links."""
    result = check_deploy(production_env(SITE_URL=""))
    assert result.returncode != 0
    assert "scrutineer.E001" in result.stdout + result.stderr
    result = check_deploy(production_env(SITE_URL="scrutiny.example.gov.uk"))
    assert "scrutineer.E001" in result.stdout + result.stderr


def test_the_checklist_warns_of_a_plain_http_site_address():
    result = check_deploy(production_env(SITE_URL="http://scrutiny.example.gov.uk"))
    assert result.returncode != 0
    assert "scrutineer.W002" in result.stdout + result.stderr


def test_the_checklist_asks_how_many_proxies_are_in_front():
    result = check_deploy(production_env(PROXY_COUNT=""))
    assert result.returncode != 0
    assert "scrutineer.W003" in result.stdout + result.stderr
    # Zero is an answer: clients connect to gunicorn directly.
    assert check_deploy(production_env(PROXY_COUNT="0")).returncode == 0


def test_the_production_compose_file_requires_the_address_and_the_proxy_count():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    environment = compose["x-app"]["environment"]
    for name in ("SITE_URL", "PROXY_COUNT"):
        # ${NAME:?message}: compose refuses to start without it.
        assert re.fullmatch(rf"\$\{{{name}:\?.+\}}", environment[name]), name
    for service in ("web", "worker", "beat"):
        assert compose["services"][service]["environment"] is environment


# --- /healthz behind the SSL redirect ------------------------------------------------


@pytest.mark.django_db
def test_healthz_answers_plain_http_when_everything_else_is_redirected(
    client, settings
):
    settings.SECURE_SSL_REDIRECT = True  # as in production; the exemption is real
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    login = client.get(reverse("login"))
    assert login.status_code == 301
    assert login["Location"].startswith("https://")


# --- The product's own 404 and 403, even with DEBUG on -----------------------------


@pytest.mark.django_db
def test_a_missing_page_is_the_products_404_with_debug_on(client, settings, councillor):
    settings.DEBUG = True  # as `make run` serves the demo
    client.force_login(councillor)
    for url in ("/no-such-page/", "/indicators/no-such-indicator/"):
        response = client.get(url)
        assert response.status_code == 404, url
        page = response.content.decode()
        assert "Page not found" in page
        assert "Using the URLconf" not in page and "urlpatterns" not in page
        # The product's page, with the headers every page gets.
        assert "default-src 'self'" in response["Content-Security-Policy"]
        assert "no-store" in response["Cache-Control"]
    response = client.get(reverse("publish_queue"))
    assert response.status_code == 403
    assert "You do not have permission to see this page" in response.content.decode()


@pytest.mark.django_db
def test_a_404_that_is_not_a_page_is_left_alone(client, settings):
    settings.DEBUG = True
    response = client.get("/healthz")  # JSON answers are not replaced
    assert response["Content-Type"] == "application/json"


# --- make run's address ------------------------------------------------------------


def test_make_run_serves_and_prints_the_port_it_was_given():
    result = subprocess.run(
        ["make", "-n", "run", "PORT=8123"],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    lines = result.stdout.splitlines()
    seed = next(line for line in lines if "seed_demo" in line)
    serve = next(line for line in lines if "runserver" in line)
    assert "SITE_URL=http://127.0.0.1:8123" in seed
    assert serve.endswith("runserver 127.0.0.1:8123")
    assert any("http://127.0.0.1:8123/accounts/login/" in line for line in lines)
    assert "8000" not in result.stdout


@pytest.mark.django_db
def test_seed_demo_prints_the_sign_in_address_it_is_served_at(settings):
    settings.SCRUTINEER_SITE_URL = "http://127.0.0.1:8123"
    IndicatorFactory(code="cpp-second-plan")  # the demo is "already loaded"
    out = io.StringIO()
    call_command("seed_demo", "--once", stdout=out)
    assert "sign in at http://127.0.0.1:8123/accounts/login/" in out.getvalue()
