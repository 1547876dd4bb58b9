"""What else changes the review queue besides the workflow's moves (which change its version
themselves): who holds a claim, who declared a conflict with whom, an application or an
account deleted outright. Each changes the queue's version (``applications.queue_version``),
so the counts kept under it are counted again."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from applications.models import Application
from applications.queue_version import queue_changed

from .models import ConflictOfInterest, ReviewClaim


@receiver(post_save, sender=ReviewClaim, dispatch_uid="queue-claim-saved")
@receiver(post_delete, sender=ReviewClaim, dispatch_uid="queue-claim-deleted")
@receiver(post_save, sender=ConflictOfInterest, dispatch_uid="queue-conflict-saved")
@receiver(post_delete, sender=ConflictOfInterest, dispatch_uid="queue-conflict-deleted")
@receiver(post_delete, sender=Application, dispatch_uid="queue-application-deleted")
@receiver(post_delete, sender=get_user_model(), dispatch_uid="queue-account-deleted")
def _queue_changed(sender, **kwargs):
    queue_changed()
