"""Changes in the apps below refresh the rollups after they commit; those apps never know us."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from applications.models import ApplicationEvent, Evidence, Profile
from benefits.models import Grant
from criteria.models import RuleSet
from honor_wall.models import Certification
from reviews.models import Review

from . import tasks
from .scheduling import schedule
from .services import COUNTED_ACTIONS, local_day


def _refresh_day(day) -> None:
    schedule(tasks.refresh_day, "day", day.isoformat(), args=(day.isoformat(),))


@receiver(post_save, sender=ApplicationEvent, dispatch_uid="insights-event")
def _event_written(sender, instance, created, **kwargs):
    if created and instance.action in COUNTED_ACTIONS:
        _refresh_day(local_day(instance.created_at))


@receiver(post_save, sender=Review, dispatch_uid="insights-review")
def _review_written(sender, instance, created, **kwargs):
    if created:
        _refresh_day(local_day(instance.created_at))


@receiver(post_save, sender=Certification, dispatch_uid="insights-certification")
@receiver(post_delete, sender=Certification, dispatch_uid="insights-certification-delete")
def _certification_changed(sender, instance, **kwargs):
    _refresh_day(instance.awarded_on)
    if instance.person_id:
        # Held tiers count for "holds" and "meets" rules.
        schedule(
            tasks.refresh_eligibility,
            "eligibility",
            instance.person_id,
            args=(instance.person_id,),
        )
    schedule(tasks.refresh_snapshots, "snapshots")


@receiver(post_save, sender=Evidence, dispatch_uid="insights-evidence")
@receiver(post_delete, sender=Evidence, dispatch_uid="insights-evidence-delete")
def _evidence_changed(sender, instance, **kwargs):
    schedule(tasks.refresh_eligibility, "eligibility", instance.owner_id, args=(instance.owner_id,))


@receiver(post_save, sender=Grant, dispatch_uid="insights-grant")
@receiver(post_save, sender=Profile, dispatch_uid="insights-profile")
def _profile_or_grant_changed(sender, instance, **kwargs):
    schedule(tasks.refresh_snapshots, "snapshots")


@receiver(post_save, sender=RuleSet, dispatch_uid="insights-ruleset")
def _rules_published(sender, instance, created, **kwargs):
    if created:
        schedule(tasks.refresh_eligibility, "eligibility", "all")
