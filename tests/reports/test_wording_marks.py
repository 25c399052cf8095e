"""An illustrative or provisional figure says so in its paragraph, as it does
on the dashboard, in the appendix and in the exports."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from reports import wording
from reports.wording import Facts


def adoption(**changes: object) -> Facts:
    """The demo's adoption figure for 2026/27 Q1: 7 of 13 children, 53.8%."""
    base = {
        "code": "adoption-18-months",
        "name": "Children adopted within 18 months of entering care",
        "theme": "Children in care", "unit": "percent", "decimals": 1,
        "polarity": "higher", "rag_method": "target", "banded": False,
        "report_period": "April to June 2026 (quarter 1)",
        "period": "April to June 2026 (quarter 1)",
        "value": D("53.8"), "numerator": D(7), "denominator": D(13),
    }  # fmt: skip
    return Facts(**{**base, **changes})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        (
            {"provenance": "illustrative"},
            "This figure is illustrative, not a real figure.",
        ),
        ({"provisional": True}, "This figure is provisional: not yet validated."),
        (
            {"provenance": "illustrative", "provisional": True},
            "This figure is illustrative, not a real figure and provisional: not yet"
            " validated.",
        ),
        ({"provenance": "official"}, ""),
        ({"provenance": "local"}, ""),
    ],
)
def test_a_paragraph_says_what_its_figure_is(changes, said):  # type: ignore[no-untyped-def]
    sentences = wording.indicator_sentences(adoption(**changes))
    assert "53.8% (7 of 13)" in sentences[0]
    if said:
        assert sentences[1] == said
        assert wording.indicator_paragraph(adoption(**changes)).count(said) == 1
    else:
        assert not any(s.startswith("This figure is") for s in sentences)
