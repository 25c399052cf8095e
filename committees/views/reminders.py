"""Reminder emails that were not delivered: what, to whom, the mail
server's answer, and whether a later run will try again."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from committees import selectors
from indicators import mail
from indicators.permissions import SEE_UNDELIVERED, role_required


@role_required(SEE_UNDELIVERED)
@require_safe
def reminders_undelivered(request: HttpRequest) -> HttpResponse:
    """Every reminder the mail server refused, or that was interrupted."""
    return render(
        request,
        "committees/reminders_undelivered.html",
        {
            "undelivered": selectors.undelivered_reminders(request.user),
            "max_attempts": mail.MAX_ATTEMPTS,
        },
    )
