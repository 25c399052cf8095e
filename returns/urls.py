from __future__ import annotations

from django.urls import path

from returns.views import entry, lait_upload, publishing, targets, uploads

urlpatterns = [
    # Officers and the performance team
    path("entry/", entry.entry_periods, name="entry_periods"),
    path("entry/<int:period_id>/", entry.entry_period, name="entry_period"),
    path("publish/", publishing.publish_queue, name="publish_queue"),
    path(
        "publish/<int:observation_id>/reject/",
        publishing.figure_reject,
        name="figure_reject",
    ),
    path(
        "figures/<int:observation_id>/revise/",
        publishing.figure_revise,
        name="figure_revise",
    ),
    path(
        "figures/<int:observation_id>/commentary/",
        publishing.figure_commentary,
        name="figure_commentary",
    ),
    path(
        "indicators/<slug:code>/targets/",
        targets.indicator_targets,
        name="indicator_targets",
    ),
    path("imports/", uploads.import_list, name="imports"),
    path(
        "imports/benchmark/",
        uploads.import_benchmark_options,
        name="import_benchmark_options",
    ),
    path("imports/lait/", lait_upload.import_lait, name="import_lait"),
    path("imports/<int:job_id>/", uploads.import_job, name="import_job"),
    path(
        "imports/<int:job_id>/progress/",
        uploads.import_job_progress,
        name="import_job_progress",
    ),
    path(
        "imports/<int:job_id>/errors.csv",
        uploads.import_job_errors,
        name="import_job_errors",
    ),
]
