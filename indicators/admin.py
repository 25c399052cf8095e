"""Admin for the council plan's outcomes and the themes grouped under them,
which the performance team keeps: the report's headings follow them.
Indicators, figures and ratings are kept through their own pages and imports,
so they are not editable here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from indicators.models import Outcome, Theme
from indicators.permissions import EDIT_INDICATORS, has_role


class PerformanceTeamAdmin(admin.ModelAdmin):
    """Kept by the performance team (EDIT_INDICATORS): a member who is
    staff (allowed into the admin at all) may view, add, change and delete
    these without Django's per-model permissions; others as Django says."""

    def _allowed(self, request: HttpRequest) -> bool:
        return has_role(request.user, EDIT_INDICATORS)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request) or super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request) or super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request) or super().has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request) or super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request) or super().has_delete_permission(request, obj)


class ThemeInline(admin.TabularInline):
    model = Theme
    fields = ("name",)
    readonly_fields = ("name",)
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Outcome)
class OutcomeAdmin(PerformanceTeamAdmin):
    list_display = ("name", "position")
    list_editable = ("position",)
    inlines = (ThemeInline,)


@admin.register(Theme)
class ThemeAdmin(PerformanceTeamAdmin):
    list_display = ("name", "outcome")
    list_editable = ("outcome",)
    list_filter = ("outcome",)
    prepopulated_fields = {"slug": ("name",)}
