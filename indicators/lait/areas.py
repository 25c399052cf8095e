"""LAIT's authorities and aggregates: named by name and LA number, never by
ONS code; England, the regions and London's groups numbered 970 and above."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

# --- Authorities and aggregates ----------------------------------------------------

ENGLAND_NUMBER = "970"
AGGREGATES_FROM = 970  # LA numbers from here on are England, regions and groups
REGIONS_CSV = Path(__file__).resolve().parent.parent / "data" / "regions.csv"
ENGLAND_CODE = "E92000001"


class LaitAreaError(ValueError):
    """An `LA Number` or aggregate that cannot be read."""


class AreaKind(StrEnum):
    LOCAL_AUTHORITY = "local authority"
    ENGLAND = "england"
    REGION = "region"  # the nine English regions (London among them)
    GROUP = "group"  # other groups of authorities: Inner and Outer London


@dataclass(frozen=True, slots=True)
class LaitArea:
    number: str  # the DfE LA number: '855', '970'
    name: str
    kind: AreaKind
    code: str = ""  # ONS code of an aggregate, where it has one (E12000004)


@lru_cache(maxsize=4096, typed=True)
def la_number(value: object) -> str:
    """An `LA Number` cell as DfE's three-digit number: 855.0, '855.0' and 855
    are '855'. Raises LaitAreaError for anything that is not a whole positive
    number (empty, NaN, 855.5, text)."""
    if isinstance(value, bool) or value is None:
        raise LaitAreaError(f"'{value}' is not an LA number")
    if isinstance(value, float):
        if value != value or not value.is_integer() or value <= 0:
            raise LaitAreaError(f"'{value}' is not an LA number")
        return str(int(value))
    if isinstance(value, int):
        if value <= 0:
            raise LaitAreaError(f"'{value}' is not an LA number")
        return str(value)
    text = str(value).strip()
    if match := re.fullmatch(r"0*([1-9]\d{0,5})(?:\.0*)?", text):
        return match.group(1)
    raise LaitAreaError(f"'{text}' is not an LA number")


def _name_key(name: str) -> str:
    """'London (Inner)' and 'Inner London', 'Yorkshire and the Humber' and
    'Yorkshire and The Humber', are the same name."""
    words = re.sub(r"[^a-z0-9]+", " ", name.casefold()).split()
    return " ".join(sorted(words))


@lru_cache(maxsize=1)
def _aggregate_codes() -> dict[str, str]:
    with open(REGIONS_CSV, encoding="utf-8-sig", newline="") as handle:
        codes = {
            _name_key(r["region_name"]): r["region_code"]
            for r in csv.DictReader(handle)
        }
    codes[_name_key("England")] = ENGLAND_CODE
    return codes


@lru_cache(maxsize=4096, typed=True)
def lait_area(number: object, name: str) -> LaitArea:
    """The area a row is for: an authority below 970, else England (970), a
    region or a group, told apart by name and given its ONS code from
    `indicators/data/regions.csv` (E12 regions, E13 Inner and Outer London).
    Raises LaitAreaError for 970 under another name."""
    text = la_number(number)
    name = " ".join(str(name).split())
    if int(text) < AGGREGATES_FROM:
        return LaitArea(text, name, AreaKind.LOCAL_AUTHORITY)
    code = _aggregate_codes().get(_name_key(name), "")
    if text == ENGLAND_NUMBER or code == ENGLAND_CODE:
        if text != ENGLAND_NUMBER or code != ENGLAND_CODE:
            raise LaitAreaError(f"LA number {text} is named '{name}': 970 is England")
        return LaitArea(text, name, AreaKind.ENGLAND, code)
    kind = AreaKind.REGION if code.startswith("E12") else AreaKind.GROUP
    return LaitArea(text, name, kind, code)
