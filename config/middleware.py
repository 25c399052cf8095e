from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
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


# Sign-in lockout and throttling: config/lockout.py.


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
