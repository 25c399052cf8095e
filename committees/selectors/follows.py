"""The indicators a committee follows, and the catalogue it chooses them
from: every indicator, local and national alike, with a preview of the home
authority's latest published position in each (in the catalogue's own
query)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    CharField,
    F,
    JSONField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, JSONObject

from committees.models import Committee
from indicators.formatting import format_figure, format_quartile
from indicators.models import Area, Indicator, Observation, Period


def followed_ids(committee: Committee | int) -> frozenset[int]:
    """The ids of the indicators the committee (or the committee with this
    id) follows. Queries: one."""
    pk = committee.pk if isinstance(committee, Committee) else committee
    follows = Committee.follows.through.objects.filter(committee_id=pk)
    return frozenset(follows.values_list("indicator_id", flat=True))


def committee_for_follows(slug: str) -> Committee | None:
    return Committee.objects.filter(slug=slug).first()


def catalogue_indicators(home: Area | None) -> QuerySet[Indicator]:
    """Every indicator with its theme and, as `latest`, the home authority's
    latest published figure in it (the official one where a local figure
    ends the same day, as on the dashboard): a correlated subquery in the
    indicators' own query, so a page of the catalogue is one query however
    many indicators it shows."""
    official_first = Case(
        When(Observation.official_condition(), then=Value(0)), default=Value(1)
    )
    latest = (
        Observation.objects.filter(indicator=OuterRef("pk"), area=home)
        .order_by("-period__end", official_first.asc(), "-period__start")
        .values(
            json=JSONObject(
                value=Cast("value", CharField()),
                suppression=F("suppression"),
                kind=F("period__kind"),
                year_type=F("period__year_type"),
                label=F("period__label"),
                start=F("period__start"),
                end=F("period__end"),
                rag=F("rating__rag"),
                quartile=F("rating__quartile"),
                rank=F("rating__rank"),
                rank_of=F("rating__rank_of"),
            )
        )[:1]
    )
    return (
        Indicator.objects.select_related("theme")
        .annotate(latest=Subquery(latest, output_field=JSONField()))
        .order_by("theme__name", "name")
    )


@dataclass(frozen=True)
class Preview:
    """The home authority's latest published position in an indicator, as
    the catalogue shows it."""

    figure: str
    period: str
    rag: str
    quartile: str


def preview(indicator: Indicator) -> Preview | None:
    """The catalogue row's preview from its `latest` annotation (None when
    the authority has no published figure in it). No query."""
    latest: dict[str, Any] | None = getattr(indicator, "latest", None)
    if not latest:
        return None
    value = Decimal(latest["value"]) if latest["value"] is not None else None
    period = Period(
        kind=latest["kind"],
        year_type=latest["year_type"],
        label=latest["label"],
        start=datetime.date.fromisoformat(latest["start"]),
        end=datetime.date.fromisoformat(latest["end"]),
    )
    return Preview(
        figure=format_figure(
            value, indicator.unit, indicator.decimals, latest["suppression"] or ""
        ),
        period=period.name_for(indicator),
        rag=latest["rag"] or "n/a",
        quartile=format_quartile(latest["quartile"], latest["rank"], latest["rank_of"]),
    )
