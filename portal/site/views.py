import logging
import sys

from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.core.absolute_urls import absolute_url
from portal.core.visibility import exclude_restricted
from portal.pages.models import ConditionPage
from portal.search.counting import count_search
from portal.search.kinds import KINDS, in_search_language
from portal.search.patient_search import PatientSearch
from portal.search.promotions import promoted_results
from portal.search.results import describe
from portal.search.suggestions import suggestions_for
from portal.search.text import MAX_QUERY_LENGTH, clean_query, words_of
from portal.site.middleware import database_unavailable, is_database_unavailable

RESULTS_PER_PAGE = 10
SUGGESTION_MIN_LENGTH = 2
# The kinds of result a patient can filter by, as the filter names them.
KIND_FILTERS = {
    "condition": _("Conditions"),
    "treatment": _("Treatments"),
    "nutrient": _("Nutrients"),
    "food": _("Foods"),
    "symptom": _("Symptoms"),
}


def popular_topics():
    """Conditions to offer when nothing was found, in the language of the search page."""
    return exclude_restricted(in_search_language(ConditionPage.objects.live())).order_by("title")[:6]


# What a patient searches for (often a symptom) is health data: no browser, proxy or CDN keeps it.
@never_cache
@require_GET
def search(request):
    raw_query = request.GET.get("q", "")
    query = clean_query(raw_query)
    kind = request.GET.get("kind", "")
    messages = []
    if len(raw_query.strip()) > MAX_QUERY_LENGTH:
        messages.append(
            gettext("Your search was very long, so we used its first %(count)d characters.")
            % {"count": MAX_QUERY_LENGTH}
        )
    if kind and kind not in KINDS:
        messages.append(gettext("That filter does not exist, so we are showing every kind of result."))
        kind = ""
    if raw_query and not words_of(query):
        messages.append(gettext("Please type a word to search for, such as a symptom or a food."))
        query = ""

    context = {
        "query": query,
        "kind": kind,
        "kinds": {kind: KIND_FILTERS[kind] for kind in KINDS},
        "messages": messages,
        "searched": bool(query),
    }
    if query:
        outcome = PatientSearch(request).search(query, kind or None)
        promoted = promoted_results(request, query)
        promoted_urls = {result.url for result in promoted}
        results = promoted + [result for result in outcome.results if result.url not in promoted_urls]
        paginator = Paginator(results, RESULTS_PER_PAGE, allow_empty_first_page=True)
        page_number = requested_page_number(request)
        if page_number is None:
            messages.append(gettext("That page number is not valid, so we are showing the first page."))
            page_number = 1
        elif page_number > paginator.num_pages:
            messages.append(
                ngettext(
                    "There is only %(pages)d page of results; this is the last one.",
                    "There are only %(pages)d pages of results; this is the last one.",
                    paginator.num_pages,
                )
                % {"pages": paginator.num_pages}
            )
            page_number = paginator.num_pages
        results_page = paginator.page(page_number)
        describe(results_page.object_list, outcome.terms)
        if request.GET.get("page", "1") == "1":
            count_search(query, found=bool(results))
        context.update(
            results=results_page,
            result_count=paginator.count,
            suggestion=outcome.suggestion,
            showing_results_for=outcome.showing_results_for,
        )
        if not results:
            context["popular_topics"] = popular_topics()
    return TemplateResponse(request, "search/search.html", context)


def requested_page_number(request):
    """The ?page number, or None for anything that is not a whole number of at least 1."""
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        return None
    return number if number >= 1 else None


@never_cache
@require_GET
def suggest(request):
    """Suggestions as a patient types into a search box: titles, symptoms and foods."""
    prefix = clean_query(request.GET.get("q", ""))[:50]
    if len(prefix) < SUGGESTION_MIN_LENGTH or not words_of(prefix):
        return JsonResponse({"query": prefix, "suggestions": []})
    return JsonResponse({"query": prefix, "suggestions": suggestions_for(request, prefix)})


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        f"Sitemap: {absolute_url(request, reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def server_error(request):
    """The friendly error page, with the header and help links when the site can still provide them."""
    failure = sys.exc_info()[1]
    if is_database_unavailable(failure):
        return database_unavailable(request, failure)
    try:
        return render(request, "500.html", status=500)
    except Exception:
        logging.getLogger(__name__).exception("The 500 page could not use the request context.")
        return HttpResponseServerError(render_to_string("500.html"))
