"""The action tracker's filters (django-filter). They narrow the tracker's
selector, which has already annotated `is_overdue`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.choices import BaseChoiceIterator

from committees import rules, selectors
from committees.models import Action, ActionQuerySet, Committee
from indicators.models import Indicator, Theme

OUTSTANDING = "outstanding"
# Every status, closed included. With no status chosen the tracker hides
# closed actions: they are done with, and would crowd out the live ones.
ANY = "any"
STATUS_CHOICES = [
    (OUTSTANDING, "Outstanding (open or in progress)"),
    *Action.Status.choices,
    (ANY, "Any status, closed included"),
]
OVERDUE_CHOICES = [("yes", "Overdue only"), ("no", "Not overdue")]


class _LeadChoices(BaseChoiceIterator):
    """The lead filter's choices, read the first time the form lists or
    checks a lead and then kept (a filterset that is only counted never
    reads them)."""

    def __init__(self) -> None:
        self._choices: list[tuple[str, str]] | None = None

    def _load(self) -> list[tuple[str, str]]:
        if self._choices is None:
            self._choices = selectors.lead_choices()
        return self._choices

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._load())

    def __len__(self) -> int:
        return len(self._load())


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
        empty_label="Not closed",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    lead = django_filters.ChoiceFilter(
        # Staff with accounts and officers named without one: set per
        # filterset in __init__, so that the list is read once.
        choices=[],
        method="filter_lead",
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

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        # Always bound, so that the defaults (closed actions hidden) apply to
        # a page opened without a query too.
        super().__init__({} if data is None else data, *args, **kwargs)
        self.filters["lead"].extra["choices"] = _LeadChoices()

    def filter_queryset(self, queryset: QuerySet[Action]) -> QuerySet[Action]:
        # No status chosen: everything but closed actions (the status
        # filter's method only runs for a value).
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.exclude(status=Action.Status.CLOSED)
        return super().filter_queryset(queryset)

    def filter_status(
        self, queryset: QuerySet[Action], name: str, value: Any
    ) -> QuerySet[Action]:
        if value == OUTSTANDING:
            return queryset.filter(status__in=rules.OUTSTANDING)
        if value == ANY:
            return queryset
        return queryset.filter(status=value)

    def filter_lead(
        self, queryset: QuerySet[Action], name: str, value: Any
    ) -> QuerySet[Action]:
        if value.startswith(selectors.NAMED_LEAD):
            return queryset.filter(
                lead_officer__isnull=True,
                lead_name=value.removeprefix(selectors.NAMED_LEAD),
            )
        return queryset.filter(lead_officer_id=int(value))

    def filter_overdue(
        self, queryset: ActionQuerySet, name: str, value: Any
    ) -> ActionQuerySet:
        # The same rule as the model's: the tracker's selector annotated it.
        if value == "yes":
            return queryset.overdue()
        if value == "no":
            return queryset.not_overdue()
        return queryset


class CatalogueFilter(django_filters.FilterSet):
    """The catalogue's filters: words anywhere in an indicator's name, code
    or description, and its theme (a LAIT measure's topic is its theme)."""

    q = django_filters.CharFilter(
        method="search",
        label="Search by words",
        widget=forms.TextInput(attrs={"class": "govuk-input", "type": "search"}),
    )
    theme = django_filters.ModelChoiceFilter(
        field_name="theme",
        queryset=Theme.objects.all(),
        to_field_name="slug",
        empty_label="All themes",
        label="Theme or topic",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )

    following = django_filters.ChoiceFilter(
        method="by_following",
        choices=[("yes", "Followed only"), ("no", "Not followed only")],
        empty_label="Followed or not",
        label="The committee",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )

    class Meta:
        model = Indicator
        fields = ["q", "theme", "following"]

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.committee = committee

    def by_following(
        self, queryset: QuerySet[Indicator], name: str, value: str
    ) -> QuerySet[Indicator]:
        followed = Q(followed_by=self.committee)
        return queryset.filter(followed if value == "yes" else ~followed)

    def search(
        self, queryset: QuerySet[Indicator], name: str, value: str
    ) -> QuerySet[Indicator]:
        """Every word must appear in the name, the code or the description."""
        for word in value.split():
            queryset = queryset.filter(
                Q(name__icontains=word)
                | Q(code__icontains=word)
                | Q(description__icontains=word)
            )
        return queryset
