"""`manage.py comparator_group NAME FILE`: create or replace a named
comparator group from a file of LA codes, through the same validation as
the page (`services.comparator_group_save`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from indicators import services
from indicators.files import FileRejected
from indicators.models import ComparatorGroup


class Command(BaseCommand):
    help = (
        "Create or replace a named comparator group from a CSV or XLSX file "
        "(a column la_code or LA Number, or one code a line)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            lines = services.lines_of_file(options["file"])
        except (FileRejected, OSError) as exc:
            raise CommandError(f"The file cannot be read: {exc}") from exc
        existing = ComparatorGroup.objects.filter(name=options["name"]).first()
        saved = services.comparator_group_save(
            name=options["name"], lines=lines, group=existing
        )
        if saved.group is None:
            raise CommandError("Nothing saved:\n" + "\n".join(saved.errors))
        count = saved.group.members.count()
        self.stdout.write(f"Saved {saved.group.name} ({count} authorities)")
