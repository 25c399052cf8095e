"""Fail when a module or a function grows past what a reader can hold.

    python scripts/check_size.py [ROOT]

Every Python module outside migrations may have at most MAX_MODULE_LINES
lines, and every function or method at most MAX_FUNCTION_LINES (from its
`def` to its last line, docstring included; a nested function counts
within its parent too). Application code, `scripts/` and `bench/` fail the
check on both; test modules fail it on their length, while a long test
function is listed but does not fail it (a journey, or a table of cases, is
long by nature). `make lint` runs this.

A module past the limit is split into a package of modules by subject, its
`__init__` re-exporting the names callers use; a long function into named
helpers.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
SKIPPED_DIRS = {".git", ".venv", "venv", "var", "node_modules", "migrations"}


@dataclass(frozen=True)
class Finding:
    where: str  # "path" or "path:line"
    what: str
    lines: int
    limit: int

    def __str__(self) -> str:
        return (
            f"{self.where}: {self.what} has {self.lines} lines (at most {self.limit})"
        )


def modules(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if not SKIPPED_DIRS.intersection(parts):
            yield path


def findings(root: Path, path: Path) -> Iterator[Finding]:
    relative = path.relative_to(root).as_posix()
    text = path.read_text(encoding="utf-8")
    count = len(text.splitlines())
    if count > MAX_MODULE_LINES:
        yield Finding(relative, "the module", count, MAX_MODULE_LINES)
    for node in ast.walk(ast.parse(text, filename=relative)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                yield Finding(
                    f"{relative}:{node.lineno}",
                    f"{node.name}()",
                    length,
                    MAX_FUNCTION_LINES,
                )


def main(argv: list[str]) -> int:
    root = Path(argv[1] if len(argv) > 1 else Path(__file__).resolve().parents[1])
    failures, tests = [], []
    for path in modules(root):
        is_test = path.relative_to(root).parts[0] == "tests"
        for finding in findings(root, path):
            if is_test and finding.what != "the module":
                tests.append(finding)
            else:
                failures.append(finding)
    for finding in tests:
        print(f"note (a test function is not failed): {finding}")
    for finding in failures:
        print(f"too long: {finding}")
    if failures:
        print(
            f"{len(failures)} too long: split the module into a package by subject, "
            "or the function into named helpers (scripts/check_size.py)"
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
