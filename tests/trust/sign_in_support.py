"""Helpers for the sign-in tests: signing in from an address, and whether a
client is still signed in."""

from __future__ import annotations

import random
import time

import pytest
from django.test import Client

PASSWORD = "correct horse battery staple"  # the factories' password
LOGIN = "/accounts/login/"
HOME = "10.0.0.1"
ELSEWHERE = "10.0.0.2"
pytestmark = pytest.mark.django_db


def sign_in(client: Client, username: str, password: str, ip: str = HOME, **extra):  # type: ignore[no-untyped-def]
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip, **extra
    )


def page_answers(client: Client) -> bool:
    """Whether the client is still signed in: a page that needs it answers
    rather than redirecting to the sign-in page."""
    response = client.get("/actions/")
    assert response.status_code in (200, 302), response.status_code
    return response.status_code == 200


def fail(client: Client, username: str, times: int, ip: str = HOME) -> None:
    for _ in range(times):
        response = sign_in(client, username, "wrong password", ip)
        assert response.status_code in (200, 429)


def timed_sign_in(username: str, password: str, ip: str) -> tuple[int, float]:
    start = time.monotonic()
    status = sign_in(Client(), username, password, ip).status_code
    return status, time.monotonic() - start


def some_address() -> str:
    return (
        f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"
    )
