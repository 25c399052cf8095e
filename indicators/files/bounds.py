"""The bounds every reader keeps to. A file's size is not its cost: every
reader is bounded before it builds anything, and a file past a bound is
refused whole with a reason a person can act on."""

from __future__ import annotations

import csv

# --- Bounds -------------------------------------------------------------------------
# Chosen from what the contract's files need, with room to spare: a return has
# 7 columns, indicator definitions 14, DfE's neighbour model 24 and the widest
# EES file in the demo 32.
MAX_COLUMNS = 200
# Python's own default, stated: a commentary may hold 10,000 characters.
MAX_FIELD_CHARS = 131_072
# One cell at its longest and the rest of the row besides.
MAX_ROW_CHARS = 262_144
# Calamine allocates every cell of the range from A1 to the furthest cell with
# a value (measured: about 32 bytes a cell, 163 MB at peak for 5 million), so
# the bound is on cells: 4,194,304 is about 130 MB. That is a return of
# 7 columns and 599,186 rows, or a million rows of 4 columns (Excel's own
# limit is 1,048,576 rows); a return for 2,000 indicators over 13 quarters is
# 26,000 rows.
XLSX_MAX_CELLS = 4_194_304
XLSX_MAX_ROWS = 1_048_576
XLSX_MAX_UNCOMPRESSED = 100 * 1024 * 1024
XLSX_MAX_RATIO = 100
XLSX_MAX_ENTRIES = 1000

csv.field_size_limit(MAX_FIELD_CHARS)

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls or other OLE compound files
