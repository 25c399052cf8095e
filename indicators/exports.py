"""Safe spreadsheet exports: text that a spreadsheet would run as a formula
is neutralised; numbers stay numbers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\x00")


def neutralise(value: Any) -> Any:
    """Prefix text cells that start like a formula with a single quote (OWASP's
    CSV-injection advice). Numbers, dates and None pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def export_number(value: Decimal | None) -> Decimal | None:
    """A figure exactly as stored, without trailing zeros of the column type."""
    if value is None:
        return None
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral() else normal
