"""The demo's committee follows its real agenda from DfE's LAIT: every
measure of the agenda is imported for every authority, the committee follows
it beside the local measures, Leicestershire's quartile is LAIT's, and its
reds carry their (illustrative) narrative so the demo's reports are final."""

from __future__ import annotations

from decimal import Decimal

import pyarrow.parquet as pq
import pytest
from django.core.management import call_command

from committees.models import Committee
from indicators import demo_lait, lait, rating
from indicators.models import Indicator, Observation
from reports.models import Report

pytestmark = pytest.mark.django_db(transaction=True)


class _Quiet:
    def write(self, *_: object, **__: object) -> None:
        pass

    def flush(self) -> None:
        pass


@pytest.fixture
def demo(monkeypatch, settings):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-1")
    settings.SCRUTINEER_HOME_AREA = "E10000018"
    call_command("seed_demo", stdout=_Quiet())


def _leicestershire_quartile(measure: str, year: str) -> int | None:
    """LAIT's banding worked out here from the raw file: every authority
    (LA numbers below 970) with a figure, Leicestershire is 855."""
    table = pq.read_table(demo_lait.DATA).to_pylist()
    values: dict[int, Decimal] = {}
    for row in table:
        if row["Short Desc"] != measure or row["Years"] != year:
            continue
        number = int(float(row["LA Number"]))
        text = str(row["Values"]).strip()
        if number < 970 and text not in ("-", "", "None"):
            values[number] = round(Decimal(text), 6)
    cuts = rating.cut_points(values.values())
    return rating.quartile(values.get(855), cuts, rating.Polarity.HIGHER)


def test_the_demo_follows_its_agenda_from_lait(demo):  # type: ignore[no-untyped-def]
    codes = [lait.lait_code(m) for m in demo_lait.AGENDA]
    assert Indicator.objects.filter(code__in=codes).count() == len(codes) == 15
    committee = Committee.objects.get()
    followed = set(committee.follows.values_list("code", flat=True))
    assert set(codes) <= followed and "cpp-second-plan" in followed
    home = Observation.objects.filter(area__code="E10000018")
    for code in codes:
        assert home.filter(indicator__code=code).exists(), code
    # Children in care with a health check: higher is better; the latest
    # year's quartile for Leicestershire is LAIT's.
    health = (
        home.filter(indicator__code=lait.lait_code("LACHealth%"))
        .select_related("period", "rating")
        .order_by("-period__end")
        .first()
    )
    # LAIT's "2025" is the year ending in 2025 (2024/25).
    assert health is not None and health.period.label == "2024/25"
    assert health.rating.quartile == _leicestershire_quartile("LACHealth%", "2025")
    assert health.rating.quartile is not None
    # Every red national figure has its narrative, so every report the demo
    # drafted for a quarter its committee met on is final.
    assert not home.filter(
        indicator__code__startswith=lait.CODE_PREFIX, rating__rag="red", commentary=""
    ).exists()
    assert Report.objects.exists()
    assert not Report.objects.filter(status=Report.Status.DRAFT).exists()
