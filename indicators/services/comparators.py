"""Saving a named comparator group: the one validation every path calls
(the form's pasted codes, an uploaded file, the command), and the write.
Every line is checked; with any error, nothing is saved."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from indicators import files
from indicators.models import Area, ComparatorGroup
from indicators.models.comparators import BUILT_IN
from indicators.services.authorities import area_resolver

# A file's column of codes, by any of the names DfE's lists give it.
CODE_COLUMNS = ("la_code", "la number", "la_number", "old_la_code", "new_la_code")


@dataclass(frozen=True)
class LineError:
    line: int
    text: str
    reason: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.reason}"


@dataclass
class Saved:
    """The group saved, or why not: its name's errors and its lines'."""

    group: ComparatorGroup | None
    name_errors: list[str] = field(default_factory=list)
    line_errors: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        return self.name_errors + self.line_errors


def lines_of_text(text: str) -> list[tuple[int, str]]:
    """Pasted codes, one a line (commas too), numbered from 1; blank lines
    are skipped but counted."""
    return [
        (number, line.strip().strip(","))
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip().strip(",")
    ]


def lines_of_file(path: Path) -> list[tuple[int, str]]:
    """A CSV or XLSX file's codes: the column `la_code` (or `LA Number`, as
    DfE's LA code list has it), numbered by the file's line; a file of one
    column with no such header is a plain list, its first line a code."""
    header, rows = files.read_table(path)
    column = next((header.index(n) for n in CODE_COLUMNS if n in header), None)
    found: list[tuple[int, str]] = []
    if column is None:
        if len(header) != 1:
            raise files.FileRejected(
                "the file has no column la_code: give one, or one code a line"
            )
        column = 0
        found.append((1, header[0]))
    for number, row in enumerate(rows, start=2):
        cell = row[column].strip() if column < len(row) else ""
        if cell:
            found.append((number, cell.removesuffix(".0")))
    return found


def check_codes(lines: list[tuple[int, str]]) -> tuple[list[str], list[LineError]]:
    """Each line's authority (an ONS code or a DfE LA number) resolved to its
    ONS code, or the line's error: unknown, or named twice."""
    resolve = area_resolver()
    codes: list[str] = []
    seen: dict[str, int] = {}
    errors: list[LineError] = []
    for number, text in lines:
        code = resolve(text)
        if code is None:
            reason = f"{text} is not a local authority's ONS code or DfE LA number"
            errors.append(LineError(number, text, reason))
        elif code in seen:
            reason = f"{text} names the same authority as line {seen[code]}"
            errors.append(LineError(number, text, reason))
        else:
            seen[code] = number
            codes.append(code)
    if not lines:
        errors.append(LineError(0, "", "give at least one authority"))
    return codes, errors


def comparator_group_save(
    *,
    name: str,
    lines: list[tuple[int, str]],
    group: ComparatorGroup | None = None,
    user: Any = None,
) -> Saved:
    """Create or replace a named group. Nothing is saved when the name is
    taken or any line is wrong; every error is returned, by line."""
    name = " ".join(name.split())
    slug = slugify(name)[:60]
    problems = []
    if not slug:
        problems.append("Enter a name with letters or numbers")
    elif slug in BUILT_IN:
        problems.append(f"{name} is the name of a built-in group: choose another")
    elif _taken(slug, group):
        problems.append(f"There is already a group called {name}")
    codes, errors = check_codes(lines)
    wrong = [str(e) if e.line else e.reason.capitalize() for e in errors]
    if problems or wrong:
        return Saved(None, problems, wrong)
    return Saved(_write(group, name, slug, codes, user))


def _taken(slug: str, group: ComparatorGroup | None) -> bool:
    others = ComparatorGroup.objects.filter(slug=slug)
    return (others.exclude(pk=group.pk) if group else others).exists()


@transaction.atomic
def _write(
    group: ComparatorGroup | None, name: str, slug: str, codes: list[str], user: Any
) -> ComparatorGroup:
    group = group or ComparatorGroup(kind=ComparatorGroup.Kind.NAMED)
    group.name, group.slug, group.updated_by = name, slug, user
    group.save()
    group.members.set(Area.objects.filter(code__in=codes))
    return group
