"""Keep answering patients when the database is unreachable."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest, QueryDict
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
DOCUMENTS_PATH_PREFIX = "/documents/"


class DatabaseUnavailableMiddleware:
    """A 503 with Retry-After, rather than a 500, when a view cannot reach the database.

    The outage is temporary for the visitor: the friendly page says so, and Django reconnects
    on its own (CONN_HEALTH_CHECKS) as soon as the database answers again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_unavailable(exception):
            return None
        return database_unavailable(request, exception)


def is_database_unavailable(exception):
    return isinstance(exception, (OperationalError, InterfaceError))


def database_unavailable(request, exception):
    """The friendly 503 page. Also what Django's 500 handler answers when the database failed
    before any view ran: reading an editor's session, for instance."""
    logger.error("Database unavailable while serving %s: %s", request.path, exception)
    response = HttpResponse(render_to_string("503.html", request=request), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class NulBytesMiddleware:
    """NUL bytes never reach the database, which refuses them in text.

    No address contains one, so such a path is a 400; in the query they are dropped, so that a
    patient's search with a stray control character still finds what the words ask for.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            return HttpResponseBadRequest("The address contains a character that is not allowed.")
        query_string = request.META.get("QUERY_STRING", "")
        if "%00" in query_string:
            request.GET = QueryDict(query_string.replace("%00", ""), encoding=request.encoding)
        return self.get_response(request)


class DocumentDownloadMiddleware:
    """Document downloads that no shared cache keeps, with honest headers.

    A document can move into a private collection at any time, and no proxy or CDN would hear
    of it; browsers may keep a copy but must ask again. Wagtail's download sends the literal
    header "Content-Encoding: None" for a file that has no encoding, which is dropped.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(DOCUMENTS_PATH_PREFIX):
            if response.get("Content-Encoding") == "None":
                del response["Content-Encoding"]
            patch_cache_control(response, private=True, no_cache=True)
        return response
