"""What each web process keeps of the dashboard (its rows, orderings,
summary and exports) until the data version moves."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, cast

from django.db import connection

# Each web process keeps the dashboard's rows for a few periods. They stay
# until the data version moves: recompute advances it whenever a published
# figure or rating changes, and an edit to an indicator or a theme shows in the
# version too. A lost advance (a process killed between commit and the second
# advance) is bounded by the time limit.
DASHBOARD_CACHE_SIZE = 32
DASHBOARD_CACHE_SECONDS = 300
_dashboard_cache: OrderedDict[tuple[Any, ...], tuple[float, Any]] = OrderedDict()
_dashboard_lock = threading.Lock()


def data_version() -> tuple[Any, ...] | None:
    """What moves whenever the dashboard's rows would change (one query), or
    None where it cannot be known cheaply (SQLite, the demo's database)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT (SELECT last_value FROM indicators_data_version),
                   -- the first nextval leaves last_value as it was
                   (SELECT is_called FROM indicators_data_version),
                   (SELECT max(history_id) FROM indicators_historicalindicator),
                   (SELECT md5(string_agg(id::text || ':' || name || ':' || slug, ','
                                          ORDER BY id))
                    FROM indicators_theme)
            """
        )
        return tuple(cursor.fetchone())


def kept[T](
    name: str,
    parts: tuple[Any, ...],
    version: tuple[Any, ...] | None,
    build: Callable[[], T],
) -> T:
    """`build()`'s result, kept in this process under `name`, `parts` and the
    data version until the version moves (or for DASHBOARD_CACHE_SECONDS).
    Without a version (SQLite) nothing is kept. Kept results are shared
    between requests: callers copy lists and never change what they hold."""
    if version is None:
        return build()
    key = (connection.settings_dict["NAME"], name, *parts, version)
    now = time.monotonic()
    with _dashboard_lock:
        hit = _dashboard_cache.get(key)
        if hit is not None and hit[0] > now:
            _dashboard_cache.move_to_end(key)
            return cast(T, hit[1])
    value = build()
    with _dashboard_lock:
        _dashboard_cache[key] = (now + DASHBOARD_CACHE_SECONDS, value)
        while len(_dashboard_cache) > DASHBOARD_CACHE_SIZE:
            _dashboard_cache.popitem(last=False)
    return value
