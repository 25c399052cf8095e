from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config.forms import SignInForm
from config.health import healthz
from indicators.permissions import public

urlpatterns = [
    path(
        "accounts/login/",
        public(
            auth_views.LoginView.as_view(
                redirect_authenticated_user=True, authentication_form=SignInForm
            )
        ),
        name="login",
    ),
    path("accounts/logout/", public(auth_views.LogoutView.as_view()), name="logout"),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("committees.urls")),
    path("", include("indicators.urls")),
    path("", include("returns.urls")),
    path("", include("reports.urls")),
]
if settings.OIDC_ENABLED:  # optional single sign-on (config/oidc.py)
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
