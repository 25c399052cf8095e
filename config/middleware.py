from __future__ import annotations

import hashlib
import logging
import sys
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

log = logging.getLogger(__name__)


class SignedInNoStoreMiddleware:
    """Signed-in pages carry unpublished or personal data: never cache them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, " + response.get("Cache-Control", "")
        response.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"
        )
        return response


# --- The database is down: a clean 503 ---------------------------------------------

DATABASE_DOWN = (OperationalError, InterfaceError)


def _unavailable() -> HttpResponse:
    """The plain "service unavailable" page. It needs no database: no context
    processors run, and 503 responses skip the session save."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = "30"
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    """While PostgreSQL is down (a restart, a fail-over) every page answers 503
    with the "service unavailable" page instead of a 500; once it is back the
    next request succeeds without restarting the app, because
    CONN_HEALTH_CHECKS replaces the broken persistent connection. A view's
    error arrives in process_exception; one raised inside another middleware
    (the session loading the signed-in user) is flagged by the
    got_request_exception signal below and its 500 replaced here, so this
    middleware sits just inside SecurityMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 500 and getattr(
            request, "_scrutineer_database_down", False
        ):
            return _unavailable()
        return response

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if isinstance(exception, DATABASE_DOWN):
            log.warning("database unavailable serving %s: %s", request.path, exception)
            return _unavailable()
        return None


@receiver(got_request_exception, dispatch_uid="scrutineer-database-down")
def _flag_database_down(
    sender: Any, request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Sent from inside Django's exception handler, so the error is current.
    if request is not None and isinstance(sys.exc_info()[1], DATABASE_DOWN):
        request._scrutineer_database_down = True  # type: ignore[attr-defined]


# --- Sign-in throttling and lockout -----------------------------------------------
#
# django-axes's latest release (8.3.1) declares Django up to 6.0, not 6.1, so
# this is the small equivalent TRUST.md asks for, with its settings rather
# than axes's defaults: failures are counted per username *and* address (one
# person cannot lock a whole council out from behind its proxy), about 10 of
# them lock that pair for a 15-minute cool-off, a success resets the count,
# and a separate, higher per-address limit slows password spraying. Counts
# live in the shared cache (Redis in production) and expire on their own.

LOCKED_MESSAGE = (
    "Too many failed attempts to sign in. Wait {minutes} minutes and try again,"
    " or ask an administrator to reset your password."
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


def _keys(request: HttpRequest, username: str) -> dict[str, str]:
    ip = client_ip(request)
    pair = hashlib.sha256(f"{username.casefold()}\n{ip}".encode()).hexdigest()
    address = hashlib.sha256(ip.encode()).hexdigest()
    return {
        "pair_count": f"signin:fail:pair:{pair}",
        "pair_lock": f"signin:lock:pair:{pair}",
        "ip_count": f"signin:fail:ip:{address}",
        "ip_lock": f"signin:lock:ip:{address}",
    }


def login_locked(request: HttpRequest, username: str) -> bool:
    """Whether sign-in is refused for this username from this address."""
    keys = _keys(request, username)
    try:
        return bool(cache.get_many([keys["pair_lock"], keys["ip_lock"]]))
    except Exception:  # the cache is down: fail open rather than lock everyone out
        log.exception("sign-in lockout check skipped: the cache is unavailable")
        return False


def _count(count_key: str, lock_key: str, limit: int) -> None:
    cooloff = settings.SCRUTINEER_LOGIN_COOLOFF
    cache.add(count_key, 0, timeout=cooloff)  # the window opens at the first failure
    try:
        failures = cache.incr(count_key)
    except ValueError:  # expired between add and incr
        failures = 1
        cache.set(count_key, failures, timeout=cooloff)
    if failures >= limit:
        cache.set(lock_key, True, timeout=cooloff)
        cache.delete(count_key)


class LoginLockoutBackend:
    """First in AUTHENTICATION_BACKENDS: refuses a locked-out username and
    address before any password is checked (raising PermissionDenied stops
    Django trying the other backends), so a locked account cannot be guessed
    into even with the right password. Unknown usernames lock the same way,
    so the lock reveals nothing about which accounts exist. It has no
    get_user on purpose: it never signs anyone in, so sessions (and the test
    client's force_login) name ModelBackend."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None or username is None:
            return None
        if login_locked(request, username):
            request._scrutineer_locked_out = True  # type: ignore[attr-defined]
            minutes = max(1, settings.SCRUTINEER_LOGIN_COOLOFF // 60)
            messages.error(
                request, LOCKED_MESSAGE.format(minutes=minutes), fail_silently=True
            )
            log.warning(
                "sign-in refused: %r from %s is locked out",
                username,
                client_ip(request),
            )
            raise PermissionDenied("locked out")
        return None


@receiver(user_login_failed, dispatch_uid="scrutineer-login-failed")
def _count_failure(
    sender: Any,
    credentials: dict[str, Any],
    request: HttpRequest | None = None,
    **kwargs: Any,
) -> None:
    username = credentials.get("username")
    if request is None or username is None:
        return
    if getattr(request, "_scrutineer_locked_out", False):
        return  # already locked: the cool-off runs from the lock, not the retry
    keys = _keys(request, username)
    try:
        _count(
            keys["pair_count"],
            keys["pair_lock"],
            settings.SCRUTINEER_LOGIN_FAILURE_LIMIT,
        )
        _count(
            keys["ip_count"],
            keys["ip_lock"],
            settings.SCRUTINEER_LOGIN_IP_FAILURE_LIMIT,
        )
    except Exception:  # the cache is down: sign-in still works, unthrottled
        log.exception("sign-in failure not counted: the cache is unavailable")


@receiver(user_logged_in, dispatch_uid="scrutineer-logged-in")
def _reset_failures(
    sender: Any, request: HttpRequest | None = None, user: Any = None, **kwargs: Any
) -> None:
    if request is None or user is None:
        return
    try:
        cache.delete(_keys(request, user.get_username())["pair_count"])
    except Exception:
        log.exception("sign-in failures not reset: the cache is unavailable")


class LoginLockoutMiddleware:
    """Answers a refused sign-in with 429 Too Many Requests (the page itself is
    the sign-in form, with the lockout message)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "_scrutineer_locked_out", False):
            response.status_code = 429
        return response


# --- Idle and absolute session timeouts --------------------------------------------

SIGNED_IN_AT = "_scrutineer_signed_in_at"
SEEN_AT = "_scrutineer_seen_at"
RENEW_EVERY = 60  # seconds: the idle timeout's precision


@receiver(user_logged_in, dispatch_uid="scrutineer-session-clock")
def _start_session_clock(
    sender: Any, request: HttpRequest | None = None, **kwargs: Any
) -> None:
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SIGNED_IN_AT] = now
        request.session[SEEN_AT] = now


class SessionTimeoutMiddleware:
    """Ends a signed-in session after SESSION_COOKIE_AGE seconds without a
    request (the database session's expiry date, renewed here at most once a
    minute) and after SESSION_ABSOLUTE_AGE seconds however active it is.
    Sits after AuthenticationMiddleware, whose logout it calls."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.get("_auth_user_id") is not None:
            now = int(time.time())
            signed_in_at = session.get(SIGNED_IN_AT)
            if signed_in_at is None:  # signed in before this middleware existed
                session[SIGNED_IN_AT] = signed_in_at = now
            if now - signed_in_at > settings.SESSION_ABSOLUTE_AGE:
                from django.contrib.auth import logout

                logout(request)
            elif now - session.get(SEEN_AT, 0) >= RENEW_EVERY:
                session[SEEN_AT] = now  # modified: saved with a new expiry date
        return self.get_response(request)


# --- The product's own "page not found", even with DEBUG on ------------------------


class ProductNotFoundMiddleware:
    """With DEBUG on (the demo, `make run`) Django answers a missing page
    with its technical 404, which lists every URL of the site to whoever
    asks. This replaces any HTML 404 with the product's own page (404.html),
    as production shows it; with DEBUG off Django already does. Innermost in
    MIDDLEWARE, so that the page it returns still gets the CSP (and its
    nonce), the no-store header and the rest. 403s need nothing: Django
    renders 403.html whatever DEBUG is."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and response.get("Content-Type", "").startswith("text/html")
        ):
            from django.views.defaults import page_not_found

            return page_not_found(request, Http404())
        return response
