"""Forms for drafting a report and editing a paragraph. They validate input
only; the services do the writing."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from committees.models import Committee
from indicators import selectors as indicator_selectors
from indicators.forms import GovukForm
from indicators.models import Area, Period, Theme
from indicators.models.comparators import NEIGHBOURS
from reports.services import MAX_PARAGRAPH_LENGTH


class PeriodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Period) -> str:
        return obj.display_label


def _compare_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Compare with",
        required=False,
        initial=NEIGHBOURS,
        help_text="The report's overall position counts its indicators in "
        "each quartile among this group.",
        error_messages={"invalid_choice": "Choose a comparator group from the list"},
    )


def _offer_groups(form: forms.Form, home: Area | None) -> None:
    """The groups the pages offer (`comparator_choices`): one query."""
    field = cast(forms.ChoiceField, form.fields["comparator_group"])
    field.choices = indicator_selectors.comparator_choices(home)


class CompareWithForm(GovukForm):
    """The report's comparator group, changed as the report is regenerated."""

    comparator_group = _compare_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer_groups(self, indicator_selectors.home_area_or_none())


class ReportDraftForm(GovukForm):
    # As the page was before its fields were rendered by Django: no
    # `required` attributes, which GOV.UK Frontend's pages leave out.
    use_required_attribute = False

    committee = forms.ModelChoiceField(
        label="Committee",
        queryset=Committee.objects.order_by("name"),
        required=False,
        empty_label="Another committee (name it below)",
        help_text="Its name and remit come from the committee's page.",
    )
    committee_name = forms.CharField(
        label="Or the committee's name",
        required=False,
        max_length=200,
        help_text="For example, Children and Families Overview and Scrutiny Committee",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": "Enter the committee's name"},
    )
    themes = forms.ModelMultipleChoiceField(
        label="The committee's remit",
        required=False,
        queryset=Theme.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        help_text="The report covers every indicator in these themes.",
        error_messages={
            "required": "Choose at least one theme in the committee's remit"
        },
    )
    period = PeriodChoiceField(
        label="Period",
        queryset=Period.objects.none(),
        empty_label=None,
        error_messages={
            "required": "Choose the period the report covers",
            "invalid_choice": "Choose a period with published figures",
        },
    )
    comparator_group = _compare_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        home = indicator_selectors.home_area_or_none()
        _offer_groups(self, home)
        periods = indicator_selectors.dashboard_periods(home)
        self.periods = periods
        cast(
            forms.ModelChoiceField, self.fields["period"]
        ).queryset = Period.objects.filter(pk__in=[p.pk for p in periods]).order_by(
            "-end", "start"
        )

    def clean(self) -> dict[str, Any]:
        """A committee from the committees app brings its name and remit (the
        report is linked to it); otherwise the name and themes are given
        here."""
        super().clean()
        data = self.cleaned_data
        committee = data.get("committee")
        if committee is not None:
            data["committee_name"] = committee.name
            if not data.get("themes"):
                data["themes"] = list(committee.remit.all())
        elif not data.get("committee_name"):
            self.add_error(
                "committee_name",
                "Enter the committee's name, or choose it from the list",
            )
        if not data.get("themes") and "themes" not in self.errors:
            self.add_error(
                "themes", "Choose at least one theme in the committee's remit"
            )
        return data


class ParagraphForm(GovukForm):
    use_required_attribute = False  # as ReportDraftForm

    text = forms.CharField(
        label="Paragraph text",
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=MAX_PARAGRAPH_LENGTH,
        strip=True,
        error_messages={
            "required": "Enter the paragraph's text",
            "max_length": f"Keep the paragraph to {MAX_PARAGRAPH_LENGTH:,} characters or fewer",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Too long a paragraph is refused with a message, not cut short by
        # the browser as a maxlength attribute would.
        self.fields["text"].widget.attrs.pop("maxlength", None)


def _standing_field(label: str, hint: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=hint,
    )


class StandingSectionsForm(GovukForm):
    """The report's standing sections (reports.models.STANDING_SECTIONS),
    each optional: a section left empty is not printed. Too long a text is
    refused by the service with a message, not cut short by the browser."""

    use_required_attribute = False  # as ReportDraftForm

    purpose = _standing_field("Purpose of the report")
    background = _standing_field("Background")
    conclusion = _standing_field("Conclusion")
    equality_implications = _standing_field("Equality and human rights implications")
    background_papers = _standing_field(
        "Background papers", "One paper a line, or None."
    )
    officers_to_contact = _standing_field(
        "Officers to contact", "Name, job title, telephone and email."
    )
