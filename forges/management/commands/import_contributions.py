"""Import contributions from the linked Gitee and GitHub accounts, as the Celery task does.

    python manage.py import_contributions alice@example.org bob@example.org
    python manage.py import_contributions --all

One line per linked account: what was created, updated, marked missing or deleted. Exit status:
0 every account was read, 1 some forge could not be read now (down, rate limited, or the person
must sign in again: the link says so and the refresh retries), 2 bad input (unknown email, or
neither emails nor ``--all``).
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from forges.services import import_contributions, people_to_refresh


class Command(BaseCommand):
    help = "Import contributions from linked Gitee and GitHub accounts as evidence."

    def add_arguments(self, parser):
        parser.add_argument("emails", nargs="*", metavar="EMAIL")
        parser.add_argument("--all", action="store_true", help="everyone with a linked account")

    def handle(self, *args, emails, all, **options):
        if bool(emails) == bool(all):
            raise CommandError("give one or more emails, or --all (not both)", returncode=2)
        if all:
            people = list(people_to_refresh())
        else:
            found = {
                user.email.lower(): user
                for user in get_user_model().objects.filter(email__in=emails)
            }
            unknown = [email for email in emails if email.lower() not in found]
            if unknown:
                raise CommandError(f"no account with the email {unknown[0]}", returncode=2)
            people = [found[email.lower()] for email in emails]
        problems = 0
        for person in people:
            result = import_contributions(user=person)
            if not result.accounts:
                self.stdout.write(f"{person.email}: no linked forge account")
            for account in result.accounts:
                if account.problem:
                    problems += 1
                    self.stdout.write(f"{person.email} {account.provider}: {account.problem}")
                elif account.not_modified:
                    self.stdout.write(f"{person.email} {account.provider}: unchanged")
                else:
                    self.stdout.write(
                        f"{person.email} {account.provider}: {account.created} new, "
                        f"{account.updated} updated, {account.missing} missing, "
                        f"{account.deleted} removed, {account.deferred} under review"
                    )
            for slug in result.newly_eligible:
                self.stdout.write(f"{person.email}: now qualifies for {slug}")
        if problems:
            raise CommandError(
                f"{problems} account(s) could not be read now; the refresh will retry",
                returncode=1,
            )
