"""Sign-in hardening: lockout per username and address, a higher limit per
address against spraying, password rules, idle and absolute session
timeouts, and every other session ended when a password changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client

PASSWORD = "correct horse battery staple"  # the factories' password
LOGIN = "/accounts/login/"
HOME = "10.0.0.1"
ELSEWHERE = "10.0.0.2"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_counts(settings):  # type: ignore[no-untyped-def]
    """Failure counts live in the cache, which outlives a test."""
    settings.SCRUTINEER_LOGIN_FAILURE_LIMIT = 10
    settings.SCRUTINEER_LOGIN_IP_FAILURE_LIMIT = 100
    settings.SCRUTINEER_LOGIN_COOLOFF = 15 * 60
    settings.SCRUTINEER_PROXY_COUNT = 0
    cache.clear()
    yield
    cache.clear()


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


# --- Lockout ---------------------------------------------------------------------------


def test_nine_failures_do_not_lock_and_a_success_resets_the_count(councillor):
    client = Client()
    fail(client, "councillor", 9)
    assert sign_in(client, "councillor", PASSWORD).status_code == 302
    client.logout()
    # The count started again: nine more failures still leave the door open.
    fail(client, "councillor", 9)
    assert sign_in(client, "councillor", PASSWORD).status_code == 302


def test_ten_failures_lock_the_account_from_that_address_even_with_the_right_password(
    councillor,
):
    client = Client()
    fail(client, "councillor", 10)
    response = sign_in(client, "councillor", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed attempts to sign in" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_is_for_the_username_and_address_together(councillor, officer):
    fail(Client(), "councillor", 10, ip=HOME)
    # A colleague behind the same council proxy still signs in ...
    assert sign_in(Client(), "officer", PASSWORD, ip=HOME).status_code == 302
    # ... and so does the councillor from home.
    assert sign_in(Client(), "councillor", PASSWORD, ip=ELSEWHERE).status_code == 302
    assert sign_in(Client(), "councillor", PASSWORD, ip=HOME).status_code == 429


def test_an_unknown_username_locks_the_same_way(db):
    """The lock reveals nothing about which accounts exist."""
    client = Client()
    fail(client, "nobody-by-this-name", 10)
    assert sign_in(client, "nobody-by-this-name", "x").status_code == 429


def test_the_lock_lifts_after_the_cool_off(councillor):
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        fail(Client(), "councillor", 10)
        clock.shift(timedelta(minutes=14))
        assert sign_in(Client(), "councillor", PASSWORD).status_code == 429
        clock.shift(timedelta(minutes=2))
        assert sign_in(Client(), "councillor", PASSWORD).status_code == 302


def test_retrying_while_locked_does_not_extend_the_lock(councillor):
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        fail(Client(), "councillor", 10)
        for _ in range(14):
            clock.shift(timedelta(minutes=1))
            fail(Client(), "councillor", 1)
        clock.shift(timedelta(minutes=2))
        assert sign_in(Client(), "councillor", PASSWORD).status_code == 302


def test_a_higher_limit_per_address_slows_password_spraying(settings, councillor):
    settings.SCRUTINEER_LOGIN_IP_FAILURE_LIMIT = 30
    client = Client()
    for n in range(30):  # one guess at each of 30 accounts: no account locks
        fail(client, f"user{n}", 1, ip=HOME)
    assert sign_in(Client(), "councillor", PASSWORD, ip=HOME).status_code == 429
    assert sign_in(Client(), "councillor", PASSWORD, ip=ELSEWHERE).status_code == 302


def test_behind_a_proxy_the_address_it_forwarded_is_counted(settings, councillor):
    """One proxy in front: its X-Forwarded-For entry is the client; whatever
    the client itself put before it is not trusted."""
    settings.SCRUTINEER_PROXY_COUNT = 1
    client = Client()
    for n in range(10):
        sign_in(
            client, "councillor", "wrong", ip="192.0.2.1",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.7",
        )  # fmt: skip
    # Everyone comes through the proxy (REMOTE_ADDR 192.0.2.1) ...
    assert (
        sign_in(
            Client(), "councillor", PASSWORD, ip="192.0.2.1",
            HTTP_X_FORWARDED_FOR="203.0.113.8",
        ).status_code
        == 302
    )  # fmt: skip
    # ... and only the address the proxy saw is locked, spoofed prefixes aside.
    assert (
        sign_in(
            Client(), "councillor", PASSWORD, ip="192.0.2.1",
            HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7",
        ).status_code
        == 429
    )  # fmt: skip


def test_the_admin_sign_in_is_locked_too(superuser):
    client = Client()
    for _ in range(10):
        client.post(
            "/admin/login/",
            {"username": "admin", "password": "wrong"},
            REMOTE_ADDR=HOME,
        )
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "admin", "password": PASSWORD},
        REMOTE_ADDR=HOME,
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


# --- Passwords ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    [
        "short1!",  # under 8 characters
        "password123",  # a common password
        "12345678901",  # only digits
        "councillor2026",  # too like the username
    ],
)
def test_weak_passwords_are_refused(councillor, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=councillor)


def test_a_strong_password_is_accepted(councillor):
    validate_password("scrutiny quarterly ledger stove", user=councillor)


# --- Sessions ------------------------------------------------------------------------------


def test_signing_in_gives_a_new_session_key(settings, councillor):
    """A session planted before sign-in (session fixation) is not the one
    that signs in."""
    planted = SessionStore()
    planted["planted"] = "by an attacker"
    planted.create()
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = planted.session_key
    assert sign_in(client, "councillor", PASSWORD).status_code == 302
    assert client.session.session_key != planted.session_key
    assert not Session.objects.filter(session_key=planted.session_key).exists()


def test_signing_out_ends_the_session(councillor):
    client = Client()
    sign_in(client, "councillor", PASSWORD)
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    client.post("/accounts/logout/")
    assert not Session.objects.filter(session_key=key).exists()
    assert not page_answers(client)


def test_an_idle_session_expires(settings, councillor):
    settings.SESSION_COOKIE_AGE = 30 * 60
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        client = Client()
        assert sign_in(client, "councillor", PASSWORD).status_code == 302
        clock.shift(timedelta(minutes=25))
        assert page_answers(client)  # in use: renewed for another 30 minutes
        clock.shift(timedelta(minutes=25))
        assert page_answers(client)
        clock.shift(timedelta(minutes=31))  # idle for longer than 30 minutes
        assert not page_answers(client)


def test_even_an_active_session_ends_at_the_absolute_timeout(settings, councillor):
    settings.SESSION_COOKIE_AGE = 30 * 60
    settings.SESSION_ABSOLUTE_AGE = 2 * 3600
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        client = Client()
        sign_in(client, "councillor", PASSWORD)
        for _ in range(6):  # a request every 20 minutes for two hours
            clock.shift(timedelta(minutes=20))
            assert page_answers(client)
        clock.shift(timedelta(minutes=20))
        assert not page_answers(client)


def test_changing_a_password_signs_out_every_other_session(superuser):
    """Django's session auth hash: a session records a hash of the password
    it signed in with; the one that changes it is updated, the others no
    longer match and are signed out."""
    laptop, phone, stolen = Client(), Client(), Client()
    for client, ip in ((laptop, HOME), (phone, ELSEWHERE), (stolen, "10.9.9.9")):
        assert sign_in(client, "admin", PASSWORD, ip=ip).status_code == 302
        assert page_answers(client)
    response = laptop.post(
        "/admin/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "scrutiny quarterly ledger stove",
            "new_password2": "scrutiny quarterly ledger stove",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert page_answers(laptop)
    assert not page_answers(phone)
    assert not page_answers(stolen)


def test_a_password_reset_by_an_administrator_signs_the_user_out(councillor):
    client = Client()
    sign_in(client, "councillor", PASSWORD)
    assert page_answers(client)
    councillor.set_password("an entirely new passphrase")
    councillor.save()
    assert not page_answers(client)


def test_deactivating_a_user_ends_their_session(councillor):
    client = Client()
    sign_in(client, "councillor", PASSWORD)
    assert page_answers(client)
    councillor.is_active = False
    councillor.save()
    assert not page_answers(client)


def test_a_locked_out_user_does_not_lock_out_a_signed_in_session(councillor):
    """An attacker guessing the password from elsewhere cannot throw the real
    user out of a session they already have."""
    client = Client()
    sign_in(client, "councillor", PASSWORD, ip=HOME)
    fail(Client(), "councillor", 20, ip=ELSEWHERE)
    assert page_answers(client)
