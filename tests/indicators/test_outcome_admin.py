"""The council plan's outcomes, the themes under them and the report's
glossary are kept by the performance team in the admin; other staff who are
not in the team may not touch them."""

from __future__ import annotations

import pytest
from django.test import Client

from indicators.models import Outcome, Theme
from reports.models import GlossaryTerm
from tests.factories import ThemeFactory

pytestmark = pytest.mark.django_db


def test_the_performance_team_places_a_theme_under_a_new_outcome(
    client: Client, performance_lead
) -> None:
    performance_lead.is_staff = True
    performance_lead.save()
    theme = ThemeFactory(name="Child protection", slug="child-protection")
    client.force_login(performance_lead)
    response = client.post(
        "/admin/indicators/outcome/add/",
        {"name": "Children and families are safe", "position": "1",
         "themes-TOTAL_FORMS": "0", "themes-INITIAL_FORMS": "0"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    outcome = Outcome.objects.get(name="Children and families are safe")
    response = client.post(
        f"/admin/indicators/theme/{theme.pk}/change/",
        {"name": theme.name, "slug": theme.slug, "outcome": str(outcome.pk)},
    )
    assert response.status_code == 302
    assert Theme.objects.get(pk=theme.pk).outcome == outcome
    response = client.post(
        "/admin/reports/glossaryterm/add/",
        {"term": "SDQ", "definition": "0-13 normal, 14-16 borderline, 17+ concern."},
    )
    assert response.status_code == 302
    assert GlossaryTerm.objects.get(term="SDQ").definition.startswith("0-13")


def test_staff_outside_the_performance_team_may_not(client: Client, officer) -> None:
    officer.is_staff = True
    officer.save()
    client.force_login(officer)
    response = client.post("/admin/indicators/outcome/add/", {"name": "Anything"})
    assert response.status_code == 403
    assert client.get("/admin/reports/glossaryterm/").status_code == 403
    assert not Outcome.objects.exists()
