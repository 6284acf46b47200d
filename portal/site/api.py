"""The public read-only API (Wagtail's v2): live, public pages and images and documents outside private collections."""

from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.utils.cache import add_never_cache_headers

from wagtail.api.v2.filters import FieldsFilter, SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from portal.search.text import clean_query, words_of

SEARCH_OPERATORS = {"and", "or"}
# The largest OFFSET PostgreSQL and SQLite take (a signed 64-bit integer).
MAX_OFFSET = 2**63 - 1


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


class TypedFieldsFilter(FieldsFilter):
    """Wagtail's filter by field value (?title=, ?first_published_at=), with a value the field
    cannot hold answered as a bad request.

    Wagtail converts numbers and booleans itself; anything else, such as a date that is not a
    date, failed as the query was built.
    """

    def filter_queryset(self, request, queryset, view):
        try:
            return super().filter_queryset(request, queryset, view)
        except ValidationError as error:
            raise BadRequestError(f"field filter error. {' '.join(error.messages)}") from error


class BoundedPagination(WagtailPagination):
    """Wagtail's ?limit and ?offset, with an offset beyond what the database can count refused."""

    def paginate_queryset(self, queryset, request, view=None):
        try:
            offset = int(request.GET.get("offset", 0))
        except ValueError:
            offset = 0  # Wagtail refuses it
        if offset > MAX_OFFSET:
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")
        return super().paginate_queryset(queryset, request, view)


class PortalEndpointMixin:
    """What the portal changes in each of Wagtail's endpoints."""

    pagination_class = BoundedPagination
    # Public and read-only: every request is answered as an anonymous visitor's. A password sent
    # with one (HTTP Basic, DRF's default) would sign in without the second factor, and what it
    # saw of restricted pages and private documents could then be cached for everyone.
    authentication_classes = []

    def find_object(self, queryset, request):
        try:
            return super().find_object(queryset, request)
        except (ValueError, ValidationError) as error:
            raise BadRequestError("id must be a whole number") from error

    def finalize_response(self, request, response, *args, **kwargs):
        """An answer to ?search holds what a patient typed (often a symptom): health data that
        no browser, proxy or CDN may keep."""
        response = super().finalize_response(request, response, *args, **kwargs)
        if "search" in request.GET:
            add_never_cache_headers(response)
        return response


def portal_endpoint(viewset):
    backends = [
        TypedFieldsFilter if backend is FieldsFilter else backend
        for backend in viewset.filter_backends
        if backend is not SearchFilter
    ]
    # Search comes last: Wagtail cannot filter search results any further.
    return type(
        viewset.__name__, (PortalEndpointMixin, viewset), {"filter_backends": [*backends, WordSearchFilter]}
    )


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", portal_endpoint(PagesAPIViewSet))
api_router.register_endpoint("images", portal_endpoint(ImagesAPIViewSet))
api_router.register_endpoint("documents", portal_endpoint(DocumentsAPIViewSet))
