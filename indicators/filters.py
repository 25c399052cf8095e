"""The dashboard's filters (django-filter). The period is chosen by the view,
which builds the rows for it; the other filters narrow those rows (on the
kept rows, by `kept_rows.filter_rows`, which tests hold to `qs`)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet

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


def words(text: str) -> list[str]:
    """The words of a search, lower case: 'Care  leavers' -> ['care', 'leavers']."""
    return text.lower().split()


class WordsFilter(django_filters.CharFilter):
    """Rows whose indicator's name or code holds every word searched for, in
    any order and case. The dashboard filters its kept rows with
    `row_matches` (`kept_rows.filter_rows`), the query with `filter`: tests
    hold the two to the same answer."""

    def filter(self, qs: QuerySet[Observation], value: str) -> QuerySet[Observation]:
        for word in words(value or ""):
            qs = qs.filter(
                Q(indicator__name__icontains=word) | Q(indicator__code__icontains=word)
            )
        return qs

    def row_matches(self, row: Observation, value: str) -> bool:
        text = f"{row.indicator.name} {row.indicator.code}".lower()
        return all(word in text for word in words(value or ""))


class DashboardFilter(django_filters.FilterSet):
    """Extendable: a filter whose lookup is an exact match on a path through
    the row, or one with a `row_matches(row, value)` method (as `WordsFilter`),
    also narrows the kept rows without a query (`kept_rows.filter_rows`)."""

    q = WordsFilter(
        label="Search for an indicator",
        help_text="Words from its name, in any order",
        widget=forms.TextInput(
            attrs={"class": "govuk-input", "type": "search", "spellcheck": "false"}
        ),
    )
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
        fields = ["q", "theme", "rag", "direction", "quartile"]
