"""The dashboard's filters (django-filter). The period is chosen by the view,
which builds the rows for it; the other filters narrow those rows (on the
kept rows, by `kept_rows.filter_rows`, which tests hold to `qs`)."""

from __future__ import annotations

import django_filters
from django import forms

from indicators.models import Observation, Theme

RAG_CHOICES = [
    ("red", "Red"),
    ("amber", "Amber"),
    ("green", "Green"),
    ("n/a", "Not rated"),
]
DIRECTION_CHOICES = [
    ("improved", "Improved"),
    ("no significant change", "No significant change"),
    ("declined", "Declined"),
    ("n/a", "Not applicable"),
]
QUARTILE_CHOICES = [
    ("1", "1st quartile (best)"),
    ("2", "2nd quartile"),
    ("3", "3rd quartile"),
    ("4", "4th quartile"),
]


def _select(
    field_name: str, choices: list[tuple[str, str]], empty_label: str, label: str
) -> django_filters.ChoiceFilter:
    """A choice of one, in a GOV.UK select."""
    return django_filters.ChoiceFilter(
        field_name=field_name,
        choices=choices,
        empty_label=empty_label,
        label=label,
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )


class DashboardFilter(django_filters.FilterSet):
    theme = django_filters.ModelChoiceFilter(
        field_name="indicator__theme",
        queryset=Theme.objects.all(),
        to_field_name="slug",
        empty_label="All themes",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    rag = _select("rating__rag", RAG_CHOICES, "Any RAG", "RAG")
    direction = _select(
        "rating__direction", DIRECTION_CHOICES, "Any direction", "Direction of travel"
    )
    quartile = _select(
        "rating__quartile", QUARTILE_CHOICES, "Any quartile", "National quartile"
    )

    class Meta:
        model = Observation
        fields = ["theme", "rag", "direction", "quartile"]
