"""A committee's indicators: the catalogue it chooses them from (every
role reads it; clerks and the performance team follow and unfollow), and
the committee's dashboard, which covers the indicators it follows."""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.views.decorators.http import require_POST, require_safe

from committees import selectors, services
from committees.filters import CatalogueFilter
from committees.forms import NO_GROUP, CommitteeGroupForm
from committees.models import Committee
from indicators import selectors as indicator_selectors
from indicators.models import Indicator, Observation
from indicators.permissions import FOLLOW_INDICATORS, READ, role_required
from indicators.selectors.dashboard import Keep
from indicators.views import DashboardView
from indicators.views_position import position_response

CATALOGUE_PAGE = 25


def _committee(slug: str) -> Committee:
    committee = selectors.committee_for_follows(slug)
    if committee is None:
        raise Http404("No such committee")
    return committee


@role_required(READ)
@require_safe
def committee_catalogue(request: HttpRequest, committee_slug: str) -> HttpResponse:
    """Every indicator, searchable and filterable by theme, with the home
    authority's latest position in each and whether the committee follows
    it, and the committee's comparator group. Queries: a fixed handful,
    whatever the number of indicators."""
    return _catalogue(request, _committee(committee_slug))


def _catalogue(
    request: HttpRequest,
    committee: Committee,
    group_form: CommitteeGroupForm | None = None,
    status: int = 200,
) -> HttpResponse:
    home = indicator_selectors.home_area_or_none()
    found = CatalogueFilter(
        request.GET, queryset=selectors.catalogue_indicators(home), committee=committee
    )
    page = Paginator(found.qs, CATALOGUE_PAGE).get_page(request.GET.get("page"))
    followed = selectors.followed_ids(committee)
    rows = [
        (indicator, selectors.preview(indicator), indicator.pk in followed)
        for indicator in page
    ]
    if group_form is None:
        group_form = CommitteeGroupForm(
            initial={"comparator_group": committee.comparator_group}, home=home
        )
    return render(
        request,
        "committees/catalogue.html",
        {
            "committee": committee,
            "filter": found,
            "page": page,
            "rows": rows,
            "followed_count": len(followed),
            "home": home,
            "can_choose": services.can_choose_follows(request.user),
            "here": request.get_full_path(),
            "group_form": group_form,
            "group_name": _group_name(group_form, committee),
        },
        status=status,
    )


def _group_name(form: CommitteeGroupForm, committee: Committee) -> str:
    """The committee's group as the page says it (from the form's choices:
    no further query)."""
    names = dict(form.fields["comparator_group"].choices)  # type: ignore[attr-defined]
    return str(names.get(committee.comparator_group, NO_GROUP))


@role_required(FOLLOW_INDICATORS)
@require_POST
def committee_comparator(request: HttpRequest, committee_slug: str) -> HttpResponse:
    """Choose the committee's comparator group (whoever chooses what it
    follows), then back to the catalogue; a group not offered is refused on
    the page, with the error summary."""
    committee = _committee(committee_slug)
    home = indicator_selectors.home_area_or_none()
    form = CommitteeGroupForm(request.POST, home=home)
    if form.is_valid():
        try:
            changed = services.comparator_group_choose(
                user=request.user,
                committee=committee,
                slug=form.cleaned_data["comparator_group"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            name = _group_name(form, committee)
            said = "now compares" if changed else "already compared"
            messages.success(request, f"The committee {said} with: {name}.")
            return redirect("committee_catalogue", committee.slug)
    return _catalogue(request, committee, form, status=400)


@role_required(FOLLOW_INDICATORS)
@require_POST
def committee_follow(request: HttpRequest, committee_slug: str) -> HttpResponse:
    """Follow or unfollow one indicator, then back to the catalogue as it
    was (the same search, filter and page)."""
    committee = _committee(committee_slug)
    back = reverse("committee_catalogue", args=[committee.slug])
    indicator = Indicator.objects.filter(code=request.POST.get("indicator", "")).first()
    if indicator is None:
        messages.error(request, "Choose an indicator from the list.")
    elif request.POST.get("follow") == "yes":
        services.indicator_follow(
            user=request.user, committee=committee, indicator=indicator
        )
        messages.success(request, f"The committee now follows {indicator.name}.")
    else:
        services.indicator_unfollow(
            user=request.user, committee=committee, indicator=indicator
        )
        messages.success(request, f"The committee no longer follows {indicator.name}.")
    kept = {
        name: request.POST[name]
        for name in ("q", "theme", "following", "page")
        if request.POST.get(name)
    }
    return redirect(f"{back}?{urlencode(kept)}" if kept else back)


@dataclasses.dataclass
class FollowedScope(indicator_selectors.DashboardScope):
    """The dashboard's scope for one committee's indicators: what it keeps
    is kept apart from the whole dashboard's, under the set it follows."""

    followed: frozenset[int] = frozenset()

    def keeper(self, name: str) -> Keep:
        ids = ",".join(str(pk) for pk in sorted(self.followed))
        digest = hashlib.sha256(ids.encode()).hexdigest()[:16]
        return super().keeper(f"{name}:follows:{digest}")


@method_decorator(role_required(READ), name="dispatch")
class CommitteeDashboardView(DashboardView):
    """The dashboard of the indicators a committee follows: the same page,
    filters, summary and exports, over that set only."""

    def get_queryset(self) -> Any:
        self.committee = _committee(self.kwargs["committee_slug"])
        self.followed = selectors.followed_ids(self.committee)
        rows = super().get_queryset()
        scope = {
            f.name: getattr(self.scope, f.name) for f in dataclasses.fields(self.scope)
        }
        self.scope = FollowedScope(**scope, followed=self.followed)
        return rows.filter(indicator_id__in=self.followed)

    def covered(self, rows: list[Observation]) -> list[Observation]:
        return [row for row in rows if row.indicator_id in self.followed]

    def position_url(self) -> str:
        return reverse("committee_position", args=[self.committee.slug])

    def own_group(self) -> str:
        return self.committee.comparator_group

    def get_export_filename(self, export_format: str) -> str:
        return f"{self.committee.slug}-{super().get_export_filename(export_format)}"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "committee": self.committee,
            "committee_url": reverse("committee_detail", args=[self.committee.slug]),
        }


@role_required(READ)
@require_safe
def committee_position(request: HttpRequest, committee_slug: str) -> HttpResponse:
    """The overall position over the indicators the committee follows; every
    signed-in role reads it, as the committee's dashboard. Among the
    committee's own comparator group unless another is asked for."""
    committee = _committee(committee_slug)
    return position_response(
        request,
        set(selectors.followed_ids(committee)),
        {"committee": committee},
        own_group=committee.comparator_group,
    )
