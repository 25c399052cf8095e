"""Write the demo's illustrative quarterly return for Leicestershire.

The figures are made up (deterministically, so the file is stable) to show
every kind of rating: reds, ambers and greens against targets, a
lower-is-better indicator, a count, a small-number case and a lagged one.
Run: python scripts/make_demo_return.py > data/demo/leicestershire_return_illustrative.csv
"""

from __future__ import annotations

import csv
import random
import sys

QUARTERS = [
    f"{y}/{(y + 1) % 100:02d} Q{q}" for y in range(2022, 2026) for q in (1, 2, 3, 4)
][1:-2]
# 2022/23 Q2 ... 2025/26 Q2: 13 quarters.

rng = random.Random(855)
writer = csv.writer(sys.stdout, lineterminator="\n")
writer.writerow(
    [
        "indicator_code",
        "period",
        "value",
        "numerator",
        "denominator",
        "target",
        "commentary",
    ]
)


# A figure that rates red is not submitted (or published) without
# commentary, in a return as on the entry page: these are the reds that
# have no note of their own below.
RED_NOTES = {
    ("cpp-second-plan", "2022/23 Q2"): "Repeat plans are high: a review of how families step down from child protection began in October.",
    ("cpp-second-plan", "2023/24 Q3"): "Repeat plans rose again; the step-down review is looking at families who return within a year.",
    **{
        ("re-referrals", quarter): "Re-referrals are above most authorities': the front door is reviewing how repeat contacts are screened."
        for quarter in (
            "2022/23 Q2", "2023/24 Q2", "2023/24 Q3", "2023/24 Q4",
            "2024/25 Q1", "2024/25 Q2", "2024/25 Q3", "2024/25 Q4",
        )
    },
    ("adoption-18-months", "2022/23 Q2"): "Small numbers: 7 of 16 children; court dates delayed two adoptions.",
    ("adoption-18-months", "2022/23 Q4"): "Small numbers: 6 of 16 children; court availability delayed three adoptions.",
}  # fmt: skip


def rows_for(code: str, quarters: list[str], make) -> None:  # type: ignore[no-untyped-def]
    for index, quarter in enumerate(quarters):
        row = make(index, quarter)
        if not row[-1] and (code, quarter) in RED_NOTES:
            row[-1] = RED_NOTES[(code, quarter)]
        writer.writerow([code, quarter, *row])


def percent_of(numerator: int, denominator: int) -> str:
    return f"{100 * numerator / denominator:.1f}"


def cpp(index: int, quarter: str) -> list[str]:
    starts = 140 + rng.randint(-15, 15)
    share = [
        0.27,
        0.26,
        0.25,
        0.24,
        0.26,
        0.27,
        0.28,
        0.25,
        0.23,
        0.24,
        0.22,
        0.21,
        0.20,
        0.152,
    ][index]
    repeat = round(starts * share)
    note = ""
    if quarter == "2025/26 Q2":
        note = "Fewer repeat plans after the new step-down review panel; 28 children in the quarter."
        starts, repeat = 184, 28
    return [percent_of(repeat, starts), str(repeat), str(starts), "", note]


def rereferrals(index: int, quarter: str) -> list[str]:
    referrals = 1650 + rng.randint(-120, 120)
    share = 0.22 + 0.004 * index + rng.uniform(-0.01, 0.01)
    repeat = round(referrals * share)
    note = (
        "Re-referrals are rising; a deep dive into repeat contacts from schools is under way."
        if index >= 11
        else ""
    )
    return [percent_of(repeat, referrals), str(repeat), str(referrals), "", note]


def assessments(index: int, quarter: str) -> list[str]:
    values = [
        88.1,
        86.4,
        84.9,
        79.2,
        81.5,
        83.0,
        86.2,
        87.9,
        90.3,
        85.5,
        78.4,
        82.1,
        86.8,
        74.6,
    ]
    total = 1400 + rng.randint(-100, 100)
    done = round(total * values[index] / 100)
    note = ""
    if values[index] < 80:
        note = "Staff vacancies in the east locality team delayed assessments; agency cover started in the following month."
    return [percent_of(done, total), str(done), str(total), "85", note]


def cla_number(index: int, quarter: str) -> list[str]:
    return [str(640 + 5 * index + rng.randint(-8, 8)), "", "", "", ""]


def adoption(index: int, quarter: str) -> list[str]:
    adopted = rng.randint(9, 16)
    quick = [7, 8, 6, 9, 10, 7, 8, 11, 9, 8, 10, 7, 9, 8][index]
    quick = min(quick, adopted)
    note = (
        "Small numbers: each child is about 8 percentage points." if index >= 12 else ""
    )
    return [percent_of(quick, adopted), str(quick), str(adopted), "60", note]


def ehcp(index: int, quarter: str) -> list[str]:
    values = [
        41.0,
        38.5,
        35.2,
        33.8,
        30.1,
        28.7,
        31.4,
        36.9,
        42.3,
        47.5,
        52.0,
        49.6,
        55.8,
        58.1,
    ]
    issued = 180 + rng.randint(-30, 30)
    on_time = round(issued * values[index] / 100)
    note = ""
    if values[index] < 50:
        note = "Demand for assessments is up a third on last year; educational psychologist capacity is the constraint. Recovery plan agreed with the SEND board."
    return [percent_of(on_time, issued), str(on_time), str(issued), "60", note]


def reoffending(index: int, quarter: str) -> list[str]:
    values = [33.9, 35.2, 31.8, 30.5, 29.0, 32.6, 34.1, 31.2, 28.4, 27.9, 30.2, 33.5]
    cohort = 60 + rng.randint(-8, 8)
    offenders = round(cohort * values[index] / 100)
    note = "Reported two quarters in arrears." + (
        " A small cohort: a few young people move the rate." if index >= 10 else ""
    )
    return [percent_of(offenders, cohort), str(offenders), str(cohort), "30", note]


rows_for("cpp-second-plan", QUARTERS, cpp)
rows_for("re-referrals", QUARTERS, rereferrals)
rows_for("assessments-45-days", QUARTERS, assessments)
rows_for("cla-number", QUARTERS, cla_number)
rows_for("adoption-18-months", QUARTERS, adoption)
rows_for("ehcp-20-weeks", QUARTERS, ehcp)
rows_for("youth-reoffending", QUARTERS[:-2], reoffending)
