"""Every URL in the project, for every persona, by GET and by an empty POST:
the one permission matrix.

Who may use a view is declared next to the view (`role_required`, a
`RoleRequiredMixin`'s `allowed_roles`, or `public`), naming the role sets of
indicators.permissions. The URLs come from the resolver and each one's rule
from its view, so a new view that declares nothing fails here. Those the
rule lets in get what CASES says (200 unless told); anonymous visitors are
sent to sign in; everyone else gets 403; and a refused request changes
nothing. tests/access_rules.txt records every view's rule (`manage.py
access_rules` writes it), so that a change to one, a wider one above all,
fails here until the record is written again, and shows in review.

CASES says only what the sample objects make of a request, never who may
make it: a POST-only view's 405, a redirect, and the object-level rules (a
draft report, another officer's import) that each app tests in depth."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, reverse

from indicators.models import ImportJob
from indicators.permissions import PUBLIC, Role, access_rule, named_urls, rules_listing
from indicators.services import comparator_group_save
from reports.models import period_slug
from reports.services import report_draft, report_finalise
from tests.committees.factories import ResolutionFactory, make_action
from tests.factories import IndicatorFactory, ObservationFactory, UserFactory, period
from tests.reports.conftest import rated_figure

pytestmark = pytest.mark.django_db

# The conftest personas; "anonymous" is nobody signed in.
PERSONAS = ("anonymous", "outsider", "councillor", "officer", "performance_lead", "clerk", "superuser")  # fmt: skip
PROBLEM = "There is a problem"  # the error summary of a form shown again


@dataclass(frozen=True)
class Case:
    """One request, made as every persona. `get` and `post` (an empty
    POST) are what those the view lets in get; `objects`, what a persona
    gets instead because of the sample object (GET and POST alike)."""

    name: str
    variant: str = ""  # names a second case for the same URL
    get: int = 200
    post: int = 200
    signed_in: int | None = None  # a public page, for those signed in
    objects: dict[str, int] = field(default_factory=dict)
    query: str = ""
    samples: dict[str, str] = field(default_factory=dict)  # parameter -> sample
    form: bool = False  # an empty POST's 200 is the form again, with its errors
    changes: bool = False  # an empty POST by those let in may change data

    @property
    def id(self) -> str:
        return f"{self.name}[{self.variant}]" if self.variant else self.name


READS = {"get": 200, "post": 405}  # a page that only reads
FORM = {"form": True}  # an empty POST shows the form again, with its errors
POST_ONLY = {"get": 405, "post": 302}  # a write: done (or refused, with a message)
# The sample draft report: those who may not edit reports may not know it exists.
DRAFT = {"councillor": 404, "clerk": 404}
FINAL = {"committee": "final_committee", "period": "final_period"}

# What the sample objects make of a request, where it is not a 200 for GET
# and POST alike. Every other URL the resolver knows is a plain Case (cases()).
CASES = [
    Case("login", signed_in=302),  # already signed in: onwards
    Case("logout", get=405, post=302),  # sign-out is a POST
    Case("healthz", get=200, post=405),
    Case("dashboard", **READS),
    Case("entry_period", **FORM),
    Case("publish_queue", post=302),  # nothing chosen: said so
    Case("figure_reject", **POST_ONLY),
    # The sample indicator is no officer's: to this one its figure does not exist.
    Case("figure_commentary", objects={"officer": 404}),
    # Step two needs a file from step one: without it, back to the upload.
    Case("import_benchmark_options", get=302, post=302),
    # An officer sees only their own import jobs; this one is not theirs.
    Case("import_job", objects={"officer": 404}),
    # Opened directly (not by htmx), the progress fragment redirects to its page.
    Case("import_job_progress", get=302, post=302, objects={"officer": 404}),
    Case("import_job_errors", objects={"officer": 404}),
    # Reports: the sample is a draft with a red that has no commentary.
    Case("report_detail", objects=DRAFT),
    Case("report_detail", "pdf", objects=DRAFT, query="?format=pdf"),
    Case("report_detail", "docx", objects=DRAFT, query="?format=docx"),
    # A final report is for every reader.
    Case("report_detail", "final", samples=FINAL),
    Case("report_detail", "final-docx", query="?format=docx", samples=FINAL),
    # What changed, for a draft: as the draft itself (its committee's name
    # and that a draft exists are the editors' business); for a final, everyone's.
    Case("report_changes", objects=DRAFT),
    Case("report_changes", "final", samples=FINAL),
    Case("report_regenerate", **POST_ONLY),  # the same figures: the same draft
    # Finalising is refused (a red lacks commentary) with a message.
    Case("report_finalise", **POST_ONLY),
    # A draft already: said so (and saved again, which writes a history row).
    Case("report_reopen", **POST_ONLY, changes=True),
    # Committees: everyone reads; clerks write; the sample action's lead
    # officer (the officer persona) may record an update on it, and no other
    # reader may (tests/committees/test_permissions.py has more).
    Case("committee_list", **READS),
    Case("committee_detail", **READS),
    Case("meeting_detail", **READS),
    Case("action_tracker", **READS),
    Case("action_print", **READS),
    Case("action_detail", **READS),
    Case("reminders_undelivered", **READS),
    Case("committee_catalogue", **READS),
    Case("committee_dashboard", **READS),
    Case("committee_position", **READS),
    Case("overall_position", **READS),
    Case("committee_follow", **POST_ONLY),  # no indicator chosen: said so
    Case("committee_comparator", **POST_ONLY),  # no group, as before: said so
    Case("meeting_create", **FORM),
    Case("meeting_edit", **FORM),
    Case("item_create", **FORM),
    Case("item_edit", **FORM),
    Case("resolution_create", **FORM),
    Case("resolution_edit", **FORM),
    Case("action_create", **FORM),
    Case("action_edit", **FORM),
    Case("action_update", **FORM, objects={"councillor": 403, "performance_lead": 403}),
    Case(
        "action_update",
        "someone-elses",
        samples={"action_id": "others_action_id"},
        objects={"councillor": 403, "officer": 403, "performance_lead": 403},
    ),
    Case("action_close", **FORM),
    Case("action_reopen", **FORM, samples={"action_id": "closed_action_id"}),
    # Reopening is for closed actions: the open one, back to its page.
    Case("action_reopen", "open", get=302, post=302),
    # Comparator groups: everyone reads; the performance team names them.
    Case("comparators", **READS),
    Case("comparator_new", **FORM),
    Case("comparator_edit", **FORM),
]


def cases() -> list[Case]:
    """CASES, and a plain Case for every other URL the resolver knows."""
    listed = {case.name for case in CASES}
    return CASES + [Case(name) for name, _ in named_urls() if name not in listed]


def test_every_view_declares_who_may_use_it():
    unnamed = [str(pattern.pattern) for _, pattern in named_urls() if not pattern.name]
    assert unnamed == [], "every URL needs a name"
    undeclared = sorted(
        name for name, pattern in named_urls() if access_rule(pattern.callback) is None
    )
    assert undeclared == [], (
        "declare who may use these views: @role_required(<a role set of "
        "indicators.permissions>), allowed_roles on a RoleRequiredMixin view, "
        "or @public"
    )


def test_the_rules_are_as_recorded():
    """tests/access_rules.txt records who may use each URL, so that a change
    to any view's rule (a wider one above all) shows in review."""
    recorded = (Path(__file__).parent / "access_rules.txt").read_text()
    changed = [
        line
        for line in difflib.unified_diff(
            recorded.splitlines(),
            rules_listing().splitlines(),
            "recorded",
            "views",
            n=0,
        )
        if line.startswith(("+", "-")) and not line.startswith(("---", "+++"))
    ]
    assert changed == [], (
        "a view's rule changed; if on purpose, run "
        "`manage.py access_rules > tests/access_rules.txt`:\n" + "\n".join(changed)
    )


def test_every_case_is_for_a_url():
    urls = {name for name, _ in named_urls()}
    assert {case.name for case in CASES} - urls == set(), "cases for URLs now gone"
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids)), "two cases with the same id"


@pytest.fixture
def samples(home_area, officer, clerk, superuser) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """A value for every URL parameter the project uses. The officer persona
    leads the sample action; the sample indicator, figure and import job
    are no one's."""
    indicator = IndicatorFactory(code="access-check", name="Access check")
    figure = ObservationFactory(
        indicator=indicator, area=home_area, period=period("2025/26 Q2")
    )
    red = IndicatorFactory(
        code="access-red",
        theme=indicator.theme,
        polarity="lower",
        rag_method="quartile",
    )
    rated_figure(red, home_area, figure.period, "24.5", rag="red", quartile=4)
    job = ImportJob.objects.create(
        kind=ImportJob.Kind.RETURNS, filename="return.csv", status="rejected",
        errors=[{"row": 2, "column": "value", "value": "x", "reason": "not a number"}],
    )  # fmt: skip
    report, _ = report_draft(
        user=superuser,
        period=figure.period,
        committee_name="Children and Families",
        committee_slug="children-and-families",
        theme_ids=[indicator.theme_id],
    )
    final, _ = report_draft(
        user=superuser,
        period=figure.period,
        committee_name="Adults and Health",
        committee_slug="adults-and-health",
        theme_ids=[IndicatorFactory(code="access-final").theme_id],
    )
    report_finalise(user=superuser, report=final)
    resolution = ResolutionFactory()
    action = make_action(clerk, resolution=resolution, lead_officer=officer)
    others = make_action(clerk, resolution=resolution)
    closed = make_action(clerk, resolution=resolution, status="closed")
    return {
        "committee_slug": action.committee.slug,
        "meeting_id": resolution.item.meeting_id,
        "item_id": resolution.item_id,
        "resolution_id": resolution.pk,
        "action_id": action.pk,
        "others_action_id": others.pk,
        "closed_action_id": closed.pk,
        "committee": report.committee_slug,
        "period": period_slug(report.period.label),
        "final_committee": final.committee_slug,
        "final_period": period_slug(final.period.label),
        "paragraph_id": report.paragraphs.first().pk,
        "code": indicator.code,
        "period_id": figure.period_id,
        "observation_id": figure.pk,
        "job_id": job.pk,
        "group_slug": comparator_group_save(
            name="Access peers", lines=[(1, "916")]
        ).group.slug,
    }


def url_for(case: Case, pattern: URLPattern, samples: dict[str, Any]) -> str:
    params = list(pattern.pattern.converters)
    chosen = {p: case.samples.get(p, p) for p in params}
    missing = [p for p in chosen.values() if p not in samples]
    assert not missing, f"add a sample value for {missing} (URL {case.name}) to samples"
    return (
        reverse(case.name, kwargs={p: samples[s] for p, s in chosen.items()})
        + case.query
    )


def snapshot() -> tuple[str, ...]:
    """A checksum of every row of every table but sessions, in one query:
    any insert, update or delete shows."""
    from django.apps import apps
    from django.db import connection

    tables = sorted(
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.db_table != "django_session"
    )
    quote = connection.ops.quote_name  # names from the model registry, not input
    sums = ", ".join(
        f"(SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {quote(t)} t)"  # noqa: S608
        for t in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sums}")  # noqa: S608
        return tuple(cursor.fetchone())


def lets_in(rule: Any, persona: str, user: Any) -> bool:
    """Whether the view's declared rule admits this persona, worked out here
    from the user's groups rather than by the code under test."""
    if rule == PUBLIC:
        return True
    if user is None:
        return False
    groups = {Role(name) for name in user.groups.values_list("name", flat=True)}
    return user.is_superuser or bool(groups & rule)


def expected(case: Case, rule: Any, persona: str, user: Any) -> tuple[int, int]:
    """(GET, POST) for this persona."""
    if not lets_in(rule, persona, user):
        return (302, 302) if user is None else (403, 403)
    if persona in case.objects:
        return case.objects[persona], case.objects[persona]
    if user is not None and case.signed_in is not None:
        return case.signed_in, case.signed_in
    return case.get, case.post


@pytest.mark.parametrize("case", cases(), ids=lambda case: case.id)
def test_every_persona_by_get_and_post(request, samples, case):  # type: ignore[no-untyped-def]
    pattern = dict(named_urls())[case.name]
    rule = access_rule(pattern.callback)
    assert rule is not None, f"{case.name} declares no rule"
    url = url_for(case, pattern, samples)
    wanted, got, wrong = {}, {}, []
    for persona in PERSONAS:
        user = None if persona == "anonymous" else request.getfixturevalue(persona)
        client = Client()
        if user is not None:
            client.force_login(user)
        wanted[persona] = expected(case, rule, persona, user)
        response = client.get(url)
        before = snapshot()
        posted = client.post(url, {})
        got[persona] = (response.status_code, posted.status_code)
        admitted = lets_in(rule, persona, user)
        for name, answer in (("GET", response), ("POST", posted)):
            if answer.status_code == 302 and not admitted:
                location = answer["Location"]
                if not location.startswith(reverse("login") + "?next="):
                    wrong.append(
                        f"{persona} {name}: sent to {location}, not to sign in"
                    )
        shown = (
            posted.content.decode()
            if case.form and posted.status_code == 200
            else PROBLEM
        )
        if PROBLEM not in shown:
            wrong.append(f"{persona} POST: the form again without '{PROBLEM}'")
        if (not admitted or not case.changes) and snapshot() != before:
            wrong.append(f"{persona} POST changed something")
    assert (got, wrong) == (wanted, []), url


def test_admin_is_for_staff_only(client):
    url = reverse("admin:index")
    assert client.get(url).status_code == 302
    client.force_login(
        UserFactory(username="plain-councillor", roles=[Role.COUNCILLORS])
    )
    assert client.get(url).status_code == 302  # to the admin's own sign-in
    client.force_login(
        UserFactory(username="staff-admin", is_superuser=True, is_staff=True)
    )
    assert client.get(url).status_code == 200
