"""A django-tables2 table's body rows written in one pass, as
`components/table.html` writes them, for a table of a few hundred rows.

The dashboard's themes are 250 rows for a committee following 250 measures,
rendered again each time the data version moves. Through django-tables2,
three quarters of that first request went on the rows: for every cell,
`inspect.signature` of its render method (to choose its arguments), the
column's attributes built afresh, and the template's loop around it
(`make bench`, bench/README.md). Here each column is looked at once: its
render method's arguments, its `<td>` attributes and whether its field has
choices; then each cell is its render method's result, escaped as the
template escapes it. The markup, whitespace included, is the template's
(tests/indicators/test_table_body.py holds the two together).

For columns as the dashboard's are: no links (`linkify`), no many-to-many
columns and no attributes computed per cell; a table with one of those is
refused (ValueError), not rendered differently."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django_tables2 import Table
from django_tables2.columns import BoundColumn, ManyToManyColumn
from django_tables2.utils import Accessor, signature

from indicators.templatetags.govuk import cell_attrs

SEPARATOR = Accessor.SEPARATOR

# components/table.html's {% block table.tbody %} loop, piece by piece.
_ROW_START = '\n                            <tr class="govuk-table__row">\n                                '
_CELL_START = "\n                                    "
_FIRST_CELL = '\n                                        <th scope="row" class="govuk-table__header">{}</th>\n                                    '
_CELL = "\n                                        <td {}>{}</td>\n                                    "
_CELL_END = "\n                                "
_ROW_END = "\n                            </tr>\n                        "
_EMPTY = (
    "\n                            "
    '\n                                <tr class="govuk-table__row">'
    '\n                                    <td class="govuk-table__cell" colspan="{}">{}</td>'
    "\n                                </tr>"
    "\n                            "
    "\n                        "
)


@dataclass(frozen=True)
class _Column:
    """What a column's cells share: found once per table, not per cell."""

    bound: BoundColumn
    bits: tuple[str, ...]  # the accessor's steps: "rating__rag" is two
    render: Callable[..., Any]
    wanted: tuple[str, ...] | None  # None: the render method takes **kwargs
    callable_: bool  # False: a wanted argument is never given (cell None)
    choices: bool
    td: str

    def cell(self, table: Table, row: Any) -> Any:
        """The cell's content, as `BoundRow.get_cell` gives it."""
        record = row.record
        if self.choices:
            penultimate = _resolve(record, self.bits[:-1])
            display = getattr(penultimate, f"get_{self.bits[-1]}_display", None)
            if isinstance(penultimate, models.Model) and display:
                value = display()
            else:
                value = _resolve(record, self.bits)
        else:
            value = _resolve(record, self.bits)
        if value in self.bound.column.empty_values:
            return self.bound.default
        given = {
            "value": value,
            "record": record,
            "column": self.bound.column,
            "bound_column": self.bound,
            "bound_row": row,
            "table": table,
        }
        if self.wanted is None:
            return self.render(**given)
        if not self.callable_:
            return None
        return self.render(**{name: given[name] for name in self.wanted})


def _column(table: Table, bound: BoundColumn, first: Any) -> _Column:
    column = bound.column
    if bound.link or isinstance(column, ManyToManyColumn):
        raise ValueError(f"column {bound.name}: links and many-to-many not written")
    attrs = {**dict(table.attrs), **dict(column.attrs)}
    if any(callable(v) for v in attrs.get("td", attrs.get("cell", {})).values()):
        raise ValueError(f"column {bound.name}: attributes computed per cell")
    args, catch_all = signature(bound.render)
    given = {"value", "record", "column", "bound_column", "bound_row", "table"}
    choices = False
    if first is not None:
        try:
            field = bound.accessor.get_field(first)
        except FieldDoesNotExist:
            field = None
        choices = bool(getattr(field, "choices", ()))
    return _Column(
        bound,
        tuple(bound.accessor.bits),
        bound.render,
        None if catch_all else args,
        all(a in given for a in args),
        choices,
        cell_attrs(bound.attrs["td"]),
    )


def _resolve(record: Any, bits: tuple[str, ...]) -> Any:
    """`accessor.resolve(record, quiet=True)` (None where a step fails), or
    its part `bits`, without its exceptions: on a model instance it tries
    `[step]` first, which raises (no model of ours defines `[]`), and a row
    has a few such steps in each of its cells. Anything but an attribute of
    a model instance that is not callable goes to `resolve` itself."""
    current = record
    for bit in bits:
        try:
            if not isinstance(current, models.Model):
                raise LookupError(bit)
            current = getattr(current, bit)
            if callable(current):
                raise LookupError(bit)
        except Exception:
            return Accessor(SEPARATOR.join(bits)).resolve(record, quiet=True)
        if current is None:
            break
    return current


def _text(content: Any) -> str:
    """`{{ cell }}`: escaped unless safe; a number or date as the template
    would localize it."""
    if isinstance(content, str):
        return conditional_escape(content)
    return render_value_in_context(content, Context(autoescape=True))


def body_rows(table: Table) -> SafeString:
    """The table's body rows (or its empty text) as the template's loop
    writes them, between `<tbody>` and `</tbody>`."""
    rows = list(table.paginated_rows)
    if not rows:
        if not table.empty_text:
            return mark_safe("\n                            \n                        ")
        return format_html(_EMPTY, len(table.columns), table.empty_text)
    columns = [_column(table, b, rows[0].record) for b in table.columns]
    out: list[str] = []
    for row in rows:
        out.append(_ROW_START)
        for n, column in enumerate(columns):
            text = _text(column.cell(table, row))
            out.append(_CELL_START)
            out.append(
                _FIRST_CELL.format(text) if n == 0 else _CELL.format(column.td, text)
            )
            out.append(_CELL_END)
        out.append(_ROW_END)
    return mark_safe("".join(out))  # noqa: S308 - every cell escaped by _text
