from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from accounts.roles import Role
from accounts.services import user_grant_role, user_revoke_role

ROLE_NAMES = {"reviewer": Role.REVIEWER, "staff": Role.STAFF}


class Command(BaseCommand):
    help = "Make a user a reviewer or programme staff (or take the role away with --revoke)."

    def add_arguments(self, parser):
        parser.add_argument("email", help="the user's email address")
        parser.add_argument("role", choices=sorted(ROLE_NAMES), help="the role to grant")
        parser.add_argument("--revoke", action="store_true", help="take the role away instead")

    def handle(self, *args, email, role, revoke, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No user with the email address {email!r}.")
        change = user_revoke_role if revoke else user_grant_role
        changed = change(user=user, role=ROLE_NAMES[role])
        verb = "no longer has" if revoke else "now has"
        if not changed:
            verb = "did not have" if revoke else "already had"
        self.stdout.write(f"{user.email} {verb} the {role} role.")
