"""Property-based tests of the quarterly return parser: every row is accepted
with exactly the value written or reported as a row error, and a file is
refused only for a reason it really has."""

from __future__ import annotations

import pytest
from hypothesis import given

from indicators import imports
from returns import imports as return_imports
from tests.trust.parser_strategies import (
    PROPERTY,
    check_outcome,
    write_csv,
)
from tests.trust.return_strategies import (
    LOOKUP,
    _return_row_fields,
    expect_return,
    return_files,
    return_table,
)


@PROPERTY
@given(return_files())
def test_returns_parse_to_row_errors_or_exact_values(tmp_path_factory, spec):
    order, header, rows, layout = spec
    path = tmp_path_factory.mktemp("returns") / "return.csv"
    table, longest = return_table(order, rows)
    write_csv(path, header, table, layout)
    expected = expect_return(rows)
    check_outcome(
        lambda: return_imports.validate_return(path, LOOKUP),
        expected,
        longest,
        _return_row_fields,
    )


def test_a_nul_byte_refuses_the_whole_return(tmp_path):
    path = tmp_path / "nul.csv"
    path.write_bytes(b"indicator_code,period,value\npct,2024/25 Q1,1\x002\n")
    with pytest.raises(imports.FileRejected, match="NUL"):
        return_imports.validate_return(path, LOOKUP)


@pytest.mark.parametrize(
    "raw",
    [
        b"",  # empty
        b"\xef\xbb\xbf",  # a BOM and nothing else
        b"indicator_code,period,value\r\n",  # a header and no rows
        b"indicator_code,period\npct,2024/25 Q1\n",  # no value column
        b"\xff\xfe" + "indicator_code,period,value".encode("utf-16-le"),  # UTF-16
        b'indicator_code,period,value\npct,"2024/25 Q1,1\n',  # an unclosed quote
        b"PK\x03\x04not really a zip",  # a workbook that is not one
        b"\xd0\xcf\x11\xe0legacy",  # an old binary .xls
    ],
)
def test_unreadable_returns_are_refused_with_a_reason(tmp_path, raw):
    path = tmp_path / "odd.csv"
    path.write_bytes(raw)
    try:
        result = return_imports.validate_return(path, LOOKUP)
    except imports.FileRejected as refused:
        assert refused.error.reason
    else:  # read as text after all: then every row is reported, none accepted
        assert not result.rows and result.errors
