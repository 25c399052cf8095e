"""The indicators' demo: Leicestershire's indicator definitions, real
national DfE data and the 2025 statistical-neighbour model, and one named
user per role (the roles are this app's). `manage.py seed_demo` (the demo
app) calls `seed` first; the apps above seed theirs after it. Idempotent:
running it again changes nothing."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import CommandError

from indicators import demo_lait, services
from indicators.models import ImportJob, Indicator, Outcome, Theme
from indicators.permissions import Role

DATA = Path(settings.BASE_DIR) / "data"
DFE = DATA / "dfe"
DEMO = DATA / "demo"

CARE_LEAVERS = {"care_leaver_age": "19 to 21 years"}

# (indicator, file, value column, filters, numerator column, denominator column)
BENCHMARKS: list[tuple[str, str, str, dict[str, str], str, str]] = [
    ("cpp-second-plan", "d3_cpps_subsequent_plan_2013_to_2025.csv", "CPP_subsequent_percent", {}, "CPP_subsequent", "CPP_start"),
    ("cpp-two-years", "d5_cpps_at31march_by_duration_2013_to_2025.csv", "2_years_or_more_percent", {}, "2_years_or_more", "CPP_At31"),
    ("re-referrals", "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv", "rereferral_percent", {}, "rereferral_count", "referral_count"),
    ("cla-rate", "cla_number_and_rate_per_10k_children.csv", "rate_per_10000", {"population_type": "Children looked after on 31 March each year"}, "children_count", ""),
    ("placement-stability", "la_cla_placement_stability.csv", "children_percent", {"placement_stability": "Living with the same carer for at least 2 years"}, "children_count", ""),
    ("school-moves", "la_cla_school_moves.csv", "percentage", {"move_measure": "Any moves", "school_stability": "With one or more moves during the previous 2 years"}, "number", ""),
    ("care-leavers-eet", "la_care_leavers_activity.csv", "care_leaver_percent", {**CARE_LEAVERS, "breakdown": "Total in education, employment or training"}, "care_leaver_count", ""),
    ("care-leavers-accommodation", "la_care_leavers_accommodation_suitability.csv", "care_leaver_percent", {**CARE_LEAVERS, "breakdown": "Accommodation considered suitable"}, "care_leaver_count", ""),
    ("sw-turnover", "csww_indicators_2017_to_2025.csv", "turnover_rate_fte", {}, "", ""),
    ("sw-agency", "csww_indicators_2017_to_2025.csv", "agency_rate_fte", {}, "", ""),
    ("sw-caseload", "csww_indicators_2017_to_2025.csv", "caseload_fte", {}, "", ""),
]  # fmt: skip

USERS = {
    "councillor": Role.COUNCILLORS,
    "officer": Role.OFFICERS,
    "performance": Role.PERFORMANCE,
    "clerk": Role.CLERKS,
}
# Made-up people, so that pages name a person ("Priya Shah"), not a login.
NAMES = {
    "councillor": ("Margaret", "Ellis"),
    "officer": ("Priya", "Shah"),
    "performance": ("Daniel", "Osei"),
    "clerk": ("Ruth", "Campbell"),
    "admin": ("Alex", "Morgan"),
}
# What tells `seed_demo --once` that the demo is already loaded.
LOADED_INDICATOR = "cpp-second-plan"


def is_loaded() -> bool:
    """Whether the demo's indicators are already there."""
    return Indicator.objects.filter(code=LOADED_INDICATOR).exists()


def seed(stdout: Any) -> None:
    """Import the indicators, the national benchmarks and the neighbours,
    then create the demo's users (whom the apps above give work to)."""
    run_import(ImportJob.Kind.INDICATORS, DEMO / "indicators.csv", stdout=stdout)
    for code, filename, column, filters, numerator, denominator in BENCHMARKS:
        run_import(
            ImportJob.Kind.BENCHMARKS,
            DFE / filename,
            {
                "indicator": code,
                "value_column": column,
                "filters": filters,
                "numerator_column": numerator,
                "denominator_column": denominator,
            },
            stdout=stdout,
        )
    run_import(ImportJob.Kind.NEIGHBOURS, DFE / "sn_model_2025_wide.csv", stdout=stdout)
    demo_lait.seed_lait(stdout, run_import)
    seed_outcomes(stdout)
    create_users(stdout)


# The council plan's outcomes the report's headings follow, in the plan's
# order, with the demo's themes under them. Special educational needs is
# left under none, as a theme may be.
OUTCOMES = [
    ("Children and families are safe", ["Child protection", "Early help and assessment", "Youth justice"]),
    ("Children in care and care leavers thrive", ["Children in care", "Care leavers"]),
    ("A skilled and stable workforce", ["Workforce"]),
]  # fmt: skip


def seed_outcomes(stdout: Any) -> None:
    """The outcomes and their themes; a theme the performance team has
    already placed (in the admin) is left where it is."""
    for position, (name, themes) in enumerate(OUTCOMES, start=1):
        outcome, _ = Outcome.objects.get_or_create(
            name=name, defaults={"position": position}
        )
        Theme.objects.filter(name__in=themes, outcome__isnull=True).update(
            outcome=outcome
        )
    stdout.write(f"  Outcomes: {len(OUTCOMES)} council plan outcomes.")


def run_import(
    kind: str,
    path: Path | ContentFile[bytes],
    options: dict[str, Any] | None = None,
    name: str = "",
    *,
    stdout: Any,
) -> None:
    """Run one import job of any registered kind to its end, as an upload
    would, and say how it went; a failed one stops the demo."""
    name = name or Path(str(path)).name
    job = services.import_job_create(
        kind=kind, file=path, filename=name, options=options
    )
    job = services.import_job_wait(job=job)
    label = f"{job.get_kind_display()} {name}" + (
        f" ({options['indicator']})" if options and "indicator" in options else ""
    )
    if job.status != ImportJob.Status.SUCCEEDED:
        details = "; ".join(
            f"row {e['row']} {e['column']}: {e['reason']}" for e in job.errors[:5]
        )
        raise CommandError(f"{label}: {job.message} {details}")
    stdout.write(f"  {label}: {job.message}")


def create_users(stdout: Any) -> None:
    """One named user per role and an administrator, with DEMO_PASSWORD or a
    password made up once (an existing user's is then left alone)."""
    password = os.environ.get("DEMO_PASSWORD", "")
    generated = not password
    if generated:
        password = secrets.token_urlsafe(12)
    User = get_user_model()
    created = []
    for username, role in USERS.items():
        first, last = NAMES[username]
        user, new = User.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{first}.{last}@example.org".lower(),
                "first_name": first,
                "last_name": last,
            },
        )
        if new or not generated:
            user.set_password(password)
            user.save()
            created.append(username)
        user.groups.add(Group.objects.get(name=role.value))
        if role == Role.PERFORMANCE and not user.is_staff:
            # The admin keeps the plan's outcomes and the glossary
            # (indicators/admin.py): the performance team may sign in to it.
            user.is_staff = True
            user.save(update_fields=["is_staff"])
    admin, new = User.objects.get_or_create(
        username="admin",
        defaults={
            "email": "admin@example.org",
            "first_name": NAMES["admin"][0],
            "last_name": NAMES["admin"][1],
            "is_superuser": True,
            "is_staff": True,
        },
    )
    if new or not generated:
        admin.set_password(password)
        admin.save()
        created.append("admin")
    if created:
        shown = password if generated else "(from DEMO_PASSWORD)"
        stdout.write(f"Users {', '.join(created)}: password {shown}")
    else:
        stdout.write(
            "Demo users already exist; their passwords are unchanged (set DEMO_PASSWORD to reset them)."
        )
