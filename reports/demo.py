"""The demo's report: the children's scrutiny committee's quarterly report for
the latest quarter with published figures, drafted as the demo officer.
Called by `seed_demo`; idempotent (an existing report is left as it is, so
edits made while trying the demo survive a re-run)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from indicators import selectors as indicator_selectors
from indicators.models import Period, Theme
from reports import services
from reports.models import Report

# The same committee as the committees app's demo, so the two line up.
COMMITTEE_SLUG = "children-and-families"
COMMITTEE_NAME = "Children and Families Overview and Scrutiny Committee"
REMIT = [
    "Child protection",
    "Early help and assessment",
    "Children in care",
    "Care leavers",
    "Workforce",
    "Special educational needs",
    "Youth justice",
]


def _say(stdout: Any, text: str) -> None:
    if stdout is not None:
        stdout.write(text)


def seed(stdout: Any = None) -> Report | None:
    home = indicator_selectors.home_area_or_none()
    quarters = [
        p
        for p in indicator_selectors.dashboard_periods(home)
        if p.kind == Period.Kind.QUARTER
    ]
    themes = list(Theme.objects.filter(name__in=REMIT).values_list("pk", flat=True))
    if not quarters or not themes:
        _say(stdout, "  Report: no published quarter to report on; none drafted.")
        return None
    latest = quarters[0]
    existing = Report.objects.filter(
        committee_slug=COMMITTEE_SLUG, period=latest
    ).first()
    if existing is not None:
        _say(stdout, f"  Report: {COMMITTEE_NAME}, {latest.label} already drafted.")
        return existing
    User = get_user_model()
    author = (
        User.objects.filter(username="officer").first()
        or User.objects.filter(is_superuser=True).order_by("pk").first()
    )
    if author is None:
        _say(stdout, "  Report: no officer to draft it as; none drafted.")
        return None
    report, result = services.report_draft(
        user=author,
        period=latest,
        committee_name=COMMITTEE_NAME,
        committee_slug=COMMITTEE_SLUG,
        theme_ids=themes,
    )
    _say(
        stdout,
        f"  Report: drafted {COMMITTEE_NAME}, {latest.label} "
        f"(/reports/{COMMITTEE_SLUG}/{report.url_kwargs()['period']}/). {result.message}",
    )
    return report
