"""The apps' arrows and the layers within them, read from every import
statement (inside functions too), so that a dependency the wrong way fails
here rather than in a reader's head.

Between apps (STYLE.md): returns -> indicators; committees -> indicators;
reports -> indicators and committees; never back. An app lower down offers
an extension point the higher one fills from its AppConfig.ready (the
import-job kinds, the committees' actions on an indicator, a meeting item's
links). Within an app: views -> services and selectors -> models and rules;
nothing but URL modules imports a view.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS = ("indicators", "returns", "committees", "reports")
# What each app may import of the others.
ALLOWED = {
    "indicators": set(),
    "returns": {"indicators"},
    "committees": {"indicators"},
    "reports": {"indicators", "committees"},
}


def modules(app: str) -> Iterator[Path]:
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def imported(path: Path) -> Iterator[str]:
    """Every module an import statement in `path` names (for `from x import
    y`, both x and x.y, since y may be a module)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def name_of(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def is_view(module: str) -> bool:
    parts = module.split(".")
    return parts[0] in APPS and len(parts) > 1 and parts[1] == "views"


@pytest.mark.parametrize("app", APPS)
def test_an_app_imports_only_the_apps_below_it(app: str) -> None:
    wrong = sorted(
        f"{name_of(path)} imports {module}"
        for path in modules(app)
        for module in imported(path)
        if module.split(".")[0] in set(APPS) - {app} - ALLOWED[app]
    )
    assert wrong == []


@pytest.mark.parametrize("app", APPS)
def test_nothing_but_urls_imports_a_view(app: str) -> None:
    wrong = sorted(
        f"{name_of(path)} imports {module}"
        for path in modules(app)
        if path.name != "urls.py" and "views" not in path.relative_to(ROOT).parts
        for module in imported(path)
        if is_view(module)
    )
    assert wrong == []


@pytest.mark.parametrize("app", ["indicators", "returns"])
def test_selectors_models_and_rules_import_no_services_or_views(app: str) -> None:
    lower = ("selectors", "models", "rating", "figure_rules", "files", "lait")
    wrong = sorted(
        f"{name_of(path)} imports {module}"
        for path in modules(app)
        if path.relative_to(ROOT / app).parts[0].removesuffix(".py") in lower
        for module in imported(path)
        if module.split(".")[0] in APPS
        and len(module.split(".")) > 1
        and module.split(".")[1] in ("services", "views", "tasks", "forms")
    )
    assert wrong == []


def test_the_rules_touch_no_database() -> None:
    """`indicators.rating` and `indicators.figure_rules` are pure functions
    over plain values: no Django at all."""
    wrong = sorted(
        f"{name_of(path)} imports {module}"
        for package in ("rating", "figure_rules")
        for path in sorted((ROOT / "indicators" / package).rglob("*.py"))
        for module in imported(path)
        if module.split(".")[0] == "django"
        or module.startswith(("indicators.models", "indicators.services"))
    )
    assert wrong == []


def test_every_scheduled_task_is_a_task_the_worker_knows() -> None:
    """A task moved to another app must take its beat schedule with it."""
    from django.conf import settings

    from config.celery import app

    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled - set(app.tasks) == set()
