"""Evaluate every tier for 10,000 applicants with 30 evidence items each, on one core.

    .venv/bin/python benchmarks/bench_engine.py [--applicants N] [--evidence M] [--repeat R]

Goal (issue 3): under 2 s. The engine is pure: the data is built in memory, no database.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mindspore_growth.settings")

import django

django.setup()

from criteria.engine import Evidence, evaluate_all  # noqa: E402
from criteria.seeding import seed_rulesets  # noqa: E402
from criteria.vocabulary import EVIDENCE_KINDS  # noqa: E402

AS_OF = datetime.date(2026, 6, 30)


def random_value(rng, spec):
    if spec.type == "bool":
        return rng.random() < 0.5
    if spec.type == "int":
        return rng.randint(spec.min or 0, 40)
    return rng.choice(spec.choices)[0]


def make_people(count, per_person, seed=2026):
    rng = random.Random(seed)
    kinds = sorted(EVIDENCE_KINDS)
    start = datetime.date(2024, 1, 1).toordinal()
    people = []
    for person in range(count):
        evidence = []
        for index in range(per_person):
            kind = rng.choice(kinds)
            fields = {
                name: random_value(rng, spec) for name, spec in EVIDENCE_KINDS[kind].fields.items()
            }
            evidence.append(
                Evidence(
                    id=f"{person}-{index}",
                    kind=kind,
                    date=datetime.date.fromordinal(start + rng.randint(0, 940)),
                    fields=fields,
                    rejected=rng.random() < 0.03,
                )
            )
        held = {"excellent-developer"} if rng.random() < 0.1 else set()
        people.append((evidence, held))
    return people


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applicants", type=int, default=10_000)
    parser.add_argument("--evidence", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    rulesets = seed_rulesets()
    people = make_people(args.applicants, args.evidence)
    timings = []
    eligible = 0
    for _ in range(args.repeat):
        began = time.perf_counter()
        eligible = 0
        for evidence, held in people:
            for result in evaluate_all(rulesets, evidence, held, AS_OF).values():
                eligible += result.eligible
        timings.append(time.perf_counter() - began)
    evaluations = args.applicants * len(rulesets)
    print(
        f"{args.applicants} applicants x {args.evidence} evidence x {len(rulesets)} tiers "
        f"= {evaluations} evaluations ({eligible} eligible)"
    )
    print(
        f"best {min(timings):.3f} s, median {statistics.median(timings):.3f} s "
        f"over {args.repeat} runs; {min(timings) / evaluations * 1e6:.1f} us per evaluation"
    )


if __name__ == "__main__":
    main()
