"""The one resolver of authorities that every path calls (neighbours,
benchmark imports): the known local authorities, read once, and the rule of
`rating.authorities` applied to them."""

from __future__ import annotations

from collections.abc import Callable

from indicators.models import Area
from indicators.rating.authorities import (
    LA_NUMBER_RE,
    Authorities,
    Authority,
    area_for,
)


def known_authorities() -> Authorities:
    """Every local authority we hold, live and terminated, in one query."""
    return Authorities(
        Authority(code, number, ended)
        for code, number, ended in Area.objects.filter(
            level=Area.Level.LOCAL_AUTHORITY
        ).values_list("code", "la_number", "terminated_on")
    )


def authority_resolver() -> Callable[[str, str], str | None]:
    """(ONS code, LA number) -> the ONS code of the area a figure filed
    under them belongs to, or None when neither is known."""
    known = known_authorities()
    return lambda code, la_number: area_for(code, la_number, known)


def area_resolver() -> Callable[[str], str | None]:
    """One cell that is an ONS code or a DfE LA number (a neighbours file)
    -> the area's ONS code, or None when unknown. An LA number shared by a
    terminated and a live authority (North Yorkshire, Somerset) resolves to
    the live one."""
    resolve = authority_resolver()

    def cell(raw: str) -> str | None:
        text = raw.strip()
        if text.isdigit() and LA_NUMBER_RE.fullmatch(text.zfill(3)):
            return resolve("", text)
        return resolve(text, "")

    return cell
