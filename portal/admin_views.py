"""Admin reports for clinical editors."""

from django.db.models import Max, Sum

from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn
from wagtail.admin.views.reports import ReportView
from wagtail.contrib.search_promotions.models import Query

from django_filters import DateFromToRangeFilter


class SearchesWithoutResultsFilterSet(WagtailFilterSet):
    date = DateFromToRangeFilter(label="Date", field_name="daily_misses__date", widget=DateRangePickerWidget)

    class Meta:
        model = Query
        fields = []


class SearchesWithoutResultsReportView(ReportView):
    """What patients searched for and did not find: the content gaps to fill next.

    Built on the search-promotions Query model that Wagtail's own search-terms report uses; it
    holds the words searched and daily counts, never who searched.
    """

    page_title = "Searches with no results"
    header_icon = "search"
    is_searchable = True
    search_fields = ["query_string"]
    filterset_class = SearchesWithoutResultsFilterSet
    default_ordering = "-_misses"
    index_url_name = "searches_without_results"
    index_results_url_name = "searches_without_results_results"
    columns = [
        Column("query_string", label="Search words", sort_key="query_string"),
        NumberColumn("_misses", label="Searches with no results", sort_key="_misses"),
        NumberColumn("_hits", label="All searches", sort_key="_hits"),
        DateColumn("_last_missed", label="Last searched", sort_key="_last_missed"),
    ]
    list_export = ["query_string", "_misses", "_hits", "_last_missed"]
    export_headings = {
        "query_string": "Search words",
        "_misses": "Searches with no results",
        "_hits": "All searches",
        "_last_missed": "Last searched",
    }

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        kwargs["queryset"] = self.get_base_queryset()
        return kwargs

    def get_base_queryset(self):
        return (
            Query.objects.filter(daily_misses__isnull=False)
            .annotate(
                _misses=Sum("daily_misses__hits", distinct=True),
                _last_missed=Max("daily_misses__date"),
                _hits=Sum("daily_hits__hits", distinct=True),
            )
            .distinct()
        )
