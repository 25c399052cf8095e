"""How every figure is stored: twenty digits, six of them decimal places."""

from __future__ import annotations

DECIMAL = {"max_digits": 20, "decimal_places": 6}
