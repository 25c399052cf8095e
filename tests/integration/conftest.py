"""A real Celery worker on a real Redis, for integration tests.

The worker is a subprocess (`celery -A config worker --pool solo`) reading a
queue unique to the test, with the test database's name in its DATABASE_URL,
so it sees exactly what the test has committed. Tests using it need
`django_db(transaction=True)`: a worker cannot see an open transaction."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
BROKER = os.environ.get("TEST_BROKER_URL", "redis://127.0.0.1:6379/15")


def _database_url() -> str:
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


class Worker:
    def __init__(self, queue: str) -> None:
        self.queue = queue
        self.process: subprocess.Popen[bytes] | None = None
        self.log = ROOT / "var" / f"celery-{queue}.log"

    def start(self) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.test_settings",
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": BROKER,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        }
        with open(self.log, "wb") as out:
            self.process = subprocess.Popen(  # noqa: S603
                [sys.executable, "-m", "celery", "-A", "config", "worker",
                 "--pool", "solo", "-Q", self.queue, "--without-gossip",
                 "--without-mingle", "--without-heartbeat", "--loglevel", "INFO",
                 "-n", f"{self.queue}@%h"],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited:\n{self.output()}")
            if "ready." in self.output():
                return
            time.sleep(0.2)
        raise RuntimeError(f"worker did not start in 60 s:\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def kill(self, sig: int = 9) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _reset_pools(app: Any) -> None:
    """Drop cached broker connections so the next send uses the current
    broker_url (and the eager setting is honoured again afterwards)."""
    from kombu import pools

    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def celery_worker(transactional_db: Any) -> Iterator[Worker]:
    """Route this test's tasks through Redis to a fresh worker process."""
    from config.celery import app

    client = redis.Redis.from_url(BROKER)
    try:
        client.ping()
    except redis.ConnectionError as error:
        pytest.fail(
            f"Redis is not reachable at {BROKER}: {error} (make test starts it)"
        )
    queue = f"test-{uuid.uuid4().hex[:10]}"
    saved = {
        key: app.conf[key]
        for key in ("task_always_eager", "broker_url", "task_default_queue")
    }
    app.conf.update(
        task_always_eager=False, broker_url=BROKER, task_default_queue=queue
    )
    _reset_pools(app)
    worker = Worker(queue)
    worker.start()
    try:
        yield worker
    finally:
        worker.stop()
        app.conf.update(saved)
        _reset_pools(app)
        client.delete(queue)
        if worker.log.exists():
            worker.log.unlink()
