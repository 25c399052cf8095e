"""Which of LAIT's Children's Service Finance measures is the spend on which
outcome theme: `data/lait/finance_themes.csv`, written from the data
dictionary (the 15 measures of the topic "Children's Service Finance"), one
row per measure with its indicator code (`lait_code(Measure_short)`) and
the dictionary Topic whose outcome measures it pays for. A measure with no
one theme (the whole children and young people budget) has an empty
`outcome_theme`: it is finance, but on no theme's chart."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

FINANCE_THEMES_CSV = (
    Path(__file__).resolve().parents[2] / "data" / "lait" / "finance_themes.csv"
)


@cache
def finance_themes(path: Path = FINANCE_THEMES_CSV) -> dict[str, str]:
    """Finance indicator code -> the outcome theme's name ('' for none)."""
    with open(path, encoding="utf-8", newline="") as handle:
        return {
            row["code"]: row["outcome_theme"].strip() for row in csv.DictReader(handle)
        }
