"""The readers' bounds (indicators/files/): a hostile workbook is refused
before python-calamine sees it, whatever its dimension says; a CSV too wide
or too long in a row is refused as it streams, in bounded memory; stored
file names lose the characters that disguise them.

These tests read the hostile files in this very process: had calamine been
handed one, the test run itself would abort (a Rust allocation failure is
SIGABRT), so each test passing is also the proof that it was not."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from openpyxl import Workbook

from indicators import files
from indicators.files import xlsx
from tests.hostile import far_cell_workbook, sheet_xml, workbook_bytes


@pytest.fixture(autouse=True)
def _forget_scans():  # type: ignore[no-untyped-def]
    xlsx._extent_cache.clear()
    yield
    xlsx._extent_cache.clear()


def write(tmp_path: Path, content: bytes, name: str = "return.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def refusal(path: Path) -> str:
    with pytest.raises(files.FileRejected) as caught:
        files.read_table(path)
    if path.suffix == ".xlsx":
        with pytest.raises(files.FileRejected):
            files.expected_rows(path)  # the job's row count refuses it too
    return caught.value.error.reason


# --- Workbooks ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (far_cell_workbook(), "declares its last cell as XFD1048576"),
        (far_cell_workbook(dimension=None), "has a value in cell XFD1048576"),
        # A dimension that lies small does not help the far cell through.
        (far_cell_workbook(dimension="A1:C2"), "has a value in cell XFD1048576"),
        # About 2 GB in calamine: 300 columns by 200,000 rows.
        (far_cell_workbook("KN200000", dimension=None), "cell KN200000"),
        # Within the columns but past the cells: 50 x 100,000 = 5,000,000.
        (far_cell_workbook("AX100000", dimension=None), "5,000,000 cells"),
        # A namespace prefix on every element changes nothing.
        (
            workbook_bytes(sheet_xml([("A1", "a"), ("XFD1048576", "x")], prefix="x")),
            "cell XFD1048576",
        ),
        # A declared dimension alone is refused, even over small contents.
        (
            workbook_bytes(sheet_xml([("A1", "a")], dimension="A1:XFD1048576")),
            "declares its last cell as XFD1048576",
        ),
    ],
    ids=[
        "far-cell",
        "no-dimension",
        "lying-dimension",
        "two-gigabytes",
        "too-many-cells",
        "prefixed",
        "declared-only",
    ],
)
def test_a_workbook_reaching_too_far_is_refused_before_it_is_parsed(
    tmp_path, content, words
):
    reason = refusal(write(tmp_path, content))
    assert words in reason
    assert "Delete the rows and columns past your data" in reason


def test_cells_without_references_are_placed_as_calamine_places_them(tmp_path):
    """A cell may omit its reference: it then follows the previous one, so
    201 unreferenced cells in a row reach column GS."""
    cells = '<c t="inlineStr"><is><t>v</t></is></c>' * 201
    sheet = (
        '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main"><sheetData><row>{cells}</row></sheetData></worksheet>'
    )
    reason = refusal(write(tmp_path, workbook_bytes(sheet)))
    assert "cell GS1: that is column 201, and at most 200 columns" in reason


def test_every_sheet_is_checked_not_only_the_first(tmp_path):
    content = workbook_bytes(
        sheet_xml([("A1", "indicator_code")]),
        sheet_xml([("A1", "a"), ("XFD1048576", "x")]),
        names=("Return", "Hidden\u202eevil"),
    )
    reason = refusal(write(tmp_path, content))
    # The sheet's name is shown without its bidi override.
    assert "the sheet 'Hiddenevil' has a value in cell XFD1048576" in reason


def test_a_sheet_stored_anywhere_is_found_through_the_workbooks_links(tmp_path):
    content = workbook_bytes(
        sheet_xml([("A1", "a"), ("XFD1048576", "x")]), targets=("../elsewhere.xml",)
    )
    assert "XFD1048576" in refusal(write(tmp_path, content))


def test_a_sheet_that_is_not_well_formed_is_searched_byte_by_byte(tmp_path):
    """A lenient parser may read on past a broken tag; the check does not
    stop there either."""
    sheet = sheet_xml([("A1", "indicator_code")]).replace(
        "</sheetData>",
        '<row r="2"><c r="A2"><v>1</x></c></row>'
        '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>',
    )
    reason = refusal(write(tmp_path, workbook_bytes(sheet)))
    assert "has a cell at XFD1048576" in reason


def test_a_picture_in_the_workbook_is_not_mistaken_for_a_sheet(tmp_path):
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
    content = workbook_bytes(
        sheet_xml([("A1", "indicator_code"), ("A2", "assess")]),
        extra={"xl/media/image1.png": png},
    )
    header, rows = files.read_table(write(tmp_path, content))
    assert header == ["indicator_code"] and list(rows) == [["assess"]]


@pytest.mark.parametrize(
    "declaration",
    [
        '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">]>',
        '<!DOCTYPE worksheet SYSTEM "http://example.invalid/x.dtd">',
        "<!DOCTYPE worksheet>",  # no entities, but a workbook needs no DTD
    ],
    ids=["entity", "external-dtd", "bare-dtd"],
)
def test_a_sheet_declaring_a_document_type_is_refused(tmp_path, declaration):
    sheet = sheet_xml([("A1", "a")]).replace("?>", "?>" + declaration, 1)
    reason = refusal(write(tmp_path, workbook_bytes(sheet)))
    assert "declares a document type or entities" in reason


def test_an_empty_styled_cell_far_away_takes_no_room(tmp_path):
    """Calamine places only cells with a value; a styled blank cell, as Excel
    writes for a bordered table, is not refused."""
    sheet = sheet_xml(RETURN := [("A1", "indicator_code"), ("A2", "assess")])
    sheet = sheet.replace(
        "</sheetData>", '<row r="900000"><c r="ZZ900000" s="1"/></row></sheetData>'
    )
    path = write(tmp_path, workbook_bytes(sheet))
    header, rows = files.read_table(path)
    assert header == ["indicator_code"]
    assert [r[0] for r in rows] == [RETURN[1][1]]
    assert files.expected_rows(path) == 1


def test_an_ordinary_workbook_is_read_and_counted_without_building_a_range(tmp_path):
    book = Workbook()
    book.active.append(["indicator_code", "period", "value"])
    for n in range(40):
        book.active.append(["assess", f"2025/26 Q{n % 4 + 1}", n])
    path = tmp_path / "return.xlsx"
    book.save(path)
    assert files.xlsx_extent(path) == files.SheetExtent(rows=41, columns=3)
    assert files.expected_rows(path) == 40
    header, rows = files.read_table(path)
    assert header == ["indicator_code", "period", "value"]
    assert len(list(rows)) == 40


# --- CSV ---------------------------------------------------------------------------


def test_a_csv_wider_than_the_column_limit_is_refused_with_its_width(tmp_path):
    path = write(tmp_path, ",".join(f"c{n}" for n in range(250)).encode(), "x.csv")
    reason = refusal(path)
    assert reason == (
        "the header has 250 columns: at most 200 can be read. Remove the "
        "columns you do not need and upload the file again"
    )


def test_empty_cells_past_the_column_limit_are_dropped_not_refused(tmp_path):
    """A spreadsheet's CSV export can trail hundreds of empty cells."""
    content = "indicator_code,period,value" + "," * 400 + "\nassess,2025/26 Q1,5\n"
    header, rows = files.read_table(write(tmp_path, content.encode(), "x.csv"))
    assert len(header) == files.MAX_COLUMNS
    assert header[:3] == ["indicator_code", "period", "value"]
    assert list(rows) == [["assess", "2025/26 Q1", "5"]]


def test_a_one_row_csv_of_millions_of_fields_is_refused_in_bounded_memory(
    tmp_path,
):
    """The finding: a 19 MB one-row CSV of 6.6 million fields added 400 MB.
    Now the row is refused once it passes MAX_ROW_CHARS, having held at most
    that much of it."""
    path = write(tmp_path, b"a," * 6_600_000 + b"a\n", "x.csv")
    tracemalloc.start()
    try:
        with pytest.raises(files.FileRejected) as caught:
            files.read_table(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert caught.value.error.reason.startswith(
        "row 1 is longer than 262,144 characters"
    )
    assert peak < 40 * 1024 * 1024, f"{peak / 1_048_576:.0f} MB"


def test_a_row_made_long_by_line_breaks_inside_quotes_is_refused(tmp_path):
    """Each line is short and each cell within the field limit, but the row
    they make goes on: it is refused once it passes MAX_ROW_CHARS."""
    quoted = '"' + "x\n" * 50_000 + '"'
    content = f"a,b,c,d\nassess,{quoted},{quoted},{quoted}\n".encode()
    header, rows = files.read_table(write(tmp_path, content, "x.csv"))
    with pytest.raises(files.FileRejected) as caught:
        list(rows)
    assert caught.value.error.reason.startswith(
        "row 2 is longer than 262,144 characters"
    )
    assert caught.value.error.row == 2


def test_a_cell_past_the_field_limit_names_its_row(tmp_path):
    content = b"indicator_code,commentary\nassess,ok\nassess," + b"y" * 140_000 + b"\n"
    path = write(tmp_path, content, "x.csv")
    header, rows = files.read_table(path)
    with pytest.raises(files.FileRejected) as caught:
        list(rows)
    assert caught.value.error.reason == (
        "the file is not a readable CSV: field larger than field limit in row 3: "
        "a cell may hold at most 131,072 characters"
    )
    assert caught.value.error.row == 3


# --- File names ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("return\u202excsl.exe", "returnxcsl.exe"),  # shows as "returnexe.lscx"
        ("figures\u2066\u2069 Q2.csv", "figures Q2.csv"),
        ("line\nbreak\r\t.csv", "linebreak.csv"),
        ("C:\\Users\\me\\return.csv", "return.csv"),
        ("../../etc/passwd", "passwd"),
        ("zero\u200bwidth\u00ad.csv", "zerowidth.csv"),
        ("\u202e\u200f", "upload"),
        ("Q2 return (final).xlsx", "Q2 return (final).xlsx"),
        ("Répertoire £.csv", "Répertoire £.csv"),
    ],
)
def test_stored_file_names_keep_no_control_or_bidi_characters(given, kept):
    assert files.safe_filename(given) == kept
