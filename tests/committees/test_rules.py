"""The committees' pure rules: municipal years, references, letters, overdue."""

from __future__ import annotations

import datetime

import pytest

from committees import rules

D = datetime.date


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (D(2025, 4, 30), 2024),  # the last day of 2024/25
        (D(2025, 5, 1), 2025),  # annual council: a new municipal year
        (D(2025, 12, 31), 2025),
        (D(2026, 1, 1), 2025),
        (D(2026, 4, 30), 2025),
        (D(2026, 5, 1), 2026),
    ],
)
def test_municipal_year_runs_from_may_to_april(day, year):  # type: ignore[no-untyped-def]
    assert rules.municipal_year(day) == year


@pytest.mark.parametrize(
    ("code", "year", "sequence", "reference"),
    [
        ("CFS", 2025, 7, "CFS (25/26) 07"),
        ("CFS", 2025, 1, "CFS (25/26) 01"),
        ("CFS", 2025, 123, "CFS (25/26) 123"),
        ("AH", 1999, 10, "AH (99/00) 10"),
        ("AH", 2009, 2, "AH (09/10) 02"),
    ],
)
def test_reference_is_in_the_councils_style(code, year, sequence, reference):  # type: ignore[no-untyped-def]
    assert rules.action_reference(code, year, sequence) == reference


def test_a_reference_needs_a_positive_sequence():
    with pytest.raises(ValueError):
        rules.action_reference("CFS", 2025, 0)


@pytest.mark.parametrize(
    ("existing", "letter"),
    [
        ([], "a"),
        (["a"], "b"),
        (["a", "b"], "c"),
        (["a", "c"], "d"),  # after the last, not into a gap
        (["b", "a"], "c"),
        (["y", "z"], "aa"),
        (["aa"], "ab"),
        (["az"], "ba"),
    ],
)
def test_next_letter_follows_the_last(existing, letter):  # type: ignore[no-untyped-def]
    assert rules.next_letter(existing) == letter


@pytest.mark.parametrize("index", [1, 2, 26, 27, 52, 53, 702])
def test_letters_and_indexes_round_trip(index):  # type: ignore[no-untyped-def]
    assert rules.letter_index(rules.letter_for(index)) == index


@pytest.mark.parametrize("bad", ["", "1", "a1", "é", "(c)"])
def test_a_non_letter_is_refused(bad):  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        rules.letter_index(bad)


TODAY = D(2026, 3, 10)


@pytest.mark.parametrize(
    ("due", "status", "overdue"),
    [
        (D(2026, 3, 9), "open", True),
        (D(2026, 3, 9), "in_progress", True),
        (D(2026, 3, 10), "open", False),  # due today: not late yet
        (D(2026, 3, 11), "open", False),
        (D(2026, 3, 9), "answered", False),
        (D(2026, 3, 9), "closed", False),
        (D(2020, 1, 1), "in_progress", True),
        (None, "open", False),
    ],
)
def test_overdue_is_outstanding_and_due_before_today(due, status, overdue):  # type: ignore[no-untyped-def]
    assert rules.is_overdue(due, status, TODAY) is overdue
