"""Fail when an import or a template crosses the apps' arrows or an app's
layers, so that a dependency the wrong way fails `make lint` rather than
living in a reader's head.

    python scripts/check_layers.py [ROOT]

Between apps (STYLE.md): returns -> indicators; committees -> indicators;
reports -> indicators and committees; the demo loader (demo/) -> all of
them; never back. An app lower down offers an extension point that the
higher one fills from its AppConfig.ready (the import-job kinds, the panels
of an indicator's page, a meeting item's links).

Within an app: views -> services and selectors -> models and rules. Nothing
but URL modules (and views) imports a view; selectors, models and rules
import no service, task, form or view; the pure rules (indicators.rating,
indicators.figure_rules) import no Django and no models or services.

Every import statement counts, inside functions too (for `from x import y`,
both x and x.y, since y may be a module). URLs count too: an app's
reverse(), reverse_lazy() and redirect() name only its own URLs and those of
the apps below it. And templates: a template of templates/<app>/ includes,
extends and links to ({% url %}) only its own app's templates and URLs and
those of the apps below it.

Prints one line per offence and exits 1 if there is any. `make lint` runs
this; tests/test_layers.py runs its rules one by one.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Lowest first.
APPS = ("indicators", "returns", "committees", "reports", "demo")
# What each app may import of the others.
ALLOWED: dict[str, set[str]] = {
    "indicators": set(),
    "returns": {"indicators"},
    "committees": {"indicators"},
    "reports": {"indicators", "committees"},
    "demo": {"indicators", "returns", "committees", "reports"},
}
# An app's modules (or packages) below its services, by name...
LOWER_LAYERS = (
    "selectors",
    "models",
    "rules",
    "rating",
    "figure_rules",
    "files",
    "lait",
)
# ...and what none of them may import.
UPPER_LAYERS = ("services", "views", "tasks", "forms")
# The rules that are pure functions over plain values: no Django at all.
PURE_RULES = ("indicators/rating", "indicators/figure_rules")
PURE_FORBIDS = ("django", "indicators.models", "indicators.services")

TEMPLATE_TAG = re.compile(
    r"""\{%-?\s*(include|extends|url)\s+(["'])([^"']+)\2""", re.MULTILINE
)


@dataclass(frozen=True)
class Offence:
    where: str  # path:line
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


def modules(root: Path, app: str) -> Iterator[Path]:
    """The app's Python modules, migrations left out."""
    for path in sorted((root / app).rglob("*.py")):
        if "migrations" not in path.relative_to(root).parts:
            yield path


def imported(path: Path) -> Iterator[tuple[int, str]]:
    """(line, module) for every module an import statement in `path` names."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.lineno, node.module
            yield from (
                (node.lineno, f"{node.module}.{alias.name}") for alias in node.names
            )


def _imports(root: Path, app: str) -> Iterator[tuple[Path, int, str]]:
    for path in modules(root, app):
        for line, module in imported(path):
            yield path, line, module


def _where(root: Path, path: Path, line: int) -> str:
    return f"{path.relative_to(root).as_posix()}:{line}"


def _layer(root: Path, app: str, path: Path) -> str:
    """An app module's layer: its first name within the app
    (`indicators/selectors/page.py` -> "selectors")."""
    return path.relative_to(root / app).parts[0].removesuffix(".py")


def app_offences(root: Path, app: str) -> Iterator[Offence]:
    """Imports of an app that is not below this one."""
    others = set(APPS) - {app} - ALLOWED[app]
    for path, line, module in _imports(root, app):
        if module.split(".")[0] in others:
            yield Offence(
                _where(root, path, line),
                f"{app} imports {module} ({app} may import "
                f"{', '.join(sorted(ALLOWED[app])) or 'no other app'})",
            )


def _is_view(module: str) -> bool:
    parts = module.split(".")
    return parts[0] in APPS and len(parts) > 1 and parts[1] == "views"


def view_offences(root: Path, app: str) -> Iterator[Offence]:
    """Imports of a view from anything but a URL module or another view."""
    for path, line, module in _imports(root, app):
        if _layer(root, app, path) in ("urls", "views") or not _is_view(module):
            continue
        yield Offence(
            _where(root, path, line),
            f"imports the view {module} (only URL modules import views)",
        )


def layer_offences(root: Path, app: str) -> Iterator[Offence]:
    """Imports of services, tasks, forms or views from below them."""
    for path, line, module in _imports(root, app):
        parts = module.split(".")
        layer = _layer(root, app, path)
        if (
            layer in LOWER_LAYERS
            and parts[0] in APPS
            and len(parts) > 1
            and parts[1] in UPPER_LAYERS
        ):
            yield Offence(
                _where(root, path, line),
                f"{layer} imports {module} ({', '.join(UPPER_LAYERS)} are above it)",
            )


def rule_offences(root: Path) -> Iterator[Offence]:
    """Imports of Django, models or services from the pure rules."""
    for package in PURE_RULES:
        for path in sorted((root / package).rglob("*.py")):
            for line, module in imported(path):
                if any(module == f or module.startswith(f + ".") for f in PURE_FORBIDS):
                    yield Offence(
                        _where(root, path, line),
                        f"the pure rules import {module} (no Django, models or services)",
                    )


def url_names(root: Path) -> dict[str, str]:
    """URL name -> the app whose urls.py names it."""
    names: dict[str, str] = {}
    for app in APPS:
        path = root / app / "urls.py"
        if not path.exists():
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                for keyword in node.keywords:
                    value = keyword.value
                    if (
                        keyword.arg == "name"
                        and isinstance(value, ast.Constant)
                        and isinstance(value.value, str)
                    ):
                        names[value.value] = app
    return names


URL_CALLS = ("reverse", "reverse_lazy", "redirect")


def url_offences(root: Path, app: str) -> Iterator[Offence]:
    """reverse(), reverse_lazy() or redirect() of a URL name that an app
    not below this one names."""
    names = url_names(root)
    others = set(APPS) - {app} - ALLOWED[app]
    for path in modules(root, app):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else None
            called = func.id if isinstance(func, ast.Name) else called
            first = node.args[0]
            if (
                called in URL_CALLS
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
                and _url_owner(first.value, names) in others
            ):
                yield Offence(
                    _where(root, path, node.lineno),
                    f"{app} links to {first.value} of "
                    f"{_url_owner(first.value, names)} (an app above it)",
                )


def _url_owner(name: str, names: dict[str, str]) -> str | None:
    """The app of a URL name: its namespace, else whoever names it."""
    return name.split(":")[0] if ":" in name else names.get(name)


def template_offences(root: Path) -> Iterator[Offence]:
    """A template of one app that includes, extends or links to a template
    or URL of an app that is not below it (templates/<app>/ is the app's;
    the base, components and registration are everyone's)."""
    names = url_names(root)
    for path in sorted((root / "templates").rglob("*.html")):
        app = path.relative_to(root / "templates").parts[0]
        if app not in APPS:
            continue
        others = set(APPS) - {app} - ALLOWED[app]
        text = path.read_text(encoding="utf-8")
        for match in TEMPLATE_TAG.finditer(text):
            tag, target = match.group(1), match.group(3)
            url = tag == "url"
            owner = _url_owner(target, names) if url else target.split("/")[0]
            if owner in others:
                line = text.count("\n", 0, match.start()) + 1
                yield Offence(
                    _where(root, path, line),
                    f"a template of {app} {'links to' if url else tag + 's'} "
                    f"{target} of {owner} (an app above it: offer it an extension point)",
                )


def once(found: Iterable[Offence]) -> list[Offence]:
    """One offence per statement and rule (`from x import y` names both x
    and x.y; the first is enough)."""
    seen: set[str] = set()
    kept = []
    for offence in found:
        if offence.where not in seen:
            seen.add(offence.where)
            kept.append(offence)
    return kept


def offences(root: Path = ROOT) -> list[Offence]:
    """Every offence in the project at `root`, one per statement and rule."""
    found: list[Offence] = []
    for app in APPS:
        if (root / app).is_dir():
            found += once(app_offences(root, app))
            found += once(view_offences(root, app))
            found += once(layer_offences(root, app))
            found += url_offences(root, app)
    found += once(rule_offences(root))
    if (root / "templates").is_dir():
        found += template_offences(root)
    return found


def main(argv: list[str]) -> int:
    root = Path(argv[1]).resolve() if len(argv) > 1 else ROOT
    found = offences(root)
    for offence in found:
        print(offence)
    if found:
        print(
            f"{len(found)} crossing the apps' arrows or layers (scripts/check_layers.py)"
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
