"""Hostile files, built byte by byte, for the tests that prove the readers'
bounds: workbooks whose few kilobytes declare or reach a cell that would
make python-calamine allocate hundreds of gigabytes, and CSV files too wide
or too long in a row to read safely."""

from __future__ import annotations

import io
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"


def workbook_bytes(
    *sheets: str,
    names: tuple[str, ...] = (),
    targets: tuple[str, ...] = (),
    extra: dict[str, bytes] | None = None,
) -> bytes:
    """An .xlsx holding the given worksheet XML documents, listed in the
    workbook in order (named `names`, stored at `targets`), and any `extra`
    parts (a picture, say)."""
    names = names or tuple(f"Sheet{n}" for n in range(1, len(sheets) + 1))
    targets = targets or tuple(
        f"worksheets/sheet{n}.xml" for n in range(1, len(sheets) + 1)
    )
    listed = "".join(
        f'<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>'
        for n, name in enumerate(names, start=1)
    )
    links = "".join(
        f'<Relationship Id="rId{n}" Type="{RELS}/worksheet" Target="{target}"/>'
        for n, target in enumerate(targets, start=1)
    )
    overrides = "".join(
        f'<Override PartName="/xl/{target}" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for target in targets
    )
    parts: dict[str, str | bytes] = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
            'openxmlformats.org/package/2006/content-types"><Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/><Override '
            'PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            f'officedocument.spreadsheetml.sheet.main+xml"/>{overrides}</Types>'
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE}">'
            f'<Relationship Id="rId1" Type="{RELS}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" '
            f'xmlns:r="{RELS}"><sheets>{listed}</sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE}">'
            f"{links}</Relationships>"
        ),
    }
    for target, sheet in zip(targets, sheets, strict=True):
        parts[f"xl/{target}"] = sheet
    parts.update(extra or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def sheet_xml(
    cells: list[tuple[str, str]], dimension: str | None = None, prefix: str = ""
) -> str:
    """A worksheet with text cells at the given references, in row order,
    and an optional `<dimension>` (which may lie)."""
    p = f"{prefix}:" if prefix else ""
    rows: dict[int, list[tuple[str, str]]] = {}
    for reference, text in cells:
        number = int("".join(ch for ch in reference if ch.isdigit()))
        rows.setdefault(number, []).append((reference, text))
    body = "".join(
        f'<{p}row r="{number}">'
        + "".join(
            f'<{p}c r="{ref}" t="inlineStr"><{p}is><{p}t>{text}</{p}t></{p}is></{p}c>'
            for ref, text in row
        )
        + f"</{p}row>"
        for number, row in sorted(rows.items())
    )
    declared = f'<{p}dimension ref="{dimension}"/>' if dimension else ""
    namespace = f"xmlns:{prefix}" if prefix else "xmlns"
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><{p}worksheet {namespace}="{MAIN}">'
        f"{declared}<{p}sheetData>{body}</{p}sheetData></{p}worksheet>"
    )


RETURN_HEADER = [
    ("A1", "indicator_code"),
    ("B1", "period"),
    ("C1", "value"),
]


def far_cell_workbook(
    cell: str = "XFD1048576", dimension: str | None = "A1:XFD1048576"
) -> bytes:
    """A return's header and one value at `cell`: 1.6 KB that python-calamine
    would turn into a dense range reaching that cell (549,755,813,888 bytes
    for XFD1048576; about 2 GB for KN200000)."""
    return workbook_bytes(sheet_xml([*RETURN_HEADER, (cell, "x")], dimension))


def wide_csv(columns: int, rows: int = 3) -> bytes:
    """An EES-looking CSV with `columns` columns in all."""
    standard = ["time_period", "time_identifier", "geographic_level", "country_code"]
    extra = [f"measure_{n}" for n in range(columns - len(standard))]
    lines = [",".join(standard + extra)]
    for n in range(rows):
        lines.append(
            ",".join(["2024", "Reporting year", "National", "E92000001"])
            + "".join(f",{n}" for _ in extra)
        )
    return ("\n".join(lines) + "\n").encode()
