"""Settings for `make bench`: the production settings module as it is (DEBUG
off, secure cookies, the CSP), configured by the environment the benchmark
sets, except static files, which are served from the finders as the test
settings do, so that no `collectstatic` step is needed. The pages measured
render the same HTML either way, and the load test requests no static file."""

from __future__ import annotations

from config.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
