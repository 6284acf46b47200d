"""`make load`: locust, headless, against gunicorn + PostgreSQL on loopback; prints throughput, p95 and errors."""

import csv
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from run import DATABASE, PORT, POSTGRES, PROJECT, prepare_database, production_env, run, start_gunicorn, stop

USERS = int(os.environ.get("USERS", "50"))
SECONDS = int(os.environ.get("SECONDS", "60"))
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
LOCUST = str(PROJECT / ".venv" / "bin" / "locust")


def main():
    env = production_env()
    prepare_database(env)
    server = start_gunicorn(env, PAGE_CACHE_SECONDS)
    try:
        with tempfile.TemporaryDirectory() as folder:
            prefix = Path(folder) / "load"
            subprocess.run(
                [
                    LOCUST,
                    "-f",
                    str(PROJECT / "bench" / "locustfile.py"),
                    "--headless",
                    "--users",
                    str(USERS),
                    "--spawn-rate",
                    str(USERS),
                    "--run-time",
                    f"{SECONDS}s",
                    "--host",
                    f"http://127.0.0.1:{PORT}",
                    "--csv",
                    str(prefix),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                cwd=PROJECT / "bench",
                env={**os.environ, "PYTHONPATH": str(PROJECT / "bench")},
                check=False,
            )
            with open(f"{prefix}_stats.csv") as stats_file:
                rows = list(csv.DictReader(stats_file))
    finally:
        stop(server)
        run("psql", f"{POSTGRES}/postgres", "-q", "-c", f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")

    print(
        f"\nLoad test: {USERS} users for {SECONDS} s, gunicorn 2 sync workers, page cache {PAGE_CACHE_SECONDS} s"
    )
    header = f"{'request':<20}{'count':>8}{'failures':>10}{'req/s':>9}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row['Name'][:19]:<20}{row['Request Count']:>8}{row['Failure Count']:>10}"
            f"{float(row['Requests/s']):>9.1f}{row['50%']:>8}{row['95%']:>8}{row['99%']:>8}"
        )
    total = next(row for row in rows if row["Name"] == "Aggregated")
    errors = int(total["Failure Count"]) / max(int(total["Request Count"]), 1)
    print(
        f"\nError ratio: {errors:.2%}; p95 latency: {total['95%']} ms; throughput: {float(total['Requests/s']):.1f} req/s"
    )
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
