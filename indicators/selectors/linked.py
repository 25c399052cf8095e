"""What the apps above indicators know about an indicator (the committees'
actions and resolutions on it), through an extension point: indicators
never imports those apps; each registers its finder from its
AppConfig.ready, and the dashboard asks by name. (The indicator page takes
whole panels instead: indicators.panels.)"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

# name -> a finder: indicator ids in, {indicator id: what it found} out (in a
# fixed number of queries, whatever the ids). "committee_actions": the
# committees app's count of open and overdue actions, with url(code) to
# see them (committees.panels.dashboard_actions).
LinkedFinder = Callable[[Iterable[int]], dict[int, Any]]
LINKED_FINDERS: dict[str, LinkedFinder] = {}


def linked_to_indicators(name: str, indicator_ids: Iterable[int]) -> dict[int, Any]:
    """What the finder registered as `name` says about these indicators;
    nothing when no app registered one."""
    finder = LINKED_FINDERS.get(name)
    return finder(list(indicator_ids)) if finder is not None else {}
