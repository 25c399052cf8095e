"""The LAIT tests' fixtures: the data file is scanned once per module
(`survey`); the dictionary is also read with the stdlib `csv` module as an
independent oracle (`raw_dictionary`)."""

from __future__ import annotations

import csv

import pytest

from indicators import lait
from indicators.lait import LaitRow
from indicators.rating import FigureError
from tests.indicators.lait.support import (
    DATA,
    DICTIONARY,
    PREDECESSORS,
    Survey,
    _example_kind,
)


@pytest.fixture(scope="module")
def survey() -> Survey:
    found = Survey()
    first_of: dict[str, LaitRow] = {}
    for batch in lait.iter_lait_batches(DATA):
        found.batch_sizes.append(len(batch))
        for row in batch:
            found.rows += 1
            if found.rows == 1:
                found.numbers.append(row.number)
            found.years[row.measure].add(row.years)
            found.year_rows[row.years] += 1
            found.values.add(row.value)
            number = lait.la_number(row.la_number)
            found.areas[number].add((row.area, row.region))
            found.data_item_empty += row.data_item == ""
            first_of.setdefault(f"years {row.years}", row)
            first_of.setdefault(f"area {number}", row)
            try:
                figure = lait.parse_lait_value(row.value)
            except FigureError as exc:
                found.unreadable.append((row, str(exc)))
                continue
            if figure.symbol:
                found.symbols[row.value] += 1
                first_of.setdefault(f"symbol {row.value}", row)
            else:
                found.available[number] += 1
                found.year_available[row.years] += 1
                exponent = figure.value.as_tuple().exponent
                found.widest_places = max(found.widest_places, -exponent)
                found.negatives[row.measure] += figure.value < 0
                if number == "855":
                    found.leicestershire[row.measure, row.years] = figure.value
                kind = _example_kind(row.value, row.measure)
                if kind:
                    found.examples.setdefault(kind, row)
        found.numbers[1:] = [batch[-1].number]
    for key, row in [*first_of.items(), *found.examples.items()]:
        if (
            not key.startswith("area ")
            or int(key[5:]) >= 970
            or key[5:] in PREDECESSORS
        ):
            found.sample[row.number] = row
    return found


@pytest.fixture(scope="module")
def dictionary() -> list[lait.LaitMeasure]:
    return lait.read_dictionary(DICTIONARY)


@pytest.fixture(scope="module")
def by_short(dictionary) -> dict[str, lait.LaitMeasure]:  # type: ignore[no-untyped-def]
    return {m.short: m for m in dictionary}


@pytest.fixture(scope="module")
def raw_dictionary() -> list[dict[str, str]]:
    """The dictionary read by the stdlib alone: the independent oracle."""
    with open(DICTIONARY, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
