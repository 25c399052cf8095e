"""Real processes for the fault tests, started privately so that nothing
shared is ever stopped: a Redis and a PostgreSQL cluster of their own on free
ports, Celery workers and a gunicorn server as subprocesses. Other people's
tests keep using the PostgreSQL on 5432 and the Redis on 6379 meanwhile.

Every module here marks its tests `faults`: `make test-faults` runs them,
`make test` leaves them out."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
IS_ROOT = os.geteuid() == 0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(
    check: Callable[[], bool], timeout: float, what: str, every: float = 0.1
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(every)
    raise TimeoutError(f"timed out after {timeout:.0f}s waiting for {what}")


# --- A private Redis ----------------------------------------------------------------


class PrivateRedis:
    """redis-server on a free port with no persistence (as a broker without
    `appendonly` would be): a restart loses whatever was queued."""

    def __init__(self) -> None:
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="scrutineer-redis-"))
        self.process: subprocess.Popen[bytes] | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url(), socket_timeout=2)

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--daemonize", "no",
             "--dir", str(self.dir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(self._answers, 20, f"redis-server on port {self.port}")

    def _answers(self) -> bool:
        try:
            return bool(self.client().ping())
        except redis.RedisError:
            return False

    def kill(self) -> None:
        """SIGKILL: no shutdown save, nothing kept."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def restart(self) -> None:
        self.kill()
        self.start()

    def close(self) -> None:
        self.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="module")
def private_redis() -> Iterator[PrivateRedis]:
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is not installed (apt-get install redis-server)")
    server = PrivateRedis()
    server.start()
    try:
        yield server
    finally:
        server.close()


# --- A private PostgreSQL cluster ------------------------------------------------------


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if found:
        return found[-1]
    on_path = shutil.which(name)
    if not on_path:
        pytest.fail(f"PostgreSQL's {name} is not installed")
    return on_path


class PrivatePostgres:
    """A throwaway cluster (initdb into a temporary folder, trust
    authentication, fsync off) on a free port. As root it runs as the
    `postgres` user, since PostgreSQL refuses to run as root."""

    def __init__(self) -> None:
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="scrutineer-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "postgres.log"
        if IS_ROOT:
            shutil.chown(self.dir, "postgres", "postgres")

    def url(self, name: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if IS_ROOT else []
        subprocess.run(  # noqa: S603
            [*prefix, *command], check=True, capture_output=True, timeout=120
        )

    def init(self) -> None:
        self._run(
            _pg_bin("initdb"), "-D", str(self.data), "-U", "postgres",
            "--auth=trust", "--encoding=UTF8", "--no-instructions",
        )  # fmt: skip

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            _pg_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.log),
            "-o", options, "-w", "-t", "60", "start",
        )  # fmt: skip

    def stop(self) -> None:
        """A fast shutdown: every client is disconnected, as in a restart."""
        self._run(_pg_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def close(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()  # unless already stopped
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="module")
def private_postgres() -> Iterator[PrivatePostgres]:
    cluster = PrivatePostgres()
    cluster.init()
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.close()


# --- Celery workers on a private broker ------------------------------------------------


def subprocess_database_url() -> str:
    """The test database (what the test has committed), for subprocesses."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db.get('USER') or 'postgres'}{password}@"
        f"{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"
    )


class Worker:
    """`celery worker --pool solo` as a subprocess: the task runs in the
    worker process itself, so SIGKILL kills the task mid-flight."""

    def __init__(self, broker: str, queue: str, name: str) -> None:
        self.broker, self.queue, self.name = broker, queue, name
        self.log = ROOT / "var" / f"celery-{queue}-{name}.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Worker:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.test_settings",
            "DATABASE_URL": subprocess_database_url(),
            "CELERY_BROKER_URL": self.broker,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        }
        with open(self.log, "wb") as out:
            self.process = subprocess.Popen(  # noqa: S603
                [sys.executable, "-m", "celery", "-A", "config", "worker",
                 "--pool", "solo", "-Q", self.queue, "--without-gossip",
                 "--without-mingle", "--without-heartbeat", "--loglevel", "INFO",
                 "-n", f"{self.name}-{self.queue}@%h"],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip

        def ready() -> bool:
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited:\n{self.output()}")
            return "ready." in self.output()

        wait_for(ready, 60, f"worker {self.name}", every=0.2)
        return self

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        if self.alive:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.alive:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.log.exists():
            self.log.unlink()


def _reset_pools(app: Any) -> None:
    """Drop cached broker connections so the next send uses the current
    broker_url (and the eager setting is honoured again afterwards)."""
    from kombu import pools

    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


class Broker:
    """This test's queue on the private Redis, and the workers reading it."""

    def __init__(self, server: PrivateRedis) -> None:
        self.server = server
        self.queue = f"faults-{uuid.uuid4().hex[:10]}"
        self.workers: list[Worker] = []

    def worker(self, name: str) -> Worker:
        worker = Worker(self.server.url(), self.queue, name)
        self.workers.append(worker)
        return worker.start()

    def queued(self) -> int:
        return int(self.server.client().llen(self.queue))


@pytest.fixture
def broker(private_redis: PrivateRedis, transactional_db: Any) -> Iterator[Broker]:
    """Route this test's tasks through the private Redis to workers the test
    starts (and kills) itself."""
    from config.celery import app

    route = Broker(private_redis)
    saved = {
        key: app.conf[key]
        for key in ("task_always_eager", "broker_url", "task_default_queue")
    }
    app.conf.update(
        task_always_eager=False,
        broker_url=private_redis.url(),
        task_default_queue=route.queue,
    )
    _reset_pools(app)
    try:
        yield route
    finally:
        for worker in route.workers:
            worker.stop()
        app.conf.update(saved)
        _reset_pools(app)
