"""Areas, themes, indicators, periods, observations, targets and the stored
results of the rating rules. Invariants are database constraints; the rules
themselves live in `indicators/rating/` and are applied by the services.

Callers import the models from here (`from indicators.models import
Observation`); the modules split them by subject."""

from __future__ import annotations

from indicators.models.areas import Area, StatisticalNeighbour
from indicators.models.catalogue import Indicator, Outcome, Team, Theme
from indicators.models.comparators import ComparatorGroup
from indicators.models.fields import DECIMAL
from indicators.models.figures import (
    LocalBeside,
    Observation,
    ObservationQuerySet,
    PublishedManager,
    Target,
)
from indicators.models.jobs import ImportJob
from indicators.models.periods import Period
from indicators.models.ratings import PeriodStatistics, Rating
from indicators.models.reminders import FigureReminder

__all__ = [
    "DECIMAL",
    "Area",
    "ComparatorGroup",
    "FigureReminder",
    "ImportJob",
    "Indicator",
    "LocalBeside",
    "Observation",
    "Outcome",
    "ObservationQuerySet",
    "Period",
    "PeriodStatistics",
    "PublishedManager",
    "Rating",
    "StatisticalNeighbour",
    "Target",
    "Team",
    "Theme",
]
