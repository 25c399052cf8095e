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
    """What every page's header needs: the user's roles and their links."""
    user = getattr(request, "user", None)
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
