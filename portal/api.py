"""The public read-only API (Wagtail's v2): live, public pages and images and documents outside private collections."""

from types import SimpleNamespace

from django.utils.cache import add_never_cache_headers

from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from portal.search import clean_query, words_of

SEARCH_OPERATORS = {"and", "or"}


class WordSearchFilter(SearchFilter):
    """Wagtail's ?search, given only the words of the query.

    Raw text can break the database's full-text syntax (quotes, operators, NUL bytes), and an
    unknown ?search_operator would fail deep in the search backend; both become a clean answer.
    """

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        if request.GET.get("search_operator", "and") not in SEARCH_OPERATORS:
            raise BadRequestError("search_operator must be 'and' or 'or'")
        params = request.GET.copy()
        params["search"] = " ".join(words_of(clean_query(request.GET["search"])))
        return super().filter_queryset(SimpleNamespace(GET=params), queryset, view)


class UncachedSearchMixin:
    """An answer to ?search holds what a patient typed (often a symptom): health data that no
    browser, proxy or CDN may keep."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if "search" in request.GET:
            add_never_cache_headers(response)
        return response


def with_word_search(viewset):
    backends = [backend for backend in viewset.filter_backends if backend is not SearchFilter]
    # Search stays last: Wagtail cannot filter search results any further.
    return type(
        viewset.__name__, (UncachedSearchMixin, viewset), {"filter_backends": [*backends, WordSearchFilter]}
    )


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", with_word_search(PagesAPIViewSet))
api_router.register_endpoint("images", with_word_search(ImagesAPIViewSet))
api_router.register_endpoint("documents", with_word_search(DocumentsAPIViewSet))
