"""Where an indicator's paragraph goes in the report, as the committee reads
it: the summary first, then the highlights, then the areas for improvement,
then the rest; under each, the council plan's outcomes (or the theme, for a
theme under none). Pure: plain values in, headings and sort keys out."""

from __future__ import annotations

SUMMARY = "Summary"
HIGHLIGHTS = "Highlights"
IMPROVEMENT = "Areas for improvement"
OTHER = "Other measures"
# The parts in the order the report has them, after the summary.
PARTS = (HIGHLIGHTS, IMPROVEMENT, OTHER)


def report_part(*, rag: str, direction: str, quartile: int | None) -> str:
    """Which part of the report an indicator's paragraph belongs to. A
    concern wins over good news: red, declined or in the bottom quartile is
    an area for improvement even if it also improved; otherwise improved or
    in the top quartile is a highlight; anything else is one of the rest."""
    if rag == "red" or direction == "declined" or quartile == 4:
        return IMPROVEMENT
    if direction == "improved" or quartile == 1:
        return HIGHLIGHTS
    return OTHER


def subheading(theme: str, outcome: str | None) -> str:
    """The heading under a part: the theme's outcome, or the theme itself."""
    return outcome or theme


def place_key(
    part: str, theme: str, outcome: str | None, outcome_position: int | None
) -> tuple[int, int, str]:
    """Sort key of a paragraph: its part, then its outcome in the plan's
    order (outcome_position), then the themes under no outcome by name."""
    if outcome is None or outcome_position is None:
        return (PARTS.index(part), 1, theme)
    return (PARTS.index(part), 0, f"{outcome_position:06d} {outcome}")
