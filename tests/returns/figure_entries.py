"""Helpers for the figure-cycle tests: a figure entry by value or by counts."""

from __future__ import annotations

from decimal import Decimal

from returns import services as figures


def entry(indicator, value, commentary=""):  # type: ignore[no-untyped-def]
    return figures.FigureEntry(
        indicator=indicator, value=Decimal(value), commentary=commentary
    )


def counts(indicator, numerator, denominator, value=None, commentary=""):  # type: ignore[no-untyped-def]
    return figures.FigureEntry(
        indicator=indicator,
        value=None if value is None else Decimal(value),
        numerator=Decimal(numerator),
        denominator=Decimal(denominator),
        commentary=commentary,
    )
