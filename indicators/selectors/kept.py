"""What the dashboard keeps until the data version moves: its period list,
summary sentences, orderings and exports in Django's cache (Redis in
production, so every web process shares them; local memory in the demo),
and its rows in each process, keyed by the same shared version.

Every request reads the data version (one query), so a change is seen by
every process at once: recompute advances it whenever a published figure
or rating changes, and an edit to an indicator or a theme shows in it too.
A lost advance (a process killed between commit and the second advance) is
bounded by KEPT_SECONDS.

Why the rows stay in the process: a dashboard row is a model instance with
its indicator, theme, rating and periods. At M (400 rows, 373 kB pickled)
putting them in Redis took 22-26 ms and taking them out 11-13 ms, against
37-47 ms to build them from SQL: the first request after a change cost
99-102 ms of CPU instead of 77-78 ms, for 63-64 ms instead of 77-81 in each
other process (bench/README.md, section 9). Held here, they cost nothing per
request; each process builds them once per version, and the first request
after a change costs what it did (78-82 ms)."""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, cast

from django.core.cache import caches
from django.db import connection

log = logging.getLogger(__name__)

KEPT_SECONDS = 300
CACHE_ALIAS = "default"  # settings.CACHES: Redis in production
# Rows for a few periods per process (a period's rows at national scale are
# a few MB of model instances).
ROWS_PER_PROCESS = 8
_rows: OrderedDict[str, tuple[float, Any]] = OrderedDict()
_rows_lock = threading.Lock()
_MISSING = object()


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


def cache_key(name: str, parts: tuple[Any, ...], version: tuple[Any, ...]) -> str:
    """The cache key for `name`, `parts` and the data version: the database's
    name too, so that two databases sharing one Redis never meet."""
    whole = repr((connection.settings_dict["NAME"], name, parts, version))
    return f"dashboard:{name}:{hashlib.sha256(whole.encode()).hexdigest()}"


def kept[T](
    name: str,
    parts: tuple[Any, ...],
    version: tuple[Any, ...] | None,
    build: Callable[[], T],
) -> T:
    """`build()`'s result, kept in Django's cache (shared by every process)
    under `name`, `parts` and the data version until the version moves (or
    for KEPT_SECONDS). Without a version (SQLite) nothing is kept. The
    result must pickle, and is a copy: callers may change it. With the cache
    down, the dashboard still answers, built on every request, as the sign-in
    lockout fails open (config.lockout)."""
    if version is None:
        return build()
    cache = caches[CACHE_ALIAS]
    key = cache_key(name, parts, version)
    try:
        value = cache.get(key, _MISSING)
    except Exception:  # the cache is down: build, do not fail the page
        log.warning("dashboard cache unavailable: %s built afresh", name)
        return build()
    if value is _MISSING:
        value = build()
        try:
            cache.set(key, value, KEPT_SECONDS)
        except Exception:
            log.warning("dashboard cache unavailable: %s not kept", name)
    return cast(T, value)


def kept_in_process[T](
    name: str,
    parts: tuple[Any, ...],
    version: tuple[Any, ...] | None,
    build: Callable[[], T],
) -> T:
    """`build()`'s result, kept in this process under the same shared key as
    `kept` (for the rows: see the module's note). Without a version nothing
    is kept. Kept results are shared between requests: callers copy lists
    and never change what they hold."""
    if version is None:
        return build()
    key = cache_key(name, parts, version)
    now = time.monotonic()
    with _rows_lock:
        hit = _rows.get(key)
        if hit is not None and hit[0] > now:
            _rows.move_to_end(key)
            return cast(T, hit[1])
    value = build()
    with _rows_lock:
        _rows[key] = (now + KEPT_SECONDS, value)
        while len(_rows) > ROWS_PER_PROCESS:
            _rows.popitem(last=False)
    return value
