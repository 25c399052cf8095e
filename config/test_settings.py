"""Settings for the test suite: the production settings module, with the
environment defaults a developer's machine lacks. Production code paths
(secure cookies, HSTS, the CSP) stay on; only the SSL redirect is off because
the test client and live server speak plain HTTP, and static files are served
from the finders so no collectstatic is needed."""

from __future__ import annotations

import os

os.environ.setdefault(
    "SECRET_KEY", "test-suite-only-secret-key-not-for-production-0123456789"
)
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from config.settings import *  # noqa: E402,F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
(VAR_DIR / "staticfiles").mkdir(parents=True, exist_ok=True)  # noqa: F405
