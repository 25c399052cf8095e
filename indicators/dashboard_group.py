"""The dashboard's "Compare with" choice (`?group=`): all English authorities
(the stored national quartiles, as ever) or a comparator group, resolved by
`selectors.comparator_group` as on every page. With a group, each theme's
table gains a column placing the home authority among it
(`selectors.group_places`, one query for every row), each theme's band says
its quartiles among the group, and the page says which group it uses. An
unknown group is an error on the form, as on the overall position page, and
the page shows all authorities."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.http import QueryDict
from django.utils.http import urlencode

from indicators import selectors
from indicators.formatting import group_said
from indicators.forms import CompareForm
from indicators.models import Area, Observation
from indicators.selectors import Comparators, GroupPlace
from indicators.theme_tables import GroupColumn
from indicators.themes import group_band_words

NATIONAL = ("", "All English authorities")
# The position page's value for all authorities, taken here too.
NATIONAL_ALIAS = "national"


@dataclass(frozen=True)
class DashboardGroup:
    """The group the dashboard compares with (None: all authorities), its
    form, the home authority and the other members' names."""

    form: CompareForm
    home: Area | None
    group: Comparators | None
    others: tuple[str, ...]
    position_url: str
    # The committee's own group (its slug), when the page has one: the
    # group used when none is asked for.
    own: str = ""

    @property
    def heading(self) -> str:
        """The group column's heading: its name and how many it places the
        home authority among (the home counted): 'All counties (21)'."""
        assert self.group is not None
        return f"{self.group.name} ({len(self.others) + 1})"

    @property
    def said(self) -> str:
        return group_said(self.group.name if self.group else NATIONAL[1])

    @property
    def is_own(self) -> bool:
        """Whether the group compared with is the committee's own."""
        return bool(self.own) and self.group is not None and self.group.slug == self.own

    def key(self) -> tuple[Any, ...]:
        """What the kept themes depend on beyond the query string: the
        group's name and members (a named group may change)."""
        if self.group is None:
            return ()
        return (self.group.slug, self.group.name, sorted(self.group.area_ids))

    def problems(self) -> list[dict[str, str]]:
        """An unknown group for the error summary, worded as the filters'."""
        return [
            {"text": f"Compare with: {error} Choose one from the list.",
             "anchor": "id_group"}
            for error in self.form["group"].errors
        ]  # fmt: skip

    def sentences(self) -> list[str]:
        """Which group the page uses, in words."""
        national = "Quartiles and ranks are among all English authorities with a figure"
        if self.group is None or self.home is None:
            return [f"{national}."]
        home, names = self.home.name, ", ".join(self.others)
        own = [f"Compared with {self.said}, the committee's comparator group."]
        return [
            *(own if self.is_own else []),
            f"{national}, except in the “{self.heading}” column.",
            f"That column places {home} among {self.said}: {home} and "
            f"{len(self.others)} other authorit{'y' if len(self.others) == 1 else 'ies'}"
            f" ({names}). Its average is the mean of the other authorities' "
            "figures for the same period as the national quartile.",
        ]

    def position_link(self) -> str:
        """The overall position page for the same group (all authorities
        said outright where the committee's own group is the default)."""
        if self.group is None:
            return (
                f"{self.position_url}?group=national" if self.own else self.position_url
            )
        return f"{self.position_url}?{urlencode({'group': self.group.slug})}"

    def places(self, rows: Collection[Observation]) -> dict[int, GroupPlace]:
        """Each row's place in the group, by indicator id. One query."""
        if self.group is None or self.home is None:
            return {}
        return selectors.group_places(rows, self.group.area_ids, self.home.pk)

    def column(self, places: dict[int, GroupPlace]) -> list[tuple[str, Any]]:
        """The extra column for a theme's table (none without a group)."""
        if self.group is None:
            return []
        return [("group", GroupColumn(places, verbose_name=self.heading))]

    def band(self, rows: list[Any], places: dict[int, GroupPlace]) -> list[str]:
        """The sentence a theme's band adds for the group's quartiles."""
        if self.group is None:
            return []
        quartiles = [
            getattr(places.get(r.indicator_id), "quartile", None) for r in rows
        ]
        return [group_band_words(self.said, quartiles)]


def dashboard_group(
    query: QueryDict, home: Area | None, position_url: str, own: str = ""
) -> DashboardGroup:
    """The group asked for by `?group=`, or else the committee's own group
    (`own`, if the pages still offer it). `?group=` given empty, or
    `national` as on the position page, is all authorities, whatever the
    committee's group. Queries: the choices, then (for a group) its members
    and their names."""
    choices = [NATIONAL, *selectors.comparator_choices(home)]
    own = own if own in {slug for slug, _ in choices[1:]} else ""
    asked = query.get("group", own)
    asked = "" if asked == NATIONAL_ALIAS else asked
    form = CompareForm({"group": asked}, choices=choices)
    slug = form.cleaned_data["group"] if form.is_valid() else ""
    if not slug or home is None:
        return DashboardGroup(form, home, None, (), position_url, own)
    group = selectors.comparator_group(slug, home)
    others = Area.objects.filter(pk__in=group.area_ids).order_by("name")
    names = tuple(others.values_list("name", flat=True))
    return DashboardGroup(form, home, group, names, position_url, own)
