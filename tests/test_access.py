"""Every URL in the project, for every role. The URL list comes from the
resolver, so a new view without an entry in EXPECTED fails this test."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from indicators.models import ImportJob
from reports.models import period_slug
from reports.services import report_draft
from tests.committees.factories import ResolutionFactory, make_action
from tests.factories import IndicatorFactory, ObservationFactory, UserFactory, period

pytestmark = pytest.mark.django_db

ROLES = {
    "councillor": ["Councillors"],
    "officer": ["Officers"],
    "performance": ["Performance team"],
    "clerk": ["Clerks"],
    "outsider": [],
}
EVERYONE = frozenset(ROLES) - {"outsider"}
EDITORS = frozenset({"officer", "performance"})
PUBLIC = "public"


@dataclass(frozen=True)
class Rule:
    """Who may GET a page (superusers always may); what they get."""

    allowed: frozenset[str] | str
    ok: int = 200
    signed_in: int | None = None  # if signed-in users get something else
    by_role: tuple[tuple[str, int], ...] = ()  # object-level exceptions

    def for_user(self, role: str = "") -> int:
        if role in dict(self.by_role):
            return dict(self.by_role)[role]
        return self.ok if self.signed_in is None else self.signed_in


# One line per named URL. Keep it in step with the views: that is the point.
EXPECTED: dict[str, Rule] = {
    "login": Rule(PUBLIC, signed_in=302),  # already signed in: onwards
    "logout": Rule(PUBLIC, ok=405),  # sign-out is a POST
    "healthz": Rule(PUBLIC),
    "accessibility": Rule(PUBLIC),
    "dashboard": Rule(EVERYONE),
    "indicator_detail": Rule(EVERYONE),
    # Officers and the performance team
    "entry_periods": Rule(frozenset({"officer", "performance"})),
    "entry_period": Rule(frozenset({"officer", "performance"})),
    "publish_queue": Rule(frozenset({"performance"})),
    "figure_reject": Rule(frozenset({"performance"}), ok=405),  # POST only
    "figure_revise": Rule(frozenset({"performance"})),
    # The officers who enter the indicator, and the performance team; the
    # sample indicator is no officer's, so to this one it does not exist.
    "figure_commentary": Rule(EDITORS, by_role=(("officer", 404),)),
    "indicator_targets": Rule(frozenset({"performance"})),
    "imports": Rule(frozenset({"officer", "performance"})),
    # Step two needs a file from step one: without it, back to the upload.
    "import_benchmark_options": Rule(frozenset({"performance"}), ok=302),
    # An officer sees only their own import jobs; this one is not theirs.
    "import_job": Rule(
        frozenset({"officer", "performance"}), by_role=(("officer", 404),)
    ),
    # Opened directly (not by htmx), the progress fragment redirects to its page.
    "import_job_progress": Rule(
        frozenset({"officer", "performance"}), ok=302, by_role=(("officer", 404),)
    ),
    "import_job_errors": Rule(
        frozenset({"officer", "performance"}), by_role=(("officer", 404),)
    ),
    # Reports: the sample is a draft, which only its editors may see.
    "report_list": Rule(EVERYONE),
    "report_new": Rule(EDITORS),
    "report_detail": Rule(EVERYONE, by_role=(("councillor", 404), ("clerk", 404))),
    # What changed, for a draft: as the draft itself (the committee's name
    # and that a draft exists are the editors' business).
    "report_changes": Rule(EVERYONE, by_role=(("councillor", 404), ("clerk", 404))),
    "paragraph_edit": Rule(EDITORS),
    "report_regenerate": Rule(EDITORS, ok=405),  # POST only
    "report_finalise": Rule(frozenset({"performance"}), ok=405),
    "report_reopen": Rule(frozenset({"performance"}), ok=405),
    # Committees: everyone reads; clerks write (lead officers update their own
    # actions: tested in tests/committees).
    "committee_list": Rule(EVERYONE),
    "committee_detail": Rule(EVERYONE),
    "meeting_detail": Rule(EVERYONE),
    "action_tracker": Rule(EVERYONE),
    "action_print": Rule(EVERYONE),
    "action_detail": Rule(EVERYONE),
    # Reminders not delivered: the clerks' (committees) and the performance
    # team's (figures).
    "reminders_undelivered": Rule(frozenset({"clerk", "performance"})),
    **{
        name: Rule(frozenset({"clerk"}))
        for name in (
            "meeting_create",
            "meeting_edit",
            "item_create",
            "item_edit",
            "resolution_create",
            "resolution_edit",
            "action_create",
            "action_edit",
            "action_update",
            "action_close",
        )
    },  # fmt: skip
    # Reopening is for closed actions; the sample is open: back to its page.
    "action_reopen": Rule(frozenset({"clerk"}), ok=302),
}


def named_patterns(
    patterns: list[Any] | None = None, prefix: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # Django's admin has its own staff rules: tested below
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from named_patterns(entry.url_patterns, namespace)
        elif isinstance(entry, URLPattern):
            assert entry.name, f"every URL needs a name: {entry.pattern}"
            yield f"{prefix}{entry.name}", entry


@pytest.fixture
def samples(home_area) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """A value for every URL parameter the project uses."""
    indicator = IndicatorFactory(code="access-check", name="Access check")
    figure = ObservationFactory(
        indicator=indicator, area=home_area, period=period("2025/26 Q2")
    )
    job = ImportJob.objects.create(
        kind=ImportJob.Kind.RETURNS, filename="return.csv", status="rejected",
        errors=[{"row": 2, "column": "value", "value": "x", "reason": "not a number"}],
    )  # fmt: skip
    report, _ = report_draft(
        user=UserFactory(username="report-author", is_superuser=True),
        period=figure.period,
        committee_name="Children and Families",
        committee_slug="children-and-families",
        theme_ids=[indicator.theme_id],
    )
    resolution = ResolutionFactory()
    action = make_action(
        UserFactory(username="sample-clerk", roles=["Clerks"]), resolution=resolution
    )
    return {
        "committee_slug": action.committee.slug,
        "meeting_id": resolution.item.meeting_id,
        "item_id": resolution.item_id,
        "resolution_id": resolution.pk,
        "action_id": action.pk,
        "committee": report.committee_slug,
        "period": period_slug(report.period.label),
        "paragraph_id": report.paragraphs.first().pk,
        "code": indicator.code,
        "period_id": figure.period_id,
        "observation_id": figure.pk,
        "job_id": job.pk,
    }


def url_for(name: str, pattern: URLPattern, samples: dict[str, Any]) -> str:
    params = list(pattern.pattern.converters)
    missing = [p for p in params if p not in samples]
    assert not missing, f"add a sample value for {missing} (URL {name}) to samples"
    return reverse(name, kwargs={p: samples[p] for p in params})


def project_urls() -> list[str]:
    return sorted(name for name, _ in named_patterns())


def test_every_url_has_an_expectation():
    assert set(project_urls()) == set(EXPECTED), (
        "EXPECTED and the URL conf disagree: "
        f"new {set(project_urls()) - set(EXPECTED)}, gone {set(EXPECTED) - set(project_urls())}"
    )


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_get_for_every_role(client, samples, name):
    patterns = dict(named_patterns())
    url = url_for(name, patterns[name], samples)
    rule = EXPECTED[name]

    response = client.get(url)
    if rule.allowed == PUBLIC:
        assert response.status_code == rule.ok, f"anonymous {url}"
    else:
        assert response.status_code == 302, f"anonymous {url}"
        assert response["Location"].startswith(reverse("login")), url

    for role, groups in ROLES.items():
        user = UserFactory(username=f"access-{role}", roles=groups)
        client.force_login(user)
        allowed = rule.allowed == PUBLIC or role in rule.allowed
        expected = rule.for_user(role) if allowed else 403
        assert client.get(url).status_code == expected, f"{role} {url}"
        client.logout()

    client.force_login(UserFactory(username="access-admin", is_superuser=True))
    assert client.get(url).status_code == rule.for_user(), f"superuser {url}"


def test_admin_is_for_staff_only(client):
    url = reverse("admin:index")
    assert client.get(url).status_code == 302
    client.force_login(UserFactory(username="plain-councillor", roles=["Councillors"]))
    assert client.get(url).status_code == 302  # to the admin's own sign-in
    client.force_login(
        UserFactory(username="staff-admin", is_superuser=True, is_staff=True)
    )
    assert client.get(url).status_code == 200


def snapshot() -> tuple[int, ...]:
    """Row counts of every table but sessions, in one query. Audited models
    write a history row on every change, so an update shows here too."""
    from django.apps import apps
    from django.db import connection

    tables = sorted(
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.db_table != "django_session"
    )
    quote = connection.ops.quote_name  # names from the model registry, not input
    sql = "SELECT " + ", ".join(f"(SELECT count(*) FROM {quote(t)})" for t in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(cursor.fetchone())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_post_for_every_role_and_refusals_change_nothing(client, samples, name):
    patterns = dict(named_patterns())
    url = url_for(name, patterns[name], samples)
    rule = EXPECTED[name]

    before = snapshot()
    response = client.post(url, {})
    if rule.allowed == PUBLIC:
        assert response.status_code < 500, f"anonymous POST {url}"
    else:
        assert response.status_code == 302, f"anonymous POST {url}"
        assert response["Location"].startswith(reverse("login")), url
        assert snapshot() == before, f"anonymous POST {url} changed something"

    for role, groups in ROLES.items():
        user = UserFactory(username=f"post-{role}", roles=groups)
        client.force_login(user)
        allowed = rule.allowed == PUBLIC or role in rule.allowed
        before = snapshot()
        status = client.post(url, {}).status_code
        if allowed:
            assert status < 500 and status != 403, f"{role} POST {url}: {status}"
        else:
            assert status == 403, f"{role} POST {url}: {status}"
            assert snapshot() == before, f"{role} POST {url} changed something"
        client.logout()
