"""Roles (Django groups, created by a data migration) and the one place that
says which role may do what. Every view declares who may use it, next to the
view: `role_required(<a role set>)`, `allowed_roles` on a
`RoleRequiredMixin` view, or `public`. `access_rule` reads the declaration
back, for the navigation and for the permission matrix (tests/test_access.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from enum import StrEnum
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib.auth.mixins import AccessMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import URLPattern, URLResolver, get_resolver

if TYPE_CHECKING:
    from indicators.models import Indicator


class Role(StrEnum):
    COUNCILLORS = "Councillors"
    OFFICERS = "Officers"
    PERFORMANCE = "Performance team"
    CLERKS = "Clerks"


# Who may do what: the one list of role sets. Views, services, selectors,
# navigation and the permission tests all name these; none spells out roles
# of its own. Superusers may do everything.
READ = frozenset(Role)  # published dashboards, indicators, reports, committees, actions
SEE_DRAFTS = frozenset({Role.OFFICERS, Role.PERFORMANCE})
ENTER_FIGURES = frozenset({Role.OFFICERS, Role.PERFORMANCE})
UPLOAD_RETURNS = frozenset({Role.OFFICERS, Role.PERFORMANCE})
PUBLISH = frozenset({Role.PERFORMANCE})
UPLOAD_BENCHMARKS = frozenset({Role.PERFORMANCE})
EDIT_INDICATORS = frozenset({Role.PERFORMANCE})
MINUTE_MEETINGS = frozenset({Role.CLERKS})
# Which indicators a committee follows: its clerks and the performance team.
FOLLOW_INDICATORS = MINUTE_MEETINGS | PUBLISH
# Reports: officers and the performance team draft and edit; the performance
# team finalises, as it publishes figures.
EDIT_REPORTS = SEE_DRAFTS
FINALISE_REPORTS = PUBLISH
# Staff who may be chosen as an action's lead officer.
LEAD_ACTIONS = frozenset({Role.OFFICERS, Role.PERFORMANCE})
# Reminders not delivered: clerks see the committees' reminders and digests;
# the performance team the figure reminders (it chases missing figures).
SEE_UNDELIVERED = MINUTE_MEETINGS | PUBLISH


def roles_of(user: Any) -> frozenset[Role]:
    """The user's roles, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_scrutineer_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = frozenset(role for role in Role if role.value in names)
        user._scrutineer_roles = cached
    return cached


def has_role(user: Any, allowed: frozenset[Role]) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(user.is_superuser or roles_of(user) & allowed)


def role_required(
    allowed: frozenset[Role],
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Function views: anonymous users go to sign in; others without the role get 403."""

    def decorator(
        view: Callable[..., HttpResponseBase],
    ) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapped(
            request: HttpRequest, *args: Any, **kwargs: Any
        ) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, allowed):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = allowed  # type: ignore[attr-defined]
        return wrapped

    return decorator


PUBLIC = "public"  # a view anyone may use, signed in or not


def public[V: Callable[..., Any]](view: V) -> V:
    """Declare a view open to everyone, signed in or not (sign-in pages,
    the health check, the accessibility statement)."""
    view.allowed_roles = PUBLIC  # type: ignore[attr-defined]
    return view


def access_rule(view: Callable[..., Any]) -> frozenset[Role] | str | None:
    """Who may use a view, as the view declares it: its roles
    (`role_required`, or `allowed_roles` on a `RoleRequiredMixin` view),
    PUBLIC, or None when it declares nothing. Takes a URL pattern's callback
    (`resolve(path).func`). `as_view()` copies what decorators set on
    `dispatch` onto the view it returns, so `method_decorator` needs no
    looking for."""
    for holder in (view, getattr(view, "view_class", None)):
        rule = getattr(holder, "allowed_roles", None)
        if rule is not None:
            return rule
    return None


def named_urls(
    patterns: list[Any] | None = None, prefix: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    """Every named URL pattern of the project, but Django's admin (which has
    its own staff rules), with its namespaced name."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from named_urls(entry.url_patterns, namespace)
        elif isinstance(entry, URLPattern):
            yield f"{prefix}{entry.name or entry.pattern}", entry


def rules_listing() -> str:
    """Who may use each URL, one line each, as the views declare it: the
    record of the rules that `manage.py access_rules` writes and
    tests/access_rules.txt keeps, so that a change to any view's rule shows
    in review."""
    lines = [
        "# Who may use each URL, as its view declares it (indicators.permissions).",
        "# Superusers may use every URL. A view may refuse further by object (a",
        "# draft report, another officer's import, an action one does not lead).",
        "# Written by `manage.py access_rules`.",
    ]
    for name, pattern in sorted(named_urls(), key=lambda named: named[0]):
        rule = access_rule(pattern.callback)
        if rule is None:
            who = "UNDECLARED"
        elif rule == PUBLIC:
            who = "anyone, signed in or not"
        else:
            who = ", ".join(role.value for role in Role if role in rule) or "nobody"
        lines.append(f"{name:<26} {who}")
    return "\n".join(lines) + "\n"


def may_use(user: Any, rule: frozenset[Role] | str | None) -> bool:
    """Whether the user may use a view with this rule (from `access_rule`)."""
    if rule == PUBLIC:
        return True
    return isinstance(rule, frozenset) and has_role(user, rule)


class RoleRequiredMixin(AccessMixin):
    """Class-based views: set `allowed_roles`."""

    allowed_roles: frozenset[Role] = frozenset()

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not has_role(request.user, self.allowed_roles):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


def can_enter(user: Any, indicator: Indicator) -> bool:
    """Officers enter their own indicators' figures (as owner or team
    member); the performance team and superusers may enter any. Reads
    indicator.team's members (prefetch `team__members` on lists)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or has_role(user, PUBLISH):
        return True
    if indicator.owner_id == user.pk:
        return True
    return indicator.team is not None and any(
        member.pk == user.pk for member in indicator.team.members.all()
    )


def can_comment(user: Any, indicator: Indicator) -> bool:
    """Who may add or edit commentary on a published figure: the officers who
    enter the indicator's figures (owner or team), the performance team and
    superusers (as `can_enter`)."""
    return can_enter(user, indicator)
