"""The action tracker's filters (django-filter). They narrow the tracker's
selector, which has already annotated `is_overdue`."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from committees import rules, selectors
from committees.forms import UserChoiceField
from committees.models import Action, Committee
from indicators.models import Indicator

OUTSTANDING = "outstanding"
STATUS_CHOICES = [
    (OUTSTANDING, "Outstanding (open or in progress)"),
    *Action.Status.choices,
]
OVERDUE_CHOICES = [("yes", "Overdue only"), ("no", "Not overdue")]


class UserChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = UserChoiceField


class ActionFilter(django_filters.FilterSet):
    committee = django_filters.ModelChoiceFilter(
        field_name="committee",
        queryset=Committee.objects.order_by("name"),
        to_field_name="slug",
        empty_label="All committees",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    status = django_filters.ChoiceFilter(
        choices=STATUS_CHOICES,
        method="filter_status",
        empty_label="Any status",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    lead = UserChoiceFilter(
        field_name="lead_officer",
        queryset=selectors.lead_officers(),
        empty_label="Anyone",
        label="Lead officer",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    overdue = django_filters.ChoiceFilter(
        choices=OVERDUE_CHOICES,
        method="filter_overdue",
        empty_label="Overdue or not",
        label="Overdue",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    due_before = django_filters.DateFilter(
        field_name="due_date",
        lookup_expr="lt",
        label="Due before",
        widget=forms.DateInput(
            attrs={"type": "date", "class": "govuk-input govuk-input--width-10"},
            format="%Y-%m-%d",
        ),
    )
    indicator = django_filters.ModelChoiceFilter(
        field_name="indicators",
        # Only indicators with committee business: at national scale a list
        # of every indicator is thousands of options that match nothing.
        queryset=Indicator.objects.filter(
            Q(actions__isnull=False) | Q(resolutions__isnull=False)
        )
        .distinct()
        .order_by("name"),
        to_field_name="code",
        empty_label="Any indicator",
        label="Linked indicator",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )

    class Meta:
        model = Action
        fields = ["committee", "status", "lead", "overdue", "due_before", "indicator"]

    def filter_status(
        self, queryset: QuerySet[Action], name: str, value: Any
    ) -> QuerySet[Action]:
        if value == OUTSTANDING:
            return queryset.filter(status__in=rules.OUTSTANDING)
        return queryset.filter(status=value)

    def filter_overdue(
        self, queryset: QuerySet[Action], name: str, value: Any
    ) -> QuerySet[Action]:
        # The same rule as the model's: the tracker's selector annotated it.
        if value == "yes":
            return queryset.overdue()
        if value == "no":
            return queryset.not_overdue()
        return queryset
