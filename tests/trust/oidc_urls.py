"""The project's URLs with single sign-on switched on, as config/urls.py
builds them when OIDC_RP_CLIENT_ID is set."""

from django.urls import include, path

from config.urls import urlpatterns as project

urlpatterns = [*project, path("oidc/", include("mozilla_django_oidc.urls"))]
