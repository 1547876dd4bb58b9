from celery import shared_task

from .importing import import_execute
from .reminders import certifications_remind_expiring


@shared_task(ignore_result=True)
def remind_expiring_certifications() -> int:
    """Daily: email holders 60, 30 and 7 days before a certification ends (idempotent)."""
    return certifications_remind_expiring()


@shared_task(ignore_result=True)
def run_certification_import(record_id: int) -> None:
    """Issue a CSV of existing certifications that staff confirmed (idempotent)."""
    import_execute(record_id)
