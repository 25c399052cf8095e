"""Fail when a block of six or more lines is written twice.

    python scripts/check_duplicates.py [ROOT] [--list]

Reads the templates and the product's Python (not tests, migrations,
static files or the virtualenv) and finds every pair of places that share
MIN_LINES or more lines to the letter, once blank lines, comments, imports
and lines that are only punctuation or closing tags are passed over and
indentation is ignored. A block that is written twice belongs in one
template component (`templates/components/`, the `govuk` tags) or one
function; a repeat that is genuine boilerplate (a model's field list, the
same fields in two filter sets) is listed with its reason in
scripts/duplicates_allowed.txt, one line a block:

    <fingerprint> <file> ~ <file>  # why it stays

`--list` prints every repeated block in that form, allowed or not, for
adding a reason to. `make lint` runs this.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

MIN_LINES = 6
ROOT = Path(__file__).resolve().parent.parent
ALLOWED = Path("scripts") / "duplicates_allowed.txt"  # under ROOT
SKIPPED_DIRS = {
    ".git",
    ".venv",
    "venv",
    "var",
    "node_modules",
    "migrations",
    "tests",
    "static",
}
# Lines too thin to make a repeat: only punctuation, closing tags, the ends
# of template blocks, imports and comments.
THIN = re.compile(
    r"^(?:[\W_]*|(?:</\w+>\s*)+|\{%-? (?:end\w*|else|empty)\b[^%]*%\}"
    r"|(?:from \S+ )?import .*|#.*|\{#.*#\})$"
)


@dataclass(frozen=True)
class Line:
    number: int
    text: str


@dataclass(frozen=True)
class Repeat:
    first: str
    first_line: int
    second: str
    second_line: int
    lines: tuple[str, ...]

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256("\n".join(self.lines).encode()).hexdigest()[:12]

    def key(self) -> tuple[str, str, str]:
        return (self.fingerprint, self.first, self.second)

    def __str__(self) -> str:
        return (
            f"{self.fingerprint} {self.first} ~ {self.second}"
            f"  # lines {self.first_line} and {self.second_line}, {len(self.lines)} long"
        )


def sources(root: Path) -> Iterator[Path]:
    for pattern in ("*.py", "*.html"):
        for path in sorted(root.rglob(pattern)):
            if not SKIPPED_DIRS.intersection(path.relative_to(root).parts):
                yield path


def meaningful(path: Path) -> list[Line]:
    kept, in_import = [], False
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        text = " ".join(raw.split())
        # The names of a parenthesised import are imports too.
        if in_import:
            in_import = not text.startswith(")")
            continue
        if path.suffix == ".py" and re.match(r"^from \S+ import \($", text):
            in_import = True
            continue
        if not THIN.match(text):
            kept.append(Line(number, text))
    return kept


def repeats(files: dict[str, list[Line]]) -> list[Repeat]:
    """Every maximal run of MIN_LINES or more lines that stands in two
    places, a pair of places once."""
    windows: dict[tuple[str, ...], list[tuple[str, int]]] = defaultdict(list)
    for name, lines in files.items():
        texts = [line.text for line in lines]
        for i in range(len(texts) - MIN_LINES + 1):
            windows[tuple(texts[i : i + MIN_LINES])].append((name, i))
    starts: set[tuple[str, int, str, int]] = set()
    for places in windows.values():
        for a, (name_a, i) in enumerate(places):
            for name_b, j in places[a + 1 :]:
                if name_a == name_b and j < i + MIN_LINES:
                    continue  # a run that overlaps itself (repeated lines)
                starts.add((name_a, i, name_b, j))
    found = []
    for name_a, i, name_b, j in sorted(starts):
        if (name_a, i - 1, name_b, j - 1) in starts:
            continue  # inside a run found from its start
        length = MIN_LINES
        while (
            name_a,
            i + length - MIN_LINES + 1,
            name_b,
            j + length - MIN_LINES + 1,
        ) in starts:
            length += 1
        lines_a = files[name_a]
        found.append(
            Repeat(
                name_a,
                lines_a[i].number,
                name_b,
                files[name_b][j].number,
                tuple(line.text for line in lines_a[i : i + length]),
            )
        )
    return found


def allowed(path: Path) -> set[tuple[str, str, str]]:
    keys = set()
    if path.exists():
        for raw in path.read_text(encoding="utf-8").splitlines():
            entry = raw.split("#", 1)[0].split()
            if len(entry) == 4 and entry[2] == "~":
                keys.add((entry[0], entry[1], entry[3]))
    return keys


def main(argv: list[str]) -> int:
    paths = [arg for arg in argv if not arg.startswith("--")]
    root = Path(paths[0]) if paths else ROOT
    files = {str(p.relative_to(root)): meaningful(p) for p in sources(root)}
    found = repeats(files)
    if "--list" in argv:
        for repeat in found:
            print(repeat)
        return 0
    allow = allowed(root / ALLOWED)
    new = [r for r in found if r.key() not in allow]
    for repeat in new:
        print(f"repeated block: {repeat}")
        print("    " + "\n    ".join(repeat.lines))
    if new:
        print(
            f"{len(new)} repeated block(s) of {MIN_LINES}+ lines: put them in one "
            "component or function, or give the reason in "
            f"{ALLOWED}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
