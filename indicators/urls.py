from __future__ import annotations

from django.urls import path

from indicators import views, views_position

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("indicators/<slug:code>/", views.indicator_detail, name="indicator_detail"),
    path("position/", views_position.overall_position, name="overall_position"),
    path("accessibility/", views.accessibility, name="accessibility"),
]
