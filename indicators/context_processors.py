from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from indicators.permissions import READ, UPLOAD_RETURNS, Role, has_role, roles_of

# (label, URL name, who sees the link). Links whose pages do not exist yet
# are left out rather than broken.
NAVIGATION: list[tuple[str, str, frozenset[Role]]] = [
    ("Dashboard", "dashboard", READ),
    ("Enter figures", "entry_periods", frozenset({Role.OFFICERS, Role.PERFORMANCE})),
    ("Publish", "publish_queue", frozenset({Role.PERFORMANCE})),
    ("Imports", "imports", UPLOAD_RETURNS),
    ("Reports", "report_list", READ),
    ("Committees", "committee_list", READ),
    ("Actions", "action_tracker", READ),
]


def scrutineer(request: HttpRequest) -> dict[str, Any]:
    """What every page's header needs: the user's roles and their links."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_roles": frozenset(), "navigation": []}
    navigation = []
    for label, name, allowed in NAVIGATION:
        if not has_role(user, allowed):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        active = request.path == url or (url != "/" and request.path.startswith(url))
        navigation.append({"label": label, "url": url, "active": active})
    return {"user_roles": roles_of(user), "navigation": navigation}
