"""The overview's paragraphs: the dashboard's own summary, grouped."""

from __future__ import annotations

from indicators.summary import Summary, sentences
from reports.wording.phrases import in_period

# --- The overview ------------------------------------------------------------------------


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def overview_paragraphs(
    summary: Summary, *, period: str, themes: list[str], lagged: int = 0
) -> list[tuple[str, str]]:
    """(key, text) of the overview's paragraphs. The counts are the
    dashboard's summary sentences, unchanged (one implementation); this only
    groups them: direction of travel, then national quartiles, then RAG."""
    measures = "1 measure" if summary.measures == 1 else f"{summary.measures} measures"
    theme_text = _join(themes)
    intro = (
        f"This report covers {measures} {in_period(period)}"
        + (f", under {theme_text}" if themes else "")
        + ", from published figures only."
    )
    if lagged:
        intro += (
            " 1 measure shows its latest available figure, for an earlier period: it"
            " is annual or reported in arrears."
            if lagged == 1
            else f" {lagged} measures show their latest available figures, for earlier"
            " periods: they are annual or reported in arrears."
        )
    said = sentences(summary)
    if summary.measures == 0:
        return [("overview:intro", " ".join(said))]
    directions = 1 + bool(summary.no_polarity) + bool(summary.no_previous)
    return [
        ("overview:intro", intro),
        ("overview:direction", " ".join(said[:directions])),
        ("overview:quartiles", said[directions]),
        ("overview:rag", " ".join(said[directions + 1 :])),
    ]
