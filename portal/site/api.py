"""The public read-only API (Wagtail's v2): live, public pages, the live symptoms and foods, and
images and documents outside private collections; described for other systems at /api/openapi.json.

Every endpoint answers anonymous GET requests only, from any web page (CORS), at PUBLIC_API_RATE
requests per client address (portal.security.throttling).
"""

import functools
from pathlib import Path
from types import SimpleNamespace

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from wagtail.api.v2.filters import FieldsFilter, LocaleFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import get_page_models

import yaml
from rest_framework.exceptions import APIException, MethodNotAllowed, Throttled
from rest_framework.filters import BaseFilterBackend
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from nutrition.models import Food
from portal.caching.page_cache import AnonymousPageCacheMiddleware
from portal.core.absolute_urls import absolute_url
from portal.core.codes import CODE_SYSTEMS, carrying
from portal.core.languages import locale_ids
from portal.core.snippets import Symptom
from portal.search.text import clean_query, words_of
from portal.security.throttling import PublicAPIThrottle, too_many_requests

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
        # A field given as related rows (a medication's medicines, a condition's causes) has no one
        # value to compare a parameter with.
        for name in request.GET:
            try:
                field = queryset.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.is_relation and not field.many_to_one:
                raise BadRequestError(f"field filter error. {name} cannot be filtered by")
        try:
            return super().filter_queryset(request, queryset, view)
        except (ValidationError, ValueError) as error:
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            raise BadRequestError(f"field filter error. {' '.join(messages)}") from error


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


class KnownLocaleFilter(LocaleFilter):
    """?locale=es: a language the portal has, or a 400 that names the ones it has (Wagtail answers a
    404 that says only "not found")."""

    def filter_queryset(self, request, queryset, view):
        if "locale" in request.GET and request.GET["locale"] not in locale_ids():
            raise BadRequestError(f"locale must be one of {', '.join(sorted(locale_ids()))}")
        return super().filter_queryset(request, queryset, view)


class ClinicalCodeFilter(BaseFilterBackend):
    """?icd10cm=R25.3, ?snomedct=26544005, ?rxnorm=25480: what carries that very code (a condition's
    own codes, a medication page's medicines', a symptom's). /connect/ is the lookup that also
    follows symptoms and broader codes."""

    def filter_queryset(self, request, queryset, view):
        for system in CODE_SYSTEMS:
            if system.key not in request.GET:
                continue
            if len(request.GET.getlist(system.key)) > 1:
                raise BadRequestError(f"{system.key} is given more than once: ask for one code at a time")
            coded_models = [
                model
                for model in view.coded_models(queryset)
                if system.key in getattr(model, "code_lookups", {})
            ]
            if not coded_models:
                raise BadRequestError(f"{system.key}: nothing listed here carries {system.name} codes")
            code = system.normalize(request.GET[system.key])
            problem = system.problem_with(code)
            if problem:
                raise BadRequestError(f"{system.key}: {problem}")
            queryset = queryset.filter(carrying(coded_models, system, code))
        return queryset


def holds_health_data(request):
    """Whether a request names what a patient searched for or a code from their record."""
    return "search" in request.GET or any(system.key in request.GET for system in CODE_SYSTEMS)


class PortalEndpointMixin:
    """What the portal changes in each of Wagtail's endpoints."""

    pagination_class = BoundedPagination
    throttle_classes = [PublicAPIThrottle]
    # Public and read-only: every request is answered as an anonymous visitor's. A password sent
    # with one (HTTP Basic, DRF's default) would sign in without the second factor, and what it
    # saw of restricted pages and private documents could then be cached for everyone.
    authentication_classes = []

    # JSON only: DRF's browsable HTML pages are not part of what the API offers (/api/openapi.json).
    renderer_classes = [JSONRenderer]

    def handle_exception(self, exc):
        """Every refusal in the API's one shape, {"message": ...}, as Wagtail gives its own."""
        if isinstance(exc, Throttled):
            return too_many_requests(exc.wait)
        if isinstance(exc, APIException):
            response = Response({"message": str(exc.detail)}, status=exc.status_code)
            if isinstance(exc, MethodNotAllowed):
                response["Allow"] = ", ".join(self.allowed_methods)
            return response
        return super().handle_exception(exc)

    def find_object(self, queryset, request):
        try:
            return super().find_object(queryset, request)
        except (ValueError, ValidationError) as error:
            raise BadRequestError("id must be a whole number") from error

    def finalize_response(self, request, response, *args, **kwargs):
        """An answer to ?search or a code filter holds what a patient typed or a code from their
        record: health data that no browser, proxy or CDN may keep. Any other answer is reused only
        as long as operators let pages be (a withdrawn page must not be served from elsewhere)."""
        response = super().finalize_response(request, response, *args, **kwargs)
        if holds_health_data(request):
            add_never_cache_headers(response)
        else:
            patch_cache_control(response, **AnonymousPageCacheMiddleware.cache_control())
        return response


REPLACED_FILTERS = {FieldsFilter: TypedFieldsFilter, LocaleFilter: KnownLocaleFilter}


def portal_endpoint(viewset, **attributes):
    """One of Wagtail's endpoints as the portal serves it; one whose objects can carry codes (it says
    which models, `coded_models`) is also filtered by code."""
    backends = [
        REPLACED_FILTERS.get(backend, backend)
        for backend in viewset.filter_backends
        if backend is not SearchFilter
    ]
    known_query_parameters = viewset.known_query_parameters
    if hasattr(viewset, "coded_models"):
        backends.append(ClinicalCodeFilter)
        known_query_parameters = known_query_parameters.union(system.key for system in CODE_SYSTEMS)
    # Search comes last: Wagtail cannot filter search results any further.
    return type(
        viewset.__name__,
        (PortalEndpointMixin, viewset),
        {
            "filter_backends": [*backends, WordSearchFilter],
            "known_query_parameters": known_query_parameters,
            **attributes,
        },
    )


class PagesEndpoint(PagesAPIViewSet):
    """Wagtail's pages endpoint: ?type=portal.ConditionPage, ?locale=es, ?translation_of=, ?icd10cm=."""

    @staticmethod
    def coded_models(queryset):
        return [model for model in get_page_models() if getattr(model, "code_lookups", None)]


class SnippetsEndpoint(BaseAPIViewSet):
    """The live symptoms or foods patients read, in every language or one (?locale=es), searchable
    by name (?search=) and, for symptoms, by code (?icd10cm=, ?snomedct=)."""

    filter_backends = [FieldsFilter, OrderingFilter, LocaleFilter, SearchFilter]
    known_query_parameters = BaseAPIViewSet.known_query_parameters.union(["locale"])
    listing_default_fields = [*BaseAPIViewSet.listing_default_fields, "name", "url", "locale"]
    nested_default_fields = [*BaseAPIViewSet.nested_default_fields, "name"]

    def get_queryset(self):
        return self.model.objects.live().select_related("locale").order_by("id")

    @staticmethod
    def coded_models(queryset):
        return [queryset.model]


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", portal_endpoint(PagesEndpoint))
api_router.register_endpoint("symptoms", portal_endpoint(SnippetsEndpoint, model=Symptom, name="symptoms"))
api_router.register_endpoint("foods", portal_endpoint(SnippetsEndpoint, model=Food, name="foods"))
api_router.register_endpoint("images", portal_endpoint(ImagesAPIViewSet))
api_router.register_endpoint("documents", portal_endpoint(DocumentsAPIViewSet))


OPENAPI_FILE = Path(__file__).with_name("openapi.yaml")


@functools.cache
def openapi_document():
    """The OpenAPI 3 description of the content API and /connect/ (portal/site/openapi.yaml), read once."""
    with OPENAPI_FILE.open(encoding="utf-8") as file:
        return yaml.safe_load(file)


@csrf_exempt  # read-only: another method is answered 405, not with a CSRF page
@require_safe
def openapi_description(request):
    """GET /api/openapi.json: the API as other systems build on it, with the site's own address."""
    document = {**openapi_document(), "servers": [{"url": absolute_url(request, "")}]}
    return JsonResponse(document, json_dumps_params={"ensure_ascii": False})


def not_found(request):
    """An address under /api/ that names no endpoint or object, answered as the API answers."""
    return JsonResponse({"message": "not found: see /api/openapi.json for what this API offers"}, status=404)
