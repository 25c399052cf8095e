"""The dashboard and the overall position write their rows in Python for
speed (`indicators.table_body`, `templatetags.position_rows`, the kept small
templates of `cell_parts`): the pages must be the same, byte for byte, as
django-tables2 and the templates wrote them. On the demo's data (its
illustrative, provisional and local figures, targets, a committee with
actions, statistical neighbours), each page is rendered both ways and
compared; the per-request parts (CSP nonce, CSRF token) set aside."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.template import Context, Template
from django.test import Client

from committees.demo import SLUG
from indicators.selectors import home_area_or_none
from indicators.selectors.position import position_page
from indicators.services import recompute
from indicators.services.ratings import data_changed
from indicators.table_body import body_rows
from indicators.templatetags.position_rows import position_rows
from indicators.theme_tables import ThemeTable
from tests.factories import IndicatorFactory, ObservationFactory, period
from tests.indicators.test_figure_marks import cpp_year_and_quarter

ON_THE_DEMO = pytest.mark.django_db(transaction=True)  # seed_demo, as its tests

DASHBOARDS = (
    "/",
    "/?sort=rag",
    "/?sort=-quartile",
    "/?group=neighbours",
    "/?group=counties&sort=value",
    "/?rag=red",
    f"/committees/{SLUG}/dashboard/",
    f"/committees/{SLUG}/dashboard/?group=neighbours",
)

# templates/indicators/position.html's rows as the template wrote them.
TEMPLATE_ROWS = Template(
    """{% load scrutineer %}{% for row in rows %}
                <tr class="govuk-table__row">
                    <th scope="row" class="govuk-table__header">
                        <a class="govuk-link"
                           href="{% url 'indicator_detail' row.observation.indicator.code %}">{{ row.observation.indicator.name }}</a>
                    </th>
                    <td class="govuk-table__cell">
                        {{ row.observation|figure }}
                        <span class="govuk-caption-s">{{ row.observation.period|period_name:row.observation.indicator }}</span>
                    </td>
                    <td class="govuk-table__cell">
                        {% if row.quartile %}
                            {{ row.quartile|quartile_display }}
                        {% else %}
                            No quartile
                        {% endif %}
                    </td>
                    <td class="govuk-table__cell">{% if row.rank %}{{ row.rank }} of {{ row.rank_of }}{% endif %}</td>
                </tr>
            {% endfor %}"""
)


class _Quiet:
    def write(self, *_: object, **__: object) -> None:
        pass

    def flush(self) -> None:
        pass


@pytest.fixture
def demo(monkeypatch, settings) -> Client:  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model

    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-1")
    settings.SCRUTINEER_HOME_AREA = "E10000018"
    call_command("seed_demo", stdout=_Quiet())
    client = Client()
    client.force_login(get_user_model().objects.get(username="councillor"))
    return client


def page(client: Client, path: str) -> str:
    """The page, fresh (the data version moved: nothing kept), with its
    per-request parts set aside."""
    data_changed()
    response = client.get(path)
    assert response.status_code == 200, path
    html = response.content.decode()
    html = re.sub(r'nonce="[^"]*"', 'nonce=""', html)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


@ON_THE_DEMO
def test_the_dashboards_are_the_pages_django_tables2_wrote(demo, monkeypatch, settings):
    ours = {path: page(demo, path) for path in DASHBOARDS}
    # As before: django-tables2's own loop over the cells, and each small
    # template rendered every time (DEBUG keeps none, `cell_parts`).
    monkeypatch.setattr(ThemeTable._meta, "template_name", "components/table.html")
    settings.DEBUG = True
    theirs = {path: page(demo, path) for path in DASHBOARDS}
    for path in DASHBOARDS:
        assert ours[path].count('<tr class="govuk-table__row">') > 2, path
        assert ours[path] == theirs[path], path
    assert ours["/"].count('<tr class="govuk-table__row">') > 30
    assert 'class="scrutineer-sparkline"' in ours["/"] and "govuk-tag" in ours["/"]
    assert "open action" in ours[f"/committees/{SLUG}/dashboard/"]
    # One class attribute a cell: a browser keeps only the first of two, and
    # the figures lost their alignment.
    for path, html in ours.items():
        assert not re.search(r"<td[^>]*class=[^>]*class=", html), path
    assert '<td class="govuk-table__cell scrutineer-numeric">' in ours["/"]


@ON_THE_DEMO
@pytest.mark.parametrize("group", [None, "counties", "neighbours"])
def test_the_position_rows_are_the_ones_the_template_wrote(demo, group):
    from indicators.selectors import comparator_group

    home = home_area_or_none()
    assert home is not None
    area_ids = None if group is None else comparator_group(group, home).area_ids
    blocks = position_page(home, area_ids=area_ids).themes
    assert sum(len(b.rows) for b in blocks) > 20
    ranked = [r for b in blocks for r in b.rows if r.rank]
    assert ranked and any(not r.quartile for b in blocks for r in b.rows)
    for block in blocks:
        theirs = TEMPLATE_ROWS.render(Context({"rows": block.rows}))
        assert position_rows(block.rows) == theirs, block.name


@ON_THE_DEMO
def test_the_overall_position_page_shows_the_rows(demo):
    html = page(demo, "/position/?group=counties")
    assert html.count('<tr class="govuk-table__row">') > 20
    assert re.search(r'href="/indicators/[^"]+/">[^<]+</a>', html)


@pytest.mark.django_db
def test_official_local_and_marked_figures_are_written_as_before(
    client, councillor, home_area, monkeypatch, settings
):
    # What the demo's latest figures lack: an official figure with a local
    # one beside it, every mark, a suppressed figure, a name to escape.
    cpp_year_and_quarter(home_area)
    marked = IndicatorFactory(code="x-marks", name="Marks & <tags>")
    ObservationFactory(
        indicator=marked, area=home_area, period=period("2024/25 Q4"),
        value=Decimal(3), provisional=True, revised=True, definition_changed=True,
    )  # fmt: skip
    ObservationFactory(
        indicator=IndicatorFactory(code="x-suppressed", name="Suppressed"),
        area=home_area, period=period("2024/25 Q4"), value=None, suppression="c",
    )  # fmt: skip
    recompute()
    client.force_login(councillor)
    ours = page(client, "/")
    monkeypatch.setattr(ThemeTable._meta, "template_name", "components/table.html")
    settings.DEBUG = True
    assert ours == page(client, "/")
    for said in ("Official (DfE)", "Illustrative", "Provisional", "Revised"):
        assert f">{said}</strong>" in ours, said
    assert "Definition changed" in ours and "Marks &amp; &lt;tags&gt;" in ours


def test_an_empty_theme_table_says_so_as_the_template_did():
    table = ThemeTable([], theme="Nothing")
    ours = table.as_html(_request())
    table.template_name = "components/table.html"
    assert ours == table.as_html(_request())
    assert "No published figures match these filters." in ours


def test_a_column_computed_per_cell_is_refused_not_written_otherwise():
    import django_tables2 as tables

    class Clever(tables.Table):
        name = tables.Column(attrs={"td": {"data-x": lambda record: record["name"]}})

    with pytest.raises(ValueError, match="computed per cell"):
        body_rows(Clever([{"name": "a"}]))


def _request() -> Any:
    from django.test import RequestFactory

    return RequestFactory().get("/")
