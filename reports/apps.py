from __future__ import annotations

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # A meeting's agenda item on a period links to the committee's
        # report on it: the committees app offers the hook, this app fills it.
        from committees.selectors import ITEM_LINKERS
        from reports.selectors import meeting_item_links

        if meeting_item_links not in ITEM_LINKERS:
            ITEM_LINKERS.append(meeting_item_links)
