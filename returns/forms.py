"""Forms for officers and the performance team. A figure typed into a box is
read by `figure_rules.parse_number` (which takes "1,234" and "45%" from a
person, as a return does not, and never digits of other scripts), and a row
of figures is checked by `figure_rules.check_figure`, the rules every path
shares, so that each box shows its problem as soon as the form is sent. The
services apply the same rules again: the form is a courtesy, not the check."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.html import format_html

from indicators import figure_rules, imports, rating
from indicators.models import ImportJob
from indicators.text import CleanTextMixin

TEXT = {"class": "govuk-input govuk-input--width-5", "inputmode": "decimal"}
FIGURE_FIELDS = ("value", "numerator", "denominator")


def parse_optional(text: str, label: str) -> Decimal | None:
    """A typed figure, or None when blank. Suppression symbols are for
    imports of national data, not for the home authority's own entry."""
    try:
        return figure_rules.parse_number(text, typed=True)
    except figure_rules.NumberError as error:
        raise forms.ValidationError(f"{label}: {error}") from error


class FigureRowForm(CleanTextMixin, forms.Form):
    """What a figure's row and a revision share: three typed figures, checked
    together by the figure rules once the form knows the indicator."""

    value = forms.CharField(required=False, max_length=40, widget=forms.TextInput(TEXT))
    numerator = forms.CharField(
        required=False, max_length=40, widget=forms.TextInput(TEXT)
    )
    denominator = forms.CharField(
        required=False, max_length=40, widget=forms.TextInput(TEXT)
    )

    def clean_value(self) -> Decimal | None:
        return parse_optional(self.cleaned_data["value"], "Value")

    def clean_numerator(self) -> Decimal | None:
        return parse_optional(self.cleaned_data["numerator"], "Numerator")

    def clean_denominator(self) -> Decimal | None:
        return parse_optional(self.cleaned_data["denominator"], "Denominator")

    def figure_kind(self) -> figure_rules.FigureKind | None:
        return None

    def check_figures(self, *, require_value: bool = False) -> None:
        """Put each figure rule's problem under its box. A box that could
        not be read is left out, and its column's rules with it."""
        kind = self.figure_kind()
        if kind is None:
            return
        unread = {name for name in FIGURE_FIELDS if name in self.errors}
        checked = figure_rules.check_figure(
            kind,
            value=self.cleaned_data.get("value"),
            numerator=self.cleaned_data.get("numerator"),
            denominator=self.cleaned_data.get("denominator"),
            require_value=require_value and not unread,
        )
        for column, reasons in checked.errors.items():
            if column in unread:
                continue
            for reason in reasons:
                self.add_error(column, figure_rules.say(column, reason))


class FigureForm(FigureRowForm):
    """One indicator's row of the quarterly entry formset."""

    indicator = forms.IntegerField(widget=forms.HiddenInput)
    commentary = forms.CharField(
        required=False,
        max_length=4000,
        widget=forms.Textarea({"class": "govuk-textarea", "rows": 3}),
    )
    field_order = ["indicator", "value", "numerator", "denominator", "commentary"]

    def __init__(
        self,
        *args: Any,
        kinds: dict[int, figure_rules.FigureKind] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kinds = kinds or {}

    def figure_kind(self) -> figure_rules.FigureKind | None:
        return self.kinds.get(self.cleaned_data.get("indicator") or 0)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        kind = self.figure_kind()
        if kind is not None and not figure_rules.takes_counts(kind.unit):
            # A count-only figure has no numerator or denominator boxes.
            data["numerator"] = data["denominator"] = None
        self.check_figures()
        return data


class BaseFigureFormSet(forms.BaseFormSet):
    """The quarter's rows: at most one per indicator the officer enters."""

    default_error_messages = {
        "too_many_forms": "The form has more rows than you have indicators to"
        " enter (%(num)d): reload the page and enter the figures again.",
    }

    # The same indicator twice is refused by the service (returns.services.review),
    # which every entry path goes through.


def figure_formset(
    kinds: dict[int, figure_rules.FigureKind],
) -> type[forms.BaseFormSet]:
    """A formset bounded by the indicators the officer enters: a form posted
    with more rows is refused with a message, and no more than that many
    forms are ever built (Django's default would build up to 2,000)."""
    count = len(kinds)
    return forms.formset_factory(
        FigureForm,
        formset=BaseFigureFormSet,
        extra=0,
        max_num=count,
        absolute_max=count,
        validate_max=True,
    )


class RejectForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(
        max_length=1000,
        label="Why is this figure sent back?",
        widget=forms.Textarea({"class": "govuk-textarea", "rows": 2}),
        error_messages={"required": "Give a reason the officer will see"},
    )


class ReviseForm(FigureRowForm):
    """A correction to a published figure: the value, or the counts it is
    worked out from, with the reason."""

    note = forms.CharField(
        max_length=1000,
        label="Why is the published figure corrected?",
        widget=forms.Textarea({"class": "govuk-textarea", "rows": 3}),
        error_messages={"required": "Say why the published figure is revised"},
    )

    def __init__(
        self, *args: Any, kind: figure_rules.FigureKind | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind

    def figure_kind(self) -> figure_rules.FigureKind | None:
        return self.kind

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        self.check_figures(require_value=True)
        return data


class CommentaryForm(CleanTextMixin, forms.Form):
    commentary = forms.CharField(
        required=False,
        max_length=4000,
        label="Commentary",
        help_text="What the figure shows and why: councillors read it beside the figure",
        widget=forms.Textarea(
            {
                "class": "govuk-textarea",
                "rows": 5,
                "aria-describedby": "id_commentary-hint",
            }
        ),
    )


class TargetForm(CleanTextMixin, forms.Form):
    period = forms.CharField(
        max_length=20,
        label="Period",
        help_text="A quarter (2025/26 Q3) or a year (2025/26): a year's target applies to its quarters too",
        widget=forms.TextInput(
            {
                "class": "govuk-input govuk-input--width-10",
                "aria-describedby": "id_period-hint",
            }
        ),
    )
    value = forms.CharField(max_length=40, label="Target", widget=forms.TextInput(TEXT))

    def __init__(self, *args: Any, year_type: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.year_type = year_type

    def clean_period(self) -> rating.Period:
        try:
            return rating.parse_period(self.cleaned_data["period"], self.year_type)
        except rating.PeriodError as error:
            raise forms.ValidationError(str(error)) from error

    def clean_value(self) -> Decimal:
        value = parse_optional(self.cleaned_data["value"], "Target")
        if value is None:
            raise forms.ValidationError("Enter a target")
        return value


def max_upload_bytes() -> int:
    return int(settings.SCRUTINEER_MAX_UPLOAD_BYTES)


def check_upload_size(upload: Any) -> None:
    """Refuse an empty upload or one over the limit, saying its size."""
    limit = max_upload_bytes()
    if upload.size > limit:
        raise forms.ValidationError(
            f"The file is {upload.size / 1_048_576:.1f} MB: the limit is "
            f"{limit / 1_048_576:.0f} MB"
        )
    if upload.size == 0:
        raise forms.ValidationError("The file is empty")


class UploadForm(CleanTextMixin, forms.Form):
    # As the page was before its fields were rendered by Django: no
    # `required` attributes, which GOV.UK Frontend's pages leave out.
    use_required_attribute = False
    KINDS = [
        (ImportJob.Kind.RETURNS, "A quarterly return (CSV or XLSX)"),
        (ImportJob.Kind.BENCHMARKS, "National benchmark data (an EES CSV file)"),
    ]
    kind = forms.ChoiceField(
        choices=KINDS,
        widget=forms.RadioSelect({"class": "govuk-radios__input"}),
        label="What are you uploading?",
        error_messages={"required": "Choose what you are uploading"},
    )
    file = forms.FileField(
        label="File",
        widget=forms.ClearableFileInput(
            {
                "class": "govuk-file-upload",
                "accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "aria-describedby": "id_file-hint",
            }
        ),
        error_messages={"required": "Choose a file to upload"},
    )

    def __init__(self, *args: Any, kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The limit is a setting, so the hint is written when the form is made.
        self.fields["file"].help_text = format_html(
            "CSV or XLSX (the first sheet), up to {} MB. A return has the columns"
            " <code>indicator_code, period, value</code> and optionally"
            " <code>numerator, denominator, commentary, target</code>. A file with"
            " any bad row is rejected whole, and nothing is written.",
            max_upload_bytes() // 1_048_576,
        )
        choices = [c for c in self.KINDS if c[0] in kinds]
        cast(forms.ChoiceField, self.fields["kind"]).choices = choices
        if len(choices) == 1:
            self.fields["kind"].initial = choices[0][0]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        check_upload_size(upload)
        head = upload.read(8192)
        upload.seek(0)
        is_zip = head.startswith(b"PK\x03\x04")
        name = upload.name.lower()
        if name.endswith(".xlsx"):
            if not is_zip:
                raise forms.ValidationError(
                    "The file is named .xlsx but is not an Excel workbook"
                )
        elif name.endswith((".csv", ".txt")):
            if is_zip or b"\x00" in head or head.startswith(b"\x89PNG"):
                raise forms.ValidationError(
                    "The file is named .csv but is not a text file"
                )
        else:
            raise forms.ValidationError("Upload a CSV or XLSX file")
        return upload

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        upload = data.get("file")
        if (
            upload is not None
            and data.get("kind") == ImportJob.Kind.BENCHMARKS
            and not upload.name.lower().endswith((".csv", ".txt"))
        ):
            self.add_error("file", "National benchmark data must be an EES CSV file")
        return data


class BenchmarkOptionsForm(CleanTextMixin, forms.Form):
    """Step two of a benchmark upload: which indicator, which columns, and
    which rows (filters), all offered from the file's own columns and
    values as read once at upload (`imports.BenchmarkChoices`, bounded)."""

    indicator = forms.ChoiceField(
        label="Indicator",
        widget=forms.Select({"class": "govuk-select"}),
        error_messages={"required": "Choose the indicator these figures are for"},
    )
    value_column = forms.ChoiceField(
        label="Column holding the figure",
        widget=forms.Select({"class": "govuk-select"}),
        error_messages={"required": "Choose the column holding the figure"},
    )
    numerator_column = forms.ChoiceField(
        label="Column holding the count (optional)",
        required=False,
        widget=forms.Select({"class": "govuk-select"}),
    )
    denominator_column = forms.ChoiceField(
        label="Column holding the denominator (optional)",
        required=False,
        widget=forms.Select({"class": "govuk-select"}),
    )
    MAIN = ("indicator", "value_column", "numerator_column", "denominator_column")

    def __init__(
        self,
        *args: Any,
        indicators: list[tuple[str, str]],
        choices: imports.BenchmarkChoices,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["indicator"]).choices = [
            ("", "Choose an indicator"),
            *indicators,
        ]
        measures = [(h, h) for h in choices.measures]
        cast(forms.ChoiceField, self.fields["value_column"]).choices = [
            ("", "Choose a column"),
            *measures,
        ]
        for name in ("numerator_column", "denominator_column"):
            cast(forms.ChoiceField, self.fields[name]).choices = [
                ("", "None"),
                *measures,
            ]
        # Fields are named by position, so that a column's name (any text
        # the file holds) never becomes an HTML id; the label is the name.
        self.filter_columns: dict[str, str] = {}
        for position, (column, values) in enumerate(choices.filters.items()):
            name = f"filter_{position}"
            self.fields[name] = forms.ChoiceField(
                label=column,
                required=False,
                choices=[("", "Any (do not filter)")] + [(v, v) for v in values],
                widget=forms.Select({"class": "govuk-select"}),
            )
            self.filter_columns[name] = column

    def options(self) -> dict[str, Any]:
        """The import's options, in the one shape every path uses (checked
        again by `import_job_create`): filters map a column to its value."""
        data = self.cleaned_data
        return {
            "indicator": data["indicator"],
            "value_column": data["value_column"],
            "numerator_column": data["numerator_column"],
            "denominator_column": data["denominator_column"],
            "filters": {
                column: data[name]
                for name, column in self.filter_columns.items()
                if data.get(name)
            },
        }

    def main_fields(self) -> list[Any]:
        return [self[name] for name in self.MAIN]

    def filter_fields(self) -> list[Any]:
        return [self[name] for name in self.filter_columns]
