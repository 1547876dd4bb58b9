import logging

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model

from . import clients, shared
from .services import import_contributions, people_to_refresh

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def import_person(user_id: int, due_only: bool = False) -> None:
    """Import one person's linked forge accounts; a person who is gone is skipped quietly. A
    forge that is down is not retried here: the link records when, and ``refresh_all`` does."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is not None:
        import_contributions(user=user, due_only=due_only)


@shared_task(ignore_result=True)
def refresh_all() -> None:
    """Hourly: read Gitee's shared pull-request listings once (``forges.shared``), then queue a
    refresh of every linked person; each link is read at most once a day, and a link the forge
    asked us to leave alone waits until its ``retry_after``."""
    try:
        shared.pulls_sync(token=settings.GITEE_TOKEN)
    except clients.ForgeError as exc:
        # The people's imports go on with the table as it is (and try again when it is stale).
        logger.warning("Shared Gitee pull requests not read now: %s", exc)
    for user_id in people_to_refresh().values_list("pk", flat=True).iterator():
        import_person.delay(user_id, due_only=True)
