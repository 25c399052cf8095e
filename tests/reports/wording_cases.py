"""The report's wording: the fact sets the paragraph tests share, and their
cases on change, the national quartile and the comparators."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

from reports.wording import Facts

NAME = "Repeat child protection plans"
SUBJECT = "The percentage of repeat child protection plans"  # as the subject of a verb
YOUTH = "Young people who reoffend within 12 months"
CP = "year to 31 March 2024"
Q1, Q2, Q3 = "2024/25 Q1", "2024/25 Q2", "2024/25 Q3"
CHILDREN = {"noun_singular": "child", "noun_plural": "children"}


def facts(**changes: Any) -> Facts:
    """A lower-is-better percentage, not banded and not rated, for 2024/25 Q3,
    changed as the case says."""
    base: dict[str, Any] = {
        "code": "repeat-plans",
        "name": NAME,
        "theme": "Child protection",
        "unit": "percent",
        "decimals": 1,
        "polarity": "lower",
        "rag_method": "none",
        "banded": False,
        "report_period": Q3,
        "period": Q3,
    }
    return Facts(**{**base, **changes})


def previous(value: str, **changes: Any) -> dict[str, Any]:
    return {"previous_value": D(value), "previous_period": Q2, **changes}


BANDED = {"banded": True, "comparison_period": CP, "rank_of": 152}
RED_ON_TARGET = {
    "polarity": "higher", "rag_method": "target", "target": D("80"),
    "value": D("70.0"), **previous("78.5"), "direction": "declined", "rag": "red",
}  # fmt: skip

MOVEMENT_CASES: list[tuple[str, Facts, str]] = [
    # --- Change in the indicator's own unit; direction by polarity -------------
    (
        "a percentage changes in points, never per cent, with its count",
        facts(
            value=D("15.2"),
            numerator=D(28),
            denominator=D(184),
            direction="improved",
            **previous("17.3"),
            **CHILDREN,
        ),  # fmt: skip
        f"{SUBJECT} decreased by 2.1 percentage points to 15.2% (28 children) in {Q3},"
        f" lower (better) than 17.3% in {Q2}.",
    ),
    (
        "higher is better: a fall is a decline",
        facts(
            polarity="higher", value=D("70.0"), direction="declined", **previous("78.5")
        ),
        f"{SUBJECT} decreased by 8.5 percentage points to 70.0% in {Q3}, lower (worse)"
        f" than 78.5% in {Q2}.",
    ),
    (
        "lower is better: a rise is a decline; one point is singular",
        facts(value=D("16.2"), direction="declined", **previous("15.2")),
        f"{SUBJECT} increased by 1.0 percentage point to 16.2% in {Q3}, higher (worse)"
        f" than 15.2% in {Q2}.",
    ),
    (
        "a count changes by a count, and without polarity has no direction",
        facts(
            name="Number of children looked after",
            unit="number",
            decimals=0,
            polarity="none",
            value=D(640),
            **previous("628"),
        ),  # fmt: skip
        f"Number of children looked after increased by 12 to 640 in {Q3}, from 628 in"
        f" {Q2}. This measure has no polarity, so no direction of travel is given.",
    ),
    (
        "days change in days",
        facts(unit="days", value=D("12.5"), direction="declined", **previous("11.5")),
        f"{NAME} increased by 1.0 day to 12.5 days in {Q3}, higher (worse) than 11.5"
        f" days in {Q2}.",
    ),
    (
        "a change within the significance threshold",
        facts(value=D("15.4"), direction="no significant change", **previous("15.2")),
        f"{SUBJECT} increased by 0.2 percentage points to 15.4% in {Q3}, from 15.2% in {Q2}."
        " This is not a significant change.",
    ),
    (
        "no change at all",
        facts(value=D("15.2"), direction="no significant change", **previous("15.2")),
        f"{NAME}: 15.2% in {Q3}, unchanged from {Q2}.",
    ),
    (
        "a change too small to show is still the rule's direction",
        facts(value=D("15.24"), direction="declined", **previous("15.18")),
        f"{NAME}: 15.2% in {Q3}, almost unchanged from 15.2% in {Q2}. This is a decline.",
    ),
    (
        "no earlier figure",
        facts(value=D("15.2")),
        f"{NAME}: 15.2% in {Q3}. There is no earlier figure to compare with.",
    ),
    # --- National quartile and its movement --------------------------------------
    (
        "an improvement that moves the authority up a quartile",
        facts(
            value=D("15.2"),
            direction="improved",
            quartile=3,
            previous_quartile=4,
            rank=98,
            **previous("17.3"),
            **BANDED,
        ),  # fmt: skip
        f"{SUBJECT} decreased by 2.1 percentage points to 15.2% in {Q3}, lower (better)"
        f" than 17.3% in {Q2}."
        " This improvement moves the authority from the bottom quartile into the third"
        f" quartile of local authorities by available comparisons ({CP}), ranked 98th"
        " of 152.",
    ),
    (
        "a decline that moves the authority down a quartile",
        facts(
            value=D("17.3"),
            direction="declined",
            quartile=3,
            previous_quartile=2,
            rank=80,
            **previous("15.2"),
            **BANDED,
        ),  # fmt: skip
        f"{SUBJECT} increased by 2.1 percentage points to 17.3% in {Q3}, higher (worse)"
        f" than 15.2% in {Q2}."
        " This decline moves the authority from the second quartile into the third"
        f" quartile of local authorities by available comparisons ({CP}), ranked 80th"
        " of 152.",
    ),
    (
        "a quartile move that the direction does not explain",
        facts(
            value=D("15.3"),
            direction="no significant change",
            quartile=2,
            previous_quartile=3,
            rank=60,
            **previous("15.2"),
            **BANDED,
        ),  # fmt: skip
        f"{SUBJECT} increased by 0.1 percentage points to 15.3% in {Q3}, from 15.2% in {Q2}."
        " This is not a significant change. This moves the authority from the third"
        " quartile into the second quartile of local authorities by available"
        f" comparisons ({CP}), ranked 60th of 152.",
    ),
    (
        "remains in the top quartile",
        facts(
            value=D("10.0"),
            direction="improved",
            quartile=1,
            previous_quartile=1,
            rank=5,
            **previous("11.0"),
            **BANDED,
        ),  # fmt: skip
        f"{SUBJECT} decreased by 1.0 percentage point to 10.0% in {Q3}, lower (better)"
        f" than 11.0% in {Q2}. The authority remains in the top quartile of local"
        f" authorities by available comparisons ({CP}), ranked 5th of 152.",
    ),
    (
        "a quartile with no earlier one",
        facts(value=D("15.2"), quartile=2, rank=41, **BANDED),
        f"{NAME}: 15.2% in {Q3}. There is no earlier figure to compare with. The"
        " authority is in the second quartile of local authorities by available"
        f" comparisons ({CP}), ranked 41st of 152.",
    ),
    (
        "a missing national benchmark",
        facts(value=D("15.2"), banded=True),
        f"{NAME}: 15.2% in {Q3}. There is no earlier figure to compare with. No national"
        " benchmark is available for this measure.",
    ),
    # --- Statistical neighbours and England, with their period ----------------------
    (
        "better than England, worse than the neighbours",
        facts(
            value=D("15.2"),
            england_value=D("16.5"),
            neighbour_mean=D("14.04"),
            neighbour_count=10,
            comparison_period=CP,
        ),  # fmt: skip
        f"{NAME}: 15.2% in {Q3}. There is no earlier figure to compare with. It is better"
        " than England's 16.5% and worse than the statistical neighbours' average of"
        f" 14.0% (10 neighbours), both for the {CP}.",
    ),
    (
        "better than both",
        facts(
            value=D("15.2"),
            england_value=D("16.5"),
            neighbour_mean=D("18.1"),
            neighbour_count=9,
            comparison_period=CP,
        ),  # fmt: skip
        f"{NAME}: 15.2% in {Q3}. There is no earlier figure to compare with. It is better"
        " than England's 16.5% and the statistical neighbours' average of 18.1%"
        f" (9 neighbours), both for the {CP}.",
    ),
    (
        "the same as England as displayed",
        facts(
            polarity="higher",
            value=D("16.52"),
            england_value=D("16.49"),
            comparison_period=CP,
        ),  # fmt: skip
        f"{NAME}: 16.5% in {Q3}. There is no earlier figure to compare with. It is the"
        f" same as England's 16.5%, for the {CP}.",
    ),
    (
        "benchmarks without polarity are neither better nor worse",
        facts(
            name="Children looked after per 10,000 children",
            unit="rate",
            decimals=0,
            polarity="none",
            value=D(52),
            england_value=D(70),
            neighbour_mean=D("61.3"),
            neighbour_count=10,
            comparison_period=CP,
        ),  # fmt: skip
        f"Children looked after per 10,000 children: 52 in {Q3}. This measure has no"
        " polarity, so no direction of travel is given. England's figure is 70 and the"
        f" statistical neighbours' average is 61 (10 neighbours), both for the {CP}.",
    ),
]
