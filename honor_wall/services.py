"""Changes of state for certifications."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.rules import is_programme_staff
from mindspore_growth.errors import IllegalTransition, NotAllowed

from .holdings import held_tiers_refresh
from .listing import wall_certification_changed
from .models import Certification
from .signals import certification_issued, certification_revoked, send_after_commit
from .validity import expiry_for


@transaction.atomic
def certification_issue(*, application, approvers) -> Certification:
    """Certify the applicant of an approved ``application`` (idempotent per application).

    Called by the final approval inside its transaction; the one-per-application constraint
    makes a second call return the first certification rather than create another. Saving it
    refreshes, in this transaction, the holder's wall entry (``listing``) and what they hold
    (``holdings``: the applications app's ``HeldTier``). ``certification_issued`` goes out once
    the transaction commits: no receiver can undo the approval.

    The tier's validity is copied now (``validity.expiry_for``). A renewal's certification
    starts the day the one it renews ends and keeps the date its chain began; a renewal of a
    certification revoked meanwhile starts afresh today.
    """
    awarded_on, renews = timezone.localdate(), None
    if application.renews_certification_id:
        renews = Certification.objects.filter(
            pk=application.renews_certification_id,
            person_id=application.applicant_id,
            status=Certification.Status.VALID,
            expires_on__isnull=False,
        ).first()
        if renews is not None:
            awarded_on = renews.expires_on
    certification, created = Certification.objects.get_or_create(
        application=application,
        defaults={
            "person_id": application.applicant_id,
            "tier_id": application.tier_id,
            "ruleset_id": application.ruleset_id,
            "awarded_on": awarded_on,
            # Copied from the tier now: a later change of its validity never rewrites this.
            "expires_on": expiry_for(application.tier, awarded_on),
            "renews": renews,
            "first_awarded_on": renews.since if renews is not None else None,
        },
    )
    if created:
        certification.approvers.set(approvers)
        send_after_commit(certification_issued, certification)
    return certification


@transaction.atomic
def certification_revoke(*, certification: Certification, actor, reason: str) -> Certification:
    """Revoke a certification (programme staff; a reason is required and shown publicly).
    ``certification_revoked`` goes out once the transaction commits."""
    if not is_programme_staff(actor) or certification.person_id == actor.pk:
        raise NotAllowed()
    reason = (reason or "").strip()
    if not reason:
        raise IllegalTransition(_("Give the reason for revoking."))
    updated = Certification.objects.filter(
        pk=certification.pk, status=Certification.Status.VALID
    ).update(
        status=Certification.Status.REVOKED,
        revoked_reason=reason,
        revoked_at=timezone.now(),
        revoked_by=actor,
    )
    if not updated:
        raise IllegalTransition(_("This certification is already revoked."))
    certification.refresh_from_db()
    # A queryset update sends no post_save: refresh the listing and the holdings here.
    wall_certification_changed(certification.person_id)
    held_tiers_refresh(certification.person_id)
    send_after_commit(certification_revoked, certification)
    return certification


@transaction.atomic
def certification_reissue(*, certification: Certification, actor) -> Certification:
    """Make a revoked certification valid again (programme staff, never their own); its id stays
    the same."""
    if not is_programme_staff(actor) or certification.person_id == actor.pk:
        raise NotAllowed()
    updated = Certification.objects.filter(
        pk=certification.pk, status=Certification.Status.REVOKED
    ).update(
        status=Certification.Status.VALID,
        revoked_reason="",
        revoked_at=None,
        revoked_by=None,
        reinstated_at=timezone.now(),
    )
    if not updated:
        raise IllegalTransition(_("Only a revoked certification can be re-issued."))
    certification.refresh_from_db()
    # A queryset update sends no post_save: refresh the listing and the holdings here.
    wall_certification_changed(certification.person_id)
    held_tiers_refresh(certification.person_id)
    send_after_commit(certification_issued, certification)
    return certification
