"""Admin for the council plan's outcomes and the themes grouped under them,
which the performance team keeps: the report's headings follow them.
Indicators, figures and ratings are kept through their own pages and imports,
so they are not editable here."""

from __future__ import annotations

from django.contrib import admin

from indicators.models import Outcome, Theme


class ThemeInline(admin.TabularInline):
    model = Theme
    fields = ("name",)
    readonly_fields = ("name",)
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = ("name", "position")
    list_editable = ("position",)
    inlines = (ThemeInline,)


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("name", "outcome")
    list_editable = ("outcome",)
    list_filter = ("outcome",)
    prepopulated_fields = {"slug": ("name",)}
