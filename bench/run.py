"""make bench: throughput and latency of every page kind, measured with wrk against gunicorn.

Prepares a scratch PostgreSQL database with the portal's content (and SCALE extra generated
pages), starts gunicorn with production settings on loopback (2 sync workers), drives each path
with wrk (median of RUNS runs of DURATION seconds, 2 threads, 16 connections), first with the page
cache off and then on, once with each process's own memory as the only cache and once more with
Redis shared by the workers (BENCH_REDIS, when it answers), prints one table, then the search
latency of typical queries (benchmark_search) on the same database, and stops everything it
started. The ceiling of each row is robots.txt served by the same cache with the page cache off:
the framework's own cost, with the content version read and no page kept.
"""

import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PYTHON = str(PROJECT / ".venv" / "bin" / "python")
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
DATABASE = "portal_bench"
PORT = int(os.environ.get("BENCH_PORT", "8765"))
SCALE = int(os.environ.get("SCALE", "0") or 0)
RUNS = int(os.environ.get("RUNS", "3"))
DURATION = int(os.environ.get("DURATION", "15"))

PAGES = [
    ("home", "/"),
    ("condition", "/conditions/muscle-twitching/"),
    ("condition (es)", "/es/afecciones/contracciones-musculares/"),
    ("medication", "/treatments/muscle-relaxants/"),
    ("physical therapy", "/treatments/physical-therapy/"),
    ("home remedy", "/treatments/home-remedies/"),
    ("lifestyle change", "/treatments/stress-management/"),
    ("nutrient", "/nutrition/potassium/"),
    ("symptom", "/symptoms/eyelid-twitching/"),
    ("symptoms A-Z", "/symptoms/"),
]
UNCACHEABLE = [
    ("search", "/search/?q=eyelid+twitching"),
    ("search (es)", "/es/search/?q=espasmos+del+parpado"),
    ("search", "/search/?q=magnesim"),
    ("search", "/search/?q=foods+with+potassium"),
    ("suggestions", "/search/suggest/?q=magn"),
    (
        "connect JSON",
        "/connect/?mainSearchCriteria.v.c=R25.2&mainSearchCriteria.v.cs=2.16.840.1.113883.6.90&knowledgeResponseType=application/json",
    ),
    (
        "connect Atom es",
        "/connect/?mainSearchCriteria.v.c=25480&mainSearchCriteria.v.cs=2.16.840.1.113883.6.88&informationRecipient.languageCode.c=es",
    ),
    ("API conditions", "/api/v2/pages/?type=portal.ConditionPage&fields=*"),
]
CEILING = ("robots.txt", "/robots.txt")
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/15")


def run(*args, env=None, **kwargs):
    return subprocess.run(args, cwd=PROJECT, env=env, check=True, **kwargs)


def manage(*args, env):
    run(PYTHON, "manage.py", *args, env=env)


def with_bench_commands(env):
    """The benchmark's own commands are not in production's apps: bench.settings adds them."""
    return {**env, "DJANGO_SETTINGS_MODULE": "bench.settings"}


def prepare_database(env):
    if not shutil.which("wrk"):
        print("Installing wrk…")
        run("apt-get", "install", "-y", "-qq", "wrk", stdout=subprocess.DEVNULL)
    print(f"Preparing the scratch database {DATABASE}…")
    run(
        "psql",
        f"{POSTGRES}/postgres",
        "-q",
        "-c",
        f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)",
        "-c",
        f"CREATE DATABASE {DATABASE}",
    )
    manage("migrate", "--noinput", "-v0", env=env)
    manage("load_portal_content", "-v0", env=env)
    if SCALE:
        manage("generate_corpus", "--pages", str(SCALE), env=with_bench_commands(env))
    manage("collectstatic", "--noinput", "-v0", env=env)
    # As the database is after autovacuum's first round: statistics current, GIN pending lists merged.
    run("psql", f"{POSTGRES}/{DATABASE}", "-q", "-c", "VACUUM ANALYZE")


def redis_answers():
    host_port = REDIS.split("//", 1)[1].split("/", 1)[0]
    host, _, port = host_port.partition(":")
    try:
        with socket.create_connection((host, int(port or 6379)), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def start_gunicorn(env, page_cache_seconds):
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "portal.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=PROJECT,
        env={**env, "PAGE_CACHE_SECONDS": str(page_cache_seconds)},
        start_new_session=True,
    )
    for _ in range(100):
        try:
            request = urllib.request.Request(
                f"http://127.0.0.1:{PORT}/robots.txt", headers={"X-Forwarded-Proto": "https"}
            )
            urllib.request.urlopen(request, timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    stop(server)
    sys.exit("gunicorn did not start")


def stop(server):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def wrk(path):
    """One wrk run: requests/s, p50 and p99 latency in ms, and errors."""
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            "-c16",
            f"-d{DURATION}s",
            "--latency",
            "-H",
            "X-Forwarded-Proto: https",
            f"http://127.0.0.1:{PORT}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def latency(label):
        value, unit = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", output).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return (
        float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        latency("50"),
        latency("99"),
        errors,
    )


def production_env():
    """Production settings on the scratch database, with a throwaway secret key."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"{POSTGRES}/{DATABASE}",
        # wrk is one client sending thousands of requests: the API's per-client limit would answer 429s.
        "PUBLIC_API_RATE": "100000000/minute",
    }


def measure(path):
    runs = [wrk(path) for _ in range(RUNS)]
    return tuple(statistics.median(values) for values in zip(*runs, strict=True))


def print_version_cost(cost):
    extra = cost["version_ms"] - cost["health_check_ms"]
    print(
        f"\nThe content version on an uncached page (one process, median): its query {cost['version_ms']:.3f} ms, "
        f"Django's health check it replaces {cost['health_check_ms']:.3f} ms, extra {extra:.3f} ms a request"
    )
    print(f"{'page':<17}{'path':<36}{'render ms':>10}{'extra':>8}{'query':>8}")
    for name, path in PAGES:
        render = cost["pages"][path]
        print(
            f"{name:<17}{path[:35]:<36}{render:>10.2f}{100 * extra / render:>7.1f}%"
            f"{100 * cost['version_ms'] / render:>7.1f}%"
        )
    print(
        "(extra: what the version adds to the page's time; query: the whole query, as if it replaced nothing)"
    )


def main():
    env = production_env()
    env.pop("REDIS_URL", None)
    prepare_database(env)
    paths = [path for _, path in [*PAGES, *UNCACHEABLE, CEILING]]
    sizes = json.loads(
        subprocess.run(
            [PYTHON, "manage.py", "measure_pages", *paths],
            cwd=PROJECT,
            env=with_bench_commands(env),
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    version_cost = json.loads(
        subprocess.run(
            [PYTHON, "bench/version_cost.py", *[path for _, path in PAGES]],
            cwd=PROJECT,
            env={**env, "PAGE_CACHE_SECONDS": "0"},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    backends = {"memory": env}
    if redis_answers():
        backends["redis"] = {**env, "REDIS_URL": REDIS, "CACHE_KEY_PREFIX": f"portal-bench-{os.getpid()}"}
    else:
        print(f"Redis does not answer at {REDIS}: measuring each process's own memory only.", file=sys.stderr)
    results = {}
    for backend, backend_env in backends.items():
        for cache_seconds, label in ((0, "uncached"), (600, "cached")):
            server = start_gunicorn(backend_env, cache_seconds)
            try:
                targets = [*PAGES, CEILING] if cache_seconds else [*PAGES, *UNCACHEABLE, CEILING]
                for _, path in targets:
                    print(f"  {backend:<7} {label:<8} {path}", file=sys.stderr)
                    results[(path, backend, label)] = measure(path)
            finally:
                stop(server)
    print(
        f"\nPortal benchmark: {SCALE} extra pages, gunicorn 2 sync workers, wrk -t2 -c16 -d{DURATION}s, median of {RUNS}"
    )
    header = f"{'page':<17}{'path':<36}{'SQL':>7}{'HTML KB':>8}{'cache':>7}{'mode':>9}{'req/s':>9}{'p50 ms':>8}{'p99 ms':>8}{'errors':>7}{'% ceiling':>10}"
    print(header)
    print("-" * len(header))
    print("(SQL: queries per uncached request on a running server / just after a content change;")
    print(" ceiling: robots.txt with the page cache off, on the same cache)")
    for name, path in [*PAGES, *UNCACHEABLE, CEILING]:
        for backend in backends:
            ceiling = results[(CEILING[1], backend, "uncached")][0]
            for label in ("uncached", "cached"):
                if (path, backend, label) not in results:
                    continue
                rps, p50, p99, errors = results[(path, backend, label)]
                size = sizes[path]
                print(
                    f"{name:<17}{path[:35]:<36}{size['queries']:>3}/{size['cold_queries']:<3}{size['bytes'] / 1024:>8.1f}"
                    f"{backend:>7}{label:>9}{rps:>9.0f}{p50:>8.1f}{p99:>8.1f}{errors:>7.0f}{100 * rps / ceiling:>9.1f}%"
                )
    print_version_cost(version_cost)
    print()
    manage("benchmark_search", env=with_bench_commands(env))
    run("psql", f"{POSTGRES}/postgres", "-q", "-c", f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


if __name__ == "__main__":
    main()
