"""The apps' arrows and the layers within them, read from every import
statement (inside functions too) and every template, so that a dependency
the wrong way fails here rather than in a reader's head.

The rules live once, in scripts/check_layers.py (which `make lint` runs);
these tests run them rule by rule and app by app, and check that the script
does catch each kind of offence in a small project of its own.

Between apps (STYLE.md): returns -> indicators; committees -> indicators;
reports -> indicators and committees; the demo loader -> all; never back. An
app lower down offers an extension point the higher one fills from its
AppConfig.ready (the import-job kinds, the panels of an indicator's page, a
meeting item's links). Within an app: views -> services and selectors ->
models and rules; nothing but URL modules imports a view.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "check_layers.py"

_spec = importlib.util.spec_from_file_location("check_layers", SCRIPT)
assert _spec is not None and _spec.loader is not None
layers = importlib.util.module_from_spec(_spec)
sys.modules["check_layers"] = layers  # its dataclass looks itself up there
_spec.loader.exec_module(layers)


def shown(offences: Iterable[object]) -> list[str]:
    return sorted(str(offence) for offence in layers.once(offences))


@pytest.mark.parametrize("app", layers.APPS)
def test_an_app_imports_only_the_apps_below_it(app: str) -> None:
    assert shown(layers.app_offences(ROOT, app)) == []


@pytest.mark.parametrize("app", layers.APPS)
def test_nothing_but_urls_imports_a_view(app: str) -> None:
    assert shown(layers.view_offences(ROOT, app)) == []


@pytest.mark.parametrize("app", layers.APPS)
def test_selectors_models_and_rules_import_no_services_or_views(app: str) -> None:
    assert shown(layers.layer_offences(ROOT, app)) == []


@pytest.mark.parametrize("app", layers.APPS)
def test_an_app_links_only_to_its_own_urls_and_those_below(app: str) -> None:
    """The dashboard's "2 open actions" links to the committees' tracker by
    the link the committees app gives it (committees.panels)."""
    assert shown(layers.url_offences(ROOT, app)) == []


def test_the_rules_touch_no_database() -> None:
    """`indicators.rating` and `indicators.figure_rules` are pure functions
    over plain values: no Django at all."""
    assert shown(layers.rule_offences(ROOT)) == []


def test_no_template_of_a_lower_app_includes_extends_or_links_a_higher_one() -> None:
    """The indicator page shows the committees' actions and the returns'
    links through panels those apps register (indicators.panels), never by
    naming their templates or URLs."""
    assert shown(layers.template_offences(ROOT)) == []


def test_every_app_is_checked() -> None:
    """An app added to the project must be placed among the arrows."""
    apps = {
        path.parent.name
        for path in ROOT.glob("*/apps.py")
        if path.parent.name != "config"
    }
    assert apps == set(layers.APPS)


def test_make_lint_runs_the_layer_check_and_the_type_check() -> None:
    lint = (ROOT / "Makefile").read_text().split("\nlint:", 1)[1].split("\n\n")[0]
    assert "scripts/check_layers.py" in lint
    assert "$(BIN)/mypy" in lint


# --- the script catches what it should ----------------------------------------------

WRONG = {
    # An app importing one above it.
    "indicators/charts.py": "from committees.models import Action\n",
    # A selector importing a service of its own app.
    "indicators/selectors/page.py": "def f():\n    from indicators.services import x\n",
    # Something other than a URL module importing a view.
    "returns/tasks.py": "import returns.views.entry\n",
    # The pure rules importing Django.
    "indicators/rating/__init__.py": "from django.db import models\n",
    # An app linking to a URL of an app above it.
    "indicators/tables.py": "x = 1\nurl = reverse('action_tracker')\n",
}
WRONG_TEMPLATES = {
    "templates/indicators/page.html": (
        '{% extends "base.html" %}\n'
        '{% include "committees/_panel.html" with x=1 only %}\n'
        "<a href=\"{% url 'action_tracker' %}\">actions</a>\n"
    ),
}
RIGHT = {
    "committees/urls.py": "urlpatterns = [path('a/', view, name='action_tracker')]\n",
    "committees/views.py": "from indicators.models import Indicator\n",
    "reports/selectors.py": "from committees.selectors import x\n",
    "reports/views.py": "def f():\n    return redirect('action_tracker')\n",
    "demo/seed.py": "import reports.demo\nimport returns.demo\n",
    "templates/reports/page.html": '{% include "committees/_panel.html" %}\n',
    "templates/base.html": "<a href=\"{% url 'action_tracker' %}\">actions</a>\n",
}


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def check(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(root)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_project_crosses_nothing() -> None:
    done = check(ROOT)
    assert (done.returncode, done.stdout) == (0, "")


def test_imports_and_templates_the_arrows_allow_pass(tmp_path: Path) -> None:
    write(tmp_path, RIGHT)
    done = check(tmp_path)
    assert (done.returncode, done.stdout) == (0, "")


def test_each_wrong_import_and_template_is_one_line(tmp_path: Path) -> None:
    write(tmp_path, RIGHT | WRONG | WRONG_TEMPLATES)
    done = check(tmp_path)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[-1].startswith("7 crossing")
    assert sorted(line.split(": ", 1)[0] for line in lines[:-1]) == [
        "indicators/charts.py:1",
        "indicators/rating/__init__.py:1",
        "indicators/selectors/page.py:2",
        "indicators/tables.py:2",
        "returns/tasks.py:1",
        "templates/indicators/page.html:2",
        "templates/indicators/page.html:3",
    ]
