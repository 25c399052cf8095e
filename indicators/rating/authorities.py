"""Authorities that change code (DESIGN.md): which area a figure filed
under an ONS code and a DfE LA number belongs to, and the councils a joint
return stands for. Pure: the known authorities are passed in.

Somerset's figures were filed under E10000027 until 2023 and under
E06000066 since, both with LA number 933: they are one authority's figures,
and belong to the live area with that number. An authority whose number no
live one carries (Cumbria 909 and Northamptonshire 928 were split,
Bournemouth 837 and Poole 836 merged) keeps its own figures under its own
code, as DfE's geography lists it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

ONS_CODE_RE = re.compile(r"[EWSNK][0-9]{8}")
LA_NUMBER_RE = re.compile(r"[0-9]{3}")


@dataclass(frozen=True, slots=True)
class Authority:
    """A local authority as DfE's geography lists it."""

    code: str  # ONS code
    la_number: str  # DfE's three-digit number ('' when it has none)
    terminated_on: date | None = None

    @property
    def live(self) -> bool:
        return self.terminated_on is None


class Authorities:
    """Known authorities, found by ONS code and by LA number. Of the
    authorities sharing a number, the live one stands for it (else the one
    terminated last)."""

    def __init__(self, authorities: Iterable[Authority]) -> None:
        self.by_code: dict[str, Authority] = {}
        self.by_number: dict[str, Authority] = {}
        for authority in authorities:
            self.by_code[authority.code.upper()] = authority
            number = authority.la_number
            if not LA_NUMBER_RE.fullmatch(number):
                continue
            current = self.by_number.get(number)
            if current is None or _standing(authority) > _standing(current):
                self.by_number[number] = authority


def _standing(authority: Authority) -> tuple[bool, date]:
    return authority.live, authority.terminated_on or date.max


def area_for(code: str, la_number: str, known: Authorities) -> str | None:
    """The ONS code of the area a figure filed under `code` and `la_number`
    (either may be '') belongs to, or None when neither is known:

    1. a live authority's own code is its own;
    2. else the live authority with the LA number given, or with the known
       code's own number (Somerset E10000027 / 933 -> E06000066);
    3. else the known authority with that code (Cumbria keeps its own);
    4. else the authority that last carried the number.
    """
    code, la_number = code.strip().upper(), la_number.strip()
    if la_number.isdigit():
        la_number = la_number.zfill(3)
    own = known.by_code.get(code)
    if own is not None and own.live:
        return own.code
    number = la_number or (own.la_number if own else "")
    successor = known.by_number.get(number)
    if successor is not None and successor.live:
        return successor.code
    if own is not None:
        return own.code
    return successor.code if successor is not None else None


def joint_members(code: str, la_number: str) -> list[tuple[str, str]]:
    """The councils a row stands for, each as (ONS code, LA number): one for
    an ordinary row, several for a joint return ("E06000061 / E06000062",
    "940 / 941"). A number list that does not pair up is left out."""
    codes = [part.strip() for part in code.split("/")]
    numbers = [part.strip() for part in la_number.split("/")] if la_number else []
    if len(numbers) != len(codes):
        numbers = [""] * len(codes)
    return list(zip(codes, numbers, strict=True))
