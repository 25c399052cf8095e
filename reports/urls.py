from __future__ import annotations

from django.urls import path

from reports import views

# <period> is the period's label in URL form: '2019/20 Q3' -> '2019-20-q3'.
urlpatterns = [
    path("reports/", views.report_list, name="report_list"),
    path("reports/new/", views.report_new, name="report_new"),
    path(
        "reports/<slug:committee>/<slug:period>/",
        views.report_detail,
        name="report_detail",
    ),
    path(
        "reports/<slug:committee>/<slug:period>/draft/",
        views.report_regenerate,
        name="report_regenerate",
    ),
    path(
        "reports/<slug:committee>/<slug:period>/paragraphs/<int:paragraph_id>/edit/",
        views.paragraph_edit,
        name="paragraph_edit",
    ),
    path(
        "reports/<slug:committee>/<slug:period>/standing-sections/",
        views.standing_sections_edit,
        name="standing_sections_edit",
    ),
    path(
        "reports/<slug:committee>/<slug:period>/finalise/",
        views.report_finalise,
        name="report_finalise",
    ),
    path(
        "reports/<slug:committee>/<slug:period>/reopen/",
        views.report_reopen,
        name="report_reopen",
    ),
    path(
        "reports/<slug:committee>/<slug:period>/changes/",
        views.report_changes,
        name="report_changes",
    ),
]
