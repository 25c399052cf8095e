"""The dashboard's one departure from its libraries: filtering and sorting
the rows it keeps (`selectors.kept`) in Python, beside django-filter and
django-tables2, because the libraries' own paths were measured slower.

- Filtering: django-filter's `FilterSet.qs` is a query, and a filtered page
  must then build its rows from SQL. `filter_rows` applies the same
  exact-match filters to the kept rows instead.
- Sorting: django-tables2 orders a query (again a query, and rows built from
  it) or a list by comparing accessors pair by pair. `KeptOrderData` sorts
  with each accessor resolved once per row, and keeps each ordering (as
  primary keys, in Django's cache) until the data version moves.

The figures, median ms in one process at S (50 indicators) and M (400) of
`make bench`, from `python -m bench.dashboard_paths`, are in bench/README.md
("The dashboard's libraries and its kept paths"). Tests hold these paths to
the libraries' answers: `filter_rows` against `FilterSet.qs` for every
combination of choices (tests/indicators/test_dashboard.py), each kept
ordering against django-tables2's own for every column both ways
(tests/indicators/test_dashboard_sorting.py)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial, total_ordering
from typing import Any

from django.db import models
from django_tables2.data import TableListData
from django_tables2.utils import Accessor, OrderBy, OrderByTuple

from indicators.models import Observation


def filter_rows(filterset: Any, rows: list[Observation]) -> list[Observation] | None:
    """`filterset`'s filters applied to rows already loaded (the dashboard's
    kept rows), so that a filtered dashboard needs no query of its own.
    Each filter here is an exact match on a path through the row; None if a
    filter is not (the caller then runs django-filter's query). Call after
    `filterset.is_valid()`."""
    wanted = []
    tests: list[Callable[[Observation], bool]] = []
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, ""):
            continue
        spec = filterset.filters[name]
        if hasattr(spec, "row_matches"):  # a filter that can test a row itself
            tests.append(partial(spec.row_matches, value=value))
            continue
        if spec.lookup_expr != "exact" or spec.exclude or spec.method:
            return None
        # django-filter's field_name defaults to the filter's name.
        wanted.append(((spec.field_name or name).split("__"), value))
    if not wanted and not tests:
        return list(rows)

    def found(row: Observation, path: list[str]) -> object:
        value: object = row
        for part in path:
            value = getattr(value, part, None)  # a missing rating reads None
            if value is None:
                return None
        return value

    def matches(actual: object, value: object) -> bool:
        if isinstance(value, models.Model):
            return actual == value
        return actual is not None and str(actual) == str(value)

    return [
        row
        for row in rows
        if all(matches(found(row, path), value) for path, value in wanted)
        and all(test(row) for test in tests)
    ]


class KeptOrderData(TableListData):
    """A list of model rows whose orderings are remembered: each is worked
    out once (`sorted_once`) and kept as the rows' primary keys.
    `keep(key, compute)` returns the kept ordering or computes it."""

    data: list[Any]  # TableListData's rows (django-tables2 ships no types)

    def __init__(
        self,
        data: list[Any],
        keep: Callable[..., list[Any]],
        universe: list[Any] | None = None,
    ) -> None:
        """`data` is `universe` (by default, all of it) or some of its rows:
        orderings are worked out and kept for the universe, and `data` takes
        its rows in that order."""
        super().__init__(data)
        self.keep = keep
        self.universe = data if universe is None else universe

    def order_by(self, aliases: Any) -> None:
        def compute() -> list[Any]:
            ordered = sorted_once(self.universe, self.accessors(aliases))
            return [row.pk for row in ordered]

        # Keyed by the table too: the export's columns share names with the
        # page's ("period") but not always their accessors.
        key = (type(self.table).__name__, *(str(a) for a in aliases))
        by_pk = {row.pk: row for row in self.data}
        rows = [by_pk[pk] for pk in self.keep(key, compute) if pk in by_pk]
        if len(rows) != len(by_pk):  # kept for other rows: never drop one
            rows = [by_pk[pk] for pk in compute() if pk in by_pk]
        self.data = rows

    def accessors(self, aliases: Any) -> OrderByTuple:
        """The accessors django-tables2's `TableListData.order_by` sorts by."""
        accessors: list[Any] = []
        for alias in aliases:
            column = self.table.columns[OrderBy(alias).bare]
            if alias[0] != column.order_by_alias[0]:
                accessors += column.order_by.opposite
            else:
                accessors += column.order_by
        return OrderByTuple(accessors)


def sorted_once(rows: list[Any], order: OrderByTuple) -> list[Any]:
    """`rows` sorted as django-tables2 sorts a list (`OrderByTuple.key`), with
    each accessor resolved once per row rather than at every comparison: the
    same order, in a fraction of the time (bench/README.md)."""
    accessors = [Accessor(o.bare) for o in order]
    reversing = [o.is_descending for o in order]

    @total_ordering
    class Key:
        __slots__ = ("values",)

        def __init__(self, row: Any) -> None:
            self.values = [a.resolve(row, quiet=True) for a in accessors]

        def __eq__(self, other: object) -> bool:
            return isinstance(other, Key) and self.values == other.values

        def __lt__(self, other: Key) -> bool:
            for a, b, descending in zip(
                self.values, other.values, reversing, strict=True
            ):
                if a == b:
                    continue
                if descending:
                    a, b = b, a
                try:
                    return a < b
                except TypeError:  # None against a value, as django-tables2 does
                    if bool(a) is not bool(b):
                        return bool(a) < bool(b)
                    a_type, b_type = type(a), type(b)
                    return (repr(a_type), id(a_type)) < (repr(b_type), id(b_type))
            return False

    return sorted(rows, key=Key)
