"""Admin for setting up a committee (its code, remit, the
indicators it follows, members and clerk).
Minutes and actions are kept through the clerk's pages and their services,
so they are not editable here."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from committees.models import Committee


@admin.register(Committee)
class CommitteeAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "clerk")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("remit", "follows", "members")
