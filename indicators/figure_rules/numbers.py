"""Numbers as an officer types them and as a return writes them, kept to the
six decimal places they are stored with; and the rules' reasons as a page
says them."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from indicators import rating

STORED_PLACES = Decimal("0.000001")  # figures are stored to six decimal places
MAX_ABS_VALUE = rating.MAX_ABS_VALUE


# --- Numbers as typed and as written in a return ---------------------------------------

# The contract's format: ASCII digits, an optional sign and decimal point, and
# the exponent a spreadsheet writes for very small or large numbers (1E-05).
_RETURN_NUMBER = re.compile(
    r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,4})?"
)
_THOUSANDS = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")


class NumberError(ValueError):
    """Text that is not a number in the format asked for; the message says why."""


def parse_number(text: str | None, *, typed: bool = False) -> Decimal | None:
    """A figure from a return's cell, or (`typed`) from a box on a page.

    Empty is None. A return's cell holds the contract's format only: "15.2",
    "-3", "1E-05"; not "1,234" (a comma is a decimal point in much of
    Europe), not "45%" (write 45), and never digits of other scripts such as
    "١٢٣", which Python's Decimal would otherwise read as 123. A typed box
    also takes "1,234" and "45%", which mean one thing to an English
    council's officer, but still only the digits 0 to 9."""
    cleaned = (text or "").strip()
    if not cleaned:
        return None
    if typed:
        cleaned = cleaned.removesuffix("%").strip()
        if _THOUSANDS.fullmatch(cleaned):
            cleaned = cleaned.replace(",", "")
    if not _RETURN_NUMBER.fullmatch(cleaned):
        raise NumberError(_why_not_a_number(text or "", typed=typed))
    value = Decimal(cleaned)
    if not value.is_finite() or abs(value) >= MAX_ABS_VALUE:
        raise NumberError("is too large (1,000,000,000,000 or more)")
    return value.normalize() if value == value.to_integral() else value


def _why_not_a_number(text: str, *, typed: bool) -> str:
    shown = text.strip()
    shown = shown if len(shown) <= 40 else shown[:39] + "…"
    if any(ch.isdigit() and not "0" <= ch <= "9" for ch in shown):
        return f"'{shown}' is not a number: use the digits 0 to 9"
    if not typed and _THOUSANDS.fullmatch(shown.replace(" ", "")):
        return f"'{shown}' is not a number as a return writes it: leave out the thousands separators ({shown.replace(',', '')})"
    if not typed and shown.endswith("%"):
        return f"'{shown}' is not a number as a return writes it: write a percentage without the % sign ({shown.removesuffix('%').strip()})"
    return f"'{shown}' is not a number"


def stored(value: Decimal) -> Decimal:
    """A figure to at most the six decimal places it is stored with (half
    up); one with fewer places is left as it is."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= -6:
        return value
    return value.quantize(STORED_PLACES, rounding=ROUND_HALF_UP)


COLUMN_LABELS = {
    "value": "Value",
    "numerator": "Numerator",
    "denominator": "Denominator",
    "commentary": "Commentary",
}


def say(column: str, reason: str) -> str:
    """A rule's reason as a page says it, "Value must not be negative"; a
    return says it with its column instead ("row 3, column value: must not
    be negative")."""
    label = COLUMN_LABELS.get(column)
    return f"{label} {reason}" if label else reason[:1].upper() + reason[1:]
