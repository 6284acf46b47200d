"""Admin reports for clinical editors, and the reading-level check of the page being edited."""

import datetime

from django.apps import apps
from django.db.models import Max, Sum
from django.http import Http404, JsonResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from wagtail.admin.auth import permission_denied
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, NumberColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Locale, Page

from django_filters import ChoiceFilter, DateFromToRangeFilter, ModelChoiceFilter

from portal.core.languages import language_name, language_names
from portal.core.pages import ClinicalPage
from portal.core.readability import TARGET_GRADE, page_from_form_data, readability
from portal.core.snippets import Reviewer
from portal.governance.review_queue import (
    DUE_SOON_DAYS,
    describe_day,
    describe_due,
    pages_needing_review,
    review_state,
)
from portal.governance.roles import CONTENT_GROUPS
from portal.site.red_flags import red_flag_register


class DueColumn(Column):
    """A date ahead, in days from today: Wagtail's DateColumn says "Just now" of any future date."""

    def get_value(self, instance):
        return describe_due(super().get_value(instance))


class DayColumn(Column):
    """A stored day, which has no time of day for Wagtail's DateColumn to count hours from."""

    def get_value(self, instance):
        return describe_day(super().get_value(instance))


class ReviewStateColumn(Column):
    """Overdue or due soon, from the review date the report's query annotates (a translation
    listed only for being out of date may not be due at all)."""

    def get_value(self, instance):
        return review_state(instance)


class LanguageColumn(Column):
    def get_value(self, instance):
        return language_name(super().get_value(instance))


class TranslationColumn(Column):
    def get_value(self, instance):
        return out_of_date_label(instance)


def out_of_date_label(page):
    return _("Out of date") if getattr(page, "translation_out_of_date", False) else ""


class SearchesWithoutResultsFilterSet(WagtailFilterSet):
    date = DateFromToRangeFilter(
        label=_("Date"), field_name="daily_misses__date", widget=DateRangePickerWidget
    )

    class Meta:
        model = Query
        fields = []


class SearchesWithoutResultsReportView(ReportView):
    """What patients searched for and did not find: the content gaps to fill next.

    Built on the search-promotions Query model that Wagtail's own search-terms report uses; it
    holds the words searched and daily counts, never who searched.
    """

    page_title = _("Searches with no results")
    header_icon = "search"
    is_searchable = True
    search_fields = ["query_string"]
    filterset_class = SearchesWithoutResultsFilterSet
    default_ordering = "-_misses"
    index_url_name = "searches_without_results"
    index_results_url_name = "searches_without_results_results"
    columns = [
        Column("query_string", label=_("Search words"), sort_key="query_string"),
        NumberColumn("_misses", label=_("Searches with no results"), sort_key="_misses"),
        NumberColumn("_hits", label=_("All searches"), sort_key="_hits"),
        DayColumn("_last_missed", label=_("Last searched"), sort_key="_last_missed"),
    ]
    list_export = ["query_string", "_misses", "_hits", "_last_missed"]
    export_headings = {
        "query_string": _("Search words"),
        "_misses": _("Searches with no results"),
        "_hits": _("All searches"),
        "_last_missed": _("Last searched"),
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


class ReviewDueFilterSet(WagtailFilterSet):
    status = ChoiceFilter(
        label=_("Status"),
        choices=[
            ("overdue", _("Overdue")),
            ("due_soon", format_lazy(_("Due within {days} days"), days=DUE_SOON_DAYS)),
            ("out_of_date", _("Translation out of date")),
        ],
        method="filter_status",
        empty_label=_("Any"),
    )
    # In place of the locale filter Wagtail adds, which names each language in itself, untranslated.
    locale = ChoiceFilter(
        label=_("Language"),
        choices=lambda: [(code, language_name(code)) for code in language_names()],
        field_name="language_code",
        empty_label=_("Any language"),
    )
    reviewer = ModelChoiceFilter(
        label=_("Reviewer"),
        queryset=Reviewer.objects.all(),
        method="filter_reviewer",
        empty_label=_("Any reviewer"),
    )

    class Meta:
        model = Page
        fields = []

    def filter_status(self, queryset, name, value):
        today = timezone.localdate()
        if value == "out_of_date":
            return queryset.filter(translation_out_of_date=True)
        if value == "overdue":
            return queryset.filter(review_due__lt=today)
        return queryset.filter(
            review_due__gte=today, review_due__lte=today + datetime.timedelta(days=DUE_SOON_DAYS)
        )

    def filter_reviewer(self, queryset, name, value):
        return queryset.filter(reviewer_id=value.pk)


class ReviewDueReportView(ReportView):
    """Clinical pages overdue for review or due within 30 days, and translations out of date with
    their original, for editors, reviewers and translators."""

    page_title = _("Pages due for review")
    header_icon = "date"
    filterset_class = ReviewDueFilterSet
    index_url_name = "review_due_report"
    index_results_url_name = "review_due_report_results"
    columns = [
        TitleColumn("title", label=_("Page"), url_name="wagtailadmin_pages:edit"),
        LanguageColumn("language_code", label=_("Language")),
        ReviewStateColumn("review_status", label=_("Status")),
        TranslationColumn("translation_out_of_date", label=_("Translation")),
        DueColumn("review_due", label=_("Next review due")),
        DayColumn("reviewed", label=_("Last reviewed")),
        Column("reviewer_name", label=_("Reviewer")),
        Column(
            "reading_grade",
            label=format_lazy(_("Reading grade (target {grade} or lower)"), grade=TARGET_GRADE),
        ),
    ]
    # The columns added with translations come last, so that exports read as they did before.
    list_export = [
        "title",
        "review_status",
        "review_due",
        "reviewed",
        "reviewer_name",
        "reading_grade",
        "language_code",
        "translation_out_of_date",
    ]
    export_headings = {
        "title": _("Page"),
        "language_code": _("Language"),
        "review_status": _("Status"),
        "translation_out_of_date": _("Translation"),
        "review_due": _("Next review due"),
        "reviewed": _("Last reviewed"),
        "reviewer_name": _("Reviewer"),
        "reading_grade": _("Reading grade"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not user_can_see_clinical_reports(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        kwargs["queryset"] = self.get_base_queryset()
        return kwargs

    def get_base_queryset(self):
        return pages_needing_review()

    def get_queryset(self):
        return super().get_queryset().specific()

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        # As the columns show them: the status from the annotated review date, not the page's own.
        row["review_status"] = str(review_state(item))
        row["translation_out_of_date"] = str(out_of_date_label(item))
        return row


class RedFlagRegisterView(ReportView):
    """Every warning sign on every live page with its urgency, grouped by sign, for clinical staff.

    Signs that need attention come first: the same sign given different urgencies on different
    pages, and warning signs with no urgency, which tell patients nothing to do. The export has
    one row per warning sign.
    """

    page_title = _("Red-flag register")
    header_icon = "warning"
    index_url_name = "red_flag_register"
    index_results_url_name = "red_flag_register_results"
    results_template_name = "portal/admin/red_flag_register_results.html"
    paginate_by = 100
    list_export = ["red_flag", "sign", "urgency", "page", "where", "check"]
    export_headings = {
        "red_flag": _("Sign"),
        "sign": _("Warning sign as written"),
        "urgency": _("Urgency"),
        "page": _("Page"),
        "where": _("Where on the page"),
        "check": _("Check"),
    }
    export_filename = "red-flag-register"

    def dispatch(self, request, *args, **kwargs):
        if not user_can_see_clinical_reports(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        return red_flag_register()

    def get_filtered_queryset(self):
        red_flags = super().get_filtered_queryset()
        return self.export_rows(red_flags) if self.is_export else red_flags

    @staticmethod
    def export_rows(red_flags):
        return [
            {
                "red_flag": red_flag.name,
                "sign": warning_sign.sign,
                "urgency": warning_sign.urgency_label,
                "page": warning_sign.page_title,
                "where": warning_sign.where,
                "check": _("No action")
                if not warning_sign.has_action
                else _("Different urgencies on different pages")
                if red_flag.urgency_differs_across_pages
                else "",
            }
            for red_flag in red_flags
            for warning_sign in red_flag.warning_signs
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.is_export:
            red_flags = self.object_list
            context["differing"] = sum(red_flag.urgency_differs_across_pages for red_flag in red_flags)
            context["without_action"] = sum(len(red_flag.without_action) for red_flag in red_flags)
        return context


def user_can_see_clinical_reports(user):
    return user.is_superuser or user.groups.filter(name__in=CONTENT_GROUPS).exists()


@require_POST
def readability_check(request, app_label, model_name):
    """The reading grade and hardest paragraph of a clinical page's edit form as posted, as JSON with
    the panel's text; nothing is saved. Any signed-in editor may ask: it reads only what they sent."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        raise Http404 from None
    if not issubclass(model, ClinicalPage):
        raise Http404
    # The page's locale, which the panel names in the address; the default language's otherwise.
    locale_id = request.GET.get("locale", "")
    locale = (locale_id.isdigit() and Locale.objects.filter(pk=locale_id).first()) or Locale.get_default()
    result = readability(page_from_form_data(model, request.POST, locale.pk))
    html = render_to_string(
        "portal/admin/readability_result.html", {"readability": result, "target": TARGET_GRADE}, request
    )
    return JsonResponse(
        {
            "grade": result.grade,
            "meets_target": result.meets_target,
            "hardest": result.hardest and {"field": str(result.hardest.field), "grade": result.hardest.grade},
            "html": html,
        }
    )
