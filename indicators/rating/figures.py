"""Figures and suppression: a cell read as a value or a symbol, never zero
for a symbol."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

SUPPRESSION_SYMBOLS = ("c", "x", "z", "low", "k", "u", ":", "..", "-")


@dataclass(frozen=True, slots=True)
class Figure:
    """A published figure: a value, or a suppression symbol ('' when neither)."""

    value: Decimal | None
    symbol: str = ""

    @property
    def available(self) -> bool:
        return self.value is not None


class FigureError(ValueError):
    """Text that is neither a number nor a known suppression symbol."""


_NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
# Most cells of a national file: at most 12 digits before the point, so below
# MAX_ABS_VALUE, with nothing to clean. Read at once (a fifth of an import's
# validation went on the general path).
_PLAIN_RE = re.compile(r"-?\d{1,12}(?:\.\d+)?")
MAX_ABS_VALUE = Decimal("1e12")


def parse_figure(text: object) -> Figure:
    """Read a cell as a figure.

    Empty is not available (no symbol); a suppression symbol is kept as its
    symbol, never as zero; thousands separators and a trailing percent sign are
    tolerated. NaN, infinities and anything else raise FigureError.
    """
    if type(text) is str and _PLAIN_RE.fullmatch(text):
        value = Decimal(text)
        return Figure(value.normalize() if value == value.to_integral() else value)
    if text is None:
        return Figure(None)
    if isinstance(text, bool):
        raise FigureError("is not a number")
    if isinstance(text, int | Decimal):
        return _checked(Decimal(text))
    if isinstance(text, float):
        if text != text or text in (float("inf"), float("-inf")):
            raise FigureError("is not a finite number")
        return _checked(Decimal(repr(text)))
    cleaned = str(text).strip().replace("\ufeff", "")
    if cleaned == "":
        return Figure(None)
    if cleaned.lower() in SUPPRESSION_SYMBOLS:
        return Figure(None, cleaned.lower())
    cleaned = cleaned.removesuffix("%").strip()
    if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", cleaned):
        cleaned = cleaned.replace(",", "")
    if not _NUMBER_RE.match(cleaned):
        raise FigureError(
            f"'{_shorten(str(text))}' is not a number or a suppression symbol"
        )
    try:
        return _checked(Decimal(cleaned))
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only decimals
        raise FigureError(f"'{_shorten(str(text))}' is not a number") from exc


def _checked(value: Decimal) -> Figure:
    if not value.is_finite():
        raise FigureError("is not a finite number")
    if abs(value) >= MAX_ABS_VALUE:
        raise FigureError("is too large (1,000,000,000,000 or more)")
    return Figure(value.normalize() if value == value.to_integral() else value)


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def percentage(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """numerator / denominator x 100, or None for a zero denominator."""
    if denominator == 0:
        return None
    return numerator * 100 / denominator
