"""Which authorities the report's figures are compared with, in words: the
method paragraph (national quartiles and ranks, DfE's statistical
neighbours by name, the region) and the overall position's sentence among
the report's comparator group. Pure: names and counts in, sentences out.
The one place these rules are written: the page, the PDF and the DOCX all
print what these functions return (through `reports.document`)."""

from __future__ import annotations

from dataclasses import dataclass

from indicators.models.comparators import NEIGHBOURS, REGION, TYPES
from reports.wording.overview import _join

METHOD_HEADING = "How the figures are compared"
POSITION_HEADING = "Overall position"
ORDINALS = ("top quartile", "second", "third", "bottom")


@dataclass(frozen=True)
class Group:
    """A comparator group as the report names it: its slug (or kind), its
    name, and how many authorities it has, the home authority included."""

    slug: str
    name: str
    size: int


def group_label(group: Group, home: str) -> str:
    """The group inside a sentence: 'Leicestershire and its statistical
    neighbours', 'all counties', 'the authorities of its region, East
    Midlands', 'the comparator group “County comparator group”'."""
    if group.slug == NEIGHBOURS:
        return f"{home} and its statistical neighbours"
    if group.slug == REGION:
        return f"the authorities of its region, {group.name}"
    if group.slug in TYPES:
        return group.name[:1].lower() + group.name[1:]
    return f"the comparator group “{group.name}”"


def group_size(group: Group, home: str) -> str:
    """'(11 authorities)' for the neighbours (the label names the home
    authority); '(21 authorities, Leicestershire included)' otherwise."""
    if group.slug == NEIGHBOURS:
        return f"({group.size} authorities)"
    return f"({group.size} authorities, {home} included)"


def group_caption(group: Group, home: str) -> str:
    """The table's caption: 'Indicators in each quartile among all counties
    (21 authorities, Leicestershire included), by theme'."""
    return (
        f"Indicators in each quartile among {group_label(group, home)} "
        f"{group_size(group, home)}, by theme"
    )


def _indicators(n: int) -> str:
    return "1 indicator" if n == 1 else f"{n} indicators"


def position_sentence(
    group: Group, home: str, counts: tuple[int, int, int, int], unbanded: int
) -> str:
    """'Among all counties (21 authorities, Leicestershire included),
    Leicestershire is in the top quartile for 18 indicators, the second for
    8, the third for 2 and the bottom for 1; 3 have no quartile.'"""
    among = f"Among {group_label(group, home)} {group_size(group, home)}"
    if not sum(counts) and not unbanded:
        return f"{among}, none of the report's indicators has a figure to place."
    parts = [
        f"the {name} for {_indicators(n) if i == 0 else n}"
        for i, (name, n) in enumerate(zip(ORDINALS, counts, strict=True))
    ]
    text = f"{among}, {home} is in {_join(parts)}"
    if unbanded:
        verb = "has" if unbanded == 1 else "have"
        text += f"; {unbanded} {verb} no quartile"
    return text + "."


def method_paragraphs(
    *, home: str, neighbours: list[str], region: str, group: Group | None
) -> list[str]:
    """The report's method: against whom each figure is compared. Quartiles
    and ranks are national (every English authority with a figure); the
    neighbours' averages are of DfE's statistical neighbours, named; the
    regional figure is the region's; the overall position is among the
    report's comparator group."""
    said = [
        "Quartiles and ranks are among all English local authorities with a "
        "figure for the period, as published nationally: the top quartile is "
        "the best performing quarter of authorities."
    ]
    if neighbours:
        said.append(
            "Statistical neighbours’ averages are of the Department for "
            f"Education’s statistical neighbours of {home}: {_join(neighbours)}."
        )
    else:
        said.append(
            f"No statistical neighbours of {home} are loaded, so no "
            "neighbours’ average is given."
        )
    if region:
        said.append(f"Regional figures are those of {region}.")
    if group is not None:
        said.append(
            f"The overall position places the report’s indicators among "
            f"{group_label(group, home)} {group_size(group, home)}."
        )
    return said
