"""Writes for the report: draft, regenerate, edit, revert, finalise, reopen.

Drafting reads published figures only (through `reports.selectors`, which
uses the dashboard's selector). Regenerating keeps every edited paragraph and
flags those whose facts changed since the edit; history (who, when, what) is
kept by django-simple-history on every paragraph and report.

Committees: the report names its committee by slug and name and holds its own
remit, so it does not need the committees app. To link it later, add a
nullable `committee` foreign key to `committees.Committee`, fill it with a data
migration matching `committee_slug`, and take the remit from the committee's
themes in `report_draft` when a committee is given."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from committees.models import Committee
from indicators.models import Period
from indicators.permissions import has_role
from reports import selectors
from reports.models import Paragraph, Report
from reports.permissions import EDIT_REPORTS, FINALISE_REPORTS

MAX_PARAGRAPH_LENGTH = 5000

_PARAGRAPH_FIELDS = [
    "position", "section", "indicator", "text", "drafted_text", "facts",
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


def _require(user: Any, allowed: frozenset[Any]) -> None:
    if not has_role(user, allowed):
        raise PermissionDenied


def _not_final(report: Report) -> None:
    if report.is_final:
        raise ValidationError(
            "This report is final. The performance team can reopen it to change it."
        )


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def typed_committee_slug(committee_name: str) -> str:
    """The address (slug) of a committee named by typing rather than chosen
    from the committees app. A typed name must not land on another
    committee's addresses: not on a committee of the committees app (its
    page, its reports), nor on the reports of a differently named committee
    whose name happens to slugify the same ("Children's Scrutiny" and
    "Childrens Scrutiny"). Both are refused with the name to use instead;
    the same name typed again (a later quarter's report) reuses its slug."""
    slug = slugify(committee_name)[:100]
    if not slug:
        raise ValidationError({"committee_name": ["Enter the committee's name."]})
    committee = Committee.objects.filter(slug=slug).first()
    if committee is not None:
        raise ValidationError(
            {
                "committee_name": [
                    f"“{committee_name}” would share the web address of the "
                    f"committee “{committee.name}”: choose that committee "
                    "from the list, or give a different name."
                ]
            }
        )
    other = (
        Report.objects.filter(committee_slug=slug)
        .exclude(committee_name__iexact=committee_name)
        .values_list("committee_name", flat=True)
        .first()
    )
    if other is not None and not _same_name(other, committee_name):
        raise ValidationError(
            {
                "committee_name": [
                    f"“{committee_name}” would share the web address of the "
                    f"reports of “{other}”. If it is the same committee, type "
                    f"its name as “{other}”; if not, give a different name."
                ]
            }
        )
    return slug


@transaction.atomic
def report_draft(
    *,
    user: Any,
    period: Period,
    committee_name: str = "",
    committee_slug: str = "",
    theme_ids: Iterable[int] | None = None,
) -> tuple[Report, Regenerated]:
    """Draft a committee's report for a period from published figures, or
    regenerate it if it exists. A new report takes the remit given, or else
    that of the committee's latest report. Two drafts of the same report at
    once (a double click) make one report: the second finds the first's and
    regenerates it, with `new_report` False."""
    _require(user, EDIT_REPORTS)
    committee_name = " ".join(committee_name.split())
    if not committee_slug:
        committee_slug = typed_committee_slug(committee_name)
    report = (
        Report.objects.select_for_update()
        .filter(committee_slug=committee_slug, period=period)
        .first()
    )
    if report is None:
        previous = selectors.latest_committee_report(committee_slug)
        if theme_ids is None and previous is not None:
            theme_ids = [t.pk for t in previous.themes.all()]
        theme_ids = list(theme_ids or [])
        if not theme_ids:
            raise ValidationError(
                {"themes": ["Choose at least one theme in the committee's remit."]}
            )
        name = committee_name or (previous.committee_name if previous else "")
        if not name:
            raise ValidationError({"committee_name": ["Enter the committee's name."]})
        report = Report(
            committee_slug=committee_slug, committee_name=name, period=period
        )
        report._history_user = user  # type: ignore[attr-defined]
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError:
            # Drafted by another request since the look-up above (PostgreSQL
            # made this insert wait for it to commit): use that report.
            report = Report.objects.select_for_update().get(
                committee_slug=committee_slug, period=period
            )
        else:
            report.themes.set(theme_ids)
            return report, dataclasses.replace(
                report_regenerate(user=user, report=report), new_report=True
            )
    return report, report_regenerate(user=user, report=report)


@transaction.atomic
def report_regenerate(*, user: Any, report: Report) -> Regenerated:
    """Redraft every paragraph from the current published figures. Paragraphs
    nobody edited take the new wording; edited ones keep their text and are
    flagged when their facts changed since the edit. An edited paragraph the
    data no longer supports is kept, flagged, at the end of its section."""
    _require(user, EDIT_REPORTS)
    report = (
        Report.objects.select_for_update().select_related("period").get(pk=report.pk)
    )
    _not_final(report)
    theme_ids = list(report.themes.values_list("pk", flat=True))
    drafts = selectors.report_drafts(report.period, theme_ids)
    existing = {
        p.key: p for p in Paragraph.objects.select_for_update().filter(report=report)
    }
    to_create: list[Paragraph] = []
    to_update: list[Paragraph] = []
    unchanged = flagged = 0
    ordered: list[tuple[str, Paragraph]] = []
    for draft in drafts:
        paragraph = existing.pop(draft.key, None)
        if paragraph is None:
            paragraph = Paragraph(
                report=report,
                key=draft.key,
                position=0,
                section=draft.section,
                indicator_id=draft.indicator_id,
                text=draft.text,
                drafted_text=draft.text,
                facts=draft.facts,
                facts_hash=draft.facts_hash,
                series=draft.series,
            )
            to_create.append(paragraph)
        else:
            before = _state(paragraph)
            paragraph.section = draft.section
            paragraph.indicator_id = draft.indicator_id
            paragraph.drafted_text = draft.text
            paragraph.facts = draft.facts
            paragraph.facts_hash = draft.facts_hash
            paragraph.series = draft.series
            paragraph.in_draft = True
            if not paragraph.edited:
                paragraph.text = draft.text
            elif paragraph.facts_changed:
                flagged += 1
            paragraph._before = before  # type: ignore[attr-defined]
        ordered.append((draft.section, paragraph))
    removed = []
    for paragraph in existing.values():
        if paragraph.edited:
            paragraph._before = _state(paragraph)  # type: ignore[attr-defined]
            paragraph.in_draft = False
            flagged += 1
            # After the last paragraph of its section, or at the end.
            at = max(
                (i for i, (s, _) in enumerate(ordered) if s == paragraph.section),
                default=len(ordered) - 1,
            )
            ordered.insert(at + 1, (paragraph.section, paragraph))
        else:
            removed.append(paragraph)
    for position, (_, paragraph) in enumerate(ordered, start=1):
        paragraph.position = position
        if paragraph.pk is not None:
            if _state(paragraph) == paragraph._before:  # type: ignore[attr-defined]
                unchanged += 1
            else:
                to_update.append(paragraph)
    for paragraph in removed:
        paragraph._history_user = user  # type: ignore[attr-defined]
        paragraph.delete()
    if to_update:
        bulk_update_with_history(
            to_update,
            Paragraph,
            _PARAGRAPH_FIELDS,
            default_user=user,
            default_change_reason="regenerated from published figures",
        )
    if to_create:
        bulk_create_with_history(
            to_create,
            Paragraph,
            default_user=user,
            default_change_reason="drafted from published figures",
        )
    if to_create or to_update or removed or report.drafted_at is None:
        report.drafted_at = timezone.now()
        report.drafted_by = user
        report._history_user = user  # type: ignore[attr-defined]
        report.save(update_fields=["drafted_at", "drafted_by"])
    return Regenerated(
        created=len(to_create),
        updated=len(to_update),
        unchanged=unchanged,
        flagged=flagged,
        removed=len(removed),
    )


def _locked_paragraph(paragraph: Paragraph) -> Paragraph:
    locked = (
        Paragraph.objects.select_for_update()
        .select_related("report")
        .get(pk=paragraph.pk)
    )
    _not_final(locked.report)
    return locked


@transaction.atomic
def paragraph_edit(*, user: Any, paragraph: Paragraph, text: str) -> Paragraph:
    """Replace a paragraph's text with an officer's. The edit records who,
    when, and the facts it was made against; saving it again after a
    regeneration marks the paragraph as checked against the new facts. Text
    identical to the draft makes it a drafted paragraph again."""
    _require(user, EDIT_REPORTS)
    text = text.strip()
    if not text:
        raise ValidationError({"text": ["Enter the paragraph's text."]})
    if len(text) > MAX_PARAGRAPH_LENGTH:
        raise ValidationError(
            {
                "text": [
                    f"Keep the paragraph to {MAX_PARAGRAPH_LENGTH:,} characters or fewer."
                ]
            }
        )
    paragraph = _locked_paragraph(paragraph)
    if text == paragraph.drafted_text and paragraph.in_draft:
        return _revert(user, paragraph, "page: edit paragraph (same as the draft)")
    paragraph.text = text
    paragraph.edited_by = user
    paragraph.edited_at = timezone.now()
    paragraph.edited_facts_hash = paragraph.facts_hash
    paragraph._history_user = user  # type: ignore[attr-defined]
    paragraph._change_reason = "page: edit paragraph"  # type: ignore[attr-defined]
    paragraph.save()
    return paragraph


@transaction.atomic
def paragraph_revert(*, user: Any, paragraph: Paragraph) -> Paragraph:
    """Put the latest drafted wording back, dropping the edit (history keeps
    it). A paragraph the data no longer supports is removed instead."""
    _require(user, EDIT_REPORTS)
    paragraph = _locked_paragraph(paragraph)
    if not paragraph.in_draft:
        paragraph._history_user = user  # type: ignore[attr-defined]
        paragraph._change_reason = "page: remove paragraph"  # type: ignore[attr-defined]
        paragraph.delete()
        return paragraph
    return _revert(user, paragraph, "page: use the drafted wording")


def _revert(user: Any, paragraph: Paragraph, reason: str) -> Paragraph:
    paragraph.text = paragraph.drafted_text
    paragraph.edited_by = None
    paragraph.edited_at = None
    paragraph.edited_facts_hash = ""
    paragraph._history_user = user  # type: ignore[attr-defined]
    paragraph._change_reason = reason  # type: ignore[attr-defined]
    paragraph.save()
    return paragraph


def report_gaps(report: Report) -> list[Paragraph]:
    """Reds without the service's commentary: they block finalising."""
    return [p for p in report.paragraphs.all() if p.is_gap]


def report_needs_review(report: Report) -> list[Paragraph]:
    """Edited paragraphs whose facts changed since the edit."""
    return [p for p in report.paragraphs.all() if p.facts_changed]


@transaction.atomic
def report_finalise(*, user: Any, report: Report) -> Report:
    """Make the report final for the committee: no gaps (a red without
    commentary) and no edited paragraph left unchecked after new figures."""
    _require(user, FINALISE_REPORTS)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.is_final:
        return report  # finalised already (a second click): nothing to do
    problems = [
        f"Paragraph {p.position} ({p.facts.get('name', p.section)}) is rated red "
        "and has no commentary."
        for p in report_gaps(report)
    ] + [
        f"Paragraph {p.position} was edited before its figures changed: check it and "
        "save it again, or use the new draft."
        for p in report_needs_review(report)
    ]
    if problems:
        raise ValidationError(problems)
    report.status = Report.Status.FINAL
    report.finalised_by = user
    report.finalised_at = timezone.now()
    report._history_user = user  # type: ignore[attr-defined]
    report.save(update_fields=["status", "finalised_by", "finalised_at"])
    return report


@transaction.atomic
def report_reopen(*, user: Any, report: Report) -> Report:
    """Back to draft, so that it can be regenerated or edited again."""
    _require(user, FINALISE_REPORTS)
    report = Report.objects.select_for_update().get(pk=report.pk)
    report.status = Report.Status.DRAFT
    report.finalised_by = None
    report.finalised_at = None
    report._history_user = user  # type: ignore[attr-defined]
    report.save(update_fields=["status", "finalised_by", "finalised_at"])
    return report
