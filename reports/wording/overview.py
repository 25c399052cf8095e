"""The overview's paragraphs: the dashboard's own summary, grouped, and what
the report covers: how many figures are for its period and how many are the
latest annual figures."""

from __future__ import annotations

from indicators.summary import QUARTILE_NAMES, Summary, sentences
from reports.wording.phrases import for_period, in_period

# --- The overview ------------------------------------------------------------------------


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _measures(n: int) -> str:
    return "1 measure" if n == 1 else f"{n} measures"


def _is(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n == 1 else plural}"


def _intro(
    summary: Summary, *, period: str, themes: list[str], annual: int, arrears: int
) -> str:
    """'This report covers 16 measures, under ..., from published figures
    only: 6 are for 2025/26 Q2 and 10 are the latest annual figures.'"""
    under = f", under {_join(themes)}" if themes else ""
    current = summary.measures - annual - arrears
    if not annual and not arrears:
        return (
            f"This report covers {_measures(summary.measures)} {in_period(period)}"
            f"{under}, from published figures only."
        )
    parts = [
        _is(current, "is", "are") + f" {for_period(period)}" if current else "",
        _is(annual, "is the latest annual figure", "are the latest annual figures")
        if annual
        else "",
        _is(arrears, "is", "are") + " reported in arrears, for an earlier period"
        if arrears
        else "",
    ]
    return (
        f"This report covers {_measures(summary.measures)}{under}, from published"
        f" figures only: {_join([p for p in parts if p])}."
    )


def _benchmarks(summary: Summary, dashboard_sentence: str, unbanded: int) -> str:
    """The quartile sentence, counting as benchmarked the measures with
    England or neighbour figures but no quartile (`unbanded`), which the
    dashboard's sentence (about quartiles only) leaves out."""
    if not unbanded:
        return dashboard_sentence
    compared = summary.benchmarked + unbanded
    without = _is(unbanded, "has", "have") + (
        " England or neighbour figures but no national quartile"
    )
    if not summary.benchmarked:
        return f"From {_measures(compared)} with a national benchmark, {without}."
    in_quartiles = [
        f"{summary.quartiles[q]} {'is' if summary.quartiles[q] == 1 else 'are'}"
        f" in {QUARTILE_NAMES[q]}"
        if i == 0
        else f"{summary.quartiles[q]} in {QUARTILE_NAMES[q]}"
        for i, q in enumerate((1, 2, 3, 4))
    ]
    return (
        f"From {_measures(compared)} with a national benchmark,"
        f" {', '.join(in_quartiles)}; {without}."
    )


def overview_paragraphs(
    summary: Summary,
    *,
    period: str,
    themes: list[str],
    annual: int = 0,
    arrears: int = 0,
    unbanded: int = 0,
) -> list[tuple[str, str]]:
    """(key, text) of the overview's paragraphs: what the report covers (how
    many figures are for the period, how many are the latest annual figures
    or reported in arrears), then the dashboard's summary sentences, grouped:
    direction of travel, national benchmarks, RAG. The benchmark sentence
    also counts the `unbanded` measures (England or neighbour figures, no
    quartile)."""
    said = sentences(summary)
    if summary.measures == 0:
        return [("overview:intro", " ".join(said))]
    directions = 1 + bool(summary.no_polarity) + bool(summary.no_previous)
    intro = _intro(
        summary, period=period, themes=themes, annual=annual, arrears=arrears
    )
    return [
        ("overview:intro", intro),
        ("overview:direction", " ".join(said[:directions])),
        ("overview:quartiles", _benchmarks(summary, said[directions], unbanded)),
        ("overview:rag", " ".join(said[directions + 1 :])),
    ]
