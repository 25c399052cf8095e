"""The upload form for DfE's LAIT: the data file and its data dictionary."""

from __future__ import annotations

from typing import Any

from django import forms

from indicators.text import CleanTextMixin
from returns.forms import check_upload_size


def _checked(upload: Any, suffixes: tuple[str, ...], what: str) -> Any:
    """A file within the upload limit, not empty, named as `what` is."""
    check_upload_size(upload)
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
