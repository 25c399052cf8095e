"""Optional single sign-on with OpenID Connect (councils use Microsoft Entra
ID), through mozilla-django-oidc. Off unless OIDC_RP_CLIENT_ID is set.

A person signing in for the first time gets an account with no role: an
administrator adds them to a role's group, as for any new user. Accounts are
matched by email address."""

from __future__ import annotations

import logging
from typing import Any

import requests
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

log = logging.getLogger(__name__)


class ScrutineerOIDCBackend(OIDCAuthenticationBackend):
    def authenticate(self, request: Any, **kwargs: Any) -> Any:
        """A refused code or an unreachable provider is a failed sign-in
        (back to the sign-in page), not a server error."""
        try:
            return super().authenticate(request, **kwargs)
        except requests.RequestException as error:
            log.warning("single sign-on failed: %s", error)
            return None

    def create_user(self, claims: dict[str, Any]) -> Any:
        user = super().create_user(claims)
        user.first_name = str(claims.get("given_name", ""))[:150]
        user.last_name = str(claims.get("family_name", ""))[:150]
        user.save(update_fields=["first_name", "last_name"])
        return user

    def get_username(self, claims: dict[str, Any]) -> str:
        """The email address (Entra ID's `preferred_username` is one too)."""
        return str(claims.get("email") or claims.get("preferred_username"))[:150]
