"""A real gunicorn server for the sign-in tests, on the test database and
Redis, with a password hasher that counts every password it checks (in
Redis), so that a test knows how many guesses were really tried whatever
the responses say."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import redis
import requests
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_BROKER_URL", "redis://127.0.0.1:6379/15")
LOGIN = "/accounts/login/"


class CountingPBKDF2(PBKDF2PasswordHasher):
    """PBKDF2 (production's hasher) at 150,000 iterations, counting in Redis
    each password it checks."""

    iterations = 150_000

    def verify(self, password: str, encoded: str) -> bool:
        key = os.environ.get("SIGNIN_CHECKS_KEY")
        if key:
            redis.Redis.from_url(REDIS_URL).incr(key)
        return super().verify(password, encoded)


def password_hash(password: str) -> str:
    """A hash the live server checks with CountingPBKDF2."""
    hasher = CountingPBKDF2()
    return hasher.encode(password, hasher.salt())


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LiveServer:
    """gunicorn with threads (2 processes x 16 threads: every guess of a burst
    is in flight at once) behind one trusted proxy (PROXY_COUNT=1), so each
    test speaks from addresses of its own through X-Forwarded-For."""

    def __init__(self, database_url: str) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.prefix = f"test-live-{uuid.uuid4().hex[:12]}"
        self.checks_key = f"{self.prefix}:passwords-checked"
        self.redis = redis.Redis.from_url(REDIS_URL)
        self.log = ROOT / "var" / f"{self.prefix}.log"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.trust.live_settings",
            "DATABASE_URL": database_url,
            "CACHE_URL": REDIS_URL,
            "CACHE_KEY_PREFIX": self.prefix,
            "SIGNIN_CHECKS_KEY": self.checks_key,
            "PROXY_COUNT": "1",
            "LOGIN_FAILURE_LIMIT": "10",
        }
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log, "wb") as out:
            self.process = subprocess.Popen(  # noqa: S603
                [sys.executable, "-m", "gunicorn", "config.wsgi",
                 "--bind", f"127.0.0.1:{self.port}", "--workers", "2",
                 "--worker-class", "gthread", "--threads", "16"],
                cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.output()}")
            try:
                if requests.get(self.url + LOGIN, timeout=2).status_code == 200:
                    return
            except requests.RequestException:  # not listening, or still starting
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not start in 60 s:\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for key in self.redis.scan_iter(match=f"{self.prefix}:*"):
            self.redis.delete(key)
        self.log.unlink(missing_ok=True)

    def passwords_checked(self) -> int:
        return int(self.redis.get(self.checks_key) or 0)

    def form(self, address: str) -> tuple[str, str]:
        """A CSRF cookie and form token, as a browser gets them from the page."""
        page = requests.get(
            self.url + LOGIN, headers={"X-Forwarded-For": address}, timeout=30
        )
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        name = settings.CSRF_COOKIE_NAME
        assert token and name in page.cookies, page.text[:500]
        return f"{name}={page.cookies[name]}", token.group(1)

    def sign_in(
        self, username: str, password: str, address: str, form: tuple[str, str]
    ) -> int:
        cookie, token = form
        response = requests.post(
            self.url + LOGIN,
            data={"username": username, "password": password,
                  "csrfmiddlewaretoken": token},
            headers={"X-Forwarded-For": address, "Cookie": cookie},
            allow_redirects=False,
            timeout=120,
        )  # fmt: skip
        return response.status_code


def live_server(database_url: str) -> Iterator[LiveServer]:
    server = LiveServer(database_url)
    try:
        server.redis.ping()
    except redis.ConnectionError as error:
        raise RuntimeError(f"Redis is not reachable at {REDIS_URL}: {error}") from None
    server.start()
    try:
        yield server
    finally:
        server.stop()
