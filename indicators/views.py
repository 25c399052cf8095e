"""Pages for councillors and everyone who reads: the dashboard, an
indicator's page and the accessibility statement."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin

from indicators import charts, selectors
from indicators.dashboard_group import DashboardGroup, dashboard_group
from indicators.exports import SpreadsheetExport
from indicators.filters import DashboardFilter
from indicators.forms import CompareForm
from indicators.kept_rows import KeptOrderData, filter_rows
from indicators.models import Observation
from indicators.panels import indicator_panels
from indicators.permissions import READ, public, role_required
from indicators.tables import DashboardExportTable, DashboardTable
from indicators.theme_tables import ThemeTable
from indicators.themes import ThemeGroup, by_theme


@method_decorator(role_required(READ), name="dispatch")
class DashboardView(ExportMixin, SingleTableMixin, FilterView):
    """Every indicator's latest published figure for the chosen period. What
    it shows is kept until the data version moves: the orderings, summary and
    exports in the shared cache, the rows in each process (`selectors.kept`);
    filters and sorts run on the kept rows (`kept_rows`)."""

    template_name = "indicators/dashboard.html"
    filterset_class = DashboardFilter
    table_pagination = {"per_page": 50}
    export_formats = ("csv", "xlsx")
    export_trigger_param = "_export"
    export_class = SpreadsheetExport  # readable XLSX; every text cell cleaned
    dataset_kwargs = {"title": "Dashboard"}

    def get_queryset(self) -> Any:
        self.scope = selectors.dashboard_scope(self.request.GET.get("period", ""))
        return selectors.dashboard_rows(self.scope.home, self.scope.period)

    def asked(self) -> tuple[str, ...]:
        """The filters as asked for, in the filter set's order."""
        return tuple(
            self.request.GET.get(name, "") for name in self.filterset_class.base_filters
        )

    def filtered(self) -> bool:
        return any(self.asked())

    def get_table_data(self) -> Any:
        """The rows as a list: the table pages and sorts it (no separate
        COUNT). They are the period's kept rows, narrowed by the filters; each
        ordering of them is kept too. A filter that cannot narrow kept rows
        (or a form in error) goes to the query, as django-filter would."""
        everything = self.covered(
            selectors.dashboard_rows_kept(
                self.scope.home, self.scope.period, self.scope.version
            )
        )
        self._everything = everything
        self._rows = list(everything)
        if self.filtered():
            rows = (
                filter_rows(self.filterset, everything)
                if self.filterset.is_valid()
                else None
            )
            if rows is None:
                self._rows = list(super().get_table_data())
                return self._rows
            self._rows = rows
        return KeptOrderData(
            list(self._rows), keep=self.scope.keeper("ordering"), universe=everything
        )

    def covered(self, rows: list[Observation]) -> list[Observation]:
        """The rows this dashboard covers: every indicator's here; a
        committee's dashboard (committees.views.follows) keeps the ones the
        committee follows."""
        return rows

    def get_table_class(self) -> type:
        if self.request.GET.get(self.export_trigger_param):
            return DashboardExportTable
        return DashboardTable

    def get_table_kwargs(self) -> dict[str, Any]:
        if self.request.GET.get(self.export_trigger_param):
            return {}
        return {"requested_period": self.scope.period}

    def create_export(self, export_format: str) -> HttpResponse:
        """The export, kept (as bytes) until the data version moves: a
        national-scale dashboard takes seconds to write as a spreadsheet."""

        def build() -> tuple[bytes | str, str]:
            exporter = self.export_class(
                export_format=export_format,
                table=self.get_table(**self.get_table_kwargs()),
                exclude_columns=self.exclude_columns,
                dataset_kwargs=self.get_dataset_kwargs(),
            )
            return exporter.export(), exporter.content_type()

        wanted = (self.request.GET.get("period", ""), self.request.GET.get("sort", ""))
        content, content_type = self.scope.keeper("export")(
            (export_format, wanted + self.asked()), build
        )
        response = HttpResponse(content, content_type=content_type)
        filename = self.get_export_filename(export_format)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def get_export_filename(self, export_format: str) -> str:
        label = slugify(self.scope.period.query_label if self.scope.period else "none")
        return f"scrutineer-dashboard-{label}.{export_format}"

    def position_url(self) -> str:
        """The overall position page this dashboard links to (a committee's
        dashboard links to the committee's)."""
        return reverse("overall_position")

    def own_group(self) -> str:
        """The group compared with when none is asked for (a committee's
        dashboard: the committee's own; here, none: all authorities)."""
        return ""

    def compare(self) -> DashboardGroup:
        """The group asked for in "Compare with" (`dashboard_group`)."""
        if not hasattr(self, "_compare"):
            self._compare = dashboard_group(
                self.request.GET,
                self.scope.home,
                self.position_url(),
                self.own_group(),
            )
        return self._compare

    def problems(self) -> list[dict[str, str]]:
        """The page's own problems for the error summary, each linked to the
        box that puts it right (the filter form's errors are listed too)."""
        problems = self.compare().problems()
        if not self.scope.period_not_found:
            return problems
        asked = self.request.GET.get("period", "")
        return [
            {
                "text": f"There are no published figures for the period “{asked}”:"
                " choose one from the list",
                "anchor": "id_period",
            },
            *problems,
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # The summary counts the rows the table shows: with filters, those
        # that match them ("From 5 measures" above five rows).
        rows: list[Observation] = getattr(self, "_rows", None) or []
        filtered = self.filtered()
        table = context.get("table")
        if table is not None and hasattr(table, "committee_actions"):
            context["themes"] = self.themes_html(table, filtered)
        context.update(
            period=self.scope.period,
            periods=self.scope.periods,
            problems=self.problems(),
            summary=selectors.dashboard_summary(
                self.scope, rows, self.asked() if filtered else None
            ),
            filtered=filtered,
            measures_shown=len(rows),
            measures_all=len(getattr(self, "_everything", rows)),
            home=self.scope.home,
            compare=self.compare(),
        )
        return context

    def themes_html(self, table: DashboardTable, filtered: bool) -> str:
        """The themes, rendered, kept like the rest until the data version
        moves (250 rows take longer to render than to serve): keyed by the
        query string and the committee actions shown (one query each time),
        so that a new action shows at once."""
        ordered = table.data.data  # the kept rows, sorted as asked
        shown = ordered if isinstance(ordered, list) else self._rows
        # "2 open actions, 1 overdue" for each indicator shown.
        actions = selectors.linked_to_indicators(
            "committee_actions", [row.indicator_id for row in shown]
        )
        said = sorted((k, a.open_count, a.overdue_count) for k, a in actions.items())
        asked = sorted((k, v) for k, v in self.request.GET.items() if k != "page")
        group = self.compare().key()  # the group's members, which may change

        def build() -> str:
            groups = self.theme_groups(shown, actions)
            return render_to_string(
                "indicators/dashboard_themes.html",
                {"themes": groups, "filtered": filtered},
                request=self.request,
            )

        return mark_safe(self.scope.keeper("themes")((asked, said, group), build))  # noqa: S308 - a template's escaped output

    def theme_groups(self, shown: list[Observation], actions: Any) -> list[ThemeGroup]:
        """The shown rows by theme, each theme with its own table: its
        exceptions first, unless a sort was asked for (then one sort orders
        every theme). Every row's trend: one fetch for all; with a group
        chosen, every row's place in it: one more."""
        sort = self.request.GET.get("sort", "")
        groups = by_theme(shown, exceptions_first=not sort)
        everything = getattr(self, "_everything", [])
        trends = selectors.dashboard_trends(self.scope, everything)
        compare = self.compare()
        places = compare.places(shown)
        for group in groups:
            data = KeptOrderData(
                group.rows, keep=self.scope.keeper("ordering"), universe=everything
            )
            group.table = ThemeTable(
                data,
                theme=group.name,
                order_by=sort or None,
                requested_period=self.scope.period,
                extra_columns=compare.column(places),
            )
            group.words = [*group.words, *compare.band(group.rows, places)]
            group.table.trends = trends
            group.table.committee_actions = actions
        return groups


@role_required(READ)
def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One indicator: charts with their data tables, definition, commentary."""
    indicator = selectors.indicator_for_page(code)
    if indicator is None:
        raise Http404("No such indicator")
    page = selectors.indicator_page(indicator)
    series = charts.series_rows(page)
    ranking = charts.ranking_rows(page)
    return render(
        request,
        "indicators/indicator_detail.html",
        {
            "indicator": indicator,
            "page": page,
            "series": series,
            "time_chart": charts.time_series(indicator, series),
            "ranking": ranking,
            "ranking_chart": charts.all_authorities(indicator, page, ranking),
            "commentary": [o for o in reversed(page.home_figures) if o.commentary],
            # What the apps above indicators add (their actions on it,
            # links to manage its figures): indicators.panels.
            "panels": indicator_panels(request, indicator, page),
            "compare": _compare_with(request, page),
        },
    )


def _compare_with(request: HttpRequest, page: selectors.IndicatorPage) -> Any:
    """The "Compare with" section: the group chosen by `?group=` (the
    statistical neighbours by default) and the home's position in it."""
    if page.home is None:
        return None
    choices = selectors.comparator_choices(page.home)
    group = selectors.comparator_group(request.GET.get("group"), page.home)
    position = selectors.group_position(
        page.indicator, page.comparison_period, group, page.home
    )
    return {"form": CompareForm({"group": group.slug}, choices=choices),
            "position": position}  # fmt: skip


@public
def accessibility(request: HttpRequest) -> HttpResponse:
    """Public by design: the accessibility statement must be reachable by
    anyone, signed in or not."""
    return render(request, "indicators/accessibility.html")
