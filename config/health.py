"""/healthz: can the service serve? Database and broker, as the contract says."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from indicators.permissions import public


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means we cannot serve
        return f"error: {type(exc).__name__}"
    return "ok"


def _broker() -> str:
    if not settings.CELERY_BROKER_URL:
        return "eager"
    from config.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # the broker is down or unreachable
        return f"error: {type(exc).__name__}"
    return "ok"


@public
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Public by design (load balancers and compose health checks call it);
    it reveals only whether each dependency answers."""
    body = {"database": _database(), "broker": _broker()}
    healthy = body["database"] == "ok" and body["broker"] in ("ok", "eager")
    return JsonResponse(body, status=200 if healthy else 503)
