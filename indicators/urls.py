from __future__ import annotations

from django.urls import path

from indicators import comparator_views, views, views_position

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("indicators/<slug:code>/", views.indicator_detail, name="indicator_detail"),
    path("comparators/", comparator_views.comparator_list, name="comparators"),
    path("comparators/new/", comparator_views.comparator_edit, name="comparator_new"),
    path(
        "comparators/<slug:group_slug>/edit/",
        comparator_views.comparator_edit,
        name="comparator_edit",
    ),
    path("position/", views_position.overall_position, name="overall_position"),
    path("accessibility/", views.accessibility, name="accessibility"),
]
