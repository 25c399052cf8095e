"""Commentary on a published figure, added or changed without touching its
value (a red found after publication still needs its explanation)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from indicators import rating
from indicators.models import Observation, Rating
from indicators.permissions import can_comment
from indicators.services.common import history_stamp, home_area
from indicators.services.ratings import data_changed
from indicators.text import clean_text

MAX_COMMENTARY = 4000  # as the entry form allows


def clean_commentary(text: str) -> str:
    """Commentary as stored: line endings as newlines, cleaned of the
    characters PDF, DOCX and XLSX refuse (`clean_text`, as every input is),
    no surrounding space."""
    return clean_text(text.replace("\r\n", "\n").replace("\r", "\n")).strip()


@transaction.atomic
def figure_commentary_set(
    *, user: Any, observation_id: int, commentary: str
) -> tuple[Observation, bool]:
    """Add or change the commentary on a published home figure without
    touching its value (a red found after publication, say when a target was
    raised, still needs its explanation). Audited: who, when, old and new
    text. A red figure's commentary cannot be removed. Returns the figure and
    whether it changed (the same text again changes nothing).

    Raises Observation.DoesNotExist for a figure that is not a published home
    figure, PermissionDenied for a user who does not enter its figures."""
    row = (
        Observation.all_objects.select_for_update(of=("self",))
        .select_related("indicator__team", "period")
        .get(pk=observation_id, area=home_area(), status=Observation.Status.PUBLISHED)
    )
    if not can_comment(user, row.indicator):
        raise PermissionDenied("you do not enter figures for this indicator")
    text = clean_commentary(commentary)
    if len(text) > MAX_COMMENTARY:
        raise ValidationError(
            {"commentary": [f"Keep the commentary to {MAX_COMMENTARY:,} characters."]}
        )
    if text == row.commentary:
        return row, False
    rag = Rating.objects.filter(observation=row).values_list("rag", flat=True).first()
    if rating.needs_commentary(rag=rag, commentary=text):
        raise ValidationError(
            {
                "commentary": [
                    "This figure is rated red: it needs commentary explaining it."
                ]
            }
        )
    row.commentary = text
    history_stamp(row, user, "page: commentary on a published figure")
    row.save(update_fields=["commentary", "updated_at"])
    data_changed()  # pages that keep rows (the dashboard) show the new text
    return row, True
