"""Requests per second of the public pages, each as a share of a trivial Django view's in the
same run: gunicorn with production settings, PostgreSQL, Redis, wrk, loopback only.

    createdb -h 127.0.0.1 -U postgres msg_throughput_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/msg_throughput_bench \\
    REDIS_URL=redis://127.0.0.1:6379/4 \\
        .venv/bin/python benchmarks/bench_throughput.py --people 5000

Migrates, loads demo people (``loaddemo``, idempotent), collects static files, empties the cache
database named by REDIS_URL (use one of your own), then starts two gunicorns with the same
options: ``benchmarks/trivial_site.py`` (one view answering "ok", no middleware) and the site
with production settings (``DEBUG=false``, a SECRET_KEY, ALLOWED_HOSTS=127.0.0.1, no SSL
redirect or HSTS over plain loopback HTTP, the API throttle lifted through API_ANON_RATE). Each
page is loaded once (warm), then measured in ``--rounds`` rounds: ``wrk`` on the trivial view,
then on the page, ``--seconds`` each (10 at most). A page's share is the median of its rounds'
shares, each of the trivial view measured just before it: the machine's other work moves both
alike within a round, so the share holds where the absolute rates swing. "cold" gives every
request a page number of its own past the wall's last page (the wall answers its last page): an
address the wall reads and nobody asked for yet, so nothing is in the page cache (a parameter
the wall does not read would not do: it never reaches the page's key). Every cold page is
stored, as a first visit stores it (``PUBLIC_PAGES_STORED_PER_WINDOW`` is lifted). Needs ``wrk``
(``apt-get install wrk``).
Goals (issue 12): a warm /honor-wall/ at least 55 % of the trivial view, a signed-in one 30 %,
a cold one 300/s.
"""

import argparse
import contextlib
import importlib
import logging
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "throughput-benchmark-only-" + "x" * 40,
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_HSTS_SECONDS": "0",
    "API_ANON_RATE": "100000000/hour",
    "PUBLIC_PAGES_STORED_PER_WINDOW": "100000000",
}
COLD_FIRST_PAGE = 10**6  # past the last page of any demo wall
os.environ.update(PRODUCTION)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mindspore_growth.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils.crypto import get_random_string  # noqa: E402

from accounts.models import User  # noqa: E402
from demo.people import applicant_email  # noqa: E402
from honor_wall.models import WallEntry  # noqa: E402

COLD_SCRIPT = f"""
-- Each wrk thread has a Lua state of its own: each counts from a start of its own, so no two
-- requests ask for the same address.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("first", {COLD_FIRST_PAGE} + threads * 100000000)
end
function init(args)
  counter = first
end
request = function()
  counter = counter + 1
  return wrk.format(nil, "/honor-wall/?page=" .. counter)
end
"""


def signed_in_cookie() -> str:
    """A session of a demo applicant and a CSRF cookie, as logging in would leave them."""
    user = User.objects.get(email=applicant_email(2))
    store = importlib.import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    csrf_secret = get_random_string(32)  # what Django keeps in the cookie: 32 letters or digits
    return (
        f"{settings.SESSION_COOKIE_NAME}={store.session_key}; "
        f"{settings.CSRF_COOKIE_NAME}={csrf_secret}"
    )


def gunicorn(app: str, port: int, workers: int) -> subprocess.Popen:
    return subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            app,
            "--chdir",
            str(ROOT),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        env=os.environ.copy(),
        start_new_session=True,
    )


def wait_until_up(port: int) -> None:
    for _ in range(100):
        with contextlib.suppress(requests.RequestException):
            requests.get(f"http://127.0.0.1:{port}/", timeout=2)
            return
        time.sleep(0.2)
    raise SystemExit(f"nothing answers on port {port}")


def warm(url: str, headers: dict) -> int:
    return requests.get(url, headers=headers, timeout=30).status_code


def wrk(url: str, args, *, header=None, script=None) -> tuple[float, int]:
    command = ["wrk", "-t2", f"-c{args.connections}", f"-d{args.seconds}s", url]
    if header:
        command[1:1] = ["-H", header]
    if script:
        command[1:1] = ["-s", script]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return rate, int(errors[1]) if errors else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=5, choices=range(1, 11))
    parser.add_argument(
        "--rounds", type=int, default=3, help="trivial view then page, this many times a page"
    )
    parser.add_argument(
        "--port", type=int, default=8140, help="the site's port; the trivial view's is the next"
    )
    args = parser.parse_args()

    logging.disable(logging.WARNING)
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet, contextlib.redirect_stdout(quiet):
        call_command("loaddemo", people=args.people, verbosity=0, stdout=quiet)
        call_command("collectstatic", interactive=False, verbosity=0)
    cache.clear()
    cookie = signed_in_cookie()
    handle = WallEntry.objects.order_by("-latest_award", "-person_id").values_list(
        "handle", flat=True
    )[0]
    pages = [
        ("/", None),
        ("/programme/", None),
        ("/honor-wall/", None),
        ("/honor-wall/?tier=senior-developer", None),
        (f"/honor-wall/{handle}/", None),
        ("/api/v1/honor-wall/", None),
        ("/honor-wall/ (signed in)", f"Cookie: {cookie}"),
    ]

    site_port, trivial_port = args.port, args.port + 1
    servers = [
        gunicorn("benchmarks.trivial_site:application", trivial_port, args.workers),
        gunicorn("mindspore_growth.wsgi:application", site_port, args.workers),
    ]
    results = []
    try:
        wait_until_up(trivial_port)
        wait_until_up(site_port)
        trivial = f"http://127.0.0.1:{trivial_port}/"
        with tempfile.NamedTemporaryFile("w", suffix=".lua") as cold:
            cold.write(COLD_SCRIPT)
            cold.flush()
            cases = [(page, header, None) for page, header in pages]
            cases.append(("/honor-wall/ (cold)", None, cold.name))
            for page, header, script in cases:
                url = f"http://127.0.0.1:{site_port}{page.split(' ')[0]}"
                headers = dict([header.split(": ", 1)]) if header else {}
                assert warm(url, headers) == 200, page
                rounds = [
                    (wrk(trivial, args)[0], *wrk(url, args, header=header, script=script))
                    for _ in range(args.rounds)
                ]
                results.append((page, rounds))
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
        for server in servers:
            server.wait(timeout=30)
        cache.clear()  # the cold run stored a page per request

    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(
        f"gunicorn --workers {args.workers}, wrk -c{args.connections} -d{args.seconds}s, "
        f"{args.rounds} rounds of the trivial view then the page, {args.people} demo people, "
        f"load average {load}"
    )
    print(f"{'page':<40} {'requests/s':>10} {'trivial':>8} {'share':>7}  {'shares (each round)'}")
    for page, rounds in results:
        shares = [rate / baseline for baseline, rate, _ in rounds]
        errors = sum(errors for _, _, errors in rounds)
        note = f"  ({errors} not 2xx/3xx)" if errors else ""
        print(
            f"{page:<40} {median(rate for _, rate, _ in rounds):10.0f} "
            f"{median(baseline for baseline, _, _ in rounds):8.0f} {median(shares):7.1%}  "
            + " ".join(f"{share:.0%}" for share in shares)
            + note
        )


if __name__ == "__main__":
    main()
