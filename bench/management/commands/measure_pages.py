import json

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from portal.caching.version import bump_content_version


class Command(BaseCommand):
    help = (
        "Print, as JSON, the SQL queries and HTML bytes of each given path, rendered without the page "
        "cache: queries on a running server (warm) and just after a content change (cold)."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+")

    def handle(self, *args, paths, **options):
        settings.PAGE_CACHE_SECONDS = 0
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        client = Client(headers={"X-Forwarded-Proto": "https"})
        measured = {}
        for path in paths:
            client.get(path)  # warm per-process caches, as a running server has them
            bump_content_version()  # as after a publish: routes and what pages show are worked out anew
            with CaptureQueriesContext(connection) as cold:
                client.get(path)
            with CaptureQueriesContext(connection) as warm:
                response = client.get(path)
            measured[path] = {
                "status": response.status_code,
                "queries": len(warm),
                "cold_queries": len(cold),
                "bytes": len(response.content),
            }
        self.stdout.write(json.dumps(measured))
