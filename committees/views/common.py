"""What the clerk's forms share: the posted data, a service's validation
error shown on the form, the one form page, and the one skeleton every form
view follows (`form_view`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from committees.services import AlreadySaved


def form_errors(form: Form, error: ValidationError) -> None:
    """Show a service's validation error on the form: on its field when the
    form has one, otherwise above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def posted(request: HttpRequest) -> Any:
    """The form's data on a POST (even an empty one, which must be rejected
    rather than shown as a fresh form), None otherwise."""
    return request.POST if request.method == "POST" else None


def create_once[T](
    request: HttpRequest, create: Callable[[], T], name: Callable[[T], str], done: str
) -> T:
    """Run a create service and say what it did. A repeat of the same create
    (a double click, a resent form) gets back the row saved the first time
    (services.AlreadySaved), and the message says it was already saved."""
    try:
        instance = create()
    except AlreadySaved as saved:
        instance = saved.instance
        messages.info(request, f"{name(instance)} was already saved.")
    else:
        messages.success(request, f"{name(instance)} {done}.")
    return instance


def form_page(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    return render(request, "committees/form.html", context)


def form_view(
    request: HttpRequest,
    form: Form,
    page: dict[str, Any],
    save: Callable[[], HttpResponse],
) -> HttpResponse:
    """The skeleton of every clerk's form view: on a valid POST, `save()`
    calls one service, adds a message and returns the redirect; a
    ValidationError from the service is shown on the form, which is shown
    again with `page` (title, caption, back link, buttons)."""
    if request.method == "POST" and form.is_valid():
        try:
            return save()
        except ValidationError as error:
            form_errors(form, error)
    return form_page(request, {"form": form, **page})
