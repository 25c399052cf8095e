"""A hostile workbook against the real processes: gunicorn takes the upload,
Redis carries the job, a Celery worker process runs it.

The workbook is 1.6 KB with one cell at XFD1048576, which python-calamine
would turn into a dense range of 549,755,813,888 bytes: before the fix it
aborted (SIGABRT) the gunicorn worker that counted its rows in the request,
and every Celery worker the sweeper handed it to. Now the web process never
parses it, and the worker refuses it from a streamed scan of its XML before
calamine sees it: both processes survive, the job ends rejected with the
reason, and the same worker then imports a good file."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import requests
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from indicators.models import ImportJob, Observation
from returns.services import open_quarters
from tests.factories import IndicatorFactory, UserFactory
from tests.faults.conftest import free_port, wait_for
from tests.hostile import far_cell_workbook
from tests.integration.conftest import BROKER, ROOT, Worker, _database_url

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


@dataclass
class Server:
    base: str
    process: subprocess.Popen[bytes]
    log: str

    def workers(self) -> set[int]:
        """The pids of gunicorn's worker processes (it quietly replaces a
        worker that dies, so a crash shows as a new pid)."""
        out = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.process.pid)],
            capture_output=True, text=True, check=False,
        ).stdout  # fmt: skip
        return {int(pid) for pid in out.split()}


@pytest.fixture
def gunicorn(celery_worker: Worker) -> Iterator[Server]:
    """gunicorn on a free port, on the test database, queueing to the test's
    worker."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("CELERY_BROKER_URL", "CACHE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="tests.integration.server_settings",
        SCRUTINEER_TEST_QUEUE=celery_worker.queue,
        DATABASE_URL=_database_url(),
        CELERY_BROKER_URL=BROKER,
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )
    port = free_port()
    log = ROOT / "var" / f"gunicorn-{celery_worker.queue}.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind",
             f"127.0.0.1:{port}", "--workers", "1", "--timeout", "60"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    server = Server(f"http://127.0.0.1:{port}", process, str(log))

    def serving() -> bool:
        if process.poll() is not None:
            raise RuntimeError(log.read_text(errors="replace"))
        try:
            return requests.get(server.base + "/healthz", timeout=5).status_code == 200
        except requests.ConnectionError:
            return False

    try:
        wait_for(serving, 60, "gunicorn", every=0.2)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.unlink(missing_ok=True)


def signed_in_as(user) -> str:  # type: ignore[no-untyped-def]
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def post_upload(server: Server, cookie: str, name: str, content: bytes) -> str:
    """Upload a return as the form does (CSRF token and all); the job's URL."""
    form = requests.get(
        server.base + "/imports/", headers={"Cookie": cookie}, timeout=30
    )
    assert form.status_code == 200, form.text[:500]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    csrf_cookie = form.cookies.get(settings.CSRF_COOKIE_NAME)
    assert token and csrf_cookie
    response = requests.post(
        server.base + "/imports/",
        data={"csrfmiddlewaretoken": token.group(1), "kind": "returns"},
        files={"file": (name, content)},
        headers={"Cookie": f"{cookie}; {settings.CSRF_COOKIE_NAME}={csrf_cookie}"},
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302, response.text[:500]
    return response.headers["Location"]


def finished(job_id: int, timeout: float = 60) -> ImportJob:
    job = ImportJob.objects.get(pk=job_id)

    def done() -> bool:
        job.refresh_from_db()
        return job.finished

    wait_for(done, timeout, f"import job {job_id} to finish", every=0.2)
    return job


def test_a_far_cell_workbook_is_rejected_and_every_process_survives(
    celery_worker, gunicorn, home_area
):
    officer = UserFactory(username="officer", roles=["Officers"])
    IndicatorFactory(code="assess", unit="percent", owner=officer)
    cookie = signed_in_as(officer)
    web_workers = gunicorn.workers()
    assert len(web_workers) == 1

    location = post_upload(gunicorn, cookie, "return.xlsx", far_cell_workbook())
    job = finished(int(location.strip("/").split("/")[-1]))  # /imports/<id>/

    assert job.status == ImportJob.Status.REJECTED, job.message
    assert job.message == job.errors[0]["reason"]
    assert job.message.startswith(
        "the sheet 'Sheet1' declares its last cell as XFD1048576: reading from A1 "
        "to there is 17,179,869,184 cells, and at most 4,194,304 are read."
    )
    assert job.attempts == 1  # rejected the first time, never re-run
    # The worker ran it and lives; the web worker is the same process.
    assert "indicators.tasks.run_import" in celery_worker.output()
    assert celery_worker.process.poll() is None, celery_worker.output()[-2000:]
    assert gunicorn.workers() == web_workers
    page = requests.get(
        gunicorn.base + location, headers={"Cookie": cookie}, timeout=30
    )
    assert page.status_code == 200
    assert "Rejected" in page.text and "XFD1048576" in page.text
    assert not Observation.all_objects.exists()

    # The same worker and web process then import a good file, for the
    # latest quarter open to officers today (figure_rules.EntryWindow).
    latest = open_quarters()[0].label
    good = f"indicator_code,period,value\nassess,{latest},82.5\n".encode()
    job = finished(
        int(post_upload(gunicorn, cookie, "r.csv", good).strip("/").split("/")[-1])
    )
    assert job.status == ImportJob.Status.SUCCEEDED, (job.message, job.errors)
    assert Observation.all_objects.get().value == 82.5
    assert celery_worker.process.poll() is None
    assert gunicorn.workers() == web_workers
