"""The generator's own check on the CSV files the property tests write."""

from __future__ import annotations

import csv
import io

from tests.trust.parser_strategies import (
    csv_field,
)


def test_the_files_written_here_read_back_cell_for_cell_on_this_python():
    """The generator's own check: what write_csv writes, csv.reader (as the
    parser uses it) reads back unchanged, for the awkward cells."""
    cells = ["\r0", "0\r", "a\rb", "\r\n", "\n", 'say "hi"', "1,234", "", " x "]
    for line_end in ("\n", "\r\n"):
        for quote_all in (False, True):
            buffer = io.StringIO()
            for text in cells:
                buffer.write(csv_field(text, quote_all) + ",z" + line_end)
            rows = list(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
            assert rows == [[text, "z"] for text in cells], (line_end, quote_all)
