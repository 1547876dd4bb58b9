from django.core.management.base import BaseCommand

from notifications.delivery import deliver
from notifications.selectors import due_notifications


class Command(BaseCommand):
    help = "Send due outbox notifications from this process, without Celery (a fallback)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=500)

    def handle(self, *args, limit, **options):
        outcomes: dict[str, int] = {}
        for notification_id in due_notifications().values_list("pk", flat=True)[:limit]:
            outcome = str(deliver(notification_id))
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        summary = ", ".join(f"{name}: {count}" for name, count in sorted(outcomes.items()))
        self.stdout.write(summary or "nothing to send")
