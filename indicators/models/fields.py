"""How every figure is stored: twenty digits, six of them decimal places."""

from __future__ import annotations

from typing import TypedDict


class DecimalOptions(TypedDict):
    """Typed, so that `DecimalField(**DECIMAL)` is checked field by field."""

    max_digits: int
    decimal_places: int


DECIMAL: DecimalOptions = {"max_digits": 20, "decimal_places": 6}
