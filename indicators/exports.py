"""Safe spreadsheet exports: text that a spreadsheet would run as a formula
is neutralised, characters a workbook cannot hold are taken out; numbers
stay numbers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django_tables2.export import TableExport
from tablib import Dataset

from indicators.text import clean_text

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\x00")


def neutralise(value: Any) -> Any:
    """Text cleaned of the characters a workbook refuses (clean_text), then
    prefixed with a single quote if it starts like a formula (OWASP's
    CSV-injection advice). Numbers, dates and None pass unchanged. Safe to
    apply twice."""
    if not isinstance(value, str):
        return value
    value = clean_text(value)
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeTableExport(TableExport):
    """django-tables2's export with every text cell and heading passed
    through `neutralise`, whatever the table's columns do: a row stored
    before text was cleaned on input (a control character openpyxl refuses)
    still exports, and no cell can start a formula. Every table page's
    ExportMixin sets `export_class = SafeTableExport`."""

    def table_to_dataset(
        self,
        table: Any,
        exclude_columns: Any,
        dataset_kwargs: dict[str, Any] | None = None,
    ) -> Dataset:
        try:
            title = table.Meta.model._meta.verbose_name_plural.title()
        except AttributeError:
            title = "Export Data"
        dataset = Dataset(**{"title": title, **(dataset_kwargs or {})})
        for i, row in enumerate(table.as_values(exclude_columns=exclude_columns)):
            cells = [neutralise(cell) for cell in row]
            if i == 0:
                dataset.headers = cells
            else:
                dataset.append(cells)
        return dataset


def export_number(value: Decimal | None) -> Decimal | None:
    """A figure exactly as stored, without trailing zeros of the column type."""
    if value is None:
        return None
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral() else normal
