"""Optional single sign-on with OpenID Connect, against a local fake provider
(a real HTTP server on a free port): the sign-in redirects to the provider,
the callback exchanges the code for a signed ID token, verifies it with the
provider's published keys, and signs the person in with an account that
has no role until an administrator gives it one. Off by default."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.urls import clear_url_caches

import config.urls  # noqa: F401 - built now, with single sign-on off, as by default

pytestmark = pytest.mark.django_db

CLIENT_ID = "scrutineer-test"


class FakeProvider(ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.nonce = ""
        self.claims = {
            "sub": "entra-123",
            "email": "j.smith@council.example.org",
            "given_name": "Jo",
            "family_name": "Smith",
        }
        self.tokens_issued = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    server: FakeProvider

    def log_message(self, *args: Any) -> None:
        pass

    def reply(self, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        if self.path == "/jwks":
            jwk = json.loads(
                jwt.algorithms.RSAAlgorithm.to_jwk(self.server.key.public_key())
            )
            self.reply({"keys": [{**jwk, "kid": "k1", "use": "sig", "alg": "RS256"}]})
        elif self.path == "/userinfo":
            self.reply(self.server.claims)
        else:
            self.send_error(404)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        form = parse_qs(self.rfile.read(length).decode())
        if self.path != "/token" or form.get("code") != ["good-code"]:
            self.send_error(400)
            return
        now = int(time.time())
        token = jwt.encode(
            {
                **self.server.claims,
                "iss": self.server.url,
                "aud": CLIENT_ID,
                "iat": now,
                "exp": now + 300,
                "nonce": self.server.nonce,
            },  # fmt: skip
            self.server.key,
            algorithm="RS256",
            headers={"kid": "k1"},
        )
        self.server.tokens_issued += 1
        self.reply({"id_token": token, "access_token": "at", "token_type": "Bearer"})


@pytest.fixture
def provider(settings):  # type: ignore[no-untyped-def]
    server = FakeProvider()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{server.url}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{server.url}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{server.url}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{server.url}/jwks"
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "config.oidc.ScrutineerOIDCBackend",
    ]
    settings.ROOT_URLCONF = "tests.trust.oidc_urls"
    clear_url_caches()
    yield server
    server.shutdown()
    clear_url_caches()


def begin(client) -> dict[str, str]:  # type: ignore[no-untyped-def]
    response = client.get("/oidc/authenticate/")
    assert response.status_code == 302
    location = urlparse(response["Location"])
    query = {k: v[0] for k, v in parse_qs(location.query).items()}
    assert query["client_id"] == CLIENT_ID
    assert "openid" in query["scope"]
    return query


def test_single_sign_on_creates_an_account_with_no_role(client, provider):
    from django.contrib.auth import get_user_model

    query = begin(client)
    provider.nonce = query["nonce"]
    response = client.get(
        "/oidc/callback/", {"code": "good-code", "state": query["state"]}
    )
    assert response.status_code == 302
    assert provider.tokens_issued == 1
    user = get_user_model().objects.get(email="j.smith@council.example.org")
    assert (user.first_name, user.last_name) == ("Jo", "Smith")
    assert not user.groups.exists()
    # Signed in, but in no role: the dashboard refuses until one is given.
    assert client.get("/").status_code == 403


def test_a_forged_state_or_a_bad_code_signs_no_one_in(client, provider):
    from django.contrib.auth import get_user_model

    query = begin(client)
    provider.nonce = query["nonce"]
    client.get("/oidc/callback/", {"code": "good-code", "state": "forged"})
    client.get("/oidc/callback/", {"code": "bad-code", "state": query["state"]})
    assert not get_user_model().objects.filter(email__contains="council").exists()
    assert client.get("/").status_code == 302  # still anonymous: to sign in


def test_single_sign_on_is_off_by_default():
    from django.conf import settings

    from config import urls

    assert settings.OIDC_ENABLED is False  # no OIDC_RP_CLIENT_ID in the environment
    assert "config.oidc.ScrutineerOIDCBackend" not in settings.AUTHENTICATION_BACKENDS
    assert not [p for p in urls.urlpatterns if str(p.pattern).startswith("oidc/")]
