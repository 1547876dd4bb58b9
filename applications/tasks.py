from celery import shared_task

from . import link_checks


@shared_task(
    bind=True,
    ignore_result=True,
    autoretry_for=(link_checks.Unreachable,),
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=5,
)
def check_evidence_link(self, evidence_id: int) -> None:
    """Check one evidence link in the background; retried with backoff while the forge is
    unreachable, and left unchecked if it never answers."""
    link_checks.evidence_check_link(evidence_id=evidence_id)
