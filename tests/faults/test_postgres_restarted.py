"""PostgreSQL restarts while the site is serving.

gunicorn (two workers, persistent connections as in production) serves the
site from a private PostgreSQL cluster. The cluster is stopped with a fast
shutdown, as a restart or a fail-over does: every page answers 503 with the
"service unavailable" page (never a 500 or a dropped connection) and
/healthz says 503 too. When the cluster is back, the same processes serve
again: CONN_HEALTH_CHECKS replaces the broken connections, no restart."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg2
import pytest

from tests.faults.conftest import ROOT, PrivatePostgres, free_port, wait_for

pytestmark = pytest.mark.faults
UNAVAILABLE = "Sorry, the service is unavailable"
CREATE_SESSION = """
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import Group, User
from django.contrib.sessions.backends.db import SessionStore
user = User.objects.create_user("councillor", password="not used here")
user.groups.add(Group.objects.get(name="Councillors"))
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(settings.SESSION_COOKIE_NAME, session.session_key)
"""


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


OPENER = urllib.request.build_opener(NoRedirects)


@dataclass
class Site:
    base: str
    cookie: str
    server: subprocess.Popen[bytes]
    cluster: PrivatePostgres

    def get(
        self,
        path: str,
        signed_in: bool = True,
        data: bytes | None = None,
        **headers: str,
    ) -> tuple[int, str, dict]:
        request = urllib.request.Request(self.base + path, data, headers)  # noqa: S310 - http://127.0.0.1
        if signed_in:
            request.add_header("Cookie", self.cookie)
        try:
            with OPENER.open(request, timeout=30) as response:
                return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), dict(error.headers)

    def workers(self) -> set[int]:
        out = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.server.pid)],
            capture_output=True, text=True, check=False,
        ).stdout  # fmt: skip
        return {int(pid) for pid in out.split()}


@pytest.fixture(scope="module")
def site(private_postgres: PrivatePostgres) -> Iterator[Site]:
    admin = psycopg2.connect(private_postgres.url())
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("CREATE DATABASE scrutineer")
    admin.close()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("CELERY_BROKER_URL", "CACHE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.test_settings",
        DATABASE_URL=private_postgres.url("scrutineer"),
        DEBUG="0",
        SECURE_SSL_REDIRECT="0",
        ALLOWED_HOSTS="127.0.0.1",
    )
    manage = [sys.executable, "manage.py"]
    subprocess.run(
        [*manage, "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True,
        timeout=300,
    )  # fmt: skip
    made = subprocess.run(
        [*manage, "shell", "-c", CREATE_SESSION], cwd=ROOT, env=env, check=True,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    name, key = made.stdout.split()[-2:]
    port = free_port()
    log = open(ROOT / "var" / f"gunicorn-faults-{port}.log", "wb")  # noqa: SIM115
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind",
         f"127.0.0.1:{port}", "--workers", "2", "--timeout", "30"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    running = Site(
        f"http://127.0.0.1:{port}", f"{name}={key}", server, private_postgres
    )

    def serving() -> bool:
        try:
            return running.get("/healthz", signed_in=False)[0] == 200
        except OSError:
            return False

    try:
        wait_for(serving, 60, "gunicorn")
        yield running
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
        (ROOT / "var" / f"gunicorn-faults-{port}.log").unlink(missing_ok=True)


class Hammer(threading.Thread):
    """Requests a signed-in page all through the outage, noting every
    answer, or the error when there was no answer."""

    def __init__(self, site: Site) -> None:
        super().__init__(daemon=True)
        self.site, self.answers, self.stopping = site, [], threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                self.answers.append(self.site.get("/actions/")[0])
            except OSError as error:  # no HTTP answer at all
                self.answers.append(f"{type(error).__name__}: {error}")
            time.sleep(0.05)


def sign_in(site: Site, form: str, headers: dict) -> tuple[int, str, dict]:
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    cookie = headers["Set-Cookie"].split(";")[0]  # the CSRF cookie
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": "councillor", "password": "x"}
    ).encode()
    return site.get(
        "/accounts/login/", signed_in=False, data=body, Cookie=cookie,
        **{"Content-Type": "application/x-www-form-urlencoded"},
    )  # fmt: skip


def test_pages_answer_503_while_postgres_is_down_and_recover_without_a_restart(
    site: Site,
):
    for _ in range(6):  # both workers hold a live, persistent connection
        status, page, _ = site.get("/actions/")
        assert status == 200, page[:500]
    workers = site.workers()
    assert len(workers) == 2
    hammer = Hammer(site)
    hammer.start()

    site.cluster.stop()
    for _ in range(6):
        status, page, headers = site.get("/actions/")
        assert status == 503, page[:500]
        assert UNAVAILABLE in page
        assert headers.get("Retry-After") == "30"
        assert "no-store" in headers.get("Cache-Control", "") or "no-cache" in (
            headers.get("Cache-Control", "")
        )
    status, body, _ = site.get("/healthz", signed_in=False)
    assert status == 503
    assert json.loads(body)["database"].startswith("error")
    status, page, headers = site.get("/accounts/login/", signed_in=False)
    assert status == 200  # the sign-in page needs no database to show
    # Signing in queries the database inside the view: 503 too.
    status, page, _ = sign_in(site, page, headers)
    assert status == 503 and UNAVAILABLE in page
    time.sleep(2)  # a sustained outage, while the hammer keeps asking

    site.cluster.start()
    wait_for(lambda: site.get("/actions/")[0] == 200, 30, "the site to recover")
    for _ in range(10):
        assert site.get("/actions/")[0] == 200
    status, body, _ = site.get("/healthz", signed_in=False)
    assert status == 200 and json.loads(body)["database"] == "ok"

    hammer.stopping.set()
    hammer.join(timeout=30)
    assert set(hammer.answers) <= {200, 503}, sorted(set(map(str, hammer.answers)))
    assert 503 in hammer.answers and hammer.answers[-1] == 200
    # Recovered by the same processes: nothing was restarted.
    assert site.server.poll() is None
    assert site.workers() == workers
