"""Load the demo: Leicestershire with real national DfE data, the 2025
statistical-neighbour model, illustrative quarterly local figures for the
thirteen quarters to the latest one out by today (indicators/demo.py), and
one named user per role. Idempotent: running it again changes nothing (a
later run keeps the quarters of the first)."""

from __future__ import annotations

import io
import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import timezone

from indicators import demo, rating, services
from indicators.models import ImportJob, Indicator, Observation, Period
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
RETURN_NAME = "leicestershire_return_illustrative.csv"


def sign_in_url() -> str:
    """The sign-in page at the site's address (SITE_URL, which `make run`
    sets from its PORT), or runserver's default address."""
    site = settings.SCRUTINEER_SITE_URL or "http://127.0.0.1:8000"
    return site + reverse("login")


class Command(BaseCommand):
    help = "Load the demo (Leicestershire, real DfE data, illustrative local figures, one user per role). Idempotent."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--once",
            action="store_true",
            help="do nothing if the demo is already loaded",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if (
            options["once"]
            and Indicator.objects.filter(code="cpp-second-plan").exists()
        ):
            self.stdout.write(f"The demo is already loaded: sign in at {sign_in_url()}")
            return
        self.run_import(ImportJob.Kind.INDICATORS, DEMO / "indicators.csv")
        for code, filename, column, filters, numerator, denominator in BENCHMARKS:
            self.run_import(
                ImportJob.Kind.BENCHMARKS,
                DFE / filename,
                {
                    "indicator": code,
                    "value_column": column,
                    "filters": filters,
                    "numerator_column": numerator,
                    "denominator_column": denominator,
                },
            )
        self.run_import(ImportJob.Kind.NEIGHBOURS, DFE / "sn_model_2025_wide.csv")
        latest = self.latest_quarter()
        stream = io.StringIO()
        demo.write_return(stream, latest)
        self.run_import(
            ImportJob.Kind.RETURNS,
            ContentFile(stream.getvalue().encode(), name=RETURN_NAME),
            {"publish": True},
            name=RETURN_NAME,
        )
        self.create_users()
        self.assign_owners()
        self.seed_other_apps()
        self.stdout.write(
            self.style.SUCCESS(f"Demo loaded: sign in at {sign_in_url()}")
        )

    def latest_quarter(self) -> rating.Period:
        """The demo's latest quarter: the one out by today, or, when the
        demo is already loaded, the latest it has (so that a later run
        imports the same return again and changes nothing)."""
        loaded = (
            Period.objects.filter(
                kind=Period.Kind.QUARTER,
                pk__in=Observation.objects.filter(
                    area__code=settings.SCRUTINEER_HOME_AREA,
                    indicator__code="cpp-second-plan",
                ).values("period"),
            )
            .order_by("-end")
            .first()
        )
        if loaded is not None:
            return loaded.as_rule()
        return demo.latest_quarter(timezone.localdate())

    def run_import(
        self,
        kind: str,
        path: Path | ContentFile[bytes],
        options: dict[str, Any] | None = None,
        name: str = "",
    ) -> None:
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
        self.stdout.write(f"  {label}: {job.message}")

    def create_users(self) -> None:
        import os

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
            self.stdout.write(f"Users {', '.join(created)}: password {shown}")
        else:
            self.stdout.write(
                "Demo users already exist; their passwords are unchanged (set DEMO_PASSWORD to reset them)."
            )

    def assign_owners(self) -> None:
        """The demo officer owns the quarterly indicators, and the quarter
        being collected has a deadline, so 'Enter figures' has work in it."""
        from datetime import timedelta

        from returns.services import open_quarters

        officer = get_user_model().objects.get(username="officer")
        for indicator in Indicator.objects.filter(
            frequency=Indicator.Frequency.QUARTERLY, owner__isnull=True
        ):
            indicator.owner = officer
            indicator._change_reason = "seed_demo"  # recorded like any change
            indicator.save()
        for quarter in open_quarters()[:2]:
            if quarter.collection_deadline is None:
                quarter.collection_deadline = quarter.end + timedelta(days=30)
                quarter.save(update_fields=["collection_deadline"])

    def seed_other_apps(self) -> None:
        """Committees and reports add their demo data here when they exist."""
        import importlib
        import importlib.util

        for app in ("committees", "reports"):
            if importlib.util.find_spec(f"{app}.demo") is not None:
                importlib.import_module(f"{app}.demo").seed(stdout=self.stdout)
