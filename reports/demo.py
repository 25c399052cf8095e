"""The demo's reports: the children's scrutiny committee's quarterly report on
each quarter its past meetings took (drafted by the demo officer, finalised
by the performance team, so that councillors have reports to read). The
latest quarter's report is left for the officer to draft for the next
meeting. Called by `seed_demo` after the committees' demo; idempotent (an
existing report is left as it is, so edits made while trying the demo
survive a re-run)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from committees.models import AgendaItem, Meeting
from indicators import selectors as indicator_selectors
from indicators.models import Period, Theme
from reports import services
from reports.models import Report

# The same committee as the committees app's demo, so the two line up: drafted
# by its slug, the reports are linked to it (when the committees demo has run).
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


def _periods_met_on(today: datetime.date) -> list[Period]:
    """The quarters the committee's held meetings reported on, oldest first."""
    items = (
        AgendaItem.objects.filter(
            meeting__committee__slug=COMMITTEE_SLUG,
            meeting__status=Meeting.Status.HELD,
            meeting__date__lt=today,
            period__isnull=False,
        )
        .select_related("period")
        .order_by("meeting__date")
    )
    periods: dict[int, Period] = {}
    for item in items:
        if item.period is not None:  # filtered out above; said for the types
            periods.setdefault(item.period.pk, item.period)
    return list(periods.values())


def seed(stdout: Any = None) -> list[Report]:
    home = indicator_selectors.home_area_or_none()
    quarters = [
        p
        for p in indicator_selectors.dashboard_periods(home)
        if p.kind == Period.Kind.QUARTER
    ]
    themes = list(Theme.objects.filter(name__in=REMIT).values_list("pk", flat=True))
    if not quarters or not themes:
        _say(stdout, "  Reports: no published quarter to report on; none drafted.")
        return []
    if Report.objects.filter(committee_slug=COMMITTEE_SLUG).exists():
        _say(stdout, f"  Reports: {COMMITTEE_NAME} already has its reports.")
        return list(Report.objects.filter(committee_slug=COMMITTEE_SLUG))
    User = get_user_model()
    author = User.objects.filter(username="officer").first()
    finaliser = User.objects.filter(username="performance").first()
    if author is None or finaliser is None:
        _say(stdout, "  Reports: the demo users officer and performance are needed.")
        return []
    # The latest quarter is the next meeting's: never drafted here.
    published = {p.pk for p in quarters[1:]}
    reports = []
    for period in _periods_met_on(timezone.localdate()):
        if period.pk not in published:
            continue
        report, _ = services.report_draft(
            user=author,
            period=period,
            committee_name=COMMITTEE_NAME,
            committee_slug=COMMITTEE_SLUG,
            theme_ids=themes,
        )
        try:
            services.report_finalise(user=finaliser, report=report)
        except ValidationError as error:
            _say(
                stdout,
                f"  Reports: {period.label} left as a draft: {error.messages[0]}",
            )
        reports.append(report)
    final = [r.period.label for r in reports if r.pk and _is_final(r)]
    _say(
        stdout,
        f"  Reports: {COMMITTEE_NAME}, final for {', '.join(final) or 'no quarter'}; "
        f"{quarters[0].label} is left for the officer to draft at /reports/new/.",
    )
    return reports


def _is_final(report: Report) -> bool:
    report.refresh_from_db(fields=["status"])
    return report.is_final
