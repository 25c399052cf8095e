"""The dashboard's filters (django-filter). The period is chosen by the view,
which builds the rows for it; the other filters narrow those rows."""

from __future__ import annotations

import django_filters
from django import forms
from django.db import models

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


class DashboardFilter(django_filters.FilterSet):
    theme = django_filters.ModelChoiceFilter(
        field_name="indicator__theme",
        queryset=Theme.objects.all(),
        to_field_name="slug",
        empty_label="All themes",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    rag = django_filters.ChoiceFilter(
        field_name="rating__rag",
        choices=RAG_CHOICES,
        empty_label="Any RAG",
        label="RAG",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    direction = django_filters.ChoiceFilter(
        field_name="rating__direction",
        choices=DIRECTION_CHOICES,
        empty_label="Any direction",
        label="Direction of travel",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    quartile = django_filters.ChoiceFilter(
        field_name="rating__quartile",
        choices=QUARTILE_CHOICES,
        empty_label="Any quartile",
        label="National quartile",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )

    class Meta:
        model = Observation
        fields = ["theme", "rag", "direction", "quartile"]

    def filter_rows(self, rows: list[Observation]) -> list[Observation] | None:
        """The same filters applied to rows already loaded (the dashboard's
        kept rows), so that a filtered dashboard needs no query of its own.
        Each filter here is an exact match on a path through the row; None
        if a filter is not (the caller then runs the query). Call after
        `is_valid()`; tests compare the result with `qs` for every choice."""
        wanted = []
        for name, value in self.form.cleaned_data.items():
            if value in (None, ""):
                continue
            spec = self.filters[name]
            if spec.lookup_expr != "exact" or spec.exclude or spec.method:
                return None
            # django-filter's field_name defaults to the filter's name.
            wanted.append(((spec.field_name or name).split("__"), value))
        if not wanted:
            return list(rows)

        def found(row: Observation, path: list[str]) -> object:
            value: object = row
            for part in path:
                value = getattr(value, part, None)  # a missing rating reads None
                if value is None:
                    return None
            return value

        def matches(actual: object, value: object) -> bool:
            if isinstance(value, models.Model):
                return actual == value
            return actual is not None and str(actual) == str(value)

        return [
            row
            for row in rows
            if all(matches(found(row, path), value) for path, value in wanted)
        ]
