"""Reading DfE's LAIT files (indicators/lait/), tested on the real files.

`data/lait/` holds DfE's files unchanged. The data file is read once per
module (`survey`), and each test takes its examples from what that scan
found: every year format and symbol that occurs in the file, the aggregates,
the predecessor authorities. The counts asserted here are the issue's, made
from the files by hand; the dictionary is also read with the stdlib `csv`
module as an independent oracle.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook

from indicators import lait
from indicators.imports import FileRejected
from indicators.lait import LaitRow
from tests.indicators.lait.support import DATA, sample_rows

# --- Reading the data file -----------------------------------------------------------


def test_the_parquet_file_is_read_whole_in_bounded_batches(survey):
    assert survey.rows == 641_070 == lait.lait_row_count(DATA)
    assert max(survey.batch_sizes) <= lait.BATCH_SIZE
    assert len(survey.batch_sizes) == 20  # one per row group
    assert survey.numbers == [2, 641_071]  # the header is row 1


def test_a_smaller_batch_size_bounds_every_batch():
    batches = lait.iter_lait_batches(DATA, batch_size=1000)
    first = [next(batches) for _ in range(40)]
    assert max(len(b) for b in first) == 1000
    assert next(batches)[0].number == sum(len(b) for b in first) + 2


def test_rows_are_the_files_cells(survey):
    """Against pyarrow's own reading of the same rows, around a row-group
    boundary (32,768)."""
    table = pq.read_table(DATA).slice(32_760, 16).to_pylist()
    rows: list[LaitRow] = []
    for batch in lait.iter_lait_batches(DATA, batch_size=8192):
        rows += [r for r in batch if 32_762 <= r.number < 32_778]
        if batch[-1].number >= 32_778:
            break
    for cells, row in zip(table, rows, strict=True):
        assert row.measure == cells["Short Desc"]
        assert row.data_item == (cells["Data item"] or "")
        assert row.years == cells["Years"]
        assert row.area == cells["LA and Regions"]
        assert row.value == cells["Values"]
        assert row.la_number == cells["LA Number"]
        assert isinstance(row.la_number, float)  # 855.0: la_number() reads it
        assert row.region == cells["Region"]


def test_data_item_is_empty_in_most_rows(survey):
    assert survey.data_item_empty == 591_770


def _write_csv(path: Path, rows: list[LaitRow]) -> None:
    """As DfE (pandas) writes the file as CSV: LA Number `855.0`, empty cells."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(lait.LAIT_COLUMNS)
        for r in rows:
            writer.writerow(
                [
                    r.measure,
                    r.data_item,
                    r.years,
                    r.area,
                    r.value,
                    repr(r.la_number),
                    r.region,
                ]
            )


def _same_rows(read: list[LaitRow], rows: list[LaitRow]) -> None:
    assert len(read) == len(rows)
    for got, want in zip(read, rows, strict=True):
        assert got._replace(number=0, la_number=0) == want._replace(
            number=0, la_number=0
        )
        assert lait.la_number(got.la_number) == lait.la_number(want.la_number)


def test_a_csv_of_the_same_columns_reads_the_same_rows(survey, tmp_path):
    rows = sample_rows(survey)
    path = tmp_path / "bds_long.csv"
    _write_csv(path, rows)
    batches = list(lait.iter_lait_batches(path, batch_size=25))
    assert max(len(b) for b in batches) == 25
    read = [r for b in batches for r in b]
    _same_rows(read, rows)
    assert [r.number for r in read] == list(range(2, len(rows) + 2))
    assert lait.lait_row_count(path) is None


def test_an_xlsx_of_the_same_columns_reads_the_same_rows(survey, tmp_path):
    rows = sample_rows(survey)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(lait.LAIT_COLUMNS))
    for r in rows:
        sheet.append(
            [
                r.measure,
                r.data_item or None,
                r.years,
                r.area,
                r.value,
                r.la_number,
                r.region,
            ]
        )
    path = tmp_path / "bds_long.xlsx"
    workbook.save(path)
    _same_rows(list(lait.iter_lait_rows(path)), rows)


def test_columns_are_found_by_name_in_any_order_and_case(survey, tmp_path):
    rows = sample_rows(survey)[:5]
    path = tmp_path / "reordered.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "region",
                "values",
                "LA NUMBER",
                "years",
                "la and regions",
                "data item",
                " Short Desc ",
            ]
        )
        for r in rows:
            writer.writerow(
                [
                    r.region,
                    r.value,
                    r.la_number,
                    r.years,
                    r.area,
                    r.data_item,
                    r.measure,
                ]
            )
    _same_rows(list(lait.iter_lait_rows(path)), rows)


def test_a_file_without_a_column_is_refused_by_name(survey, tmp_path):
    table = pq.read_table(DATA).slice(0, 10).drop_columns(["Years"])
    parquet = tmp_path / "no_years.parquet"
    pq.write_table(table, parquet)
    with pytest.raises(FileRejected, match="missing column Years"):
        next(lait.iter_lait_batches(parquet))
    text = tmp_path / "no_values.csv"
    text.write_text(
        "Short Desc,Data item,Years,LA and Regions,LA Number,Region\nRTA,,2014-16,Barnet,302,Outer London\n"
    )
    with pytest.raises(FileRejected, match="missing column Values"):
        next(lait.iter_lait_batches(text))


def test_a_broken_parquet_file_is_refused(tmp_path):
    path = tmp_path / "broken.parquet"
    path.write_bytes(lait.PARQUET_MAGIC + b"\x00" * 100)
    with pytest.raises(FileRejected, match="Parquet file cannot be read"):
        next(lait.iter_lait_batches(path))


def test_each_measures_years_are_collected_from_two_columns(survey, tmp_path):
    assert lait.measure_years(DATA) == survey.years
    rows = sample_rows(survey)
    path = tmp_path / "slice.csv"
    _write_csv(path, rows)
    expected: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        expected[r.measure].add(r.years)
    assert lait.measure_years(path) == expected
