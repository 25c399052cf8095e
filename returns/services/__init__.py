"""Writes of the home authority's own figures and of the workflow around
them. Callers use this package's names; the modules split them by step:
periods (when figures may be entered), review (every rule on an
officer's entry), entry (drafts and submissions), publishing (publish, send back,
revise), commentary (on a published figure), targets, returns (a quarterly
return's import), uploads (a benchmark file between the two steps of its
upload) and reminders (to officers whose figures are missing)."""

from __future__ import annotations

from returns.services.commentary import (
    MAX_COMMENTARY,
    clean_commentary,
    figure_commentary_set,
)
from returns.services.entry import (
    FigureErrors,
    figure_preview,
    figures_check,
    figures_save,
)
from returns.services.periods import entry_window, open_quarters
from returns.services.publishing import (
    PublishResult,
    figure_reject,
    figure_revise,
    figures_publish,
    figures_publish_period,
)
from returns.services.reminders import figure_reminders_send
from returns.services.returns import return_import, return_write
from returns.services.review import EntryReview, FigureEntry, kind_of
from returns.services.targets import (
    TargetChange,
    TargetsRefused,
    TargetsResult,
    can_set_targets,
    target_delete,
    target_set,
    targets_set,
)
from returns.services.uploads import (
    PendingUpload,
    pending_upload_discard,
    pending_upload_get,
    pending_upload_release,
    pending_upload_save,
    pending_upload_take,
)

__all__ = [
    "MAX_COMMENTARY",
    "EntryReview",
    "FigureEntry",
    "FigureErrors",
    "PendingUpload",
    "PublishResult",
    "TargetChange",
    "TargetsRefused",
    "TargetsResult",
    "can_set_targets",
    "clean_commentary",
    "entry_window",
    "figure_commentary_set",
    "figure_preview",
    "figure_reject",
    "figure_reminders_send",
    "figure_revise",
    "figures_check",
    "figures_publish",
    "figures_publish_period",
    "figures_save",
    "kind_of",
    "open_quarters",
    "pending_upload_discard",
    "pending_upload_get",
    "pending_upload_release",
    "pending_upload_save",
    "pending_upload_take",
    "return_import",
    "return_write",
    "target_delete",
    "target_set",
    "targets_set",
]
