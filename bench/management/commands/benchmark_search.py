import statistics
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client

from wagtail.models import Page

TYPICAL_QUERIES = [
    "eyelid twitching",
    "my eyelid keeps jumping",
    "cramps at night",
    "magnesim",
    "potasium",
    "foods with potassium",
    "banana",
    "spinach",
    "almonds",
    "Flexeril",
    "gabapentin",
    "muscle relaxer",
    "physio",
    "stretching",
    "yoga",
    "stress",
    "caffeine",
    "lack of sleep",
    "weakness",
    "when to see a doctor",
]


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = (
        "Print p50/p95 latency of the search page for 20 typical queries, then optionally add a "
        "synthetic corpus (--extra-pages) and measure again. Adds pages: use a scratch database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rounds", type=int, default=5, help="Times each query is run (default 5).")
        parser.add_argument(
            "--extra-pages", type=int, default=0, help="Generate this many pages, then measure again."
        )

    def handle(self, *args, rounds, extra_pages, **options):
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        self.stdout.write(
            f"Search latency on {connection.vendor}, {rounds} rounds of {len(TYPICAL_QUERIES)} queries"
        )
        self._measure(f"{Page.objects.count()} pages", rounds)
        if extra_pages:
            call_command("generate_corpus", pages=extra_pages, stdout=self.stdout, stderr=self.stderr)
            self._measure(f"{Page.objects.count()} pages (+{extra_pages} generated)", rounds)

    def _measure(self, label, rounds):
        client = Client()
        for query in TYPICAL_QUERIES:  # warm caches and the database's buffers
            client.get("/search/", {"q": query, "page": "2"}, secure=True)
        timings = {query: [] for query in TYPICAL_QUERIES}
        for _ in range(rounds):
            for query in TYPICAL_QUERIES:
                began = time.perf_counter()
                response = client.get("/search/", {"q": query, "page": "2"}, secure=True)
                timings[query].append((time.perf_counter() - began) * 1000)
                assert response.status_code == 200, f"{query!r} answered {response.status_code}"
        every = [value for values in timings.values() for value in values]
        self.stdout.write(
            f"\n{label}: p50 {statistics.median(every):.1f} ms, p95 {percentile(every, 0.95):.1f} ms"
        )
        self.stdout.write(f"{'query':<28}{'p50 ms':>9}{'p95 ms':>9}")
        for query, values in timings.items():
            self.stdout.write(f"{query:<28}{statistics.median(values):>9.1f}{percentile(values, 0.95):>9.1f}")
