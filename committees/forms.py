"""The clerk's forms, in GOV.UK Frontend's classes (`indicators.forms.GovukForm`).
Forms validate input; services write. Each field is rendered by
`components/field.html`."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone

from committees import rules
from committees.models import Action, AgendaItem, Meeting, Resolution
from indicators import selectors as indicator_selectors
from indicators.forms import GovukForm
from indicators.models import Area, Indicator, Period
from indicators.permissions import LEAD_ACTIONS

# The committee's group when none is chosen: its pages compare with every
# authority, as the dashboard's "All English authorities".
NO_GROUP = "No group: all English authorities"


def _date(label: str, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(
            attrs={"type": "date", "width": "govuk-input--width-10"},
            format="%Y-%m-%d",
        ),
        error_messages={"invalid": f"Enter {label.lower()} as a real date"},
        **kwargs,
    )


class IndicatorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        """Reads obj.theme: the queryset selects it."""
        return f"{obj.name} ({obj.theme.name})"


def _indicators() -> forms.ModelMultipleChoiceField:
    return IndicatorChoiceField(
        label="Indicators it concerns",
        queryset=Indicator.objects.select_related("theme").order_by(
            "theme__name", "name"
        ),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select any the committee's request is about",
    )


class MeetingForm(GovukForm):
    date = _date("Date")
    time = forms.TimeField(
        label="Time",
        required=False,
        widget=forms.TimeInput(
            attrs={"type": "time", "width": "govuk-input--width-5"}, format="%H:%M"
        ),
        error_messages={"invalid": "Enter the time as, for example, 14:00"},
    )
    venue = forms.CharField(label="Venue", max_length=300, required=False)
    status = forms.ChoiceField(
        label="Status", choices=Meeting.Status.choices, widget=forms.RadioSelect
    )


class PeriodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.display_label


# How many recent periods the agenda item's period list offers.
ITEM_PERIOD_CHOICES = 16


class AgendaItemForm(GovukForm):
    number = forms.IntegerField(
        label="Item number",
        min_value=1,
        max_value=999,
        widget=forms.NumberInput(attrs={"width": "govuk-input--width-3"}),
        error_messages={"invalid": "Enter the item number as a whole number"},
    )
    title = forms.CharField(label="Title", max_length=300)
    period = PeriodChoiceField(
        label="Performance period it reports on",
        queryset=Period.objects.none(),
        required=False,
        empty_label="No period: the item is not a performance report",
        error_messages={
            "invalid_choice": "Choose a quarter or year that ended before the meeting"
        },
    )
    document_url = forms.URLField(
        label="Link to the report",
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text="The address of the report on the council's website",
        error_messages={"invalid": "Enter the link as a web address"},
    )

    def __init__(
        self,
        *args: Any,
        meeting: Meeting,
        item: AgendaItem | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.item = item
        # The recent quarters and years, and the item's own period however
        # old. Not a sliced queryset: a choice is validated by filtering the
        # queryset, which a slice refuses.
        periods = Period.objects.filter(
            kind__in=[Period.Kind.QUARTER, Period.Kind.YEAR],
            year_type="financial",
        )
        recent = list(
            periods.filter(end__lte=meeting.date)
            .order_by("-end", "start")
            .values_list("pk", flat=True)[:ITEM_PERIOD_CHOICES]
        )
        if item is not None and item.period_id is not None:
            recent.append(item.period_id)
        cast(
            forms.ModelChoiceField, self.fields["period"]
        ).queryset = Period.objects.filter(pk__in=recent).order_by("-end", "start")

    def clean_document_url(self) -> str:
        url = self.cleaned_data["document_url"]
        if url and not url.lower().startswith(("https://", "http://")):
            raise forms.ValidationError("Enter a link that starts with https://")
        return url

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        number = data.get("number")
        if number is None:
            return data
        taken = self.meeting.items.filter(number=number)
        if self.item is not None:
            taken = taken.exclude(pk=self.item.pk)
        elif "title" in data and "period" in data and "document_url" in data:
            # The same item again (a second click on Save) is not a clash:
            # the service answers that it is already saved.
            taken = taken.exclude(
                title=data["title"],
                period=data["period"],
                document_url=data["document_url"],
            )
        if taken.exists():
            self.add_error("number", f"This meeting already has an item {number}")
        return data


class ResolutionForm(GovukForm):
    letter = forms.CharField(
        label="Letter",
        max_length=2,
        widget=forms.TextInput(attrs={"width": "govuk-input--width-2"}),
        help_text="The next letter is filled in for you",
    )
    kind = forms.ChoiceField(
        label="Kind of resolution",
        choices=Resolution.Kind.choices,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label="Resolution",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="As minuted, e.g. “That the Director be requested to …”",
    )
    indicators = _indicators()

    def __init__(
        self,
        *args: Any,
        item: AgendaItem,
        resolution: Resolution | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.item = item
        self.resolution = resolution

    def clean_letter(self) -> str:
        letter = self.cleaned_data["letter"].strip().strip("()").lower()
        try:
            rules.letter_index(letter)
        except ValueError:
            raise forms.ValidationError(
                "Enter the letter as one or two letters, for example c"
            ) from None
        return letter

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        letter = data.get("letter")
        if not letter:
            return data
        taken = self.item.resolutions.filter(letter=letter)
        if self.resolution is not None:
            taken = taken.exclude(pk=self.resolution.pk)
        elif "text" in data and "kind" in data:
            # The same resolution again (a second click on Save) is not a
            # clash: the service answers that it is already saved.
            taken = taken.exclude(text=data["text"], kind=data["kind"])
        if taken.exists():
            self.add_error("letter", f"This item already has a resolution ({letter})")
        return data


def lead_officer_choices() -> QuerySet[Any]:
    """Staff who can lead an action: officers and the performance team."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__name__in=sorted(LEAD_ACTIONS),
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.username})" if name else obj.username


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.date:%-d %B %Y}"


class ActionForm(GovukForm):
    description = forms.CharField(
        label="What is to be done",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    lead_officer = UserChoiceField(
        label="Lead officer",
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label="Someone without an account (name below)",
    )
    lead_name = forms.CharField(
        label="Or the lead officer's name and title",
        max_length=200,
        required=False,
        help_text="For example, Director of Children and Family Services",
    )
    lead_email = forms.EmailField(
        label="Their email address",
        required=False,
        help_text="Reminders are sent here",
        error_messages={"invalid": "Enter an email address like name@example.org"},
    )
    due_meeting = MeetingChoiceField(
        label="Due to a meeting",
        queryset=Meeting.objects.none(),
        required=False,
        empty_label="No meeting: a date below",
        help_text="The first listed is the next meeting; the meeting sets the due date",
    )
    due_date = _date("Due date", required=False)
    indicators = _indicators()

    def __init__(self, *args: Any, resolution: Resolution, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.resolution = resolution
        meeting = resolution.item.meeting
        cast(
            forms.ModelChoiceField, self.fields["lead_officer"]
        ).queryset = lead_officer_choices()
        cast(forms.ModelChoiceField, self.fields["due_meeting"]).queryset = (
            Meeting.objects.filter(
                committee_id=meeting.committee_id,
                date__gt=meeting.date,
            )
            .exclude(status=Meeting.Status.CANCELLED)
            .order_by("date", "time")
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("lead_officer"):
            if not data.get("lead_name"):
                self.add_error(
                    "lead_officer",
                    "Choose the lead officer, or give their name and email address",
                )
            elif not data.get("lead_email") and "lead_email" not in self.errors:
                self.add_error("lead_email", "Give the lead officer's email address")
        due_meeting, due_date = data.get("due_meeting"), data.get("due_date")
        if "due_date" in self.errors:
            return data
        if due_meeting and due_date and due_date != due_meeting.date:
            self.add_error("due_date", "Choose a meeting or a due date, not both")
        elif not due_meeting and not due_date:
            self.add_error(
                "due_meeting", "Choose the meeting it is due to, or give a due date"
            )
        elif due_date and due_date < self.resolution.item.meeting.date:
            self.add_error(
                "due_date",
                "The due date must be on or after the meeting that asked for it",
            )
        return data


class ActionUpdateForm(GovukForm):
    date = _date("Date")
    text = forms.CharField(
        label="Update or answer",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    status = forms.ChoiceField(
        label="Status after this update",
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, action: Action, clerk: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", f"Unchanged ({action.get_status_display().lower()})")]
        choices += [
            (Action.Status.IN_PROGRESS.value, "In progress"),
            (Action.Status.ANSWERED.value, "Answered: the committee's request is met"),
        ]
        if clerk:
            choices.append((Action.Status.OPEN.value, "Open (reopen it)"))
        current = action.status
        if self.is_bound and self.data.get("status") == current:
            # Set by this same update a moment ago (a second click): accepted,
            # so that the service can say it is already saved.
            current = ""
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            (value, label) for value, label in choices if value != current or not value
        ]
        self.initial.setdefault("date", timezone.localdate())

    def clean_date(self) -> datetime.date:
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future")
        return date


class ActionCloseForm(GovukForm):
    reason = forms.CharField(
        label="Why monitoring is no longer required",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason for closing the action"},
    )


class ActionReopenForm(GovukForm):
    reason = forms.CharField(
        label="Why the action is reopened",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason for reopening the action"},
    )


class CommitteeGroupForm(GovukForm):
    """The committee's own comparator group: none (all English authorities)
    or one the pages offer (`comparator_choices`, one query); the service
    checks it again."""

    comparator_group = forms.ChoiceField(
        label="Compare with",
        required=False,
        help_text="The committee's dashboard and overall position compare with "
        "this group unless another is chosen there; its new reports take it.",
        error_messages={"invalid_choice": "Choose a comparator group from the list"},
    )

    def __init__(self, *args: Any, home: Area | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", NO_GROUP), *indicator_selectors.comparator_choices(home)]
        cast(forms.ChoiceField, self.fields["comparator_group"]).choices = choices
