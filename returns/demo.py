"""The returns' demo: the illustrative quarterly return for the thirteen
quarters to the latest one out by today (returns/demo_return.py writes it),
imported and published, and the work it leaves for the demo officer: the
quarterly indicators are theirs, and the quarters being collected have
deadlines. `manage.py seed_demo` calls `seed` after the indicators' demo.
Idempotent: a later run keeps the quarters of the first."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from indicators import lait, rating
from indicators.demo import LOADED_INDICATOR, run_import
from indicators.models import ImportJob, Indicator, Observation, Period
from indicators.services.common import history_stamp
from returns import demo_return
from returns.services import open_quarters
from returns.services.commentary import figure_commentary_set

RETURN_NAME = "leicestershire_return_illustrative.csv"


def seed(stdout: Any) -> None:
    """Import and publish the return, then give the officer their work."""
    stream = io.StringIO()
    demo_return.write_return(stream, latest_quarter())
    run_import(
        ImportJob.Kind.RETURNS,
        ContentFile(stream.getvalue().encode(), name=RETURN_NAME),
        {"publish": True, "illustrative": True},
        name=RETURN_NAME,
        stdout=stdout,
    )
    assign_owners()
    explain_national_reds(stdout)


# The demo's narrative for a national measure rated red: made up, and says so.
RED_NARRATIVE = (
    "Illustrative commentary: this measure is in the bottom quartile nationally. "
    "Officers are reviewing it with the service and will bring the actions "
    "agreed to the committee's next meeting."
)


def explain_national_reds(stdout: Any) -> None:
    """Commentary on each red published home figure of the national (LAIT)
    measures the committee follows, as the performance team would add it, so
    that the demo's reports can be finalised (a red needs its narrative)."""
    performance = get_user_model().objects.filter(username="performance").first()
    if performance is None:
        return
    reds = Observation.objects.filter(
        area__code=settings.SCRUTINEER_HOME_AREA,
        indicator__code__startswith=lait.CODE_PREFIX,
        rating__rag=rating.Rag.RED,
        commentary="",
    ).values_list("pk", flat=True)
    count = 0
    for pk in reds:
        figure_commentary_set(
            user=performance, observation_id=pk, commentary=RED_NARRATIVE
        )
        count += 1
    stdout.write(f"  National measures: commentary on {count} red figures.")


def latest_quarter() -> rating.Period:
    """The demo's latest quarter: the one out by today, or, when the
    demo is already loaded, the latest it has (so that a later run
    imports the same return again and changes nothing)."""
    loaded = (
        Period.objects.filter(
            kind=Period.Kind.QUARTER,
            pk__in=Observation.objects.filter(
                area__code=settings.SCRUTINEER_HOME_AREA,
                indicator__code=LOADED_INDICATOR,
            ).values("period"),
        )
        .order_by("-end")
        .first()
    )
    if loaded is not None:
        return loaded.as_rule()
    return demo_return.latest_quarter(timezone.localdate())


def assign_owners() -> None:
    """The demo officer owns the quarterly indicators, and the quarter
    being collected has a deadline, so 'Enter figures' has work in it."""
    officer = get_user_model().objects.get(username="officer")
    for indicator in Indicator.objects.filter(
        frequency=Indicator.Frequency.QUARTERLY, owner__isnull=True
    ):
        indicator.owner = officer
        history_stamp(indicator, None, "seed_demo")  # recorded like any change
        indicator.save()
    for quarter in open_quarters()[:2]:
        if quarter.collection_deadline is None:
            quarter.collection_deadline = quarter.end + timedelta(days=30)
            quarter.save(update_fields=["collection_deadline"])
