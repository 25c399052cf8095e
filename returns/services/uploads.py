"""A benchmark file waiting at step two of its upload.

A benchmark file is read once, at upload, within the bounds of
`imports.benchmark_choices` (a CSV only; at most 200 columns; the first
200,000 rows); what step two offers is kept beside the file as JSON, so the
page never reads the file again, however often it is shown. Files left at
step two are removed by `indicators.services.uploads_clean`."""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indicators import files, imports
from indicators.services.uploads import pending_dir

TOKEN = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True)
class PendingUpload:
    """A benchmark file between step one and step two of its upload."""

    token: str
    filename: str
    path: Path
    choices: imports.BenchmarkChoices


def pending_upload_save(*, file: Any, filename: str) -> PendingUpload:
    """Keep an uploaded benchmark file for step two, and read once what step
    two offers. A file that cannot be offered (a workbook, too wide, not an
    EES file, ...) is removed again and `FileRejected` says why."""
    token = secrets.token_hex(16)
    folder = pending_dir()
    path = folder / f"{token}.csv"
    with open(path, "wb") as out:
        for chunk in file.chunks():
            out.write(chunk)
    try:
        choices = imports.benchmark_choices(path)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    name = files.safe_filename(filename)
    (folder / f"{token}.json").write_text(
        json.dumps({"filename": name, "choices": choices.as_dict()}),
        encoding="utf-8",
    )
    return PendingUpload(token, name, path, choices)


def pending_upload_get(token: object) -> PendingUpload | None:
    """The pending upload a token names, or None when there is none (never
    uploaded, already imported, or removed after its retention)."""
    if not isinstance(token, str) or not TOKEN.fullmatch(token):
        return None
    folder = pending_dir()
    path, about = folder / f"{token}.csv", folder / f"{token}.json"
    try:
        data = json.loads(about.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not path.exists():
        return None
    return PendingUpload(
        token,
        str(data["filename"]),
        path,
        imports.BenchmarkChoices.from_dict(data["choices"]),
    )


def pending_upload_take(token: str) -> PendingUpload | None:
    """Claim a pending upload for its import: the file is renamed, which
    only one of two requests at once can do, so a double click makes one
    job, and the other request finds nothing to take (None)."""
    pending = pending_upload_get(token)
    if pending is None:
        return None
    taken = pending.path.with_name(f"{token}.{secrets.token_hex(4)}.taken")
    try:
        pending.path.rename(taken)
    except FileNotFoundError:
        return None
    return PendingUpload(pending.token, pending.filename, taken, pending.choices)


def pending_upload_release(pending: PendingUpload) -> None:
    """Give a taken upload back (its import was not created)."""
    pending.path.rename(pending.path.with_name(f"{pending.token}.csv"))


def pending_upload_discard(pending: PendingUpload) -> None:
    """Remove an upload once its import job holds its own copy."""
    pending.path.unlink(missing_ok=True)
    (pending.path.parent / f"{pending.token}.json").unlink(missing_ok=True)
