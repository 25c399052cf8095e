"""The draft: every paragraph of a report as the rules would write it now."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from indicators import selectors as indicator_selectors
from indicators.models import Period, Theme
from indicators.selectors import rated_rows
from indicators.summary import Summary, summarise
from reports import wording
from reports.selectors.facts import facts_for, report_rows, report_series
from reports.selectors.series import with_comparisons
from reports.wording import structure


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
    subsection: str = ""  # the outcome (or theme) heading under the section


OVERVIEW = structure.SUMMARY


def _counts(all_facts: list[wording.Facts]) -> dict[str, int]:
    """How many figures are for the report's own period, how many are the
    latest annual figures and how many are reported in arrears; and how many
    have England or neighbour figures but no quartile."""
    lagged = [f for f in all_facts if f.lagged]
    return {
        "lagged": len(lagged),
        "annual": sum(1 for f in lagged if f.annual),
        "arrears": sum(1 for f in lagged if not f.annual),
        "unbanded": sum(
            1
            for f in all_facts
            if f.quartile is None
            and (f.england_value is not None or f.neighbour_mean is not None)
        ),
    }


def _overview(
    summary: Summary, period: Period, themes: list[str], counts: dict[str, int]
) -> list[DraftParagraph]:
    facts = {
        "summary": {
            k: v if not isinstance(v, dict) else {str(a): b for a, b in v.items()}
            for k, v in asdict(summary).items()
        },
        "period": period.display_label,
        "themes": themes,
        **counts,
    }
    return [
        DraftParagraph(
            key=key,
            section=OVERVIEW,
            indicator_id=None,
            text=text,
            facts={**facts, "part": key},
            facts_hash=wording.facts_hash({**facts, "part": key}),
            series=[],
        )
        for key, text in wording.overview_paragraphs(
            summary,
            period=period.display_label,
            themes=themes,
            annual=counts["annual"],
            arrears=counts["arrears"],
            unbanded=counts["unbanded"],
        )
    ]


def report_drafts(
    period: Period,
    theme_ids: Iterable[int],
    indicator_ids: Iterable[int] | None = None,
) -> list[DraftParagraph]:
    """Every paragraph of the report, in order: the summary (the dashboard's
    summary of the same rows), then one paragraph per indicator, in the
    highlights, the areas for improvement or the rest, under its theme's
    council plan outcome (or its theme). The indicators given (those the
    committee follows), or else the themes'. Published figures only. Queries:
    five, whatever the size."""
    home = indicator_selectors.home_area_or_none()
    theme_ids = list(theme_ids)
    rows = list(report_rows(home, period, theme_ids, indicator_ids))
    if indicator_ids is not None:  # the themes of the indicators covered
        theme_ids = sorted({row.indicator.theme_id for row in rows})
    outcomes = {
        theme.name: theme.outcome
        for theme in Theme.objects.filter(pk__in=theme_ids)
        .select_related("outcome")
        .order_by("name")
    }
    all_facts = with_comparisons(
        home, period, rows, [facts_for(row, period) for row in rows]
    )
    drafts = _overview(
        summarise(rated_rows(rows)), period, list(outcomes), _counts(all_facts)
    )
    series = report_series(home, period, rows)
    placed = []
    for row, facts in zip(rows, all_facts, strict=True):
        part = structure.report_part(
            rag=facts.rag, direction=facts.direction, quartile=facts.quartile
        )
        outcome = outcomes.get(facts.theme)
        name = outcome.name if outcome else None
        key = structure.place_key(
            part, facts.theme, name, outcome.position if outcome else None
        )
        data = wording.facts_to_json(facts)
        draft = DraftParagraph(
            key=f"indicator:{facts.code}",
            section=part,
            subsection=structure.subheading(facts.theme, name),
            indicator_id=row.indicator_id,
            text=wording.indicator_paragraph(facts),
            facts=data,
            facts_hash=wording.facts_hash(data),
            series=series.get(row.indicator_id, []),
        )
        placed.append((key, draft))
    # A stable sort: within a heading, the dashboard's order (theme, name).
    placed.sort(key=lambda item: item[0])
    return drafts + [draft for _, draft in placed]
