"""Every way an import file can be bad, for every import command: the command
exits with status 1, names the row, the column and the reason, writes nothing,
and the import job records the rejection with its errors. Importing the same
valid file twice changes nothing."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from openpyxl import Workbook

from indicators.models import (
    Area,
    ImportJob,
    Indicator,
    Observation,
    Period,
    PeriodStatistics,
    Rating,
    StatisticalNeighbour,
    Target,
    Theme,
)
from tests.factories import AreaFactory, IndicatorFactory, ObservationFactory, period

pytestmark = pytest.mark.django_db

HOME = "E10000018"  # Leicestershire, LA number 855


# --- The world the files are imported into -----------------------------------------


@pytest.fixture(autouse=True)
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def world(home_area):  # type: ignore[no-untyped-def]
    """Authorities, indicators, a published figure, a target and neighbours,
    so that "nothing was written" also means "nothing was changed"."""
    leicester = AreaFactory(code="E06000016", la_number="856", name="Leicester")
    AreaFactory(code="E10000019", la_number="925", name="Lincolnshire")
    AreaFactory(code="E10000021", la_number="928", name="Northamptonshire")
    home_area.neighbour_links.create(neighbour=leicester, rank=1, closeness="Close")
    assess = IndicatorFactory(
        code="assess", name="Assessments in time", unit="percent",
        frequency="quarterly", year_type="financial",
    )  # fmt: skip
    IndicatorFactory(
        code="cpp", name="Second child protection plans", unit="percent",
        rag_method="quartile", frequency="annual", year_type="reporting",
    )  # fmt: skip
    IndicatorFactory(
        code="cla", name="Children looked after per 10,000", unit="rate",
        polarity="none", frequency="annual", year_type="reporting",
    )  # fmt: skip
    IndicatorFactory(
        code="cla-count", name="Number of children looked after", unit="number",
        polarity="none", rag_method="none", frequency="quarterly",
    )  # fmt: skip
    ObservationFactory(
        indicator=assess, area=home_area, period=period("2019/20 Q2"),
        value=Decimal("50"), status=Observation.Status.PUBLISHED,
    )  # fmt: skip
    assess.targets.create(period=period("2019/20 Q2"), value=Decimal("60"))


TRACKED = {
    "indicator": Indicator.objects,
    "indicator history": Indicator.history,
    "theme": Theme.objects,
    "area": Area.objects,
    "period": Period.objects,
    "observation": Observation.all_objects,
    "observation history": Observation.history,
    "neighbour": StatisticalNeighbour.objects,
    "target": Target.objects,
    "target history": Target.history,
    "rating": Rating.objects,
    "statistics": PeriodStatistics.objects,
}


def state(*, ignore: tuple[str, ...] = ()) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table an import writes, as values."""
    return {
        name: [
            {k: v for k, v in row.items() if k not in ignore}
            for row in manager.order_by("pk").values()
        ]
        for name, manager in TRACKED.items()
    }


def counts() -> dict[str, int]:
    return {name: manager.count() for name, manager in TRACKED.items()}


# --- Files -------------------------------------------------------------------------


def zipped(**parts: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name.replace("__", "/"), data)
    return buffer.getvalue()


def workbook(*rows: list[Any]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_text(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode()


# --- The four commands and their inputs --------------------------------------------

INDICATOR_HEADER = (
    "code,name,theme,unit,polarity,rag_method,tolerance,significance_threshold,"
    "frequency,decimals,source,description"
)
INDICATOR_OK = (
    "new-ind,New indicator,Children,percent,higher,target,2,0,quarterly,1,DfE,About it"
)
# A valid update of an existing indicator: it must not survive a rejection.
INDICATOR_UPDATE = "assess,Renamed,Other theme,percent,lower,target,3,0,quarterly,1,,"

RETURN_HEADER = "indicator_code,period,value,numerator,denominator,target,commentary"
RETURN_OK = "assess,2019/20 Q3,55,,,60,On track"

NEIGHBOUR_HEADER = "la_code,neighbour_code,rank"
NEIGHBOUR_OK = f"{HOME},E10000019,1"
WIDE_HEADER = "old_la_code,la_name,SN_1,SN_1P,SN_2,SN_2P"

BENCHMARK_HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,"
    "region_code,region_name,new_la_code,old_la_code,la_name,breakdown,rate,num,den"
)
ENGLAND_OK = "2025,Reporting year,National,E92000001,England,,,,,,Total,24.5,100,400"
HOME_OK = (
    "2025,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,"
    f"{HOME},855,Leicestershire,Total,24.8,153,618"
)
BENCHMARK_OPTIONS: dict[str, Any] = {
    "indicator": "cpp",
    "value_column": "rate",
    "numerator_column": "num",
    "denominator_column": "den",
    "filter": ["breakdown=Total"],
}


def la_row(
    code: str = "E10000019",
    *,
    period: str = "2025",
    rate: str = "20.1",
    num: str = "10",
    den: str = "50",
    number: str = "925",
    name: str = "Lincolnshire",
    region: str = "E12000004",
    region_name: str = "East Midlands",
    level: str = "Local authority",
) -> str:
    return (
        f"{period},Reporting year,{level},E92000001,England,{region},{region_name},"
        f"{code},{number},{name},Total,{rate},{num},{den}"
    )


COMMANDS = (
    "import_indicators",
    "import_neighbours",
    "import_returns",
    "import_benchmarks",
)
OPTIONS: dict[str, dict[str, Any]] = {
    "import_indicators": {},
    "import_neighbours": {},
    "import_returns": {},
    "import_benchmarks": BENCHMARK_OPTIONS,
}
VALID_FILE = {
    "import_indicators": csv_text(INDICATOR_HEADER, INDICATOR_OK),
    "import_neighbours": csv_text(NEIGHBOUR_HEADER, NEIGHBOUR_OK),
    "import_returns": csv_text(RETURN_HEADER, RETURN_OK),
    "import_benchmarks": csv_text(BENCHMARK_HEADER, ENGLAND_OK, HOME_OK),
}
# What each command reports for a text file without its columns.
MISSING_ALL = {
    "import_indicators": (
        "code, name, theme, unit, polarity, rag_method, tolerance, "
        "significance_threshold, frequency, decimals, source, description",
        "missing columns: code, name",
    ),
    "import_neighbours": (
        "la_code, neighbour_code, rank",
        "missing columns: la_code, neighbour_code, rank",
    ),
    "import_returns": (
        "indicator_code, period",
        "missing columns: indicator_code, period",
    ),
    "import_benchmarks": ("geographic_level", "missing column: geographic_level"),
}


# --- Running a command and checking a rejection ------------------------------------


@dataclass(frozen=True)
class Case:
    """A bad file and the error it must produce."""

    id: str
    content: bytes
    row: int
    column: str
    reason: str
    name: str = "input.csv"
    options: dict[str, Any] = field(default_factory=dict)


def write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / "in" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(content)
    return path


def run(command: str, path: Path, **options: Any) -> tuple[ImportJob, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(command, str(path), stdout=out, stderr=err, **options)
    return ImportJob.objects.latest("pk"), out.getvalue()


def assert_rejected(
    command: str,
    path: Path,
    *,
    row: int,
    column: str,
    reason: str,
    options: dict[str, Any],
) -> ImportJob:
    before, jobs = state(), ImportJob.objects.count()
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command(command, str(path), stdout=out, stderr=err, **options)
    # call_command raises what the shell turns into `exit 1`.
    assert caught.value.returncode == 1
    # Nothing was written or changed, not even a period or a theme.
    assert state() == before
    # The job row records the rejection and every error.
    assert ImportJob.objects.count() == jobs + 1
    job = ImportJob.objects.latest("pk")
    assert job.status == ImportJob.Status.REJECTED
    assert job.finished_at is not None
    assert job.counts == {}
    matching = [
        e
        for e in job.errors
        if e["row"] == row and e["column"] == column and reason in e["reason"]
    ]
    assert matching, job.errors
    # The command prints the row, the column and the reason.
    where = f"row {row}" + (f", column {column}" if column else "")
    lines = [line.strip() for line in err.getvalue().splitlines()]
    assert any(line.startswith(where) and reason in line for line in lines), (
        err.getvalue()
    )
    assert str(caught.value) == job.message
    assert job.message in err.getvalue()
    if len(job.errors) > 1 or job.rows_read:
        assert "nothing was written" in job.message
    return job


# --- Bad files every command refuses the same way ------------------------------------

GARBAGE = [
    Case("empty-file", b"", 1, "", "the file is empty"),
    Case("nul-bytes", b"\x00\x01\x02binary\x00garbage\xff" * 50, 1, "", "NUL bytes"),
    Case(
        "not-text",
        b"\x81\x8d\x8f\x90\x9d" * 20,
        1,
        "",
        "neither UTF-8 nor Windows-1252",
    ),
    Case(
        "legacy-xls",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512,
        1,
        "",
        "old Excel (.xls)",
        name="return.xls",
    ),
    Case(
        "truncated-zip",
        b"PK\x03\x04\x14\x00\x00\x00garbage",
        1,
        "",
        "looks like a workbook but cannot be opened",
        name="return.xlsx",
    ),
    Case(
        "zip-not-workbook",
        zipped(**{"notes.txt": b"hello", "data.csv": b"a,b\n1,2\n"}),
        1,
        "",
        "a zip archive but not an Excel workbook",
        name="return.xlsx",
    ),
    Case(
        "pretend-workbook",
        zipped(
            **{
                "[Content_Types].xml": b"<Types/>",
                "xl__workbook.xml": b"this is not xml at all",
            }
        ),
        1,
        "",
        "the workbook cannot be read",
        name="return.xlsx",
    ),
    Case(
        "macro-workbook",
        zipped(**{"xl__workbook.xml": b"<workbook/>", "xl__vbaProject.bin": b"\x00"}),
        1,
        "",
        "macro-enabled workbooks are refused",
        name="return.xlsm",
    ),
    Case(
        "zip-bomb",
        zipped(
            **{"xl__workbook.xml": b"<workbook/>", "xl__sheet.xml": b"0" * 3_000_000}
        ),
        1,
        "",
        "compressed suspiciously tightly",
        name="return.xlsx",
    ),
    Case(
        "empty-workbook",
        workbook(),
        1,
        "",
        "",  # calamine reports an empty first sheet as empty or as no rows
        name="return.xlsx",
    ),
]


@pytest.mark.parametrize("case", GARBAGE, ids=lambda c: c.id)
@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_refuses_garbage_and_writes_nothing(
    command: str, case: Case, tmp_path: Path
) -> None:
    path = write(tmp_path, case.name, case.content)
    job = assert_rejected(
        command,
        path,
        row=case.row,
        column=case.column,
        reason=case.reason,
        options=OPTIONS[command],
    )
    assert len(job.errors) == 1
    if case.id == "empty-workbook":
        assert job.errors[0]["reason"] in (
            "the first sheet is empty",
            "the file has a header but no rows",
        )


@pytest.mark.parametrize("command", COMMANDS)
def test_a_text_file_pretending_to_be_a_workbook_is_read_as_text_and_refused(
    command: str, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        "return.xlsx",
        b"Dear colleague,\r\nplease find the figures attached.\r\n",
    )
    column, reason = MISSING_ALL[command]
    assert_rejected(
        command, path, row=1, column=column, reason=reason, options=OPTIONS[command]
    )


def with_nul_cell(csv_content: bytes) -> bytes:
    """The file as a workbook whose first data cell spells a NUL character
    (`_x0000_`), which calamine reads back as one."""
    rows = [line.split(",") for line in csv_content.decode().splitlines()]
    rows[1][0] = "NULHERE"
    source = zipfile.ZipFile(io.BytesIO(workbook(*rows)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in source.infolist():
            archive.writestr(part, source.read(part).replace(b"NULHERE", b"_x0000_"))
    return buffer.getvalue()


@pytest.mark.parametrize("command", COMMANDS)
def test_a_workbook_cell_holding_a_nul_character_is_refused(
    command: str, tmp_path: Path
) -> None:
    path = write(tmp_path, "input.xlsx", with_nul_cell(VALID_FILE[command]))
    first_column = VALID_FILE[command].decode().split(",")[0]
    job = assert_rejected(
        command,
        path,
        row=2,
        column=first_column,
        reason="the cell contains a NUL character",
        options=OPTIONS[command],
    )
    assert len(job.errors) == 1


@pytest.mark.parametrize("command", COMMANDS)
def test_a_header_without_rows_is_refused(command: str, tmp_path: Path) -> None:
    header = VALID_FILE[command].decode().splitlines()[0]
    path = write(tmp_path, "input.csv", csv_text(header, "", ",,,"))
    assert_rejected(
        command,
        path,
        row=1,
        column="",
        reason="the file has a header but no rows",
        options=OPTIONS[command],
    )


@pytest.mark.parametrize("command", COMMANDS)
def test_the_shell_exit_status_is_1(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """From the command line a rejection is `exit 1`, with the reason on stderr."""
    from django.core.management import base

    # run_from_argv closes every connection when it ends: keep the test's open.
    monkeypatch.setattr(base.connections, "close_all", lambda: None)
    path = write(tmp_path, "input.csv", b"")
    argv = ["manage.py", command, str(path), "--skip-checks"]
    for key, value in OPTIONS[command].items():
        for item in value if isinstance(value, list) else [value]:
            argv += [f"--{key.replace('_', '-')}", item]
    before = counts()
    with pytest.raises(SystemExit) as caught:
        execute_from_command_line(argv)
    assert caught.value.code == 1
    err = capsys.readouterr().err
    assert "row 1: the file is empty" in err
    assert "CommandError: the file is empty" in err
    assert counts() == before
    assert ImportJob.objects.get().status == ImportJob.Status.REJECTED


# --- import_indicators -----------------------------------------------------------------


def indicator_file(*rows: str, header: str = INDICATOR_HEADER) -> bytes:
    return csv_text(header, INDICATOR_UPDATE, *rows)


def indicator_row(**changes: str) -> str:
    values = dict(
        zip(INDICATOR_HEADER.split(","), INDICATOR_OK.split(","), strict=True)
    )
    values.update(changes)
    return ",".join(values.values())


INDICATOR_CASES = [
    Case(
        "missing-column",
        csv_text(INDICATOR_HEADER.replace(",polarity", ""), "x"),
        1,
        "polarity",
        "missing column: polarity",
    ),
    Case(
        "missing-columns",
        csv_text("code,name,theme", "a,b,c"),
        1,
        "unit, polarity, rag_method, tolerance, significance_threshold, frequency, "
        "decimals, source, description",
        "missing columns: unit, polarity",
    ),
    Case(
        "bad-code",
        indicator_file(indicator_row(code="bad code!")),
        3,
        "code",
        "must be 1 to 60 letters, digits, hyphens or underscores",
    ),
    Case(
        "empty-code",
        indicator_file(indicator_row(code="")),
        3,
        "code",
        "must be 1 to 60 letters",
    ),
    Case(
        "long-code",
        indicator_file(indicator_row(code="x" * 61)),
        3,
        "code",
        "must be 1 to 60 letters",
    ),
    Case("no-name", indicator_file(indicator_row(name="")), 3, "name", "is required"),
    Case(
        "no-theme", indicator_file(indicator_row(theme="")), 3, "theme", "is required"
    ),
    Case(
        "long-name",
        indicator_file(indicator_row(name="n" * 301)),
        3,
        "name",
        "is longer than 300 characters",
    ),
    Case(
        "long-theme",
        indicator_file(indicator_row(theme="t" * 201)),
        3,
        "theme",
        "is longer than 200 characters",
    ),
    Case(
        "unknown-unit",
        indicator_file(indicator_row(unit="percentage")),
        3,
        "unit",
        "must be one of: percent, number, rate, score, days, currency",
    ),
    Case(
        "unknown-polarity",
        indicator_file(indicator_row(polarity="up")),
        3,
        "polarity",
        "must be one of: higher, lower, none",
    ),
    Case(
        "unknown-rag-method",
        indicator_file(indicator_row(rag_method="vibes")),
        3,
        "rag_method",
        "must be one of: target, quartile, manual, none",
    ),
    # The period of an indicator is its frequency and year type.
    Case(
        "bad-frequency",
        indicator_file(indicator_row(frequency="fortnightly")),
        3,
        "frequency",
        "must be one of: monthly, quarterly, annual",
    ),
    Case(
        "bad-year-type",
        csv_text(
            INDICATOR_HEADER + ",year_type,banded",
            INDICATOR_UPDATE + ",financial,yes",
            INDICATOR_OK + ",fiscal,yes",
        ),
        3,
        "year_type",
        "must be one of: financial, academic, calendar, reporting",
    ),
    Case(
        "bad-banded",
        csv_text(
            INDICATOR_HEADER + ",year_type,banded",
            INDICATOR_UPDATE + ",,",
            INDICATOR_OK + ",,maybe",
        ),
        3,
        "banded",
        "must be one of: yes, no",
    ),
    Case(
        "tolerance-not-a-number",
        indicator_file(indicator_row(tolerance="abc")),
        3,
        "tolerance",
        "'abc' is not a number or a suppression symbol",
    ),
    Case(
        "tolerance-nan",
        indicator_file(indicator_row(tolerance="NaN")),
        3,
        "tolerance",
        "is not a number",
    ),
    Case(
        "tolerance-suppressed",
        indicator_file(indicator_row(tolerance="c")),
        3,
        "tolerance",
        "must be a number (or empty for 0)",
    ),
    Case(
        "tolerance-negative",
        indicator_file(indicator_row(tolerance="-1")),
        3,
        "tolerance",
        "must not be negative",
    ),
    Case(
        "threshold-too-large",
        indicator_file(indicator_row(significance_threshold="1e13")),
        3,
        "significance_threshold",
        "is too large",
    ),
    Case(
        "decimals-not-a-number",
        indicator_file(indicator_row(decimals="two")),
        3,
        "decimals",
        "must be a whole number from 0 to 6",
    ),
    Case(
        "decimals-too-many",
        indicator_file(indicator_row(decimals="7")),
        3,
        "decimals",
        "must be a whole number from 0 to 6",
    ),
    Case(
        "decimals-superscript-digit",
        indicator_file(indicator_row(decimals="²")),
        3,
        "decimals",
        "must be a whole number from 0 to 6",
    ),
    Case(
        "duplicate-row",
        indicator_file(INDICATOR_OK, INDICATOR_OK),
        4,
        "code",
        "duplicate row: the same code as row 3",
    ),
    Case(
        "duplicate-of-first-row",
        indicator_file(INDICATOR_UPDATE),
        3,
        "code",
        "duplicate row: the same code as row 2",
    ),
]


@pytest.mark.parametrize("case", INDICATOR_CASES, ids=lambda c: c.id)
def test_import_indicators_rejects_bad_rows(case: Case, tmp_path: Path) -> None:
    path = write(tmp_path, case.name, case.content)
    assert_rejected(
        "import_indicators",
        path,
        row=case.row,
        column=case.column,
        reason=case.reason,
        options=case.options,
    )
    assert Indicator.objects.get(code="assess").name == "Assessments in time"


def test_import_indicators_reports_every_bad_row(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "input.csv",
        indicator_file(
            indicator_row(code="a", unit="pc", tolerance="x"),
            indicator_row(code="b"),
            indicator_row(code="c", decimals="9"),
        ),
    )
    job = assert_rejected(
        "import_indicators", path, row=3, column="unit", reason="must be one of",
        options={},
    )  # fmt: skip
    assert [(e["row"], e["column"]) for e in job.errors] == [
        (3, "unit"),
        (3, "tolerance"),
        (5, "decimals"),
    ]
    assert (job.rows_read, job.rows_valid) == (4, 2)
    assert job.message == "Rejected: 3 row errors; nothing was written."


# --- import_neighbours -----------------------------------------------------------------


def neighbour_file(*rows: str) -> bytes:
    return csv_text(NEIGHBOUR_HEADER, NEIGHBOUR_OK, *rows)


NEIGHBOUR_CASES = [
    Case(
        "missing-column",
        csv_text("la_code,neighbour_code", f"{HOME},E10000019"),
        1,
        "rank",
        "missing column: rank",
    ),
    Case(
        "wide-missing-area-column",
        csv_text("la_name,SN_1,SN_1P", "Leicestershire,925,Close"),
        1,
        "old_la_code",
        "missing column: old_la_code",
    ),
    Case(
        "unknown-area",
        neighbour_file("E99999999,E10000019,2"),
        3,
        "la_code",
        "unknown authority code or LA number",
    ),
    Case(
        "empty-area",
        neighbour_file(",E10000019,2"),
        3,
        "la_code",
        "unknown authority code or LA number",
    ),
    Case(
        "unknown-neighbour-number",
        neighbour_file(f"{HOME},999,2"),
        3,
        "neighbour_code",
        "unknown authority code or LA number",
    ),
    Case(
        "wide-unknown-neighbour",
        csv_text(WIDE_HEADER, "855,Leicestershire,925,Close,999,Close"),
        2,
        "SN_2",
        "unknown authority code or LA number",
    ),
    Case(
        "wide-unknown-area",
        csv_text(WIDE_HEADER, "999,Nowhere,925,Close,856,Close"),
        2,
        "old_la_code",
        "unknown authority code or LA number",
    ),
    Case(
        "own-neighbour",
        neighbour_file(f"{HOME},855,2"),
        3,
        "neighbour_code",
        "an authority cannot be its own neighbour",
    ),
    # A neighbour's "period" is its rank: a position from 1 to 50.
    Case(
        "rank-zero",
        neighbour_file(f"{HOME},E06000016,0"),
        3,
        "rank",
        "must be a whole number from 1 (closest) to 50",
    ),
    Case(
        "rank-too-large",
        neighbour_file(f"{HOME},E06000016,51"),
        3,
        "rank",
        "must be a whole number from 1 (closest) to 50",
    ),
    Case(
        "rank-not-a-number",
        neighbour_file(f"{HOME},E06000016,first"),
        3,
        "rank",
        "must be a whole number from 1 (closest) to 50",
    ),
    Case(
        "rank-fraction",
        neighbour_file(f"{HOME},E06000016,1.5"),
        3,
        "rank",
        "must be a whole number",
    ),
    Case(
        "rank-superscript-digit",
        neighbour_file(f"{HOME},E06000016,²"),
        3,
        "rank",
        "must be a whole number",
    ),
    Case(
        "rank-empty",
        neighbour_file(f"{HOME},E06000016,"),
        3,
        "rank",
        "must be a whole number",
    ),
    Case(
        "wide-closeness-too-long",
        csv_text(WIDE_HEADER, "855,Leicestershire,925," + "very " * 10 + ",856,Close"),
        2,
        "SN_1P",
        "is longer than 40 characters",
    ),
    Case(
        "duplicate-row",
        neighbour_file(NEIGHBOUR_OK),
        3,
        "neighbour_code",
        "duplicate neighbour: already given in row 2",
    ),
    Case(
        "duplicate-by-la-number",
        neighbour_file("855,925,2"),
        3,
        "neighbour_code",
        "duplicate neighbour: already given in row 2",
    ),
    Case(
        "duplicate-rank",
        neighbour_file(f"{HOME},E06000016,1"),
        3,
        "neighbour_code",
        "duplicate rank 1: already given in row 2",
    ),
    Case(
        "wide-duplicate-neighbour",
        csv_text(WIDE_HEADER, "855,Leicestershire,925,Close,E10000019,Close"),
        2,
        "SN_2",
        "duplicate neighbour: already given in row 2",
    ),
]


@pytest.mark.parametrize("case", NEIGHBOUR_CASES, ids=lambda c: c.id)
def test_import_neighbours_rejects_bad_rows(case: Case, tmp_path: Path) -> None:
    path = write(tmp_path, case.name, case.content)
    assert_rejected(
        "import_neighbours",
        path,
        row=case.row,
        column=case.column,
        reason=case.reason,
        options=case.options,
    )
    # The home authority keeps the neighbours it had.
    assert list(
        StatisticalNeighbour.objects.filter(area__code=HOME).values_list(
            "neighbour__code", "rank"
        )
    ) == [("E06000016", 1)]


# --- import_returns --------------------------------------------------------------------


def return_file(*rows: str, header: str = RETURN_HEADER) -> bytes:
    return csv_text(header, RETURN_OK, *rows)


RETURN_CASES = [
    Case(
        "missing-column",
        csv_text("indicator_code,value", "assess,55"),
        1,
        "period",
        "missing column: period",
    ),
    Case(
        "missing-value-column",
        csv_text("indicator_code,period,numerator", "assess,2019/20 Q3,5"),
        1,
        "value",
        "missing column: value (or both numerator and denominator)",
    ),
    Case(
        "header-in-other-words",
        csv_text("Indicator,Quarter,Figure", "assess,2019/20 Q3,55"),
        1,
        "indicator_code, period",
        "missing columns: indicator_code, period",
    ),
    Case(
        "unknown-indicator",
        return_file("nope,2019/20 Q3,55,,,,"),
        3,
        "indicator_code",
        "unknown indicator code",
    ),
    Case(
        "no-indicator",
        return_file(",2019/20 Q3,55,,,,"),
        3,
        "indicator_code",
        "is required",
    ),
    Case(
        "period-not-a-period",
        return_file("assess,Q3 2019/20,55,,,,"),
        3,
        "period",
        "is not a period: use e.g. '2019/20 Q3'",
    ),
    Case(
        "period-years-do-not-follow",
        return_file("assess,2019/21 Q3,55,,,,"),
        3,
        "period",
        "21 does not follow 2019",
    ),
    Case(
        "period-quarter-5",
        return_file("assess,2019/20 Q5,55,,,,"),
        3,
        "period",
        "is not a period",
    ),
    Case(
        "period-month-13",
        return_file("assess,2019-13,55,,,,"),
        3,
        "period",
        "month must be 1 to 12, not 13",
    ),
    Case(
        "period-single-year-for-financial",
        return_file("assess,2019,55,,,,"),
        3,
        "period",
        "is a single year, but this indicator uses financial years",
    ),
    Case(
        "period-split-year-for-reporting",
        return_file("cpp,2024/25,20,,,,"),
        3,
        "period",
        "is a split year, but this indicator uses reporting years",
    ),
    Case(
        "period-empty",
        return_file("assess,,55,,,,"),
        3,
        "period",
        "is not a period",
    ),
    Case(
        "period-year-zero",
        return_file("assess,0000/01 Q1,55,,,,"),
        3,
        "period",
        "out of range",
    ),
    Case(
        "period-reporting-year-zero",
        return_file("cpp,0000,20,,,,"),
        3,
        "period",
        "out of range",
    ),
    Case(
        "period-after-9999",
        return_file("assess,9999/00 Q4,55,,,,"),
        3,
        "period",
        "out of range",
    ),
    Case(
        "value-not-a-number",
        return_file("assess,2019/20 Q4,fifty,,,,"),
        3,
        "value",
        "'fifty' is not a number or a suppression symbol",
    ),
    Case(
        "value-nan",
        return_file("assess,2019/20 Q4,NaN,,,,"),
        3,
        "value",
        "is not a number",
    ),
    Case(
        "value-infinite",
        return_file("assess,2019/20 Q4,1e999,,,,"),
        3,
        "value",
        "is too large",
    ),
    Case(
        "value-two-numbers",
        return_file("assess,2019/20 Q4,12.5 13.1,,,,"),
        3,
        "value",
        "is not a number",
    ),
    Case(
        "value-missing",
        return_file("assess,2019/20 Q4,,,,,"),
        3,
        "value",
        "is required (or give numerator and denominator)",
    ),
    Case(
        "value-missing-for-a-count",
        return_file("cla-count,2019/20 Q4,,5,100,,"),
        3,
        "value",
        "is required for an indicator that is not a percentage",
    ),
    # The figure is checked against its own counts (issue 12, item 4).
    Case(
        "value-disagrees-with-its-counts",
        return_file("assess,2019/20 Q4,50,1,10,,"),
        3,
        "value",
        "does not agree with the numerator and denominator: 1 of 10 is 10.0%",
    ),
    Case(
        "value-a-fraction-beside-its-counts",
        return_file("assess,2019/20 Q4,0.58,116,200,,"),
        3,
        "value",
        "a percentage is written as 58, not 0.58",
    ),
    Case(
        "rate-disagrees-with-its-counts",
        return_file("cla,2025,400,5,100,,"),
        3,
        "value",
        "5 of 100 is 500",
    ),
    # The contract's number format only (issue 13, item 13).
    Case(
        "value-with-a-percent-sign",
        return_file("assess,2019/20 Q4,45%,,,,"),
        3,
        "value",
        "write a percentage without the % sign (45)",
    ),
    Case(
        "numerator-with-thousands-separators",
        return_file('assess,2019/20 Q4,,"1,234","2,000",,'),
        3,
        "numerator",
        "leave out the thousands separators (1234)",
    ),
    Case(
        "value-in-arabic-indic-digits",
        return_file("assess,2019/20 Q4,٤٥,,,,"),
        3,
        "value",
        "use the digits 0 to 9",
    ),
    Case(
        "target-in-fullwidth-digits",
        return_file("assess,2019/20 Q4,55,,,６０,Fine"),
        3,
        "target",
        "use the digits 0 to 9",
    ),
    # Periods that have not ended are open to no one (issue 12, item 8).
    Case(
        "period-not-ended",
        return_file("assess,2099/00 Q4,55,,,,"),
        3,
        "period",
        "2099/00 Q4 has not ended",
    ),
    # A red needs commentary in a return as on the entry page (item 5), even
    # when the performance team publishes it.
    Case(
        "red-without-commentary",
        return_file("assess,2019/20 Q4,50,,,60,"),
        3,
        "commentary",
        "is required for a figure that rates red",
    ),
    Case(
        "value-negative",
        return_file("assess,2019/20 Q4,-5,,,,"),
        3,
        "value",
        "must not be negative",
    ),
    Case(
        "value-a-fraction-not-a-percentage",
        return_file("assess,2019/20 Q4,152,,,,"),
        3,
        "value",
        "is over 100 for a percentage",
    ),
    Case(
        "numerator-not-a-number",
        return_file("assess,2019/20 Q4,,ten,20,,"),
        3,
        "numerator",
        "'ten' is not a number",
    ),
    Case(
        "denominator-suppressed",
        return_file("assess,2019/20 Q4,,5,c,,"),
        3,
        "denominator",
        "must be a number",
    ),
    Case(
        "target-not-a-number",
        return_file("assess,2019/20 Q4,55,,,n/a,"),
        3,
        "target",
        "'n/a' is not a number",
    ),
    Case(
        "zero-denominator",
        return_file("assess,2019/20 Q4,,0,0,,"),
        3,
        "denominator",
        "is zero, so no percentage can be worked out",
    ),
    Case(
        "numerator-over-zero-denominator",
        return_file("assess,2019/20 Q4,,5,0,,"),
        3,
        "numerator",
        "is larger than the denominator",
    ),
    Case(
        "negative-denominator",
        return_file("assess,2019/20 Q4,,5,-10,,"),
        3,
        "denominator",
        "must not be negative",
    ),
    Case(
        "duplicate-row",
        return_file(RETURN_OK),
        3,
        "period",
        "duplicate row: assess for 2019/20 Q3 is also in row 2",
    ),
    Case(
        "duplicate-differently-spelt",
        return_file("ASSESS , 2019/20  q3 ,56,,,,"),
        3,
        "period",
        "duplicate row: assess for 2019/20 Q3 is also in row 2",
    ),
    Case(
        "commentary-too-long",
        return_file('assess,2019/20 Q4,55,,,,"' + "x" * 10_001 + '"'),
        3,
        "commentary",
        "is longer than 10,000 characters",
    ),
    # Caught only when writing: the write is rolled back whole.
    Case(
        "published-figure-changed",
        return_file("assess,2019/20 Q2,51,,,,"),
        3,
        "value",
        "already published with a different figure",
    ),
    Case(
        "xlsx-bad-row",
        workbook(
            ["Indicator_Code", " Period ", "Value"],
            ["assess", "2019/20 Q3", 55],
            ["assess", "2019/20 Q4", "lots"],
        ),
        3,
        "value",
        "'lots' is not a number",
        name="return.xlsx",
    ),
    Case(
        "xlsx-percentage-cell-beside-its-counts",
        workbook(
            ["indicator_code", "period", "value", "numerator", "denominator"],
            ["assess", "2019/20 Q4", 0.58, 116, 200],
        ),
        2,
        "value",
        "a percentage is written as 58, not 0.58",
        name="return.xlsx",
    ),
    Case(
        "xlsx-unknown-indicator",
        workbook(
            ["indicator_code", "period", "value"],
            ["assess", "2019/20 Q3", 55.5],
            [None, None, None],
            ["nope", "2019/20 Q3", 1],
        ),
        4,
        "indicator_code",
        "unknown indicator code",
        name="return.xlsx",
    ),
]


@pytest.mark.parametrize(
    ("case", "publish"),
    [
        pytest.param(
            case, publish, id=f"{'publish' if publish else 'submit'}-{case.id}"
        )
        for case in RETURN_CASES
        for publish in (False, True)
        # The performance team may revise a published figure (--publish).
        if not (publish and case.id == "published-figure-changed")
    ],
)
def test_import_returns_rejects_bad_rows(
    case: Case, publish: bool, tmp_path: Path
) -> None:
    path = write(tmp_path, case.name, case.content)
    assert_rejected(
        "import_returns",
        path,
        row=case.row,
        column=case.column,
        reason=case.reason,
        options={**case.options, "publish": publish},
    )


def test_import_returns_reports_every_bad_row_with_its_column(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "input.csv",
        return_file(
            "nope,2019/20 Q3,55,,,,",
            "assess,2019/20 Q9,55,,,,",
            "assess,2019/20 Q4,many,,,y,",
            "assess,2020/21 Q1,,0,0,,",
        ),
    )
    job = assert_rejected(
        "import_returns", path, row=3, column="indicator_code", reason="unknown",
        options={},
    )  # fmt: skip
    assert [(e["row"], e["column"], e["value"]) for e in job.errors] == [
        (3, "indicator_code", "nope"),
        (4, "period", "2019/20 Q9"),
        (5, "value", "many"),
        (5, "target", "y"),
        (6, "denominator", "0"),
    ]
    assert (job.rows_read, job.rows_valid) == (5, 1)


# --- import_benchmarks -----------------------------------------------------------------


def benchmark_file(*rows: str, header: str = BENCHMARK_HEADER) -> bytes:
    return csv_text(header, ENGLAND_OK, HOME_OK, *rows)


BENCHMARK_CASES = [
    Case(
        "missing-level-column",
        csv_text(
            BENCHMARK_HEADER.replace("geographic_level,", ""),
            ENGLAND_OK.replace("National,", ""),
        ),
        1,
        "geographic_level",
        "missing column: geographic_level",
    ),
    Case(
        "missing-time-period",
        csv_text(
            BENCHMARK_HEADER.replace("time_period,", ""),
            ENGLAND_OK.replace("2025,", "", 1),
        ),
        1,
        "time_period",
        "missing column: time_period",
    ),
    Case(
        "missing-value-column",
        csv_text(BENCHMARK_HEADER, ENGLAND_OK),
        1,
        "percent",
        "missing column: percent",
        options={**BENCHMARK_OPTIONS, "value_column": "percent"},
    ),
    Case(
        "missing-filter-column",
        csv_text(BENCHMARK_HEADER, ENGLAND_OK),
        1,
        "age",
        "missing column: age",
        options={**BENCHMARK_OPTIONS, "filter": ["age=Total"]},
    ),
    Case(
        "missing-denominator-column",
        csv_text(BENCHMARK_HEADER, ENGLAND_OK),
        1,
        "starts",
        "missing column: starts",
        options={**BENCHMARK_OPTIONS, "denominator_column": "starts"},
    ),
    Case(
        "no-row-matches-the-filters",
        csv_text(BENCHMARK_HEADER, ENGLAND_OK),
        1,
        "breakdown",
        "no row matches the indicator's filters",
        options={**BENCHMARK_OPTIONS, "filter": ["breakdown=Girls"]},
    ),
    Case(
        "unknown-indicator",
        csv_text(BENCHMARK_HEADER, ENGLAND_OK),
        1,
        "--indicator",
        "unknown indicator code 'nope'",
        options={**BENCHMARK_OPTIONS, "indicator": "nope"},
    ),
    Case(
        "bad-area-code",
        benchmark_file(la_row("E1000001X")),
        4,
        "new_la_code",
        "is not an ONS area code (e.g. E10000018)",
    ),
    Case(
        "la-number-instead-of-code",
        benchmark_file(la_row("925")),
        4,
        "new_la_code",
        "is not an ONS area code",
    ),
    Case(
        "bad-region-code",
        benchmark_file(la_row(level="Regional", region="East Mids")),
        4,
        "region_code",
        "is not an ONS area code",
    ),
    Case(
        "bad-region-code-on-an-authority",
        benchmark_file(la_row("E10000020", region="Midlands", name="New place")),
        4,
        "region_code",
        "is not an ONS area code",
    ),
    Case(
        "authority-name-too-long",
        benchmark_file(la_row("E10000020", name="N" * 201)),
        4,
        "la_name",
        "is longer than 200 characters",
    ),
    Case(
        "period-not-ees",
        benchmark_file(la_row(period="2024/25")),
        4,
        "time_period",
        "is not an EES time period (e.g. '201920' or '2025')",
    ),
    Case(
        "period-years-do-not-follow",
        benchmark_file(la_row(period="202426")),
        4,
        "time_period",
        "26 does not follow 2024",
    ),
    Case(
        "period-split-for-calendar",
        csv_text(BENCHMARK_HEADER, ENGLAND_OK.replace("2025,", "202425,", 1)),
        2,
        "time_period",
        "is a split year, but this indicator uses calendar years",
        options={**BENCHMARK_OPTIONS, "indicator": "cal"},
    ),
    Case(
        "period-year-zero",
        benchmark_file(la_row(period="000001")),
        4,
        "time_period",
        "out of range",
    ),
    Case(
        "period-after-9999",
        benchmark_file(la_row(period="999900")),
        4,
        "time_period",
        "out of range",
    ),
    Case(
        "value-not-a-number",
        benchmark_file(la_row(rate="twenty")),
        4,
        "rate",
        "'twenty' is not a number or a suppression symbol",
    ),
    Case(
        "value-infinite",
        benchmark_file(la_row(rate="inf")),
        4,
        "rate",
        "is not a number",
    ),
    Case(
        "numerator-not-a-number",
        benchmark_file(la_row(num="ten")),
        4,
        "num",
        "'ten' is not a number",
    ),
    Case(
        "denominator-negative",
        benchmark_file(la_row(den="-50")),
        4,
        "den",
        "must not be negative",
    ),
    Case(
        "duplicate-row",
        benchmark_file(la_row(), la_row(rate="21")),
        5,
        "time_period",
        "duplicate row: Lincolnshire for 2025 is also in row 4; add a --filter",
    ),
    Case(
        "duplicate-home-row",
        benchmark_file(HOME_OK),
        4,
        "time_period",
        "duplicate row: Leicestershire for 2025 is also in row 3",
    ),
    Case(
        "bom-and-any-column-order-still-checked",
        "\ufeff".encode()
        + csv_text(
            "rate,geographic_level,time_period,country_code,breakdown,num,den",
            "24.5,National,2025,E92000001,Total,100,400",
            "abc,National,2024,E92000001,Total,100,400",
        ),
        3,
        "rate",
        "'abc' is not a number",
    ),
]


@pytest.mark.parametrize("case", BENCHMARK_CASES, ids=lambda c: c.id)
def test_import_benchmarks_rejects_bad_rows(case: Case, tmp_path: Path) -> None:
    IndicatorFactory(
        code="cal", unit="number", frequency="annual", year_type="calendar"
    )
    path = write(tmp_path, case.name, case.content)
    assert_rejected(
        "import_benchmarks",
        path,
        row=case.row,
        column=case.column,
        reason=case.reason,
        options=case.options or BENCHMARK_OPTIONS,
    )


@pytest.mark.parametrize(
    "filters",
    [["breakdown"], ["=Total"], [" =Total"]],
    ids=["no-equals", "no-column", "blank-column"],
)
def test_import_benchmarks_refuses_a_malformed_filter_before_queueing(
    filters: list[str], tmp_path: Path
) -> None:
    path = write(tmp_path, "input.csv", VALID_FILE["import_benchmarks"])
    before = counts()
    with pytest.raises(CommandError, match="must be COLUMN=VALUE") as caught:
        run("import_benchmarks", path, **{**BENCHMARK_OPTIONS, "filter": filters})
    assert caught.value.returncode == 1
    assert counts() == before
    assert not ImportJob.objects.exists()


def test_import_benchmarks_keeps_a_published_rate_over_a_zero_denominator(
    tmp_path: Path,
) -> None:
    """A zero denominator is not divided by: the benchmark value is the rate DfE
    published. Counts that cannot be right (a numerator over a zero
    denominator) are dropped; the rate stays."""
    path = write(
        tmp_path,
        "input.csv",
        benchmark_file(
            la_row(
                "E06000016",
                num="3",
                den="0",
                rate="12.5",
                number="856",
                name="Leicester",
            ),
            la_row("E10000019", num="0", den="0", rate="z"),
        ),
    )
    job, _ = run("import_benchmarks", path, **BENCHMARK_OPTIONS)
    assert job.status == ImportJob.Status.SUCCEEDED
    leicester = Observation.all_objects.get(
        indicator__code="cpp", area__code="E06000016"
    )
    assert (leicester.value, leicester.numerator, leicester.denominator) == (
        Decimal("12.5"),
        None,
        None,
    )
    lincs = Observation.all_objects.get(indicator__code="cpp", area__code="E10000019")
    assert (lincs.value, lincs.suppression) == (None, "z")


# --- No such file, no such user ------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
def test_a_missing_file_or_user_is_refused_before_queueing(
    command: str, tmp_path: Path
) -> None:
    before = counts()
    with pytest.raises(CommandError, match="no such file") as caught:
        run(command, tmp_path / "nowhere.csv", **OPTIONS[command])
    assert caught.value.returncode == 1
    path = write(tmp_path, "input.csv", VALID_FILE[command])
    with pytest.raises(CommandError, match="no user called 'ghost'"):
        run(command, path, user="ghost", **OPTIONS[command])
    assert counts() == before
    assert not ImportJob.objects.exists()


# --- Importing the same file twice ---------------------------------------------------

IDEMPOTENT_FILES = {
    "import_indicators": csv_text(
        INDICATOR_HEADER + ",year_type,banded",
        INDICATOR_OK + ",academic,no",
        "second,Second indicator,New theme,rate,none,none,0.1234567,,annual,0,,,reporting,",
        INDICATOR_UPDATE + ",,",
    ),
    "import_neighbours": csv_text(
        WIDE_HEADER,
        "855,Leicestershire,925,Close ,E10000021,Somewhat close",
        "856,Leicester,855,Very close,,",
    ),
    "import_returns": csv_text(
        RETURN_HEADER,
        RETURN_OK,
        "assess,2019/20 Q4,,1,3,66.6666667,A third",
        "assess,2019/20 Q2,50,,,,",
        "cla,2025,71.25,,,,",
        "cpp,2025,c,,,,Suppressed",
    ),
    "import_benchmarks": csv_text(
        BENCHMARK_HEADER,
        ENGLAND_OK,
        HOME_OK,
        la_row(),
        la_row("E06000016", rate="x", num="c", den="c", number="856", name="Leicester"),
        la_row(
            "E10000020",
            rate="33.3333333333",
            num="1",
            den="3",
            number="926",
            name="Norfolk",
        ),
        la_row(
            "E12000004",
            level="Regional",
            region="E12000004",
            name="East Midlands",
            rate="22",
        ),
    ),
}


@pytest.mark.parametrize(
    ("command", "options"),
    [pytest.param(command, OPTIONS[command], id=command) for command in COMMANDS]
    + [pytest.param("import_returns", {"publish": True}, id="import_returns-publish")],
)
def test_importing_an_identical_valid_file_again_changes_nothing(
    command: str, options: dict[str, Any], tmp_path: Path
) -> None:
    path = write(tmp_path, "input.csv", IDEMPOTENT_FILES[command])
    first, _ = run(command, path, **options)
    assert first.status == ImportJob.Status.SUCCEEDED, first.errors
    assert first.counts["created"] > 0
    # A rating's computed_at says when the rules last ran, not what they said.
    after_first = state(ignore=("computed_at",))

    second, out = run(command, path, **options)
    assert second.status == ImportJob.Status.SUCCEEDED, second.errors
    assert second.pk != first.pk
    assert (second.counts["created"], second.counts["updated"]) == (0, 0)
    assert second.counts.get("removed", 0) == 0
    assert "nothing changed" in second.message
    assert "nothing changed" in out
    assert state(ignore=("computed_at",)) == after_first
