"""Demo accounts: applicants, a reviewer, programme staff and an administrator."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.models import User
from accounts.roles import Role
from accounts.services import user_grant_role

DEMO_DOMAIN = "demo.mindspore-growth.local"
BATCH_SIZE = 2000


@dataclass(frozen=True)
class DemoAccount:
    email: str
    role: str


STANDING_ACCOUNTS = (
    DemoAccount(f"reviewer@{DEMO_DOMAIN}", "reviewer"),
    DemoAccount(f"reviewer2@{DEMO_DOMAIN}", "reviewer"),
    DemoAccount(f"reviewer3@{DEMO_DOMAIN}", "reviewer"),
    DemoAccount(f"reviewer4@{DEMO_DOMAIN}", "reviewer"),
    DemoAccount(f"staff@{DEMO_DOMAIN}", "programme staff"),
    DemoAccount(f"admin@{DEMO_DOMAIN}", "administrator"),
)


def applicant_email(number: int) -> str:
    return f"applicant{number:05d}@{DEMO_DOMAIN}"


@transaction.atomic
def load_accounts(people: int) -> list[DemoAccount]:
    """Create the standing accounts and ``people`` applicants; existing ones are left as they are.

    Every demo account shares one password hash: hashing 20,000 passwords one by one would take
    minutes, and these accounts exist only for demonstration.
    """
    password_hash = make_password(settings.DEMO_PASSWORD)
    wanted = [account.email for account in STANDING_ACCOUNTS]
    wanted += [applicant_email(n) for n in range(1, people + 1)]
    existing = set(User.objects.filter(email__in=wanted).values_list("email", flat=True))
    missing = [email for email in wanted if email not in existing]
    User.objects.bulk_create(
        [
            User(
                email=email,
                password=password_hash,
                language="zh-hans" if index % 3 == 0 else "en",
                is_staff=email.startswith("admin@"),
                is_superuser=email.startswith("admin@"),
            )
            for index, email in enumerate(missing)
        ],
        batch_size=BATCH_SIZE,
    )
    _verify_emails(wanted)
    users = {
        u.email: u for u in User.objects.filter(email__in=[a.email for a in STANDING_ACCOUNTS])
    }
    for account in STANDING_ACCOUNTS:
        if account.role == "reviewer":
            user_grant_role(user=users[account.email], role=Role.REVIEWER)
        elif account.role == "programme staff":
            user_grant_role(user=users[account.email], role=Role.STAFF)
    return [*STANDING_ACCOUNTS, DemoAccount(applicant_email(1), "applicant")]


def _verify_emails(emails: list[str]) -> None:
    verified = set(EmailAddress.objects.filter(email__in=emails).values_list("email", flat=True))
    to_verify = User.objects.filter(email__in=emails).exclude(email__in=verified)
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user_id=pk, email=email, verified=True, primary=True)
            for pk, email in to_verify.values_list("pk", "email").iterator(chunk_size=BATCH_SIZE)
        ],
        batch_size=BATCH_SIZE,
    )
