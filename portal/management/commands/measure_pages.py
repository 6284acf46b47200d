import json

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


class Command(BaseCommand):
    help = (
        "Print, as JSON, the SQL queries and HTML bytes of each given path, rendered without the page cache."
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
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            measured[path] = {
                "status": response.status_code,
                "queries": len(queries),
                "bytes": len(response.content),
            }
        self.stdout.write(json.dumps(measured))
