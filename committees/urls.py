from __future__ import annotations

from django.urls import path

from committees import views

urlpatterns = [
    path("committees/", views.committee_list, name="committee_list"),
    path(
        "committees/<slug:committee_slug>/",
        views.committee_detail,
        name="committee_detail",
    ),
    path(
        "committees/<slug:committee_slug>/indicators/",
        views.committee_catalogue,
        name="committee_catalogue",
    ),
    path(
        "committees/<slug:committee_slug>/indicators/follow/",
        views.committee_follow,
        name="committee_follow",
    ),
    path(
        "committees/<slug:committee_slug>/comparator/",
        views.committee_comparator,
        name="committee_comparator",
    ),
    path(
        "committees/<slug:committee_slug>/dashboard/",
        views.CommitteeDashboardView.as_view(),
        name="committee_dashboard",
    ),
    path(
        "committees/<slug:committee_slug>/position/",
        views.committee_position,
        name="committee_position",
    ),
    path(
        "committees/<slug:committee_slug>/meetings/new/",
        views.meeting_create,
        name="meeting_create",
    ),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:meeting_id>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:meeting_id>/items/new/", views.item_create, name="item_create"),
    path("items/<int:item_id>/edit/", views.item_edit, name="item_edit"),
    path(
        "items/<int:item_id>/resolutions/new/",
        views.resolution_create,
        name="resolution_create",
    ),
    path(
        "resolutions/<int:resolution_id>/edit/",
        views.resolution_edit,
        name="resolution_edit",
    ),
    path(
        "resolutions/<int:resolution_id>/actions/new/",
        views.action_create,
        name="action_create",
    ),
    path("actions/", views.ActionTrackerView.as_view(), name="action_tracker"),
    path("actions/print/", views.action_print, name="action_print"),
    path("actions/<int:action_id>/", views.action_detail, name="action_detail"),
    path("actions/<int:action_id>/edit/", views.action_edit, name="action_edit"),
    path("actions/<int:action_id>/update/", views.action_update, name="action_update"),
    path("actions/<int:action_id>/close/", views.action_close, name="action_close"),
    path("actions/<int:action_id>/reopen/", views.action_reopen, name="action_reopen"),
    path("reminders/", views.reminders_undelivered, name="reminders_undelivered"),
]
