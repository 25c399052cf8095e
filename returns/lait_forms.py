"""The upload form for DfE's LAIT: the data file and its data dictionary."""

from __future__ import annotations

from typing import Any

from django import forms

from indicators.text import CleanTextMixin
from returns.forms import max_upload_bytes


def _checked(upload: Any, suffixes: tuple[str, ...], what: str) -> Any:
    """A file within the upload limit, not empty, named as `what` is."""
    limit = max_upload_bytes()
    if upload.size > limit:
        raise forms.ValidationError(
            f"The file is {upload.size / 1_048_576:.1f} MB: the limit is "
            f"{limit / 1_048_576:.0f} MB"
        )
    if upload.size == 0:
        raise forms.ValidationError("The file is empty")
    if not upload.name.lower().endswith(suffixes):
        raise forms.ValidationError(f"Upload {what}")
    return upload


class LaitUploadForm(CleanTextMixin, forms.Form):
    use_required_attribute = False

    data_file = forms.FileField(
        label="LAIT data file",
        help_text="As DfE publishes it: bds_long_0.parquet (or the same columns as CSV or XLSX).",
        widget=forms.ClearableFileInput(
            {"class": "govuk-file-upload", "accept": ".parquet,.csv,.xlsx"}
        ),
        error_messages={"required": "Choose the LAIT data file"},
    )
    dictionary = forms.FileField(
        label="LAIT data dictionary",
        help_text="lait_data_dictionary.csv: one row per measure, with its topic, polarity and year type.",
        widget=forms.ClearableFileInput(
            {"class": "govuk-file-upload", "accept": ".csv,.xlsx"}
        ),
        error_messages={"required": "Choose the LAIT data dictionary"},
    )

    def clean_data_file(self) -> Any:
        return _checked(
            self.cleaned_data["data_file"],
            (".parquet", ".csv", ".xlsx"),
            "a Parquet, CSV or XLSX data file",
        )

    def clean_dictionary(self) -> Any:
        return _checked(
            self.cleaned_data["dictionary"],
            (".csv", ".xlsx"),
            "a CSV or XLSX dictionary",
        )
