"""Who may do what with reports (the roles of indicators.permissions):
officers and the performance team draft and edit, and read drafts; the
performance team finalises, as it publishes figures. Read by the services,
the selectors and the views alike."""

from __future__ import annotations

from indicators.permissions import PUBLISH, SEE_DRAFTS

EDIT_REPORTS = SEE_DRAFTS
FINALISE_REPORTS = PUBLISH
