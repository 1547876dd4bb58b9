import time

from django.core.management.base import BaseCommand

from insights import services


class Command(BaseCommand):
    help = (
        "Recompute the insight rollups from the whole history, every eligibility and the "
        "snapshots (after bulk loads, or a change of TIME_ZONE or REVIEW_SLA_DAYS)."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        rows = services.rollup_rebuild()
        people = services.eligibility_refresh()
        services.snapshot_refresh()
        self.stdout.write(
            f"Rebuilt {rows} tier-day rows and the eligibility of {people} people "
            f"in {time.perf_counter() - started:.1f} s."
        )
