import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from accounts.models import User
from demo.applications import (
    APPLICATION_PLAN,
    load_applications,
    load_certifications,
    load_profiles_and_evidence,
    tiers_sought,
)
from demo.history import load_grants, load_history, load_offers
from demo.people import DEMO_DOMAIN, STANDING_ACCOUNTS, load_accounts
from honor_wall.holdings import held_tiers_rebuild
from honor_wall.listing import wall_rebuild
from insights.services import eligibility_refresh, rollup_rebuild, snapshot_refresh


class Command(BaseCommand):
    help = "Load demo content (idempotent): people, evidence, applications, certifications."

    def add_arguments(self, parser):
        parser.add_argument(
            "--people",
            type=int,
            default=24,
            help="how many demo applicants to create (default 24; 20,000 for benchmarks)",
        )

    def handle(self, *args, people, **options):
        if people < 0:
            raise CommandError("--people must be zero or more.")
        started = time.perf_counter()
        # A progress bar on a terminal (tqdm leaves it out when stderr is not one): the history
        # of 100,000 people takes minutes. It moves per person through the history, and names
        # each step before and after it.
        # tqdm redraws its line with \r: it writes to the stream itself, not through Django's
        # wrapper, which would end every write with a newline.
        with tqdm(
            total=people, unit="person", desc="accounts", file=self.stderr._out, disable=None
        ) as bar:
            accounts = load_accounts(people)
            bar.set_description("profiles and evidence")
            load_profiles_and_evidence(people)
            bar.set_description("applications")
            # Offers first: the people certified next receive them, so the benefits pages of
            # the demo accounts show something.
            load_offers()
            load_applications(people, reviewer=User.objects.get(email=f"reviewer@{DEMO_DOMAIN}"))
            load_grants(load_certifications(min(people, len(APPLICATION_PLAN))))
            bar.update(min(people, len(APPLICATION_PLAN)))
            # Everyone else: three years of applications, decisions, certifications, benefits.
            bar.set_description("history")
            written = load_history(
                people,
                first=len(APPLICATION_PLAN) + 1,
                targets_for=tiers_sought,
                reviewer_emails=[a.email for a in STANDING_ACCOUNTS if a.role != "administrator"],
                progress=bar.update,
            )
            # Bulk inserts bypass the signals that keep the wall's listing, the holdings and
            # the insight rollups in step.
            bar.set_description("wall, holdings and insights")
            wall_rebuild()
            held_tiers_rebuild()
            rollup_rebuild()
            eligibility_refresh()
            snapshot_refresh()
            bar.set_description("done")
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Demo content ready in {elapsed:.1f} s ({people} applicants, "
            f"{written} historical applications added)."
        )
        self.stdout.write(f"Every demo account's password is: {settings.DEMO_PASSWORD}")
        for account in accounts:
            self.stdout.write(f"  {account.role:<16} {account.email}")
        self.stdout.write(
            "Reviewers, staff and administrators set up an authenticator app (two-factor "
            "sign-in) the first time they sign in."
        )
