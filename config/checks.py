"""Deployment checks of our own, run by `manage.py check --deploy` beside
Django's: settings a production site needs that Django cannot know about."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def check_site_url(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Reminder emails link to pages; without the site's address the links
    are relative, and useless in an email."""
    url = settings.SCRUTINEER_SITE_URL
    parts = urlsplit(url)
    if not url or parts.scheme not in ("http", "https") or not parts.netloc:
        return [
            Error(
                "SITE_URL is not set to the site's address"
                + (f" ({url!r} is not an absolute http(s) address)." if url else "."),
                hint="Set SITE_URL to where people reach the site, for example "
                "https://scrutiny.example.gov.uk: reminder emails link to it.",
                id="scrutineer.E001",
            )
        ]
    if parts.scheme != "https":
        return [
            Warning(
                f"SITE_URL ({url}) is not https: the links in emails would send "
                "people to the site unencrypted.",
                hint="Use the https:// address.",
                id="scrutineer.W002",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_proxy_count(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Sign-in throttling counts by address. Behind a proxy that is unset,
    everyone seems to come from the proxy, so one person's failures lock out
    the whole council; set too high, anyone chooses their own address."""
    if settings.SCRUTINEER_PROXY_COUNT_GIVEN:
        return []
    return [
        Warning(
            "PROXY_COUNT is not set: how many reverse proxies in front of the "
            "site add to X-Forwarded-For.",
            hint="Set PROXY_COUNT to that number (0 when clients connect to "
            "gunicorn directly); docker-compose.yml asks for it.",
            id="scrutineer.W003",
        )
    ]
