"""The reads behind the report: the facts of each indicator in a committee's
remit (published figures only, from the dashboard's own selector), the
drafted paragraphs, report pages and what changed since the last meeting."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.urls import reverse

from indicators import selectors as indicator_selectors
from indicators.models import Area, Observation, Period, Rating, Theme
from indicators.permissions import has_role
from indicators.selectors import rated_rows
from indicators.summary import summarise
from reports import wording
from reports.models import Paragraph, Report, period_slug
from reports.permissions import EDIT_REPORTS

SERIES_LENGTH = 8  # periods shown in each paragraph's chart

# --- Facts from stored ratings -------------------------------------------------------


def report_rows(
    home: Area | None, period: Period, theme_ids: Iterable[int]
) -> QuerySet[Observation]:
    """The dashboard's rows for `period` (each indicator's latest published
    figure), limited to the remit's themes, each with the quartile of the
    figure before it (for "moves into", "remains in").

    Queries: one (the dashboard's query plus a correlated subquery)."""
    previous_quartile = Rating.objects.filter(
        observation__indicator=OuterRef("indicator"),
        observation__area=OuterRef("area"),
        observation__period=OuterRef("rating__previous_period"),
        observation__status=Observation.Status.PUBLISHED,
    ).values("quartile")[:1]
    return (
        indicator_selectors.dashboard_rows(home, period)
        .filter(indicator__theme_id__in=list(theme_ids))
        .annotate(previous_quartile=Subquery(previous_quartile))
    )


def facts_for(row: Observation, report_period: Period) -> wording.Facts:
    """One dashboard row as wording facts. Reads row.indicator.theme,
    row.period and row.rating with its periods (report_rows fetches them)."""
    indicator = row.indicator
    rating: Rating | None = getattr(row, "rating", None)
    singular, plural = wording.count_noun(indicator.name)
    common: dict[str, Any] = {
        "code": indicator.code,
        "name": indicator.name,
        "theme": indicator.theme.name,
        "unit": indicator.unit,
        "decimals": indicator.decimals,
        "polarity": indicator.polarity,
        "rag_method": indicator.rag_method,
        "banded": indicator.banded,
        "report_period": report_period.display_label,
        "period": row.period.display_label,
        "value": row.value,
        "suppression": row.suppression,
        "numerator": row.numerator,
        "denominator": row.denominator,
        "commentary": row.commentary.strip(),
        "revision_note": row.revision_note.strip() if row.revised else "",
        "noun_singular": singular,
        "noun_plural": plural,
        "annual": row.period.kind == Period.Kind.YEAR
        and report_period.kind != Period.Kind.YEAR,
    }
    if rating is None:
        return wording.Facts(**common)
    return wording.Facts(
        **common,
        previous_value=rating.previous_value,
        previous_numerator=rating.previous_numerator,
        previous_period=rating.previous_period.display_label
        if rating.previous_period
        else "",
        direction=rating.direction,
        target=rating.target,
        rag=rating.rag,
        quartile=rating.quartile,
        previous_quartile=getattr(row, "previous_quartile", None),
        rank=rating.rank,
        rank_of=rating.rank_of,
        comparison_period=rating.comparison_period.display_label
        if rating.comparison_period
        else "",
        neighbour_mean=rating.neighbour_mean,
        neighbour_count=rating.neighbour_count,
        england_value=rating.england_value,
        small_numbers=rating.small_numbers,
    )


def report_series(
    home: Area | None, period: Period, rows: list[Observation]
) -> dict[int, list[list[str | None]]]:
    """Each row's chart: the indicator's published home figures of the same
    kind of period as its latest, up to that figure, the last eight.

    Queries: one, whatever the number of indicators."""
    if home is None or not rows:
        return {}
    latest = {row.indicator_id: row.period for row in rows}
    figures = (
        Observation.objects.filter(
            area=home, indicator_id__in=list(latest), period__end__lte=period.end
        )
        .select_related("period")
        .only(
            "indicator_id",
            "value",
            "period__label",
            "period__kind",
            "period__year_type",
            "period__start",
            "period__end",
        )  # fmt: skip
        .order_by("indicator_id", "period__end", "period__start")
    )
    series: dict[int, list[list[str | None]]] = defaultdict(list)
    for figure in figures:
        own = latest[figure.indicator_id]
        same_kind = (figure.period.kind, figure.period.year_type) == (
            own.kind,
            own.year_type,
        )
        if same_kind and figure.period.end <= own.end:
            series[figure.indicator_id].append(
                [
                    figure.period.display_label,
                    str(figure.value) if figure.value is not None else None,
                ]
            )
    return {k: v[-SERIES_LENGTH:] for k, v in series.items()}


# --- The draft -------------------------------------------------------------------------


@dataclass(frozen=True)
class DraftParagraph:
    """One paragraph as the rules would write it now."""

    key: str
    section: str
    indicator_id: int | None
    text: str
    facts: dict[str, Any]
    facts_hash: str
    series: list[list[str | None]]


OVERVIEW = "Overview"


def report_drafts(period: Period, theme_ids: Iterable[int]) -> list[DraftParagraph]:
    """Every paragraph of the report, in order: the overview (the dashboard's
    summary of the same rows), then one paragraph per indicator under its
    theme. Published figures only. Queries: four, whatever the size."""
    home = indicator_selectors.home_area_or_none()
    theme_ids = list(theme_ids)
    rows = list(report_rows(home, period, theme_ids))
    themes = list(
        Theme.objects.filter(pk__in=theme_ids)
        .order_by("name")
        .values_list("name", flat=True)
    )
    summary = summarise(rated_rows(rows))
    all_facts = [facts_for(row, period) for row in rows]
    lagged = sum(1 for f in all_facts if f.lagged)
    overview_facts = {
        "summary": {
            k: v if not isinstance(v, dict) else {str(a): b for a, b in v.items()}
            for k, v in asdict(summary).items()
        },
        "period": period.display_label,
        "themes": themes,
        "lagged": lagged,
    }
    drafts = [
        DraftParagraph(
            key=key,
            section=OVERVIEW,
            indicator_id=None,
            text=text,
            facts={**overview_facts, "part": key},
            facts_hash=wording.facts_hash({**overview_facts, "part": key}),
            series=[],
        )
        for key, text in wording.overview_paragraphs(
            summary, period=period.display_label, themes=themes, lagged=lagged
        )
    ]
    series = report_series(home, period, rows)
    for row, facts in zip(rows, all_facts, strict=True):
        data = wording.facts_to_json(facts)
        drafts.append(
            DraftParagraph(
                key=f"indicator:{facts.code}",
                section=facts.theme,
                indicator_id=row.indicator_id,
                text=wording.indicator_paragraph(facts),
                facts=data,
                facts_hash=wording.facts_hash(data),
                series=series.get(row.indicator_id, []),
            )
        )
    return drafts


# --- Report pages ------------------------------------------------------------------------


def committee_reports(committee_slug: str) -> QuerySet[Report]:
    """A committee's reports, newest period first, with their periods."""
    return (
        Report.objects.filter(committee_slug=committee_slug)
        .select_related("period")
        .order_by("-period__end", "-period__start")
    )


def report_list(*, include_drafts: bool) -> QuerySet[Report]:
    """Every report (final ones only for readers who may not see drafts)."""
    reports = Report.objects.select_related("period", "finalised_by").order_by(
        "committee_name", "-period__end"
    )
    if not include_drafts:
        reports = reports.filter(status=Report.Status.FINAL)
    return reports


# Which period a URL means when labels collide ('2011-12' is both a month and
# the financial year 2011/12): the committee's quarter first.
_KIND_PREFERENCE = {"quarter": 0, "year": 1, "month": 2}


def period_for_slug(slug: str, committee_slug: str = "") -> Period | None:
    """The period a report URL names: among the committee's reports' periods,
    then the periods with published home figures."""
    slug = slug.lower()
    candidates = [r.period for r in committee_reports(committee_slug)] + (
        indicator_selectors.dashboard_periods(indicator_selectors.home_area_or_none())
    )
    matches = [p for p in candidates if period_slug(p.label) == slug]
    if not matches:
        return None
    return min(matches, key=lambda p: (_KIND_PREFERENCE.get(p.kind, 3), p.year_type))


def report_for_page(committee_slug: str, period: Period) -> Report | None:
    """The report with its paragraphs (and their editors) and remit.

    Queries: three (the report, its paragraphs, its themes)."""
    return (
        Report.objects.filter(committee_slug=committee_slug, period=period)
        .select_related("period", "finalised_by", "drafted_by")
        .prefetch_related(
            Prefetch(
                "paragraphs",
                queryset=Paragraph.objects.select_related("edited_by").order_by(
                    "position"
                ),
            ),
            "themes",
        )
        .first()
    )


def meeting_item_links(
    meeting: Any, items: list[Any], user: Any
) -> dict[int, tuple[str, str]]:
    """For a committee meeting's agenda items with a period: a link to the
    committee's report on that period, when there is one this user may
    read (a final one; a draft too for those who edit reports). Registered
    with the committees app (committees.selectors.ITEM_LINKERS); reads
    meeting.committee. One query."""
    periods = {item.period_id for item in items if item.period_id is not None}
    if not periods:
        return {}
    reports = Report.objects.filter(
        committee_slug=meeting.committee.slug, period_id__in=periods
    ).select_related("period")
    if not has_role(user, EDIT_REPORTS):
        reports = reports.filter(status=Report.Status.FINAL)
    by_period = {report.period_id: report for report in reports}
    links = {}
    for item in items:
        report = by_period.get(item.period_id)
        if report is not None:
            text = f"The quarterly performance report for {report.period.display_label}"
            if not report.is_final:
                text += " (draft)"
            url = reverse("report_detail", kwargs=report.url_kwargs())
            links[item.pk] = (text, url)
    return links


def latest_committee_report(committee_slug: str) -> Report | None:
    """The committee's most recent report: its name and remit seed a new one."""
    return committee_reports(committee_slug).prefetch_related("themes").first()


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: list[Paragraph]


def sections(paragraphs: Iterable[Paragraph]) -> list[Section]:
    """Paragraphs grouped under their headings, in order."""
    result: list[Section] = []
    for paragraph in paragraphs:
        if not result or result[-1].heading != paragraph.section:
            result.append(Section(paragraph.section, []))
        result[-1].paragraphs.append(paragraph)
    return result


def appendix_rows(paragraphs: Iterable[Paragraph]) -> list[wording.Facts]:
    """The appendix dashboard: the facts each indicator paragraph was drafted
    from, so the table and the paragraphs always agree."""
    return [
        wording.facts_from_json(p.facts)
        for p in paragraphs
        if p.key.startswith("indicator:") and p.in_draft
    ]


# --- What changed since the last meeting ------------------------------------------------


@dataclass(frozen=True)
class Change:
    code: str
    name: str
    theme: str
    labels: list[str]
    reason: str


@dataclass(frozen=True)
class Changes:
    period: Period
    previous: Period | None
    previous_report: Report | None
    changes: list[Change]
    unchanged: int


def previous_meeting_period(
    committee_slug: str, period: Period
) -> tuple[Period | None, Report | None]:
    """The period reported at the committee's previous meeting: its latest
    report for an earlier period; failing that, the previous quarter."""
    earlier = (
        committee_reports(committee_slug).filter(period__end__lt=period.end).first()
    )
    if earlier is not None:
        return earlier.period, earlier
    if period.kind != Period.Kind.QUARTER:
        return None, None
    from indicators import rating

    spec = rating.previous_period(period.as_rule())
    found = Period.objects.filter(
        kind=spec.kind.value, year_type=spec.year_type.value, start=spec.start
    ).first()
    return found, None


def changes_since_last_meeting(
    committee_slug: str, period: Period, theme_ids: Iterable[int]
) -> Changes:
    """Indicators in the remit whose RAG, direction or quartile differ from
    those of the period reported at the previous meeting, each with a reason.
    Live published figures on both sides. Queries: a fixed handful."""
    home = indicator_selectors.home_area_or_none()
    theme_ids = list(theme_ids)
    previous, previous_report = previous_meeting_period(committee_slug, period)
    now = [facts_for(r, period) for r in report_rows(home, period, theme_ids)]
    then: dict[str, wording.Facts] = {}
    if previous is not None:
        then = {
            f.code: f
            for f in (
                facts_for(r, previous) for r in report_rows(home, previous, theme_ids)
            )
        }
    changes, unchanged = [], 0
    for facts in now:
        before = then.get(facts.code)
        labels = wording.change_labels(before, facts)
        if not labels:
            unchanged += 1
            continue
        changes.append(
            Change(
                code=facts.code,
                name=facts.name,
                theme=facts.theme,
                labels=labels,
                reason=wording.change_reason(before, facts),
            )
        )
    return Changes(period, previous, previous_report, changes, unchanged)
