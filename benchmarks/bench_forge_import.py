"""Importing contributions at scale, against generated answers shaped like the forges' APIs.

    .venv/bin/python benchmarks/bench_forge_import.py --contributions 2000 --people 10000

Fills a scratch SQLite database in /tmp (``DATABASE_URL`` to choose another), then:

1. one person with ``--contributions`` contributions on Gitee (merged pull requests to
   mindspore/mindspore, 3 in 4, and issues, 100 a page as Gitee serves them; mindspore/mindspore
   also holds ``--others`` pull requests of other people): seconds, queries and API calls of the
   first import with a cold shared table (the import reads every mapped repository's whole
   history first), with a warm one (another import or the hourly refresh read it), and of a
   second run (nothing changes);
2. the daily refresh of ``--people`` linked people whose data did not change, half on GitHub and
   half on Gitee, every forge answering 304 to the conditional request: the hourly refresh's
   sync of Gitee's shared pull-request listings (one 304 per repository), then each person: API
   calls per person and forge (the shared sync divided among the Gitee people), queries per
   person, seconds in all.

Goal (issue 18): the first ≤ 5 s with queries independent of the items per page; the second
one conditional request per forge and person.
"""

import argparse
import contextlib
import datetime
import json
import os
import re
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mindspore_growth.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/msg_forgeimport_bench.sqlite3")

import django

django.setup()

import responses  # noqa: E402
from allauth.socialaccount.models import SocialAccount, SocialToken  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from forges import shared  # noqa: E402
from forges.models import ForgeLink, Repository, RepositoryPull  # noqa: E402
from forges.services import import_contributions  # noqa: E402

RECORDED = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "forges" / "recorded"


@contextlib.contextmanager
def counting_queries():
    """Counts every query (Django's own log keeps only the last 9,000)."""
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(1)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        yield queries


def recorded(name):
    return json.loads((RECORDED / name).read_text())["body"]


def gitee_pages(count: int):
    """The person's merged pull requests and issues, as Gitee v5 lists them (templates taken from
    the recorded answers): 3 of 4 pull requests, the rest issues."""
    pull = recorded("gitee_pulls_mindspore_page1.json")[0]
    issue = recorded("gitee_org_issues.json")[0]
    start = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    pulls, issues = [], []
    for n in range(count):
        when = (start + datetime.timedelta(hours=7 * n)).isoformat()
        if n % 4:
            item = {**pull, "id": n, "number": n, "title": f"Pull request {n}", "merged_at": when}
            item["html_url"] = f"https://gitee.com/mindspore/mindspore/pulls/{n}"
            pulls.append(item)
        else:
            item = {**issue, "id": n, "number": f"I{n:05d}", "title": f"Issue {n}"}
            item["html_url"] = f"https://gitee.com/mindspore/mindspore/issues/I{n:05d}"
            item["created_at"] = when
            issues.append(item)
    return pulls, issues


def paged(items):
    def answer(request):
        page = int(parse_qs(urlsplit(request.url).query).get("page", ["1"])[0])
        total_pages = max(1, -(-len(items) // 100))
        body = items[(page - 1) * 100 : page * 100]
        headers = {"total_count": str(len(items)), "total_page": str(total_pages), "ETag": 'W/"x"'}
        return 200, headers, json.dumps(body)

    return answer


def gitee_forge(forge, pulls, issues):
    base = settings.GITEE_API_URL
    forge.add_callback("GET", f"{base}/repos/mindspore/mindspore/pulls", paged(pulls))
    forge.add_callback("GET", f"{base}/orgs/mindspore/issues", paged(issues))
    forge.add_callback(
        "GET",
        re.compile(rf"{re.escape(base)}/repos/mindspore/(?!mindspore/)[\w.-]+/pulls"),
        paged([]),
    )


def others_pulls(count: int, start: int):
    """Merged pull requests of other people, older than the person's."""
    pull = recorded("gitee_pulls_mindspore_page1.json")[1]
    when = datetime.datetime(2023, 1, 1, tzinfo=datetime.UTC).isoformat()
    return [
        {
            **pull,
            "id": n,
            "number": n,
            "title": f"Someone else's {n}",
            "merged_at": when,
            "html_url": f"https://gitee.com/mindspore/mindspore/pulls/{n}",
        }
        for n in range(start, start + count)
    ]


def measured(label, forge, person, count):
    ForgeLink.objects.filter(account__user=person).update(full_import_at=None)
    calls = len(forge.calls)
    with counting_queries() as queries:
        started = time.perf_counter()
        result = import_contributions(user=person)
        seconds = time.perf_counter() - started
    account_result = result.accounts[0]
    print(
        f"{label}: {count} contributions, {seconds:.2f} s, {len(queries)} queries, "
        f"{len(forge.calls) - calls} API calls ({account_result.shared_calls} of them reading "
        f"the shared table), {account_result.created} created, {account_result.updated} updated"
    )


def gitee_person(name: str):
    """A new person linked to the Gitee login ``li-wei`` (new on each run: deleting evidence
    runs the dashboard's receivers item by item, for minutes)."""
    run = time.time_ns()
    person = User.objects.create(email=f"bench.gitee.{name}.{run}@example.org")
    account = SocialAccount.objects.create(
        user=person, provider="gitee", uid=f"{name}-{run}", extra_data={"login": "li-wei"}
    )
    SocialToken.objects.create(account=account, token="bench-token")  # noqa: S106
    return person


def first_import(count: int, others: int) -> None:
    pulls, issues = gitee_pages(count)
    pulls += others_pulls(others, start=count)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as forge:
        gitee_forge(forge, pulls, issues)
        RepositoryPull.objects.all().delete()
        Repository.objects.update(pulls_synced_at=None, pulls_history_at=None, pulls_etag="")
        cold = gitee_person("cold")
        measured("first import, cold shared table", forge, cold, count)
        warm = gitee_person("warm")
        measured("first import, warm shared table", forge, warm, count)
        measured("second run (full listing, nothing changes)", forge, warm, count)


def daily_refresh(people: int) -> None:
    User.objects.filter(email__startswith="bench.refresh.").delete()
    now = timezone.now()
    users = User.objects.bulk_create(
        [User(email=f"bench.refresh.{n}@example.org") for n in range(people)], batch_size=1000
    )
    accounts = SocialAccount.objects.bulk_create(
        [
            SocialAccount(
                user=user,
                provider="github" if n % 2 else "gitee",
                uid=str(100000 + n),
                extra_data={"login": f"dev-{n}"},
            )
            for n, user in enumerate(users)
        ],
        batch_size=1000,
    )
    SocialToken.objects.bulk_create(
        [SocialToken(account=account, token=f"token-{account.uid}") for account in accounts],
        batch_size=1000,
    )
    ForgeLink.objects.bulk_create(
        [
            ForgeLink(
                account=account,
                refreshed_at=now - datetime.timedelta(hours=25),
                full_import_at=now - datetime.timedelta(days=1),
                etags={},
            )
            for account in accounts
        ],
        batch_size=1000,
    )
    # Their Gitee pull requests are in the shared table, unchanged for days.
    RepositoryPull.objects.update(changed_at=now - datetime.timedelta(days=3))
    calls = {"gitee": 0, "github": 0}
    with responses.RequestsMock(assert_all_requests_are_fired=False) as forge:
        for base in (settings.GITEE_API_URL, settings.GITHUB_API_URL):
            forge.add(
                "GET", re.compile(re.escape(base) + r"/.*"), status=304, headers={"ETag": 'W/"x"'}
            )
        with counting_queries() as queries:
            started = time.perf_counter()
            # As refresh_all does: the shared listings once, then every person.
            sync = shared.pulls_sync()
            for user in users:
                import_contributions(user=user, due_only=True)
            seconds = time.perf_counter() - started
        for call in forge.calls:
            forge_name = (
                "github" if call.request.url.startswith(settings.GITHUB_API_URL) else "gitee"
            )
            calls[forge_name] += 1
    per_forge = people // 2
    print(
        f"daily refresh of {people} unchanged people: {seconds:.1f} s "
        f"({seconds / people * 1000:.1f} ms each), {len(queries) / people:.1f} queries each; "
        f"API calls per person: GitHub {calls['github'] / per_forge:.2f}, "
        f"Gitee {calls['gitee'] / (people - per_forge):.4f} ({sync.calls} of them the shared "
        f"sync, {sync.not_modified} repositories unchanged)"
    )
    User.objects.filter(email__startswith="bench.refresh.").delete()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contributions", type=int, default=2000)
    parser.add_argument("--people", type=int, default=10000)
    parser.add_argument("--others", type=int, default=20000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    first_import(args.contributions, args.others)
    daily_refresh(args.people)


if __name__ == "__main__":
    main()
