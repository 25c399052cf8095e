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
