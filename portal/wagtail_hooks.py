from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.admin_views import SearchesWithoutResultsReportView
from portal.models import Reviewer, Symptom, SynonymGroup


class SymptomViewSet(SnippetViewSet):
    model = Symptom
    icon = "help"
    menu_label = "Symptoms"
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "medical_term", "synonyms"]
    search_fields = ["name", "medical_term", "synonyms"]


class ReviewerViewSet(SnippetViewSet):
    model = Reviewer
    icon = "user"
    menu_label = "Clinical reviewers"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "credentials"]


class SynonymGroupViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "search"
    menu_label = "Search synonyms"
    menu_order = 230
    add_to_admin_menu = True
    list_display = ["terms", "note"]
    search_fields = ["terms"]


register_snippet(SymptomViewSet)
register_snippet(SynonymGroupViewSet)
register_snippet(ReviewerViewSet)


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path(
            "reports/searches-without-results/",
            SearchesWithoutResultsReportView.as_view(),
            name="searches_without_results",
        ),
        path(
            "reports/searches-without-results/results/",
            SearchesWithoutResultsReportView.as_view(results_only=True),
            name="searches_without_results_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_searches_without_results_menu_item():
    return MenuItem(
        "Searches with no results",
        reverse("searches_without_results"),
        name="searches-without-results",
        icon_name="search",
        order=1310,
    )
