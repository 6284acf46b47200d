import statistics
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client

from wagtail.models import Page

ENGLISH_QUERIES = [
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
# The same kinds of question as Spanish-speaking patients type them, accents left out as often.
SPANISH_QUERIES = [
    "espasmos del parpado",
    "me brinca el ojo",
    "calambres de noche",
    "magensio",
    "potasio",
    "alimentos con potasio",
    "platano",
    "espinacas",
    "almendras",
    "Flexeril",
    "gabapentina",
    "relajante muscular",
    "fisio",
    "estiramientos",
    "yoga",
    "estrés",
    "cafeina",
    "falta de sueño",
    "debilidad",
    "cuándo ir al médico",
]
# {address of the search page: its typical queries}, one per language.
TYPICAL_QUERIES = {"/search/": ENGLISH_QUERIES, "/es/search/": SPANISH_QUERIES}


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = (
        "Print p50/p95 latency of the search page for 20 typical queries in each language, then optionally add a "
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
            f"Search latency on {connection.vendor}, {rounds} rounds of each language's queries"
        )
        self._measure_each_language(f"{Page.objects.count()} pages", rounds)
        if extra_pages:
            call_command("generate_corpus", pages=extra_pages, stdout=self.stdout, stderr=self.stderr)
            self._measure_each_language(f"{Page.objects.count()} pages (+{extra_pages} generated)", rounds)

    def _measure_each_language(self, label, rounds):
        for search_url, queries in TYPICAL_QUERIES.items():
            self._measure(f"{label}, {search_url}", search_url, queries, rounds)

    def _measure(self, label, search_url, queries, rounds):
        client = Client()
        for query in queries:  # warm caches and the database's buffers
            client.get(search_url, {"q": query, "page": "2"}, secure=True)
        timings = {query: [] for query in queries}
        for _ in range(rounds):
            for query in queries:
                began = time.perf_counter()
                response = client.get(search_url, {"q": query, "page": "2"}, secure=True)
                timings[query].append((time.perf_counter() - began) * 1000)
                assert response.status_code == 200, f"{query!r} answered {response.status_code}"
        every = [value for values in timings.values() for value in values]
        self.stdout.write(
            f"\n{label}: p50 {statistics.median(every):.1f} ms, p95 {percentile(every, 0.95):.1f} ms"
        )
        self.stdout.write(f"{'query':<28}{'p50 ms':>9}{'p95 ms':>9}")
        for query, values in timings.items():
            self.stdout.write(f"{query:<28}{statistics.median(values):>9.1f}{percentile(values, 0.95):>9.1f}")
