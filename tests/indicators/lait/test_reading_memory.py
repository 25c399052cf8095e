"""Reading LAIT's file (both passes an import makes: each measure's years,
then every row) takes about the same memory for an eighth of the file and
for all of it: peak RSS in a fresh process for each (bench/lait_memory.py
measures the whole import the same way; bench/README.md has the figures)."""

from __future__ import annotations

import subprocess
import sys

from tests.indicators.lait.slices import real_table, write_slice
from tests.indicators.lait.support import DATA, ROOT

# The peak is the process's VmHWM: getrusage's would be this test's own, as
# Linux keeps a parent's peak in a child across fork and exec.
READ = """
import re, sys
from indicators.lait import data
years = data.measure_years(sys.argv[1])
rows = sum(len(batch) for batch in data.iter_lait_batches(sys.argv[1]))
status = open("/proc/self/status").read()
print(rows, int(re.search(r"VmHWM:\\s+(\\d+)", status).group(1)) // 1024)
"""


def peak_reading(path) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """(rows, peak MiB) of reading `path` in a fresh process."""
    out = subprocess.run(
        [sys.executable, "-c", READ, str(path)],
        check=True, capture_output=True, text=True, cwd=ROOT,
    ).stdout.split()  # fmt: skip
    return int(out[0]), int(out[1])


def test_reading_an_eighth_or_the_whole_file_peaks_alike(tmp_path):
    measures = list(dict.fromkeys(real_table()["Short Desc"].to_pylist()))
    eighth = write_slice(tmp_path / "eighth.parquet", measures[: len(measures) // 8])
    rows_eighth, small = peak_reading(eighth)
    rows_whole, whole = peak_reading(DATA)
    assert rows_whole == 641_070 and rows_whole > 7 * rows_eighth
    # Before reading was decoded on one thread with the pool released after
    # each batch, the whole file peaked 29 MiB above the eighth (163 -> 192 MiB); now 1.
    assert whole - small <= 10, (small, whole)
