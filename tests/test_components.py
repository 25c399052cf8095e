"""GOV.UK table and breadcrumb markup is written once, by the `govuk` tags
(indicators/templatetags/govuk.py) and their components; the server-error
pages share one plain page."""

from __future__ import annotations

import re

from django.template import Context, Template
from django.template.loader import render_to_string


def render(text: str, **context: object) -> str:
    return Template("{% load govuk %}" + text).render(Context(context))


def squeeze(html: str) -> str:
    """The markup without the white space around its tags."""
    return re.sub(r"\s*(<[^>]*>)\s*", r"\1", " ".join(html.split()))


def test_a_table_sits_in_its_labelled_region_with_caption_and_headers() -> None:
    html = squeeze(
        render(
            '{% govuk_table "Targets set" headers="Period|Target:numeric|Delete:hidden" %}'
            '<tr class="govuk-table__row"><td>{{ cell }}</td></tr>{% endgovuk_table %}',
            cell="Q1 <b>",
        )
    )
    assert html == squeeze(
        """<div class="scrutineer-table-wrapper" role="region" aria-label="Targets set" tabindex="0">
        <table class="govuk-table">
        <caption class="govuk-table__caption govuk-table__caption--m">Targets set</caption>
        <thead class="govuk-table__head"><tr class="govuk-table__row">
        <th scope="col" class="govuk-table__header">Period</th>
        <th scope="col" class="govuk-table__header govuk-table__header--numeric">Target</th>
        <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Delete</span></th>
        </tr></thead>
        <tbody class="govuk-table__body"><tr class="govuk-table__row"><td>Q1 &lt;b&gt;</td></tr></tbody>
        </table></div>"""
    )


def test_a_table_caption_may_carry_markup_and_the_region_its_own_name() -> None:
    html = squeeze(
        render(
            '{% govuk_table label="Reminders not delivered" headers="To" size="s" '
            'wrapper_class="govuk-details__text" %}'
            "{{ n }} reminder{{ n|pluralize }}{% govuk_table_body %}<tr></tr>"
            "{% endgovuk_table %}",
            n=2,
        )
    )
    assert html.startswith(
        '<div class="govuk-details__text scrutineer-table-wrapper" role="region" '
        'aria-label="Reminders not delivered" tabindex="0">'
    )
    assert (
        '<caption class="govuk-table__caption govuk-table__caption--s">2 reminders</caption>'
        in html
    )


def test_breadcrumbs_list_each_label_with_its_address_in_order() -> None:
    html = squeeze(
        render('{% breadcrumbs "Committees" "/c/" name "/c/x/" %}', name="A & B")
    )
    assert html == squeeze(
        """<nav class="govuk-breadcrumbs" aria-label="Breadcrumb">
        <ol class="govuk-breadcrumbs__list">
        <li class="govuk-breadcrumbs__list-item"><a class="govuk-breadcrumbs__link" href="/c/">Committees</a></li>
        <li class="govuk-breadcrumbs__list-item"><a class="govuk-breadcrumbs__link" href="/c/x/">A &amp; B</a></li>
        </ol></nav>"""
    )


def test_a_table_may_be_named_by_a_heading_carry_an_id_and_hide_its_caption() -> None:
    html = squeeze(
        render(
            '{% govuk_table "Changes, newest first" labelledby="appendix" '
            'table_id="changes" size="hidden" headers="When" %}{% endgovuk_table %}'
        )
    )
    assert html.startswith(
        '<div class="scrutineer-table-wrapper" role="region" '
        'aria-labelledby="appendix" tabindex="0"><table class="govuk-table" id="changes">'
        '<caption class="govuk-table__caption govuk-visually-hidden">'
        "Changes, newest first</caption>"
    )


def test_the_last_breadcrumb_without_an_address_is_the_page_itself() -> None:
    html = squeeze(
        render(
            '{% breadcrumbs "Dashboard" "/" theme classes="scrutineer-no-print" %}',
            theme="Children in care",
        )
    )
    assert html == squeeze(
        """<nav class="govuk-breadcrumbs scrutineer-no-print" aria-label="Breadcrumb">
        <ol class="govuk-breadcrumbs__list">
        <li class="govuk-breadcrumbs__list-item"><a class="govuk-breadcrumbs__link" href="/">Dashboard</a></li>
        <li class="govuk-breadcrumbs__list-item">Children in care</li>
        </ol></nav>"""
    )


def test_a_summary_row_pairs_its_key_with_the_value_written_inside() -> None:
    html = squeeze(
        render(
            '{% summary_row name|default:"Region" %} {{ value }} {% endsummary_row %}',
            name="",
            value="<5",
        )
    )
    assert html == squeeze(
        """<div class="govuk-summary-list__row">
        <dt class="govuk-summary-list__key">Region</dt>
        <dd class="govuk-summary-list__value">&lt;5</dd></div>"""
    )


def test_the_error_pages_differ_only_in_their_heading() -> None:
    error = squeeze(render_to_string("500.html"))
    unavailable = squeeze(render_to_string("503.html"))
    assert (
        '<h1 class="govuk-heading-xl">Sorry, there is a problem with the service</h1>'
        in error
    )
    assert (
        '<h1 class="govuk-heading-xl">Sorry, the service is unavailable</h1>'
        in unavailable
    )
    assert error.replace(
        "there is a problem with the service</h1>", ""
    ) == unavailable.replace("the service is unavailable</h1>", "")
    assert error.startswith("<!DOCTYPE html>")
