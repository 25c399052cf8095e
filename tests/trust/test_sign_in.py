"""Sign-in hardening: lockout per username and address, counted before the
password is checked (guesses sent together, through a real server); an
address with many failures slowed down but never refused; password rules;
idle and absolute session timeouts; every other session ended when a
password changes.

The lockout's counts live in Redis here, as in production (every web process
shares them), not in the memory cache the rest of the suite uses; Redis
expires them by its own clock, so the cool-off tests wait in real time."""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import redis
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ValidationError
from django.test import Client

from config import lockout
from tests.factories import UserFactory
from tests.integration.conftest import _database_url
from tests.trust.live_server import REDIS_URL, LiveServer, live_server, password_hash

PASSWORD = "correct horse battery staple"  # the factories' password
LOGIN = "/accounts/login/"
HOME = "10.0.0.1"
ELSEWHERE = "10.0.0.2"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _redis_counts(settings) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """The production settings, on Redis, under a key prefix of this test's
    own (so nothing is flushed and no other test's counts are seen)."""
    prefix = f"test-signin-{uuid.uuid4().hex[:12]}"
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError as error:
        pytest.fail(f"Redis is not reachable at {REDIS_URL}: {error}")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    settings.SCRUTINEER_LOGIN_FAILURE_LIMIT = 10
    settings.SCRUTINEER_LOGIN_IP_SLOW_AFTER = 100
    settings.SCRUTINEER_LOGIN_IP_DELAY = 1
    settings.SCRUTINEER_LOGIN_COOLOFF = 15 * 60
    settings.SCRUTINEER_PROXY_COUNT = 0
    yield
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)


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


# --- Lockout ---------------------------------------------------------------------------


def test_the_counts_are_in_redis(councillor):
    """Not the memory cache: what production shares between processes."""
    fail(Client(), "councillor", 1)
    assert isinstance(caches["default"], RedisCache)
    keys = list(redis.Redis.from_url(REDIS_URL).scan_iter(match="*signin:*"))
    assert keys


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


def test_the_lock_lifts_after_the_cool_off(settings, councillor):
    settings.SCRUTINEER_LOGIN_COOLOFF = 2  # seconds: Redis expires by its own clock
    fail(Client(), "councillor", 10)
    time.sleep(1)
    assert sign_in(Client(), "councillor", PASSWORD).status_code == 429
    time.sleep(1.5)
    assert sign_in(Client(), "councillor", PASSWORD).status_code == 302


def test_retrying_while_locked_does_not_extend_the_lock(settings, councillor):
    settings.SCRUTINEER_LOGIN_COOLOFF = 2
    fail(Client(), "councillor", 10)
    locked_at = time.monotonic()
    for _ in range(3):  # retries at about 0.6, 1.2 and 1.8 s, each refused
        time.sleep(0.6)
        assert sign_in(Client(), "councillor", "wrong password").status_code == 429
    time.sleep(max(0, locked_at + 2.3 - time.monotonic()))
    assert sign_in(Client(), "councillor", PASSWORD).status_code == 302


def test_a_count_always_expires(settings):
    """Each counter gets its expiry when it is created, in the same atomic
    step as the count: a counter without one would lock a username for ever."""
    client = redis.Redis.from_url(REDIS_URL)
    for _ in range(3):
        value = lockout.count("signin:probe", 60)
    key = cache.make_and_validate_key("signin:probe")
    assert value == 3
    assert 0 < client.ttl(key) <= 60


def test_counts_are_atomic_across_threads(settings):
    values: list[int] = []
    start = threading.Barrier(20)

    def hit() -> None:
        start.wait()
        for _ in range(5):
            values.append(lockout.count("signin:race", 60))

    threads = [threading.Thread(target=hit) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(values) == list(range(1, 101))


def test_one_address_cannot_lock_out_the_council(councillor, officer):
    """Issue 13.5: 100 failures with made-up usernames from the council's
    shared address (or the proxy's, with PROXY_COUNT unset) slow that address
    down; they never refuse a colleague's correct password."""
    for n in range(100):
        assert sign_in(Client(), f"made-up-{n}", "guess", ip=HOME).status_code == 200
    for username in ("councillor", "officer"):
        status, took = timed_sign_in(username, PASSWORD, HOME)
        assert status == 302
        assert took >= 1, "the address was not slowed down"
    # From elsewhere, no delay.
    status, took = timed_sign_in("councillor", PASSWORD, ELSEWHERE)
    assert status == 302 and took < 1


def test_an_address_below_the_threshold_is_not_slowed(settings, councillor):
    settings.SCRUTINEER_LOGIN_IP_SLOW_AFTER = 20
    for n in range(19):
        sign_in(Client(), f"made-up-{n}", "guess", ip=HOME)
    status, took = timed_sign_in("councillor", PASSWORD, HOME)
    assert status == 302 and took < 1


def test_a_slowed_address_still_locks_a_username_it_guesses(settings, councillor):
    settings.SCRUTINEER_LOGIN_IP_SLOW_AFTER = 5
    settings.SCRUTINEER_LOGIN_IP_DELAY = 0.05
    for n in range(5):
        sign_in(Client(), f"made-up-{n}", "guess", ip=HOME)
    fail(Client(), "councillor", 10, ip=HOME)
    assert sign_in(Client(), "councillor", PASSWORD, ip=HOME).status_code == 429


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


# --- Guesses sent together, through a real server ----------------------------------------


@pytest.fixture
def server(transactional_db) -> Iterator[LiveServer]:  # type: ignore[no-untyped-def]
    yield from live_server(_database_url())


def some_address() -> str:
    return (
        f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"
    )


@pytest.mark.django_db(transaction=True)
def test_thirty_wrong_passwords_and_the_right_one_sent_together_check_at_most_ten(
    server,
):
    """Issue 13.6: each attempt is counted before its password is checked, so
    of 30 wrong passwords and the right one, all in flight at once on a
    multi-process, multi-threaded gunicorn sharing Redis, exactly the limit
    (10) are checked; the rest, the right one among them, are refused, and
    the username stays locked from that address."""
    user = UserFactory(username="councillor")
    type(user).objects.filter(pk=user.pk).update(password=password_hash(PASSWORD))
    address = some_address()
    form = server.form(address)
    results: dict[str, int] = {}

    def attempt(name: str, password: str) -> None:
        results[name] = server.sign_in("councillor", password, address, form)

    wrong = [
        threading.Thread(target=attempt, args=(f"wrong {n}", f"guess {n}"))
        for n in range(30)
    ]
    for thread in wrong:
        thread.start()
    # The right one goes while the 30 are still being checked (each check
    # takes a good fraction of a second with 30 at once on this machine).
    time.sleep(0.5)
    right = threading.Thread(target=attempt, args=("right", PASSWORD))
    right.start()
    for thread in [*wrong, right]:
        thread.join()

    assert server.passwords_checked() <= 10, (
        f"{server.passwords_checked()} passwords checked; responses {results}"
    )
    assert results.pop("right") == 429
    assert Counter(results.values()) == {200: 10, 429: 20}
    # Locked from that address, even with the right password ...
    assert server.sign_in("councillor", PASSWORD, address, form) == 429
    assert server.passwords_checked() == 10
    # ... and only from that address.
    assert server.sign_in("councillor", PASSWORD, some_address(), form) == 302


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
