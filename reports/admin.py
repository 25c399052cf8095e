"""Admin for the glossary printed at the end of every report. Reports and
their paragraphs are kept through the report's own pages and services, so
they are not editable here."""

from __future__ import annotations

from django.contrib import admin

from indicators.admin import PerformanceTeamAdmin
from reports.models import GlossaryTerm


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(PerformanceTeamAdmin):
    list_display = ("term", "definition")
    search_fields = ("term", "definition")
