"""The draft: every paragraph of a report as the rules would write it now."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from indicators import selectors as indicator_selectors
from indicators.models import Period, Theme
from indicators.selectors import rated_rows
from indicators.summary import summarise
from reports import wording
from reports.selectors.facts import facts_for, report_rows, report_series
from reports.selectors.series import with_comparisons


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
    theme. Published figures only. Queries: five, whatever the size."""
    home = indicator_selectors.home_area_or_none()
    theme_ids = list(theme_ids)
    rows = list(report_rows(home, period, theme_ids))
    themes = list(
        Theme.objects.filter(pk__in=theme_ids)
        .order_by("name")
        .values_list("name", flat=True)
    )
    summary = summarise(rated_rows(rows))
    all_facts = with_comparisons(
        home, period, rows, [facts_for(r, period) for r in rows]
    )
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
