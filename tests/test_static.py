"""Production static files: collectstatic with WhiteNoise's manifest storage
(DEBUG=0) must succeed, or every page of a deployment fails to render."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_collectstatic_builds_a_manifest_for_every_served_asset(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "collectstatic-test-only-" + "x" * 40,
        "ALLOWED_HOSTS": "example.org",
        "SCRUTINEER_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--no-input"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    manifest = json.loads((tmp_path / "staticfiles" / "staticfiles.json").read_text())
    for asset in (
        "js/app.js", "js/charts.js", "js/js-enabled.js", "css/scrutineer.css",
        "vendor/govuk-frontend/govuk-frontend.min.css",
        "vendor/plotly/plotly-basic.min.js", "vendor/htmx/htmx.min.js",
    ):  # fmt: skip
        assert asset in manifest["paths"], asset
