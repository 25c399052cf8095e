"""Sign-in lockout and throttling.

- A username is locked *from one address* after SCRUTINEER_LOGIN_FAILURE_LIMIT
  (about 10) failures there, for SCRUTINEER_LOGIN_COOLOFF seconds (15
  minutes); a success resets it. Counting per username and address together
  means one person cannot lock a colleague out from another address, and a
  council's shared outgoing address is not one account.
- Each attempt is counted *before* its password is checked, with one atomic
  increment in the shared cache (Redis in production): of 31 guesses sent at
  once, only the first 10 to be counted are checked; the rest, the right
  password among them, are refused. Counting after the check (as
  django-axes does) lets every guess already in flight through.
- An address with many failures across usernames (password spraying,
  SCRUTINEER_LOGIN_IP_SLOW_AFTER) is slowed down, never refused: each
  attempt from it waits SCRUTINEER_LOGIN_IP_DELAY seconds before its password
  is checked, so a colleague behind the same proxy still signs in with the
  right password, a moment later.

Counts expire on their own. With the cache down, sign-in works unthrottled
rather than locking everyone out.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

log = logging.getLogger(__name__)

LOCKED_MESSAGE = (
    "Too many failed attempts to sign in. Wait {minutes} minutes and try again."
    " If you have forgotten your password, ask an administrator to reset it."
)


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or with SCRUTINEER_PROXY_COUNT
    proxies in front the X-Forwarded-For entry the outermost proxy added
    (entries before it are whatever the client chose to send)."""
    proxies = settings.SCRUTINEER_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


@dataclass(frozen=True)
class Keys:
    attempts: str  # attempts for this username from this address, in the window
    lock: str  # present while this username is locked from this address
    address_failures: str  # failures from this address, any username

    @classmethod
    def of(cls, request: HttpRequest, username: str) -> Keys:
        ip = client_ip(request)
        pair = hashlib.sha256(f"{username.casefold()}\n{ip}".encode()).hexdigest()
        address = hashlib.sha256(ip.encode()).hexdigest()
        return cls(
            attempts=f"signin:attempts:{pair}",
            lock=f"signin:lock:{pair}",
            address_failures=f"signin:fail:ip:{address}",
        )


def count(key: str, timeout: int) -> int:
    """Add one to the counter `key` and return its new value, atomically
    across every web process; the counter expires `timeout` seconds after its
    first count. On Redis: SET NX EX and INCR in one MULTI, so a counter can
    neither miss a count nor lose its expiry (Django's cache.incr checks that
    the key exists and then increments: a key expiring in between would be
    created without one, a lock for ever)."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        name = backend.make_and_validate_key(key)
        client = backend._cache.get_client(name, write=True)
        with client.pipeline(transaction=True) as pipe:
            pipe.set(name, 0, ex=timeout, nx=True)
            pipe.incr(name)
            return int(pipe.execute()[1])
    # Other backends (the demo's memory cache, whose incr holds a lock).
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1


def _refuse(request: HttpRequest, username: str) -> None:
    request._scrutineer_locked_out = True  # type: ignore[attr-defined]
    minutes = max(1, settings.SCRUTINEER_LOGIN_COOLOFF // 60)
    messages.error(request, LOCKED_MESSAGE.format(minutes=minutes), fail_silently=True)
    log.warning(
        "sign-in refused: %r from %s is locked out", username, client_ip(request)
    )
    # PermissionDenied stops Django trying the other backends: no password is
    # checked, and user_login_failed is sent (and ignored below).
    raise PermissionDenied("locked out")


class LoginLockoutBackend:
    """First in AUTHENTICATION_BACKENDS: counts the attempt and refuses it
    before any password is checked when this username is locked from this
    address or already has its limit of attempts counted; slows a sprayed
    address down. Unknown usernames are treated the same, so a lock reveals
    nothing about which accounts exist. It has no get_user on purpose: it
    never signs anyone in, so sessions (and the test client's force_login)
    name ModelBackend."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None or username is None:
            return None
        keys = Keys.of(request, username)
        try:
            locked = cache.get(keys.lock) is not None
            attempt = (
                0 if locked else count(keys.attempts, settings.SCRUTINEER_LOGIN_COOLOFF)
            )
            slowed = (
                cache.get(keys.address_failures, 0)
                >= settings.SCRUTINEER_LOGIN_IP_SLOW_AFTER
            )
        except Exception:  # the cache is down: fail open, not lock everyone out
            log.exception("sign-in lockout check skipped: the cache is unavailable")
            return None
        if locked or attempt > settings.SCRUTINEER_LOGIN_FAILURE_LIMIT:
            _refuse(request, username)
        request._scrutineer_signin = (keys, attempt)  # type: ignore[attr-defined]
        if slowed:
            log.info("sign-in from %s slowed: many failures", client_ip(request))
            time.sleep(settings.SCRUTINEER_LOGIN_IP_DELAY)
        return None


@receiver(user_login_failed, dispatch_uid="scrutineer-login-failed")
def _record_failure(
    sender: Any,
    credentials: dict[str, Any],
    request: HttpRequest | None = None,
    **kwargs: Any,
) -> None:
    """A checked password was wrong: lock the pair at its limit-th attempt and
    count the failure against the address. A refused attempt counts for
    nothing more (the cool-off runs from the lock, not from each retry)."""
    if request is None or getattr(request, "_scrutineer_locked_out", False):
        return
    counted = getattr(request, "_scrutineer_signin", None)
    if counted is None:  # not a username and password sign-in
        return
    keys, attempt = counted
    cooloff = settings.SCRUTINEER_LOGIN_COOLOFF
    try:
        if attempt >= settings.SCRUTINEER_LOGIN_FAILURE_LIMIT:
            cache.set(keys.lock, True, timeout=cooloff)
        count(keys.address_failures, cooloff)
    except Exception:  # the cache is down: sign-in still works, unthrottled
        log.exception("sign-in failure not recorded: the cache is unavailable")


@receiver(user_logged_in, dispatch_uid="scrutineer-logged-in")
def _reset_on_success(
    sender: Any, request: HttpRequest | None = None, user: Any = None, **kwargs: Any
) -> None:
    if request is None or user is None:
        return
    counted = getattr(request, "_scrutineer_signin", None)
    keys = counted[0] if counted else Keys.of(request, user.get_username())
    try:
        cache.delete_many([keys.attempts, keys.lock])
    except Exception:
        log.exception("sign-in attempts not reset: the cache is unavailable")


class LoginLockoutMiddleware:
    """Answers a refused sign-in with 429 Too Many Requests (the page itself is
    the sign-in form, with the lockout message)."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "_scrutineer_locked_out", False):
            response.status_code = 429
        return response
