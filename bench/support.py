"""What the benchmark's steps share: their progress line, their memory
and Django's setup in a step's own process."""

from __future__ import annotations

import os
import resource
import time
from typing import Any

T0 = float(os.environ.get("BENCH_T0", time.time()))


def say(message: str) -> None:
    print(f"[{time.time() - T0:7.1f}s]   {message}", flush=True)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def current_rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def user_named(username: str) -> Any:
    """The benchmark's user of that name (made by the setup step)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def make_users() -> None:
    """The benchmark's councillor and performance-team user."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from indicators.permissions import Role

    users = {"councillor": Role.COUNCILLORS, "performance": Role.PERFORMANCE}
    for username, group in users.items():
        user, _ = get_user_model().objects.get_or_create(username=username)
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=group))


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered) + 0.5) - 1)]
