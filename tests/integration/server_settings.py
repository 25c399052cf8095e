"""The test settings for a web server started as a subprocess by a test:
its tasks go to the queue that test's worker reads."""

from __future__ import annotations

import os

from config.test_settings import *  # noqa: F403

CELERY_TASK_DEFAULT_QUEUE = os.environ["SCRUTINEER_TEST_QUEUE"]
