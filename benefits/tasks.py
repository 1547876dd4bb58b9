from celery import shared_task

from .services import grants_expire_and_remind


@shared_task(ignore_result=True)
def expire_and_remind_grants() -> tuple[int, int]:
    """Daily: expire unanswered grants past their deadline, remind those close to it."""
    return grants_expire_and_remind()
