"""An officer's edit of one paragraph, and putting the drafted wording back."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from indicators.permissions import EDIT_REPORTS
from reports.models import Paragraph
from reports.services.common import (
    MAX_PARAGRAPH_LENGTH,
    refuse_if_final,
    require_role,
)


def _locked_paragraph(paragraph: Paragraph) -> Paragraph:
    locked = (
        Paragraph.objects.select_for_update()
        .select_related("report")
        .get(pk=paragraph.pk)
    )
    refuse_if_final(locked.report)
    return locked


@transaction.atomic
def paragraph_edit(*, user: Any, paragraph: Paragraph, text: str) -> Paragraph:
    """Replace a paragraph's text with an officer's. The edit records who,
    when, and the facts it was made against; saving it again after a
    regeneration marks the paragraph as checked against the new facts. Text
    identical to the draft makes it a drafted paragraph again."""
    require_role(user, EDIT_REPORTS)
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
    require_role(user, EDIT_REPORTS)
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
