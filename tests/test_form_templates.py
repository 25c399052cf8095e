"""GOV.UK Frontend's form markup is written once: the error summary in
`components/error_summary.html`, a field's label, hint, error message and
box in `components/field.html` (and its error in `field_error.html`). A
template that writes them again by hand fails here: include the component."""

from __future__ import annotations

from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
# Boxes that are not a form's fields, each written once, by hand, on purpose.
HAND_WRITTEN_GROUPS = {
    # The dashboard's period list comes from the published periods, not a form.
    "indicators/dashboard.html": 1,
    # One reason box for each figure in the queue, each with its own id.
    "returns/publish_queue.html": 1,
}


def templates_with(text: str) -> dict[str, int]:
    return {
        path.relative_to(TEMPLATES).as_posix(): count
        for path in sorted(TEMPLATES.rglob("*.html"))
        if (count := path.read_text(encoding="utf-8").count(text))
    }


@pytest.mark.parametrize(
    ("markup", "written_in"),
    [
        ('class="govuk-error-summary"', {"components/error_summary.html": 1}),
        ("govuk-error-summary__list", {"components/error_summary.html": 1}),
        ('class="govuk-error-message"', {"components/field_error.html": 2}),
        ('<div class="govuk-hint"', {}),  # a field's hint: in field.html, id first
        ('-hint" class="govuk-hint"', {"components/field.html": 1}),
        ("govuk-fieldset__legend{%", {"components/field.html": 1}),
    ],
)
def test_form_markup_is_written_only_in_its_component(markup, written_in):
    assert templates_with(markup) == written_in


def test_form_groups_outside_the_field_template_are_the_known_few():
    groups = templates_with('<div class="govuk-form-group')
    assert groups.pop("components/field.html") == 1
    assert groups == HAND_WRITTEN_GROUPS
