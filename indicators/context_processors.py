from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, resolve, reverse

from indicators.permissions import access_rule, may_use, roles_of

# (label, URL name). Each link is shown to those its page's view lets in (the
# rule the view declares), so a link never leads to a refusal. Links whose
# pages do not exist yet are left out rather than broken.
NAVIGATION: list[tuple[str, str]] = [
    ("Dashboard", "dashboard"),
    ("Overall position", "overall_position"),
    ("Enter figures", "entry_periods"),
    ("Publish", "publish_queue"),
    ("Imports", "imports"),
    ("Reports", "report_list"),
    ("Committees", "committee_list"),
    ("Actions", "action_tracker"),
]


def scrutineer(request: HttpRequest) -> dict[str, Any]:
    """What every page's header needs: the user's roles and their links.
    Worked out once per request and user: a page that renders templates of
    its own with the request (the dashboard's theme tables, 18 for a
    committee's) ran it for each, eight reverse() and resolve() a time."""
    user = getattr(request, "user", None)
    kept = getattr(request, "_scrutineer_context", None)
    if kept is not None and kept[0] is user:
        return kept[1]
    found = _scrutineer(request, user)
    request._scrutineer_context = (user, found)  # type: ignore[attr-defined]
    return found


def _scrutineer(request: HttpRequest, user: Any) -> dict[str, Any]:
    if user is None or not user.is_authenticated:
        return {"user_roles": frozenset(), "navigation": []}
    navigation = []
    for label, name in NAVIGATION:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        if not may_use(user, access_rule(resolve(url).func)):
            continue
        active = request.path == url or (url != "/" and request.path.startswith(url))
        navigation.append({"label": label, "url": url, "active": active})
    return {"user_roles": roles_of(user), "navigation": navigation}
