"""What reading the content version costs an uncached page, measured in one process.

Run by bench/run.py with production settings on its scratch database and the page cache off.
Every request reads the content version with one query; that query also stands in for Django's
connection health check (CONN_HEALTH_CHECKS, on in production before the version moved into the
database too), which was a round trip of its own. So the version's extra cost per request is its
query less the health check's `SELECT 1`, measured here side by side, and set against the time
Django takes to render each page uncached. Timings in one process do not depend on how busy wrk
and the workers keep the two cores, which is what makes the throughput runs too noisy to show a
few per cent either way.

Prints JSON: {"version_ms", "health_check_ms", "pages": {path: render_ms}}.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project, as manage.py has it

CALLS = int(os.environ.get("VERSION_CALLS", "3000"))
RENDERS = int(os.environ.get("RENDERS", "150"))


def per_call_ms(function, calls):
    samples = []
    for _ in range(calls):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return 1000 * statistics.median(samples)


def main(paths):
    django.setup()
    from django.db import connection
    from django.test import Client

    from portal.caching.version import _version_row

    def health_check():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")

    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    pages = {}
    for path in paths:
        # Routes, templates and derived data warm, as on a running server.
        status = client.get(path).status_code
        if status != 200:
            sys.exit(f"{path} answered {status}")
        pages[path] = per_call_ms(lambda path=path: client.get(path), RENDERS)
    version, check = [], []
    for _ in range(5):  # alternated, so that drift in the machine's load falls on both alike
        version.append(per_call_ms(_version_row, CALLS // 5))
        check.append(per_call_ms(health_check, CALLS // 5))
    print(
        json.dumps(
            {
                "version_ms": statistics.median(version),
                "health_check_ms": statistics.median(check),
                "pages": pages,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1:])
