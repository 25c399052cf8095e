"""The Celery app. Redis is the broker when CELERY_BROKER_URL is set; otherwise
tasks run eagerly in the calling process (the demo needs no Redis)."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("scrutineer")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
