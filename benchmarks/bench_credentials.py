"""What a verifier's requests cost: the status list, a VC-JWT, a baked PNG, and a full
verification, with N certifications of which 2 % are revoked.

    DATABASE_URL=sqlite:////tmp/growth_bench_credentials.sqlite3 \
        .venv/bin/python benchmarks/bench_credentials.py --certifications 20000

Each figure is the median of R requests through Django's test client (no network). The database
named by DATABASE_URL is migrated and filled: point it at a scratch database.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mindspore_growth.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/growth_bench_credentials.sqlite3")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.models import User  # noqa: E402
from criteria.models import Tier  # noqa: E402
from honor_wall.credentials import verification  # noqa: E402
from honor_wall.models import Certification  # noqa: E402


def fill(count: int) -> Certification:
    if Certification.objects.count() >= count:
        return Certification.objects.filter(status="valid").first()
    tier = Tier.objects.get(slug="excellent-developer")
    users = User.objects.bulk_create(User(email=f"bench-{n}@example.org") for n in range(count))
    Certification.objects.bulk_create(
        Certification(
            person=user, tier=tier, status="revoked" if n % 50 == 0 else "valid", revoked_reason=""
        )
        for n, user in enumerate(users)
    )
    return Certification.objects.filter(status="valid").first()


def timed(label: str, call, repeat: int) -> None:
    result = call()  # warm
    assert getattr(result, "status_code", 200) == 200, result
    queries = []  # counted by a wrapper: request_started clears connection.queries

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        call()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    print(f"{label:<44} {statistics.median(samples) * 1000:7.1f} ms  {len(queries)} queries")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--certifications", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    certification = fill(args.certifications)
    client = Client(SERVER_NAME="localhost")
    base = f"/verify/{certification.public_id}"
    token = client.get(f"{base}.jwt").content.decode()
    assert verification.verify(token, dereference=verification.dereference).valid
    print(
        f"{Certification.objects.count()} certifications, "
        f"{Certification.objects.filter(status='revoked').count()} revoked"
    )

    timed(
        "status list (signed, 2^20 bits)",
        lambda: client.get("/credentials/status/revocation"),
        args.repeat,
    )
    timed("credential as VC-JWT", lambda: client.get(f"{base}.jwt"), args.repeat)
    timed("baked PNG badge", lambda: client.get(f"{base}/badge.png"), args.repeat)
    timed(
        "verify: key by kid + status list (local)",
        lambda: verification.verify(token, dereference=verification.dereference),
        args.repeat,
    )


if __name__ == "__main__":
    main()
