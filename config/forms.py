"""The sign-in form, laid out by `components/field.html` like every other."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    """Django's sign-in form with GOV.UK Frontend's classes. Its own error
    messages are kept; the lockout backend checks the attempt as before."""

    # As the page was when its boxes were written by hand: no `required`
    # and no `autofocus` (which moves a screen reader past the page's start).
    use_required_attribute = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("autofocus", None)
            field.widget.attrs["class"] = "govuk-input govuk-!-width-two-thirds"
        self.fields["username"].widget.attrs["spellcheck"] = "false"
