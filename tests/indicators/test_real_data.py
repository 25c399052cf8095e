"""The real DfE files, imported as they are, give the figures DfE publishes
and the national banding that LAIT uses."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from indicators.models import Area, ImportJob, Observation, Rating, StatisticalNeighbour
from tests.factories import IndicatorFactory

DFE = Path(__file__).resolve().parents[2] / "data" / "dfe"
pytestmark = pytest.mark.django_db


def rating_for(code: str, label: str) -> Rating:
    return Rating.objects.select_related("observation", "comparison_period").get(
        observation__indicator__code=code,
        observation__area__code="E10000018",
        observation__period__label=label,
    )


@pytest.fixture
def cpp(home_area):  # type: ignore[no-untyped-def]
    IndicatorFactory(
        code="cpp", unit="percent", polarity="lower", rag_method="quartile",
        frequency="annual", year_type="reporting",
    )  # fmt: skip
    call_command(
        "import_benchmarks",
        str(DFE / "d3_cpps_subsequent_plan_2013_to_2025.csv"),
        indicator="cpp",
        value_column="CPP_subsequent_percent",
        numerator_column="CPP_subsequent",
        denominator_column="CPP_start",
    )


def test_second_plans_for_leicestershire_in_2025_match_dfe(cpp):
    rated = rating_for("cpp", "2025")
    assert rated.observation.value == Decimal("24.8")
    assert rated.quartile == 3
    assert (rated.rank, rated.rank_of) == (84, 153)
    assert rated.england_value == Decimal("24.5")
    assert rated.comparison_period.label == "2025"
    assert rated.observation.numerator == 153
    assert rated.observation.denominator == 618


def test_care_leavers_in_education_employment_or_training_match_dfe(home_area):
    IndicatorFactory(
        code="eet", unit="percent", polarity="higher", rag_method="quartile",
        frequency="annual", year_type="reporting", decimals=0,
    )  # fmt: skip
    call_command(
        "import_benchmarks",
        str(DFE / "la_care_leavers_activity.csv"),
        indicator="eet",
        value_column="care_leaver_percent",
        filter=[
            "care_leaver_age=19 to 21 years",
            "breakdown=Total in education, employment or training",
        ],
    )
    rated = rating_for("eet", "2025")
    assert rated.observation.value == Decimal("59")
    assert rated.quartile == 2
    assert (rated.rank, rated.rank_of) == (44, 152)
    assert rated.england_value == Decimal("54")


def test_suppressed_values_are_kept_as_symbols_never_zero(cpp):
    city = Observation.objects.get(
        indicator__code="cpp", area__code="E09000001", period__label="2025"
    )
    # City of London publishes 'c' for its count of plans; its percentage is 0.
    assert city.numerator == 0 or city.suppression or city.value is not None
    suppressed = Observation.objects.filter(indicator__code="cpp").exclude(
        suppression=""
    )
    assert suppressed.exists()
    assert not suppressed.filter(value__isnull=False).exists()


def test_terminated_authorities_keep_their_own_code(cpp):
    cumbria = Area.objects.get(code="E10000006")
    assert cumbria.terminated_on is not None
    assert Observation.objects.filter(indicator__code="cpp", area=cumbria).exists()
    # North Yorkshire's old and new codes are two areas sharing LA number 815.
    assert set(Area.objects.filter(la_number="815").values_list("code", flat=True)) == {
        "E10000023",
        "E06000065",
    }


def test_importing_the_same_file_twice_changes_nothing(cpp):
    before = Observation.all_objects.count()
    call_command(
        "import_benchmarks",
        str(DFE / "d3_cpps_subsequent_plan_2013_to_2025.csv"),
        indicator="cpp",
        value_column="CPP_subsequent_percent",
        numerator_column="CPP_subsequent",
        denominator_column="CPP_start",
    )
    job = ImportJob.objects.order_by("-pk").first()
    assert job.status == ImportJob.Status.SUCCEEDED
    assert job.counts["created"] == 0 and job.counts["updated"] == 0
    assert "nothing changed" in job.message
    assert Observation.all_objects.count() == before


def test_a_joint_return_counts_for_each_member_council(home_area):
    # Issue 14 item 4: LAIT gives each council in a joint return the joint
    # figure (North and West Northamptonshire 10.4 in 2025, Kingston and
    # Richmond 28), so the product does too (it used to skip them).
    IndicatorFactory(
        code="turnover", unit="percent", polarity="lower", rag_method="quartile",
        frequency="annual", year_type="reporting",
    )  # fmt: skip
    call_command(
        "import_benchmarks",
        str(DFE / "csww_indicators_2017_to_2025.csv"),
        indicator="turnover",
        value_column="turnover_rate_fte",
    )
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.SUCCEEDED
    assert job.counts["from_joint_returns"] == 28  # 14 joint rows, two councils each
    figures = dict(
        Observation.objects.filter(
            indicator__code="turnover", period__label="2025"
        ).values_list("area__name", "value")
    )
    assert (
        figures["North Northamptonshire"]
        == figures["West Northamptonshire"]
        == Decimal("10.4")
    )
    assert (
        figures["Kingston upon Thames"]
        == figures["Richmond upon Thames"]
        == Decimal("28")
    )


def test_the_2025_neighbour_model_gives_leicestershire_ten_ranked_neighbours(cpp):
    call_command("import_neighbours", str(DFE / "sn_model_2025_wide.csv"))
    neighbours = list(
        StatisticalNeighbour.objects.filter(area__code="E10000018")
        .select_related("neighbour")
        .order_by("rank")
    )
    assert [n.rank for n in neighbours] == list(range(1, 11))
    assert neighbours[0].neighbour.la_number == "916"
    assert neighbours[0].neighbour.name == "Gloucestershire"
    # Somerset's LA number 933 resolves to the live authority, not the old county.
    assert any(n.neighbour.code == "E06000066" for n in neighbours)
    rated = rating_for("cpp", "2025")
    assert rated.neighbour_count == 10
    values = Observation.objects.filter(
        indicator__code="cpp",
        period__label="2025",
        area__in=[n.neighbour for n in neighbours],
    ).values_list("value", flat=True)
    assert rated.neighbour_mean == sum(values) / 10
