"""Every page of the demo in Debian's Chromium, as the administrator: each
URL from the resolver that answers GET loads without a Content Security
Policy violation or a script error, and axe-core finds no WCAG 2.2 AA
violation on it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from indicators.permissions import named_urls
from tests.browser_support import PASSWORD, assert_accessible, sign_in
from tests.test_access import CASES

pytestmark = pytest.mark.django_db(transaction=True)

POST_ONLY = {case.name for case in CASES if case.get == 405}
SKIP = {"logout", "healthz"} | POST_ONLY  # not pages


@pytest.fixture
def demo_samples(monkeypatch, settings) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    from committees.models import Action
    from indicators.models import ImportJob, Observation
    from reports.models import Report, period_slug
    from returns.services import open_quarters

    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    settings.SCRUTINEER_HOME_AREA = "E10000018"
    call_command("seed_demo")
    # A named comparator group, so that its edit page is visited too.
    from indicators.models import ComparatorGroup
    from indicators.services import comparator_group_save

    comparator_group_save(
        name="Three counties", lines=[(1, "855"), (2, "830"), (3, "925")]
    )
    group = ComparatorGroup.objects.get(name="Three counties")
    action = Action.objects.select_related("resolution__item").first()
    report = Report.objects.first()
    figure = Observation.objects.filter(area__code="E10000018").first()
    return {
        "code": figure.indicator.code,
        "observation_id": figure.pk,
        "period_id": open_quarters()[0].pk,
        "job_id": ImportJob.objects.order_by("-pk").first().pk,
        "committee_slug": action.committee.slug,
        "meeting_id": action.resolution.item.meeting_id,
        "item_id": action.resolution.item_id,
        "resolution_id": action.resolution_id,
        "action_id": action.pk,
        "committee": report.committee_slug,
        "period": period_slug(report.period.label),
        "paragraph_id": report.paragraphs.first().pk,
        "group_slug": group.slug,
    }


def test_every_page_is_accessible_and_keeps_to_the_csp(page, console, demo_samples):
    sign_in(page, "admin")
    visited = []
    for name, pattern in named_urls():
        if name in SKIP:
            continue
        params = list(pattern.pattern.converters)
        url = reverse(name, kwargs={p: demo_samples[p] for p in params})
        if url.endswith(".csv"):  # a download, not a page
            assert page.request.get(url).status == 200, url
            continue
        response = page.goto(url)
        assert response is not None and response.status < 400, f"{url}: {response}"
        if not response.headers.get("content-type", "").startswith("text/html"):
            continue  # a download (the errors CSV): not a page
        page.wait_for_load_state("networkidle")
        try:
            assert_accessible(page)
        except AssertionError as error:
            raise AssertionError(f"{url}: {error}") from None
        visited.append(url)
    assert len(visited) >= 30
    assert console.csp_violations() == []
    assert [m for m in console if m.startswith(("error", "pageerror"))] == []
