"""Issuing 10,000 existing certifications from a CSV: the dry run, the import, a re-upload.

    createdb -h 127.0.0.1 -U postgres msg_lifecycle_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/msg_lifecycle_bench \\
        .venv/bin/python benchmarks/bench_certification_import.py --rows 10000

Migrates the database, removes what an earlier run imported, makes accounts for a tenth of the
rows' people (their certifications reach the wall and the holdings at once; the others get an
invitation), writes a CSV with 1 % of rows refused (an unknown tier), then times
``import_check`` (the dry run), ``import_run`` (each row in its own transaction, batches of
``importing.BATCH_SIZE``) and the same file again (everything already there). Emails are handed
to an in-memory broker, as a production web process hands them to Redis. Goal (issue 17):
10,000 rows in at most 60 s.
"""

import argparse
import datetime
import logging
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mindspore_growth.settings")

import django

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from accounts.models import User  # noqa: E402
from applications.models import HeldTier, Profile  # noqa: E402
from honor_wall.importing import import_check, import_run  # noqa: E402
from honor_wall.models import (  # noqa: E402
    Certification,
    ImportedHolder,
    WallBadge,
    WallEntry,
)
from mindspore_growth.celery import app  # noqa: E402
from notifications.models import Notification  # noqa: E402

DOMAIN = "bench-import.example.org"
TIERS = ["excellent-developer", "senior-developer", "evangelist-reserve", "evangelist"]


def clean():
    """Forget an earlier run: its certifications, holders, invitations and accounts (in SQL:
    the ORM's cascade and signals would take longer than the import)."""
    like = f"%@{DOMAIN}"
    people = "SELECT id FROM accounts_user WHERE email LIKE %s"
    with connection.cursor() as cursor:
        for table, column in [
            (WallBadge._meta.db_table, "entry_id"),
            (WallEntry._meta.db_table, "person_id"),
            (HeldTier._meta.db_table, "person_id"),
            (Profile._meta.db_table, "user_id"),
            (Notification._meta.db_table, "recipient_id"),
        ]:
            cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({people})", [like])  # noqa: S608
        for table, column in [
            (Certification._meta.db_table, "imported_email"),
            (ImportedHolder._meta.db_table, "email"),
            (Notification._meta.db_table, "email"),
            ("account_emailaddress", "email"),
            ("accounts_user", "email"),
        ]:
            cursor.execute(f"DELETE FROM {table} WHERE {column} LIKE %s", [like])  # noqa: S608


def accounts(count):
    users = User.objects.bulk_create(
        User(email=f"member{n}@{DOMAIN}", password=make_password(None)) for n in range(count)
    )
    Profile.objects.bulk_create(
        Profile(
            user=user, display_name=f"Member {n}", handle=f"bench-member-{n}", wall_consent=True
        )
        for n, user in enumerate(users)
    )


def csv_file(rows, members):
    rng = random.Random(17)
    lines = ["email,name,tier,awarded_on,expires_on,handle,gitee,github"]
    start = datetime.date(2025, 1, 1)
    for n in range(rows):
        email = f"member{n}@{DOMAIN}" if n < members else f"person{n}@{DOMAIN}"
        tier = "wizard" if n % 100 == 99 else TIERS[n % len(TIERS)]
        awarded = start + datetime.timedelta(days=rng.randrange(300))
        lines.append(f"{email},Person {n},{tier},{awarded.isoformat()},,p-{n},p{n},p{n}")
    return ("\n".join(lines) + "\n").encode()


def timed(label, function):
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        started = time.perf_counter()
        report = function()
        seconds = time.perf_counter() - started
    counts = {status: report.count(status) for status in ("issue", "issued", "already", "refused")}
    summary = ", ".join(f"{count} {status}" for status, count in counts.items() if count)
    print(f"{label:<10} {seconds:7.1f} s  {queries:7d} queries  ({summary})")
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--members", type=int, default=None, help="rows with an account")
    args = parser.parse_args()
    members = args.members if args.members is not None else args.rows // 10

    logging.disable(logging.WARNING)
    app.conf.task_always_eager = False  # hand emails to the (in-memory) broker, not send them
    call_command("migrate", verbosity=0)
    clean()
    accounts(members)
    data = csv_file(args.rows, members)
    size = len(data) / 1e6
    print(f"{connection.vendor}: {args.rows} rows ({size:.1f} MB), {members} with accounts")

    timed("dry run", lambda: import_check(data))
    timed("import", lambda: import_run(data, language="zh-hans"))
    timed("again", lambda: import_run(data, language="zh-hans"))


if __name__ == "__main__":
    main()
