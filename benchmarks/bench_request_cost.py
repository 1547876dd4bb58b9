"""What one request costs in process: the whole WSGI stack, no server, no network client.

    createdb -h 127.0.0.1 -U postgres msg_request_cost
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/msg_request_cost \\
    REDIS_URL=redis://127.0.0.1:6379/4 \\
        .venv/bin/python benchmarks/bench_request_cost.py --people 5000

Production settings as ``bench_throughput.py`` sets them (``DEBUG=false``, the Redis cache);
migrates and loads demo people (``loaddemo``, idempotent: the throughput benchmark's database
serves too) and empties the cache database named by REDIS_URL (use one of your own) before and
after. Each case calls the site's WSGI application directly, as a server would (the response
read and closed), ``--requests`` times after a few warm-up requests, and prints one line:
median and best wall time, median CPU time of this process, and the database queries and cache
round trips (commands sent to Redis; a pipeline is one) per request, counted on a separate pass
so that counting costs nothing in the times. The cases:

- ``anonymous /honor-wall/``: a stored page for a visitor without cookies;
- ``signed in /honor-wall/``: the same page for a demo applicant's session (the session and
  CSRF cookies, as ``bench_throughput.py`` sends them);
- ``cold /honor-wall/``: a new address for each request (a page number past the last page,
  which the wall answers with its last page), so nothing is stored (a fifth as many requests);
- ``trivial view``: ``benchmarks/trivial_site.py`` (one view answering "ok", no middleware),
  measured the same way in a process of its own (its settings are not the site's).

The machine's load average is printed with the figures: on shared cores, compare runs made at
a similar load, or the share of the trivial view's time.
"""

import argparse
import contextlib
import io
import json
import logging
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from redis.connection import AbstractConnection

# The trivial view runs in a child process of its own: its module configures Django's settings.
TRIVIAL = sys.argv[1:2] == ["--trivial"]
if TRIVIAL:
    from trivial_site import application
else:
    # Production settings, Django set up.
    from bench_throughput import COLD_FIRST_PAGE, signed_in_cookie
    from django.core.cache import cache
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from django.db import connection

HOST = "127.0.0.1"
WARM_UP = 20


def environ(path: str, cookie: str = "") -> dict:
    """The WSGI environ a server would hand the site for ``GET path``."""
    path_info, _, query = path.partition("?")
    env = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path_info,
        "QUERY_STRING": query,
        "SERVER_NAME": HOST,
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": HOST,
        "HTTP_HOST": HOST,
        "HTTP_ACCEPT": "text/html",
        "HTTP_ACCEPT_LANGUAGE": "en",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if cookie:
        env["HTTP_COOKIE"] = cookie
    return env


def call(application, env: dict) -> str:
    """One request as a server makes it: the status, the body read, the response closed (which
    ends the request: ``request_finished``)."""
    status = []
    result = application(env, lambda line, headers, exc_info=None: status.append(line))
    try:
        for _chunk in result:
            pass
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    return status[0]


def timed(application, paths, cookie: str = "") -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of each request to ``paths`` (an iterator of addresses)."""
    wall, cpu = [], []
    for path in paths:
        env = environ(path, cookie)
        started, started_cpu = time.perf_counter(), time.process_time()
        status = call(application, env)
        cpu.append((time.process_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
        assert status.startswith("200"), (path, status)
    return wall, cpu


class RoundTrips:
    """Counts commands sent to Redis (a pipeline is one send) while active."""

    def __init__(self):
        self.count = 0
        self._original = AbstractConnection.send_packed_command

    def __enter__(self):
        original = self._original

        def counting(connection, command, check_health=True):
            self.count += 1
            return original(connection, command, check_health)

        AbstractConnection.send_packed_command = counting
        return self

    def __exit__(self, *exc):
        AbstractConnection.send_packed_command = self._original


def counted(application, paths, cookie: str = "") -> tuple[float, float]:
    """Database queries and cache round trips per request over ``paths``."""
    queries = 0

    def count_query(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    paths = list(paths)
    with connection.execute_wrapper(count_query), RoundTrips() as trips:
        timed(application, paths, cookie)
    return queries / len(paths), trips.count / len(paths)


def line(name: str, wall, cpu, queries=0.0, trips=0.0) -> str:
    return (
        f"{name:<26} wall {statistics.median(wall):7.2f} ms (best {min(wall):6.2f})  "
        f"cpu {statistics.median(cpu):7.2f} ms  {queries:5.2f} queries  "
        f"{trips:5.2f} cache round trips  ({len(wall)} requests)"
    )


def trivial(requests: int) -> None:
    """In the child: time the trivial view and print the samples."""
    timed(application, ["/"] * WARM_UP)
    wall, cpu = timed(application, ["/"] * requests)
    print(json.dumps({"wall": wall, "cpu": cpu}))


def measure_trivial(requests: int) -> str:
    output = subprocess.run(
        [sys.executable, __file__, "--trivial", str(requests)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent,
    ).stdout
    samples = json.loads(output)
    return line("trivial view", samples["wall"], samples["cpu"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=400)
    args = parser.parse_args()

    logging.disable(logging.WARNING)
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet, contextlib.redirect_stdout(quiet):
        call_command("loaddemo", people=args.people, verbosity=0, stdout=quiet)
    cache.clear()
    site = get_wsgi_application()
    cookie = signed_in_cookie()
    cold = iter(range(1, 10**9))

    def cold_paths(count):
        return (f"/honor-wall/?page={COLD_FIRST_PAGE + next(cold)}" for _ in range(count))

    cases = [
        ("anonymous /honor-wall/", lambda count: ["/honor-wall/"] * count, "", args.requests),
        ("signed in /honor-wall/", lambda count: ["/honor-wall/"] * count, cookie, args.requests),
        ("cold /honor-wall/", cold_paths, "", max(args.requests // 5, 1)),
    ]
    lines = []
    try:
        for name, paths, with_cookie, count in cases:
            timed(site, paths(WARM_UP), with_cookie)
            queries, trips = counted(site, paths(min(count, 50)), with_cookie)
            wall, cpu = timed(site, paths(count), with_cookie)
            lines.append(line(name, wall, cpu, queries, trips))
        lines.append(measure_trivial(args.requests))
    finally:
        cache.clear()  # the cold case stored a page per request
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"in process, {args.people} demo people, {connection.vendor}, load average {load}")
    for text in lines:
        print(text)


if __name__ == "__main__":
    if TRIVIAL:
        trivial(int(sys.argv[2]))
    else:
        main()
