"""An uploaded file's name, made safe to store and show."""

from __future__ import annotations

import unicodedata
from pathlib import PurePosixPath

# --- File names ----------------------------------------------------------------------

# Control (Cc), format (Cf: the bidi overrides and isolates U+202A-202E and
# U+2066-2069, marks, zero-width characters), surrogate, private-use and
# unassigned characters, and line or paragraph separators.
UNSAFE_IN_NAMES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def safe_filename(name: str, limit: int = 255) -> str:
    """An uploaded file's name as it may be stored and shown: its last path
    part, without the characters that can disguise it (a right-to-left
    override makes "invoice<RLO>xcs.exe" show as "invoiceexe.scx") or break
    a line, spaces collapsed."""
    base = PurePosixPath(str(name).replace("\\", "/")).name
    kept = "".join(ch for ch in base if unicodedata.category(ch) not in UNSAFE_IN_NAMES)
    return " ".join(kept.split())[:limit] or "upload"
