"""The base of the forms laid out by `components/field.html`: it gives each
widget GOV.UK Frontend's classes and points it at its hint and error message,
so that templates only choose where the field goes."""

from __future__ import annotations

from typing import Any

from django import forms

from indicators.text import CleanTextMixin

REQUIRED_DEFAULT = forms.Field.default_error_messages["required"]
WIDGET_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.SelectMultiple: "govuk-select",
    forms.FileInput: "govuk-file-upload",
}


class GovukForm(CleanTextMixin, forms.Form):
    """Adds GOV.UK Frontend's classes to each widget, and its error class to
    fields with errors, so that templates only lay fields out."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if field.error_messages.get("required") == REQUIRED_DEFAULT:
                verb = "Choose" if isinstance(field, forms.ChoiceField) else "Enter"
                label = str(field.label or name)
                field.error_messages["required"] = (
                    f"{verb} {label[0].lower()}{label[1:]}"
                )
            # CheckboxSelectMultiple is a RadioSelect in Django: test it first.
            if isinstance(widget, forms.CheckboxSelectMultiple):
                widget.attrs["class"] = "govuk-checkboxes__input"
                continue
            if isinstance(widget, forms.RadioSelect):
                widget.attrs["class"] = "govuk-radios__input"
                continue
            css = next(
                (c for t, c in WIDGET_CLASSES.items() if isinstance(widget, t)),
                "govuk-input",
            )
            width = widget.attrs.pop("width", "")
            widget.attrs["class"] = f"{css} {width}".strip()
            if field.help_text:
                widget.attrs["aria-describedby"] = f"id_{name}-hint"

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            # Radios and checkboxes are described on their fieldset instead.
            if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                continue
            described = widget.attrs.get("aria-describedby", "")
            widget.attrs["aria-describedby"] = f"{described} id_{name}-error".strip()
            css = widget.attrs.get("class", "govuk-input")
            widget.attrs["class"] = f"{css} {css.split()[0]}--error"


class CompareForm(GovukForm):
    """The indicator page's "Compare with" choice: a GET form, so that the
    group is in the address (`?group=<slug>`) and no script is needed."""

    use_required_attribute = False
    group = forms.ChoiceField(label="Compare with", required=False)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = choices  # type: ignore[attr-defined]


class ComparatorGroupForm(GovukForm):
    """A named comparator group: its name and its authorities, pasted one a
    line or uploaded as a file. The codes are checked by
    `services.comparator_group_save`, which every path calls."""

    use_required_attribute = False
    name = forms.CharField(label="Name of the group", max_length=120)
    codes = forms.CharField(
        label="Authorities",
        required=False,
        widget=forms.Textarea({"rows": 10}),
        help_text="One a line: an ONS code (E10000018) or a DfE LA number (855)",
    )
    file = forms.FileField(
        label="Or upload a file",
        required=False,
        widget=forms.ClearableFileInput({"accept": ".csv,.xlsx"}),
        help_text="CSV or XLSX with a column la_code (or LA Number), "
        "or one code a line. It replaces the authorities above.",
    )
