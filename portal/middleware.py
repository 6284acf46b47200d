"""Keep answering patients when the database is unreachable."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest, QueryDict
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


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
