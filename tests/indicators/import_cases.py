"""What the import-error tests share: the world a file is imported into
(autouse fixtures, imported by each test module), the tables an import
writes, file builders, the four commands with a valid file for each, and
the check that a rejection exits 1, names row, column and reason, and
writes nothing."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
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
