"""Reading and parsing DfE's whole LAIT data file, timed (not part of make test).

    python -m bench.lait_read [DATA_FILE [DICTIONARY]] [--copies N] [--batch-size N]

Does what `import_lait` will do before it writes anything: reads the
dictionary, collects each measure's years (pass 1, two columns), reads them
per measure, then streams every row (pass 2) and reads its year, value and
area. Prints rows per second and the peak resident memory of the process.
`--copies N` first writes a Parquet file N times the size (into a temporary
folder), to show that memory stays flat as the file grows.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from indicators import lait
from indicators.rating import FigureError

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "lait" / "bds_long_0.parquet"
DICTIONARY = ROOT / "data" / "lait" / "lait_data_dictionary.csv"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def enlarged(path: Path, copies: int, folder: Path) -> Path:
    """The file written `copies` times over, row group by row group."""
    import pyarrow.parquet as pq

    source = pq.ParquetFile(path)
    target = folder / f"bds_long_x{copies}.parquet"
    with pq.ParquetWriter(target, source.schema_arrow) as writer:
        for _ in range(copies):
            for group in range(source.num_row_groups):
                writer.write_table(source.read_row_group(group))
    return target


def measure(data: Path, dictionary: Path, batch_size: int) -> dict[str, float]:
    started = time.perf_counter()
    measures = {m.short: m for m in lait.read_dictionary(dictionary)}
    dictionary_s = time.perf_counter() - started

    started = time.perf_counter()
    texts = lait.measure_years(data)
    years = {
        short: lait.parse_measure_years(
            found, measures[short].year_type if short in measures else None
        )
        for short, found in texts.items()
    }
    years_s = time.perf_counter() - started

    started = time.perf_counter()
    rows = figures = symbols = skipped = 0
    for batch in lait.iter_lait_batches(data, batch_size=batch_size):
        for row in batch:
            rows += 1
            year = years[row.measure].years.get(row.years)
            try:
                figure = lait.parse_lait_value(row.value)
                lait.lait_area(row.la_number, row.area)
            except (FigureError, lait.LaitAreaError):
                skipped += 1
                continue
            if year is None:  # a Years text that is not a year ('0')
                skipped += 1
            elif figure.symbol:
                symbols += 1
            else:
                figures += 1
    rows_s = time.perf_counter() - started
    return {
        "rows": rows,
        "figures": figures,
        "symbols": symbols,
        "skipped": skipped,
        "dictionary_s": dictionary_s,
        "years_pass_s": years_s,
        "rows_pass_s": rows_s,
        "rows_per_s": rows / rows_s,
        "total_s": dictionary_s + years_s + rows_s,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DATA)
    parser.add_argument("dictionary", nargs="?", type=Path, default=DICTIONARY)
    parser.add_argument("--copies", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=lait.BATCH_SIZE)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        data = args.data
        if args.copies > 1:
            data = enlarged(data, args.copies, Path(folder))
        before = peak_rss_mb()
        result = measure(data, args.dictionary, args.batch_size)
    print(f"file: {args.data.name} x{args.copies}, batch size {args.batch_size}")
    print(
        f"rows {result['rows']:,} (figures {result['figures']:,}, symbols "
        f"{result['symbols']:,}, skipped {result['skipped']:,})"
    )
    print(
        f"dictionary {result['dictionary_s']:.2f}s, years pass "
        f"{result['years_pass_s']:.2f}s, rows pass {result['rows_pass_s']:.2f}s, "
        f"total {result['total_s']:.2f}s"
    )
    print(f"rows/s {result['rows_per_s']:,.0f}")
    print(
        f"peak RSS {peak_rss_mb():.0f} MB (after imports and any enlarging: "
        f"{before:.0f} MB)"
    )


if __name__ == "__main__":
    main()
