"""The dashboard names a period in its address by the contract's label; a
year counted to 30 September (or to January) shares its bare label with the
reporting year, so it is named with its month."""

from __future__ import annotations

import pytest

from indicators.selectors import period_from_label
from tests.factories import period

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("asked", "expected"),
    [
        ("2025", ("2025", "reporting")),  # the contract's bare label
        ("2025 Sep", ("2025", "september")),  # the workforce's year
        ("2025 sep", ("2025", "september")),
        (" 2025   Sep ", ("2025", "september")),
        ("2025 Jan", ("2025", "january")),  # the school census year
        ("2025/26 Q2", ("2025/26 Q2", "financial")),
        ("2025 Mar", None),
        ("2024", None),
    ],
)
def test_a_period_is_found_by_its_address_label(asked, expected):
    # Newest first, as the dashboard lists them: the September year ends last.
    periods = [
        period("2025", "september"),
        period("2025/26 Q2"),
        period("2025", "reporting"),
        period("2025", "january"),
    ]
    found = period_from_label(asked, periods)
    if expected is None:
        assert found is None
    else:
        assert found is not None and (found.label, found.year_type) == expected
    assert [p.query_label for p in periods] == [
        "2025 Sep",
        "2025/26 Q2",
        "2025",
        "2025 Jan",
    ]
