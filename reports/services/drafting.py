"""Drafting a committee's report for a period (or regenerating the one that
exists), and the address of a committee named by typing.

Drafting reads published figures only (through `reports.selectors`, which
uses the dashboard's selector). A report of a committee of the committees
app is linked to it (reports/models.py); a committee named by typing keeps
to its own addresses."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.text import slugify

from committees.models import Committee
from indicators import selectors as indicator_selectors
from indicators.models import Period
from indicators.models.comparators import NEIGHBOURS
from indicators.permissions import EDIT_REPORTS
from reports import selectors
from reports.models import STANDING_SECTIONS, Report
from reports.services.common import refuse_if_final, require_role
from reports.services.regenerating import Regenerated, report_regenerate


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def typed_committee_slug(committee_name: str) -> str:
    """The address (slug) of a committee named by typing rather than chosen
    from the committees app. A typed name must not land on another
    committee's addresses: not on a committee of the committees app (its
    page, its reports), nor on the reports of a differently named committee
    whose name happens to slugify the same ("Children's Scrutiny" and
    "Childrens Scrutiny"). Both are refused with the name to use instead;
    the same name typed again (a later quarter's report) reuses its slug."""
    slug = slugify(committee_name)[:100]
    if not slug:
        raise ValidationError({"committee_name": ["Enter the committee's name."]})
    committee = Committee.objects.filter(slug=slug).first()
    if committee is not None:
        raise ValidationError(
            {
                "committee_name": [
                    f"“{committee_name}” would share the web address of the "
                    f"committee “{committee.name}”: choose that committee "
                    "from the list, or give a different name."
                ]
            }
        )
    other = (
        Report.objects.filter(committee_slug=slug)
        .exclude(committee_name__iexact=committee_name)
        .values_list("committee_name", flat=True)
        .first()
    )
    if other is not None and not _same_name(other, committee_name):
        raise ValidationError(
            {
                "committee_name": [
                    f"“{committee_name}” would share the web address of the "
                    f"reports of “{other}”. If it is the same committee, type "
                    f"its name as “{other}”; if not, give a different name."
                ]
            }
        )
    return slug


def _existing_report(
    committee: Committee | None, committee_slug: str, period: Period
) -> Report | None:
    """The report for this period, locked: the committee's (linked to it),
    else the one at its address. Reads nothing else."""
    at = Q(committee_slug=committee_slug)
    if committee is not None:
        at |= Q(committee=committee)
    found = list(Report.objects.select_for_update().filter(at, period=period))
    found.sort(key=lambda r: r.committee_id is None)  # the linked one first
    return found[0] if found else None


def _new_report(
    *,
    user: Any,
    period: Period,
    committee: Committee | None,
    committee_slug: str,
    committee_name: str,
    theme_ids: Iterable[int] | None,
) -> tuple[Report, list[int]]:
    """An unsaved report, and its remit: the one given, or else that of the
    committee's latest report, whose name it also takes when none is given.
    Its standing sections (purpose, background...) are carried from that
    report, for officers to bring up to date; its comparator group is
    `new_report_group`'s."""
    previous = selectors.latest_committee_report(committee_slug)
    if theme_ids is None and previous is not None:
        theme_ids = [t.pk for t in previous.themes.all()]
    theme_ids = list(theme_ids or [])
    if not theme_ids:
        raise ValidationError(
            {"themes": ["Choose at least one theme in the committee's remit."]}
        )
    name = committee_name or (previous.committee_name if previous else "")
    if not name:
        raise ValidationError({"committee_name": ["Enter the committee's name."]})
    report = Report(
        committee=committee,
        committee_slug=committee_slug,
        committee_name=name,
        period=period,
    )
    if previous is not None:
        for name, _ in STANDING_SECTIONS:
            setattr(report, name, getattr(previous, name))
    report.comparator_group = new_report_group(committee, previous)
    report._history_user = user  # type: ignore[attr-defined]
    return report, theme_ids


@transaction.atomic
def report_draft(
    *,
    user: Any,
    period: Period,
    committee: Committee | None = None,
    committee_name: str = "",
    committee_slug: str = "",
    theme_ids: Iterable[int] | None = None,
    comparator_group: str | None = None,
) -> tuple[Report, Regenerated]:
    """Draft a committee's report for a period from published figures, or
    regenerate it if it exists. The committee is one of the committees app
    (given, or named by its slug), whose name and slug the report takes and
    to which it is linked; or else one named by typing (`committee_name`).
    A new report takes the remit given, or else that of the committee's
    latest report. A report at the committee's address that is not yet
    linked to it (drafted before the committee was added) is linked now.
    Two drafts of the same report at once (a double click) make one report:
    the second finds the first's and regenerates it, with `new_report`
    False. `comparator_group` (a slug of `comparator_choices`; blank for
    the statistical neighbours) is the group of the report's overall
    position; None keeps the report's (a new one takes the last report's)."""
    require_role(user, EDIT_REPORTS)
    if comparator_group is not None:
        comparator_group = known_comparator_group(comparator_group)
    committee_name = " ".join(committee_name.split())
    if committee is None and committee_slug:
        committee = Committee.objects.filter(slug=committee_slug).first()
    if committee is not None:
        committee_slug, committee_name = committee.slug, committee.name
    elif not committee_slug:
        committee_slug = typed_committee_slug(committee_name)
    report = _existing_report(committee, committee_slug, period)
    if report is None:
        report, theme_ids = _new_report(
            user=user, period=period, committee=committee,
            committee_slug=committee_slug, committee_name=committee_name,
            theme_ids=theme_ids,
        )  # fmt: skip
        if comparator_group is not None:
            report.comparator_group = comparator_group
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError:
            # Drafted by another request since the look-up above (PostgreSQL
            # made this insert wait for it to commit): use that report.
            report = _existing_report(committee, committee_slug, period)
            if report is None:
                raise
        else:
            report.themes.set(theme_ids)
            regenerated = report_regenerate(user=user, report=report)
            return report, dataclasses.replace(regenerated, new_report=True)
    _bring_up_to_date(user, report, committee, comparator_group)
    return report, report_regenerate(user=user, report=report)


def _bring_up_to_date(
    user: Any, report: Report, committee: Committee | None, group: str | None
) -> None:
    """An existing report drafted again: linked to its committee if it was
    not, and given the comparator group chosen (a final one is refused)."""
    changed = []
    if committee is not None and report.committee_id is None:
        report.committee = committee
        changed.append("committee")
    if group is not None and group != report.comparator_group:
        refuse_if_final(report)
        report.comparator_group = group
        changed.append("comparator_group")
    if changed:
        report._history_user = user  # type: ignore[attr-defined]
        report.save(update_fields=changed)


def new_report_group(committee: Committee | None, previous: Report | None) -> str:
    """The comparator group a new report of the committee takes (as stored:
    blank for the statistical neighbours), and the one its draft form
    offers first: the committee's own group, when it has one; else the
    group of its previous report; else the statistical neighbours.

    The committee's own group wins over the previous report's because it is
    the standing choice the performance team makes for the committee (its
    dashboard and overall position compare with it), while the previous
    report's is carried over only for want of one: a group chosen for the
    committee after its last report applies to the next. A report's group
    can still be changed on its draft page. Reads nothing."""
    own = committee.comparator_group if committee is not None else ""
    if own:
        return "" if own == NEIGHBOURS else own
    return previous.comparator_group if previous is not None else ""


def known_comparator_group(slug: str) -> str:
    """The slug, if the pages offer that group (`comparator_choices`); the
    statistical neighbours are kept as blank. Anything else is refused."""
    slug = slug.strip()
    home = indicator_selectors.home_area_or_none()
    if slug in {s for s, _ in indicator_selectors.comparator_choices(home)}:
        return "" if slug == NEIGHBOURS else slug
    if slug:
        raise ValidationError(
            {"comparator_group": ["Choose a comparator group from the list."]}
        )
    return slug
