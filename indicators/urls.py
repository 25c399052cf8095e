from __future__ import annotations

from django.urls import path

from indicators import import_views, officer_views, views

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("indicators/<slug:code>/", views.indicator_detail, name="indicator_detail"),
    path("accessibility/", views.accessibility, name="accessibility"),
    # Officers and the performance team
    path("entry/", officer_views.entry_periods, name="entry_periods"),
    path("entry/<int:period_id>/", officer_views.entry_period, name="entry_period"),
    path("publish/", officer_views.publish_queue, name="publish_queue"),
    path(
        "publish/<int:observation_id>/reject/",
        officer_views.figure_reject,
        name="figure_reject",
    ),
    path(
        "figures/<int:observation_id>/revise/",
        officer_views.figure_revise,
        name="figure_revise",
    ),
    path(
        "figures/<int:observation_id>/commentary/",
        officer_views.figure_commentary,
        name="figure_commentary",
    ),
    path(
        "indicators/<slug:code>/targets/",
        officer_views.indicator_targets,
        name="indicator_targets",
    ),
    path("imports/", import_views.import_list, name="imports"),
    path(
        "imports/benchmark/",
        import_views.import_benchmark_options,
        name="import_benchmark_options",
    ),
    path("imports/<int:job_id>/", import_views.import_job, name="import_job"),
    path(
        "imports/<int:job_id>/progress/",
        import_views.import_job_progress,
        name="import_job_progress",
    ),
    path(
        "imports/<int:job_id>/errors.csv",
        import_views.import_job_errors,
        name="import_job_errors",
    ),
]
