"""Bad files every import command refuses the same way: the command exits
with status 1, names the row, the column and the reason, writes nothing,
and the import job records the rejection. A missing file or user is
refused before any job is queued."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import execute_from_command_line
from django.core.management.base import CommandError

from indicators.models import ImportJob
from tests.indicators.import_cases import (
    COMMANDS,
    MISSING_ALL,
    OPTIONS,
    VALID_FILE,
    Case,
    assert_rejected,
    counts,
    csv_text,
    media,  # noqa: F401 (an autouse fixture)
    run,
    workbook,
    world,  # noqa: F401 (an autouse fixture)
    write,
    zipped,
)

pytestmark = pytest.mark.django_db


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
