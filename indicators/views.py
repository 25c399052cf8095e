"""Pages for councillors and everyone who reads: the dashboard, an
indicator's page and the accessibility statement."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin

from committees.selectors import actions_for_indicators
from indicators import charts, selectors
from indicators.exports import SpreadsheetExport
from indicators.filters import DashboardFilter
from indicators.models import Observation
from indicators.permissions import (
    PUBLISH,
    READ,
    RoleRequiredMixin,
    has_role,
    role_required,
)
from indicators.rating import needs_commentary
from indicators.services.figures import can_comment
from indicators.summary import RatedRow, sentences, summarise
from indicators.tables import DashboardExportTable, DashboardTable, KeptOrderData


def rated_rows(rows: list[Observation]) -> list[RatedRow]:
    """The summary's view of dashboard rows (each with its rating)."""
    result = []
    for row in rows:
        rating = getattr(row, "rating", None)
        result.append(
            RatedRow(
                direction=rating.direction if rating else "n/a",
                quartile=rating.quartile if rating else None,
                rag=rating.rag if rating else "n/a",
                polarity=row.indicator.polarity,
            )
        )
    return result


class DashboardView(RoleRequiredMixin, ExportMixin, SingleTableMixin, FilterView):
    """Every indicator's latest published figure for the chosen period."""

    allowed_roles = READ
    template_name = "indicators/dashboard.html"
    filterset_class = DashboardFilter
    table_pagination = {"per_page": 50}
    export_formats = ("csv", "xlsx")
    export_trigger_param = "_export"
    export_class = SpreadsheetExport  # readable XLSX; every text cell cleaned
    dataset_kwargs = {"title": "Dashboard"}

    def get_queryset(self) -> Any:
        self.home = selectors.home_area_or_none()
        self.version = selectors.data_version()
        self.periods = selectors.dashboard_periods_kept(self.home, self.version)
        wanted = self.request.GET.get("period", "")
        self.period = (
            selectors.period_from_label(wanted, self.periods) if wanted else None
        )
        self.period_not_found = bool(wanted) and self.period is None
        if self.period is None and not self.period_not_found and self.periods:
            self.period = self.periods[0]
        return selectors.dashboard_rows(self.home, self.period)

    def filtered(self) -> bool:
        return any(
            self.request.GET.get(name) for name in self.filterset_class.base_filters
        )

    def get_table_data(self) -> Any:
        """The rows as a list: the table pages and sorts it (no separate
        COUNT). They are the period's kept rows, narrowed by the filters; each
        ordering of them is kept too, and a filtered view takes its rows in
        that order. A filter that cannot narrow kept rows (or a form in
        error) goes to the query, as django-filter would."""
        everything = selectors.dashboard_rows_kept(self.home, self.period, self.version)
        self._everything = everything
        rows: list[Observation] | None = list(everything)
        if self.filtered():
            rows = None
            if self.filterset.is_valid():
                rows = self.filterset.filter_rows(everything)
            if rows is None:
                self._rows = list(super().get_table_data())
                return self._rows
        self._rows = rows
        home, period = self.home, self.period
        return KeptOrderData(
            list(rows),
            keep=lambda aliases, compute: selectors.kept(
                "ordering",
                (home and home.pk, period and period.pk, aliases),
                self.version,
                compute,
            ),  # fmt: skip
            universe=everything,
        )

    def get_table_class(self) -> type:
        if self.request.GET.get(self.export_trigger_param):
            return DashboardExportTable
        return DashboardTable

    def get_table_kwargs(self) -> dict[str, Any]:
        if self.request.GET.get(self.export_trigger_param):
            return {}
        return {"requested_period": self.period}

    def create_export(self, export_format: str) -> HttpResponse:
        """The export, kept (as bytes) until the data version moves: a
        national-scale dashboard takes seconds to write as a spreadsheet."""
        asked = ("period", "sort", *self.filterset_class.base_filters)

        def build() -> tuple[bytes | str, str]:
            exporter = self.export_class(
                export_format=export_format,
                table=self.get_table(**self.get_table_kwargs()),
                exclude_columns=self.exclude_columns,
                dataset_kwargs=self.get_dataset_kwargs(),
            )
            return exporter.export(), exporter.content_type()

        content, content_type = selectors.kept(
            "export",
            (
                self.home and self.home.pk,
                export_format,
                tuple(self.request.GET.get(name, "") for name in asked),
            ),
            self.version,
            build,
        )
        response = HttpResponse(content, content_type=content_type)
        filename = self.get_export_filename(export_format)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def get_export_filename(self, export_format: str) -> str:
        label = slugify(self.period.label if self.period else "none")
        return f"scrutineer-dashboard-{label}.{export_format}"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # The summary counts the rows the table shows: with filters, those
        # that match them ("From 5 measures" above five rows), kept per
        # period and filters like the rows themselves.
        rows: list[Observation] = getattr(self, "_rows", None) or []
        home, period = self.home, self.period
        filtered = self.filtered()

        def summary() -> list[str]:
            if filtered and not rows:
                return ["No published measures match these filters."]
            return sentences(summarise(rated_rows(rows)))

        asked = tuple(
            self.request.GET.get(name, "") for name in self.filterset_class.base_filters
        )
        kept_summary = selectors.kept(
            "summary",
            (home and home.pk, period and period.pk, asked if filtered else ()),
            self.version,
            summary,
        )
        table = context.get("table")
        if table is not None and hasattr(table, "committee_actions"):
            # "2 open actions, 1 overdue" for each indicator on this page: two
            # queries in all.
            table.committee_actions = actions_for_indicators(
                [row.record.indicator_id for row in table.paginated_rows]
            )
        context.update(
            period=self.period,
            periods=self.periods,
            period_not_found=self.period_not_found,
            summary=kept_summary,
            filtered=filtered,
            measures_shown=len(rows),
            measures_all=len(getattr(self, "_everything", rows)),
            home=self.home,
        )
        return context


@role_required(READ)
def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One indicator: charts with their data tables, definition, commentary."""
    indicator = selectors.indicator_for_page(code)
    if indicator is None:
        raise Http404("No such indicator")
    page = selectors.indicator_page(indicator)
    series = charts.series_rows(page)
    return render(
        request,
        "indicators/indicator_detail.html",
        {
            "indicator": indicator,
            "page": page,
            "series": series,
            "time_chart": charts.time_series(indicator, series),
            "ranking": charts.ranking_rows(page),
            "ranking_chart": charts.all_authorities(
                indicator, page, charts.ranking_rows(page)
            ),
            "commentary": [o for o in reversed(page.home_figures) if o.commentary],
            "can_manage": has_role(request.user, PUBLISH),
            "commentable": _commentable(request.user, indicator, page),
            "committee_actions": actions_for_indicators([indicator.pk]).get(
                indicator.pk
            ),
        },
    )


def _commentable(
    user: Any, indicator: Any, page: selectors.IndicatorPage
) -> list[tuple[Observation, bool]]:
    """The latest four published figures whose commentary this user may add
    or change, each with whether it still needs some (a red without)."""
    if not can_comment(user, indicator):
        return []
    return [
        (
            figure,
            needs_commentary(
                rag=getattr(getattr(figure, "rating", None), "rag", None),
                commentary=figure.commentary,
            ),
        )
        for figure in reversed(page.home_figures[-4:])
    ]


def accessibility(request: HttpRequest) -> HttpResponse:
    """Public by design: the accessibility statement must be reachable by
    anyone, signed in or not."""
    return render(request, "indicators/accessibility.html")
