"""Regenerating a report: every paragraph redrafted from the current
published figures, keeping officers' edits and flagging those whose facts
changed since the edit. History (who, when, what) is kept by
django-simple-history on every paragraph and report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from indicators.permissions import EDIT_REPORTS
from reports import selectors
from reports.models import Paragraph, Report
from reports.selectors import DraftParagraph
from reports.services.common import refuse_if_final, require_role

_PARAGRAPH_FIELDS = [
    "position", "section", "subsection", "indicator", "text", "drafted_text", "facts",
    "facts_hash", "series", "in_draft",
]  # fmt: skip
# The same, as compared in memory (indicator_id: reading `indicator` would query).
_COMPARED = [f"{f}_id" if f == "indicator" else f for f in _PARAGRAPH_FIELDS]


def _state(paragraph: Paragraph) -> list[Any]:
    return [getattr(paragraph, f) for f in _COMPARED]


@dataclass(frozen=True)
class Regenerated:
    """What a regeneration did, for the officer's message."""

    created: int
    updated: int
    unchanged: int
    flagged: int  # edited paragraphs whose facts changed since the edit
    removed: int
    # True when report_draft made the report; False when it already existed
    # (drafted before, or a moment ago by a second click) and was regenerated.
    new_report: bool = False

    @property
    def message(self) -> str:
        parts = [
            f"{self.created} new" if self.created else "",
            f"{self.updated} updated" if self.updated else "",
            f"{self.unchanged} unchanged" if self.unchanged else "",
            f"{self.removed} removed" if self.removed else "",
        ]
        text = "Paragraphs: " + ", ".join(p for p in parts if p) + "."
        if self.flagged:
            text += (
                f" {self.flagged} edited paragraph"
                + (" has" if self.flagged == 1 else "s have")
                + " new figures behind them: check them before finalising."
            )
        return text


@dataclass
class _Plan:
    """The paragraphs in their new order, and what happens to each."""

    ordered: list[tuple[tuple[str, str], Paragraph]] = field(default_factory=list)
    to_create: list[Paragraph] = field(default_factory=list)
    to_update: list[Paragraph] = field(default_factory=list)
    removed: list[Paragraph] = field(default_factory=list)
    unchanged: int = 0
    flagged: int = 0


def _new_paragraph(report: Report, draft: DraftParagraph) -> Paragraph:
    return Paragraph(
        report=report,
        key=draft.key,
        position=0,
        section=draft.section,
        subsection=draft.subsection,
        indicator_id=draft.indicator_id,
        text=draft.text,
        drafted_text=draft.text,
        facts=draft.facts,
        facts_hash=draft.facts_hash,
        series=draft.series,
    )


def _redraft(paragraph: Paragraph, draft: DraftParagraph) -> bool:
    """Give an existing paragraph the new draft; its text too unless an
    officer edited it. True when it is an edit whose facts have changed."""
    paragraph._before = _state(paragraph)  # type: ignore[attr-defined]
    paragraph.section = draft.section
    paragraph.subsection = draft.subsection
    paragraph.indicator_id = draft.indicator_id
    paragraph.drafted_text = draft.text
    paragraph.facts = draft.facts
    paragraph.facts_hash = draft.facts_hash
    paragraph.series = draft.series
    paragraph.in_draft = True
    if not paragraph.edited:
        paragraph.text = draft.text
        return False
    return paragraph.facts_changed


def _keep_or_remove(plan: _Plan, left_over: list[Paragraph]) -> None:
    """Paragraphs the data no longer supports: an edited one is kept, out of
    the draft and flagged, after the last paragraph under its heading (or at
    the end); any other is removed."""
    for paragraph in left_over:
        if not paragraph.edited:
            plan.removed.append(paragraph)
            continue
        paragraph._before = _state(paragraph)  # type: ignore[attr-defined]
        paragraph.in_draft = False
        plan.flagged += 1
        heading = (paragraph.section, paragraph.subsection)
        at = max(
            (i for i, (h, _) in enumerate(plan.ordered) if h == heading),
            default=len(plan.ordered) - 1,
        )
        plan.ordered.insert(at + 1, (heading, paragraph))


def _plan(report: Report, drafts: list[DraftParagraph]) -> _Plan:
    """Match the drafts to the report's paragraphs by key, number them in
    order, and sort them into new, changed, unchanged and removed."""
    existing = {
        p.key: p for p in Paragraph.objects.select_for_update().filter(report=report)
    }
    plan = _Plan()
    for draft in drafts:
        paragraph = existing.pop(draft.key, None)
        if paragraph is None:
            paragraph = _new_paragraph(report, draft)
            plan.to_create.append(paragraph)
        elif _redraft(paragraph, draft):
            plan.flagged += 1
        plan.ordered.append(((draft.section, draft.subsection), paragraph))
    _keep_or_remove(plan, list(existing.values()))
    for position, (_, paragraph) in enumerate(plan.ordered, start=1):
        paragraph.position = position
        if paragraph.pk is not None:
            if _state(paragraph) == paragraph._before:  # type: ignore[attr-defined]
                plan.unchanged += 1
            else:
                plan.to_update.append(paragraph)
    return plan


def _write(user: Any, report: Report, plan: _Plan) -> None:
    for paragraph in plan.removed:
        paragraph._history_user = user  # type: ignore[attr-defined]
        paragraph.delete()
    if plan.to_update:
        bulk_update_with_history(
            plan.to_update,
            Paragraph,
            _PARAGRAPH_FIELDS,
            default_user=user,
            default_change_reason="regenerated from published figures",
        )
    if plan.to_create:
        bulk_create_with_history(
            plan.to_create,
            Paragraph,
            default_user=user,
            default_change_reason="drafted from published figures",
        )
    changed = plan.to_create or plan.to_update or plan.removed
    if changed or report.drafted_at is None:
        report.drafted_at = timezone.now()
        report.drafted_by = user
        report._history_user = user  # type: ignore[attr-defined]
        report.save(update_fields=["drafted_at", "drafted_by"])


@transaction.atomic
def report_regenerate(*, user: Any, report: Report) -> Regenerated:
    """Redraft every paragraph from the current published figures. Paragraphs
    nobody edited take the new wording; edited ones keep their text and are
    flagged when their facts changed since the edit. An edited paragraph the
    data no longer supports is kept, flagged, at the end of its section."""
    require_role(user, EDIT_REPORTS)
    report = (
        Report.objects.select_for_update().select_related("period").get(pk=report.pk)
    )
    refuse_if_final(report)
    theme_ids = list(report.themes.values_list("pk", flat=True))
    covered = selectors.covered_indicators(report.committee_id)
    plan = _plan(report, selectors.report_drafts(report.period, theme_ids, covered))
    _write(user, report, plan)
    return Regenerated(
        created=len(plan.to_create),
        updated=len(plan.to_update),
        unchanged=plan.unchanged,
        flagged=plan.flagged,
        removed=len(plan.removed),
    )
