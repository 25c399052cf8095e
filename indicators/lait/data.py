"""LAIT's data file (`bds_long_0.parquet`, or the same seven columns as CSV
or as the first sheet of an XLSX workbook), read in bounded batches."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from indicators.files import FileRejected, normalise_header, read_table

if TYPE_CHECKING:  # pyarrow is imported when a Parquet file is read, not before:
    # it adds about 40 MB to a process, which a web worker need not carry.
    import pyarrow as pa
    import pyarrow.parquet as pq


# --- The data file ---------------------------------------------------------------

LAIT_COLUMNS = (
    "Short Desc",
    "Data item",
    "Years",
    "LA and Regions",
    "Values",
    "LA Number",
    "Region",
)
BATCH_SIZE = 32_768  # the row-group size DfE's Parquet file is written with
PARQUET_MAGIC = b"PAR1"


class LaitRow(NamedTuple):
    """One row of the data file, as read: text stripped, empty cells ''.

    `la_number` is as the file holds it (855.0 from Parquet, '855.0' or '855'
    from CSV): `la_number()` reads it. `number` counts the header as row 1, as
    `imports.RowError` does.
    """

    number: int
    measure: str  # Short Desc, the dictionary's Measure_short
    data_item: str
    years: str
    area: str  # LA and Regions: the authority's or aggregate's name
    value: str
    la_number: str | float | int | None
    region: str


def iter_lait_batches(
    path: Path | str, *, batch_size: int = BATCH_SIZE
) -> Iterator[list[LaitRow]]:
    """The data file's rows in lists of at most `batch_size`, whatever its
    format (Parquet, CSV, or XLSX with the same columns; told by content, not
    by name). Raises `imports.FileRejected` when a column is missing or the
    file cannot be read."""
    path = Path(path)
    with open(path, "rb") as probe:
        head = probe.read(4)
    if head == PARQUET_MAGIC:
        yield from _parquet_batches(path, batch_size)
    else:
        yield from _table_batches(path, batch_size)


def iter_lait_rows(
    path: Path | str, *, batch_size: int = BATCH_SIZE
) -> Iterator[LaitRow]:
    """Every row of the data file, one at a time (see `iter_lait_batches`)."""
    for batch in iter_lait_batches(path, batch_size=batch_size):
        yield from batch


def lait_row_count(path: Path | str) -> int | None:
    """The number of data rows, from a Parquet file's footer; None for a CSV
    or XLSX file, whose rows are known only by reading them."""
    path = Path(path)
    with open(path, "rb") as probe:
        if probe.read(4) != PARQUET_MAGIC:
            return None
    return int(_parquet_file(path).metadata.num_rows)


def measure_years(path: Path | str) -> dict[str, set[str]]:
    """Each measure's set of `Years` texts: the first pass an import needs,
    because `YYYY-YY` is read per measure (`dash_reading`). Reads only those
    two columns of a Parquet file."""
    path = Path(path)
    years: dict[str, set[str]] = defaultdict(set)
    with open(path, "rb") as probe:
        parquet = probe.read(4) == PARQUET_MAGIC
    if parquet:
        import pyarrow as pa

        file = _parquet_file(path)
        names = _parquet_columns(file)
        wanted = [names[normalise_header(c)] for c in ("Short Desc", "Years")]
        for batch in _parquet_iter(file, wanted):
            # The batch's distinct pairs, found in Arrow: a few dozen Python
            # strings a batch rather than two for each of its rows.
            pairs = pa.Table.from_batches([batch]).group_by(wanted).aggregate([])
            measures, texts = (_text_column(pairs.column(i)) for i in (0, 1))
            for measure, text in zip(measures, texts, strict=True):
                years[measure].add(text)
    else:
        for row in iter_lait_rows(path):
            years[row.measure].add(row.years)
    return dict(years)


def _parquet_file(path: Path) -> pq.ParquetFile:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        return pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        raise FileRejected(f"the Parquet file cannot be read: {exc}") from None


def _parquet_iter(
    file: pq.ParquetFile, columns: list[str], batch_size: int = BATCH_SIZE
) -> Iterator[pa.RecordBatch]:
    """A Parquet file's batches of `columns`, row group by row group, decoded
    on this thread (pyarrow's thread pool keeps buffers of its own), and
    the memory pool's unused memory handed back after each batch: without
    both, the peak grew with the file (bench/README.md, LAIT)."""
    import pyarrow as pa

    pool = pa.default_memory_pool()
    for batch in file.iter_batches(
        batch_size=batch_size, columns=columns, use_threads=False
    ):
        yield batch
        del batch
        pool.release_unused()


def _parquet_columns(file: pq.ParquetFile) -> dict[str, str]:
    names = {normalise_header(name): name for name in file.schema_arrow.names}
    _require_columns(names)
    return names


def _require_columns(names: Iterable[str]) -> None:
    present = set(names)
    missing = [c for c in LAIT_COLUMNS if normalise_header(c) not in present]
    if missing:
        raise FileRejected(
            f"this is not a LAIT data file: missing column"
            f"{'s' if len(missing) > 1 else ''} {', '.join(missing)}",
            column=", ".join(missing),
        )


def _text_column(column: pa.Array) -> list[str]:
    """An Arrow column as stripped Python text, nulls as ''. Done in Arrow,
    not per cell in Python: a third of the reading time otherwise."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not pa.types.is_string(column.type) and not pa.types.is_large_string(
        column.type
    ):
        column = pc.cast(column, pa.string())
    cells: list[str] = pc.utf8_trim_whitespace(column.fill_null("")).to_pylist()
    return cells


def _parquet_batches(path: Path, batch_size: int) -> Iterator[list[LaitRow]]:
    import pyarrow as pa

    file = _parquet_file(path)
    names = _parquet_columns(file)
    columns = [names[normalise_header(c)] for c in LAIT_COLUMNS]
    la_at = LAIT_COLUMNS.index("LA Number")
    number = 2
    try:
        for batch in _parquet_iter(file, columns, batch_size):
            cells = [
                batch.column(i).to_pylist()
                if i == la_at
                else _text_column(batch.column(i))
                for i in range(len(LAIT_COLUMNS))
            ]
            size = batch.num_rows
            yield list(map(LaitRow, range(number, number + size), *cells))
            number += size
    except pa.ArrowException as exc:
        raise FileRejected(
            f"the Parquet file cannot be read: {exc}", row=number
        ) from None


def _table_batches(path: Path, batch_size: int) -> Iterator[list[LaitRow]]:
    header, rows = read_table(path)
    _require_columns(header)
    at = [header.index(normalise_header(c)) for c in LAIT_COLUMNS]
    width = max(at) + 1
    batch: list[LaitRow] = []
    for number, row in enumerate(rows, start=2):
        if len(row) < width:
            row = row + [""] * (width - len(row))
        batch.append(LaitRow(number, *(row[i].strip() for i in at)))
        if len(batch) >= batch_size:
            yield batch
            batch = []
    if batch:
        yield batch
