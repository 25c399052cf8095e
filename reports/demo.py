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

from committees import demo as committee_demo
from committees.models import AgendaItem, Meeting
from indicators import selectors as indicator_selectors
from indicators.models import Period, Theme
from reports import services
from reports.models import GlossaryTerm, Report

# The same committee as the committees app's demo, so the two line up: drafted
# by its slug, the reports are linked to it (when the committees demo has run).
COMMITTEE_SLUG = committee_demo.SLUG
COMMITTEE_NAME = committee_demo.NAME
REMIT = committee_demo.REMIT


# Terms the committee asks about, printed at the end of every report.
GLOSSARY = {
    "Strengths and Difficulties Questionnaire (SDQ)": (
        "A behavioural screening questionnaire completed by the carers of"
        " children looked after aged 4 to 16. The total difficulties score runs"
        " from 0 to 40: 0 to 13 is considered normal, 14 to 16 borderline and"
        " 17 or more a cause for concern. Lower is better."
    ),
    "National quartile": (
        "The local authorities in England with a figure, ranked from best to"
        " worst and split into four groups of equal size, as in the DfE's Local"
        " Authority Interactive Tool (LAIT). The top quartile is the best 25%,"
        " the bottom quartile the worst 25%, whether higher or lower is better."
    ),
    "Statistical neighbours": (
        "The ten local authorities most like Leicestershire in population and"
        " circumstances, chosen by the DfE's children's services statistical"
        " neighbour benchmarking model. Their figure is the mean of those"
        " neighbours that have one."
    ),
    "RAG rating": (
        "Red, amber or green. Against a target: green when the figure meets or"
        " beats it, amber when it misses by no more than the tolerance, red"
        " otherwise. By national quartile: green in the top quartile, red in the"
        " bottom quartile, amber in between."
    ),
    "Percentage points": (
        "The difference between two percentages: a rise from 20% to 25% is 5"
        " percentage points (and an increase of 25%)."
    ),
}

# The standing sections of the committee's first demo report; each later
# report carries them from the one before.
STANDING = {
    "purpose": (
        "To present the Committee with the performance of the Children and"
        " Family Services department against the measures in its remit, with"
        " the latest national comparisons."
    ),
    "background": (
        "The Committee receives a performance report each quarter. The measures"
        " are grouped under the outcomes of the council's strategic plan; the"
        " appendix shows each measure's latest figure, direction of travel, RAG"
        " rating and national quartile."
    ),
    "conclusion": (
        "The Committee is asked to note the performance set out in this report"
        " and to comment on the areas for improvement."
    ),
    "equality_implications": (
        "There are no equality or human rights implications arising from this"
        " report. The service monitors its figures for groups with protected"
        " characteristics as part of its performance management."
    ),
    "background_papers": "None.",
    "officers_to_contact": (
        "Daniel Osei, Performance Lead, Children and Family Services"
        " (illustrative: the demo's performance user)."
    ),
}


def seed_glossary(stdout: Any) -> None:
    """The glossary's terms; a term already there keeps its definition."""
    for term, definition in GLOSSARY.items():
        GlossaryTerm.objects.get_or_create(
            term=term, defaults={"definition": definition}
        )
    _say(stdout, f"  Reports: a glossary of {len(GLOSSARY)} terms.")


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
    seed_glossary(stdout)
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
    reports: list[Report] = []
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
        if not reports:  # the first: the later ones carry its sections
            services.report_standing_sections_edit(
                user=author, report=report, texts=STANDING
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
