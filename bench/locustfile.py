"""Patients in a burst: 70% page views, 25% searches, 5% public API calls (run by `make load`)."""

import random

from locust import HttpUser, between, task
from run import PAGES, UNCACHEABLE

SEARCHES = [path for name, path in UNCACHEABLE if name == "search"]
API_CALLS = ["/api/v2/pages/", "/api/v2/pages/?type=portal.ConditionPage", "/api/v2/pages/?search=magnesium"]
# gunicorn sits behind a TLS-terminating proxy in production; say the request came over HTTPS.
HEADERS = {"X-Forwarded-Proto": "https"}


class Patient(HttpUser):
    wait_time = between(0.5, 2)

    @task(70)
    def read_a_page(self):
        name, path = random.choice(PAGES)
        self.client.get(path, headers=HEADERS, name=name)

    @task(25)
    def search(self):
        self.client.get(random.choice(SEARCHES), headers=HEADERS, name="search")

    @task(5)
    def call_the_api(self):
        self.client.get(random.choice(API_CALLS), headers=HEADERS, name="api")
