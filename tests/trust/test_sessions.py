"""Sign-in hardening, continued: password rules; idle and absolute session
timeouts; every other session ended when a password changes. The lockout's
counts live in Redis here, as in test_sign_in.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client

from tests.trust.sign_in_support import (
    ELSEWHERE,
    HOME,
    PASSWORD,
    fail,
    page_answers,
    sign_in,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_redis_counts")]


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
