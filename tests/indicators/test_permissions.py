"""How a view's declared rule is read back (`access_rule`), which the
permission matrix (tests/test_access.py) and the navigation both rely on."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.utils.decorators import method_decorator
from django.views import View

from indicators.context_processors import NAVIGATION
from indicators.permissions import (
    MINUTE_MEETINGS,
    PUBLIC,
    PUBLISH,
    READ,
    RoleRequiredMixin,
    access_rule,
    may_use,
    public,
    role_required,
)


def plain() -> Any:
    """A new function view, so that declaring one leaves the others alone."""

    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse()

    return view


class Plain(View):
    pass


class Clerks(RoleRequiredMixin, View):
    allowed_roles = MINUTE_MEETINGS


@method_decorator(role_required(PUBLISH), name="dispatch")
class Publishers(View):
    pass


VIEWS = {
    "role_required": (lambda: role_required(READ)(plain()), READ),
    "mixin": (Clerks.as_view, MINUTE_MEETINGS),
    "method_decorator": (Publishers.as_view, PUBLISH),
    "public-function": (lambda: public(plain()), PUBLIC),
    "public-class": (lambda: public(Plain.as_view()), PUBLIC),
    "undeclared-function": (plain, None),
    "undeclared-class": (Plain.as_view, None),
}


@pytest.mark.parametrize("kind", VIEWS)
def test_access_rule_reads_what_the_view_declares(kind: str) -> None:
    make, rule = VIEWS[kind]
    assert access_rule(make()) == rule


@pytest.mark.django_db
def test_may_use_follows_the_rule(councillor, clerk, superuser) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import AnonymousUser

    assert may_use(AnonymousUser(), PUBLIC)
    assert not may_use(AnonymousUser(), READ)
    assert may_use(councillor, READ) and not may_use(councillor, MINUTE_MEETINGS)
    assert may_use(clerk, MINUTE_MEETINGS)
    assert may_use(superuser, PUBLISH)
    assert not may_use(superuser, None)  # a view that declares nothing: nobody


PERSONAS = ["councillor", "officer", "performance_lead", "clerk", "outsider"]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_navigation_links_to_exactly_the_pages_the_user_may_open(
    client, request, home_area, persona
):  # type: ignore[no-untyped-def]
    from django.urls import reverse

    client.force_login(request.getfixturevalue(persona))
    shown = [
        link["url"] for link in client.get("/accessibility/").context["navigation"]
    ]
    urls = [reverse(name) for _, name in NAVIGATION]
    opens = [url for url in urls if client.get(url).status_code == 200]
    assert shown == opens


def test_the_access_rules_command_prints_the_listing() -> None:
    from io import StringIO

    from django.core.management import call_command

    from indicators.permissions import rules_listing

    out = StringIO()
    call_command("access_rules", stdout=out)
    assert out.getvalue() == rules_listing()
    assert "publish_queue              Performance team\n" in out.getvalue()
