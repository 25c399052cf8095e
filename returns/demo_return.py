"""The demo's illustrative quarterly return for Leicestershire, made for the
day the demo is loaded: thirteen quarters ending with the latest quarter
whose figures would be out by then, so that the demo always looks current.

The figures are made up (deterministically: the same latest quarter always
gives the same file) to show every kind of rating: reds, ambers and greens
against targets, a lower-is-better indicator, a count, a small-number case
and an indicator reported two quarters in arrears. Each quarter's figure has
the service's own commentary for that quarter. No Django here: the script
`scripts/make_demo_return.py` writes the same file without a database."""

from __future__ import annotations

import csv
import datetime
import random
from collections.abc import Callable
from typing import TextIO

from indicators import rating
from returns.imports import CONTRACT_RETURN_COLUMNS

QUARTER_COUNT = 13
# Quarterly figures are published about six weeks after the quarter ends:
# the demo's latest quarter is the last one that ended at least this long
# before the day it is loaded (the last quarter to end, or the one before).
PUBLICATION_LAG = datetime.timedelta(days=42)
# The youth justice figures arrive two quarters after the others.
ARREARS = 2

# A return's columns, in the importer's own order.
HEADER = list(CONTRACT_RETURN_COLUMNS)


def latest_quarter(today: datetime.date) -> rating.Period:
    """The latest financial quarter with published figures on `today`."""
    start_year = today.year if today.month >= 4 else today.year - 1
    quarter = rating.quarter_period(start_year, (today.month - 4) % 12 // 3 + 1)
    while quarter.end > today - PUBLICATION_LAG:
        quarter = rating.previous_period(quarter)
    return quarter


def quarters_to(latest: rating.Period) -> list[rating.Period]:
    """The demo's quarters, oldest first, ending with `latest`."""
    found = [latest]
    while len(found) < QUARTER_COUNT:
        found.append(rating.previous_period(found[-1]))
    return found[::-1]


def percent_of(numerator: int, denominator: int) -> str:
    return f"{100 * numerator / denominator:.1f}"


# What the service said about each quarter, oldest first: one story per
# indicator, so that the commentary moves with the figures.
CPP_NOTES = [
    "Most repeat plans followed neglect; a review of step-down decisions has been commissioned.",
    "Slightly fewer repeat plans; the review found plans closed early in two teams.",
    "Step-down guidance was reissued to team managers after the review.",
    "Fewer repeat plans for the third quarter running.",
    "A rise: three large sibling groups returned to plans in the quarter.",
    "Repeat plans rose again; domestic abuse was the main concern in half of them.",
    "The highest rate for two years; a multi-agency audit of repeat plans has started.",
    "The audit found plans ended before change was sustained; a step-down review panel starts next quarter.",
    "First quarter of the step-down review panel: a senior manager checks every proposed closure.",
    "Slightly up on the last quarter, but below the same quarter last year.",
    "Down again; the panel has reviewed 96 proposed closures and kept 14 plans open.",
    "Continued improvement; health visitors and schools now sit on the panel.",
    "Fewer repeat plans after the new step-down review panel; {repeat} children in the quarter.",
]
REREFERRAL_NOTES = [
    "Most re-referrals came from the police after domestic abuse incidents.",
    "Schools made a third of the re-referrals in the quarter.",
    "A new front door triage model started in the middle of the quarter.",
    "Triage is sending more contacts to early help at the first referral.",
    "Re-referrals from health rose after a change of hospital safeguarding staff.",
    "Contacts from schools peaked in the autumn term, as in earlier years.",
    "Early help cases closed without a plan are being checked for a pattern of re-referral.",
    "A third of re-referrals came within three months of the previous case closing.",
    "Training on thresholds was given to 240 school staff.",
    "Re-referrals are still rising; the triage model is being evaluated.",
    "The evaluation found repeat contacts from a small number of schools.",
    "Re-referrals are rising; a deep dive into repeat contacts from schools is under way.",
    "The deep dive is complete: each secondary school gets a named social worker from next term.",
]
ASSESSMENT_NOTES = [
    "Above target; caseloads in the assessment teams are stable.",
    "Above target, though the summer holidays slowed some visits.",
    "Just under target as referrals rose in the autumn term.",
    "Staff vacancies in the east locality team delayed assessments; agency cover started in the following month.",
    "Recovering: agency cover is in place in the east locality.",
    "Improving as two newly qualified social workers joined the east team.",
    "Back above target in every locality.",
    "Above target; the east team is fully staffed for the first time in a year.",
    "The best quarter on record.",
    "Still above target, though a rise in referrals lengthened some assessments.",
    "Sickness in the west team and a 12% rise in referrals delayed assessments; a recovery plan is in place.",
    "The recovery plan is working: overdue assessments have halved.",
    "Above target again; the recovery plan has closed.",
]
ADOPTION_NOTES = [
    "Two adoptions were delayed by court availability.",
    "Three children waited for placements with their brothers and sisters, which take longer to find.",
    "Court delays: four final hearings were adjourned.",
    "Most children were matched with adopters within 12 months.",
    "Early permanence placements are shortening waits.",
    "Two older children with complex needs were adopted after long searches.",
    "A joint recruitment campaign with the regional adoption agency began.",
    "The best quarter for two years.",
    "Court backlogs returned in the quarter.",
    "Matching meetings are now held every month.",
    "Early permanence placements are now used for a third of children.",
    "One group of three brothers and sisters waited more than two years.",
    "Small numbers: each child is about {points} percentage points.",
]
EHCP_NOTES = [
    "Requests for assessment rose by a fifth on the year; two educational psychologists left.",
    "Educational psychologist vacancies held up advice: 9 of 14 posts are filled.",
    "Health advice came back late in a third of cases; raised with the integrated care board.",
    "A backlog of 140 assessments built up over the summer; locum psychologists approved.",
    "The lowest timeliness on record: the backlog peaked at 180 cases.",
    "Recovery plan agreed with the SEND board: weekly case tracking and extra panel dates.",
    "First signs of recovery as the backlog fell to 120 cases.",
    "Two new educational psychologists started; their advice is now on time in 70% of cases.",
    "The backlog is down to 60 cases; health advice now mostly comes back on time.",
    "Timeliness has improved for the fifth quarter running.",
    "Above half for the first time in three years; the backlog has cleared.",
    "A dip after a rise in requests at the end of the school year.",
    "The best quarter since the recovery plan began, and close to the 60% target.",
]
REOFFENDING_NOTES = [
    "Most reoffending was by young people already known to the service.",
    "Knife possession offences rose across the county.",
    "A mentoring scheme began for young people leaving custody.",
    "More of the cohort are in education, training or work.",
    "The lowest rate for three years.",
    "A rise linked to a small group of young people who offended together.",
    "Most reoffences in the cohort were thefts and public order offences.",
    "Fewer young people reoffended after the mentoring scheme's first year.",
    "Below target for the first time in two years.",
    "A further fall; the mentoring scheme is to cover the whole county.",
    "A small cohort: a few young people move the rate.",
]

Row = list[str]
# A row's figures for the quarter at `index` (`newest`: the latest quarter),
# drawn from the one seeded generator in a fixed order.
Maker = Callable[[random.Random, int, bool], Row]


def _cpp(rng: random.Random, index: int, newest: bool) -> Row:
    starts = 140 + rng.randint(-15, 15)
    share = [0.27, 0.26, 0.25, 0.24, 0.26, 0.27, 0.28, 0.25, 0.23, 0.24, 0.22, 0.21, 0.20][index]  # fmt: skip
    repeat = round(starts * share)
    if newest:  # the committee's "15.2% (28 children)"
        starts, repeat = 184, 28
    note = CPP_NOTES[index].format(repeat=repeat)
    return [percent_of(repeat, starts), str(repeat), str(starts), "", note]


def _rereferrals(rng: random.Random, index: int, newest: bool) -> Row:
    referrals = 1650 + rng.randint(-120, 120)
    share = 0.22 + 0.004 * index + rng.uniform(-0.01, 0.01)
    repeat = round(referrals * share)
    note = REREFERRAL_NOTES[index]
    return [percent_of(repeat, referrals), str(repeat), str(referrals), "", note]


def _assessments(rng: random.Random, index: int, newest: bool) -> Row:
    value = [88.1, 86.4, 84.9, 79.2, 81.5, 83.0, 86.2, 87.9, 90.3, 85.5, 78.4, 82.1, 86.8][index]  # fmt: skip
    total = 1400 + rng.randint(-100, 100)
    done = round(total * value / 100)
    note = ASSESSMENT_NOTES[index]
    return [percent_of(done, total), str(done), str(total), "85", note]


def _cla_number(rng: random.Random, index: int, newest: bool) -> Row:
    return [str(640 + 5 * index + rng.randint(-8, 8)), "", "", "", ""]


def _adoption(rng: random.Random, index: int, newest: bool) -> Row:
    adopted = rng.randint(9, 16)
    quick = min([7, 8, 6, 9, 10, 7, 8, 11, 9, 8, 10, 7, 8][index], adopted)
    note = ADOPTION_NOTES[index].format(points=round(100 / adopted))
    return [percent_of(quick, adopted), str(quick), str(adopted), "60", note]


def _ehcp(rng: random.Random, index: int, newest: bool) -> Row:
    value = [41.0, 38.5, 35.2, 33.8, 30.1, 28.7, 31.4, 36.9, 42.3, 47.5, 52.0, 49.6, 55.8][index]  # fmt: skip
    issued = 180 + rng.randint(-30, 30)
    on_time = round(issued * value / 100)
    note = EHCP_NOTES[index]
    return [percent_of(on_time, issued), str(on_time), str(issued), "60", note]


def _reoffending(rng: random.Random, index: int, newest: bool) -> Row:
    value = [33.9, 35.2, 31.8, 30.5, 29.0, 32.6, 34.1, 31.2, 28.4, 27.9, 30.2][index]  # fmt: skip
    cohort = 60 + rng.randint(-8, 8)
    offenders = round(cohort * value / 100)
    note = REOFFENDING_NOTES[index]
    return [percent_of(offenders, cohort), str(offenders), str(cohort), "30", note]


# (indicator code, its figures, how many quarters in arrears), in the file's
# order, which is also the order the generator is drawn from.
MAKERS: tuple[tuple[str, Maker, int], ...] = (
    ("cpp-second-plan", _cpp, 0),
    ("re-referrals", _rereferrals, 0),
    ("assessments-45-days", _assessments, 0),
    ("cla-number", _cla_number, 0),
    ("adoption-18-months", _adoption, 0),
    ("ehcp-20-weeks", _ehcp, 0),
    ("youth-reoffending", _reoffending, ARREARS),
)


def illustrative_return(latest: rating.Period) -> list[Row]:
    """Every row of the return (header first) for the quarters to `latest`."""
    quarters = quarters_to(latest)
    last = len(quarters) - 1
    rng = random.Random(855)
    rows: list[Row] = [HEADER]
    for code, make, arrears in MAKERS:
        periods = quarters[:-arrears] if arrears else quarters
        for index, quarter in enumerate(periods):
            rows.append([code, quarter.label, *make(rng, index, index == last)])
    return rows


def write_return(stream: TextIO, latest: rating.Period) -> None:
    """The return as CSV, as an officer would upload it."""
    csv.writer(stream, lineterminator="\n").writerows(illustrative_return(latest))
