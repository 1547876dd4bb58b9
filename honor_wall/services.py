"""Changes of state for certifications."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.rules import is_programme_staff
from applications.models import Profile
from mindspore_growth.errors import IllegalTransition, NotAllowed
from notifications.kinds import Kind
from notifications.services import (
    notification_enqueue_to_address,
    notifications_enqueue_to_addresses,
)

from .caching import bump_wall_version
from .holdings import held_tiers_refresh, held_tiers_refresh_many
from .listing import wall_certification_changed, wall_entries_refresh
from .models import Certification, ImportedHolder
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


@transaction.atomic
def certification_import(
    *, email: str, person, tier, awarded_on, expires_on, holder: dict, language: str
) -> Certification:
    """Issue one certification from a CSV of existing ones (``honor_wall.importing`` decided
    the row may be issued); one row, one transaction.

    ``email`` is kept on the certification: the database refuses the same row twice. With an
    account (``person``), the holder's wall entry and holdings follow at once and
    ``certification_issued`` goes out after commit, as for an approval. Without one, the
    certification waits for that address (``certifications_attach``) and the person is invited
    once, in ``language``, with what the file said about them (``holder``: name, handle, forge
    usernames) kept to start their profile.
    """
    certification = Certification.objects.create(
        person=person,
        tier=tier,
        awarded_on=awarded_on,
        expires_on=expires_on,
        imported_email=email,
    )
    if person is not None:
        send_after_commit(certification_issued, certification)
    else:
        invitation_send(email=email, tier=tier, holder=holder, language=language)
    return certification


@transaction.atomic
def certifications_import_members(*, rows: list[dict]) -> list[Certification]:
    """``certification_import`` for a batch of rows whose people have an account
    (``person``), in one transaction with bulk inserts; their holdings and wall entries are
    refreshed together, and ``certification_issued`` goes out for each after commit."""
    certifications = Certification.objects.bulk_create(
        Certification(
            person=row["person"],
            tier=row["tier"],
            awarded_on=row["awarded_on"],
            expires_on=row["expires_on"],
            imported_email=row["email"],
        )
        for row in rows
    )
    # bulk_create sends no post_save: refresh what the wall and the applications app read.
    people = {certification.person_id for certification in certifications}
    held_tiers_refresh_many(people)
    wall_entries_refresh(people)
    for certification in certifications:
        send_after_commit(certification_issued, certification)
    return certifications


@transaction.atomic
def certifications_import_waiting(*, rows: list[dict], language: str) -> list[Certification]:
    """``certification_import`` for a batch of rows whose people have no account, in one
    transaction with bulk inserts: the certifications, who they are waiting for, and one
    invitation per address not invited before. Each row is whole or absent with the batch; the
    caller falls back to one row at a time if the batch is refused. ``rows`` hold ``email``,
    ``tier``, ``awarded_on``, ``expires_on`` and ``holder`` (as ``certification_import``)."""
    certifications = Certification.objects.bulk_create(
        Certification(
            person=None,
            tier=row["tier"],
            awarded_on=row["awarded_on"],
            expires_on=row["expires_on"],
            imported_email=row["email"],
        )
        for row in rows
    )
    # bulk_create sends no post_save: public pages that count certifications change.
    bump_wall_version()
    invited = set(
        ImportedHolder.objects.filter(email__in={row["email"] for row in rows}).values_list(
            "email", flat=True
        )
    )
    first = {}
    for row in rows:
        if row["email"] not in invited:
            first.setdefault(row["email"], row)
    ImportedHolder.objects.bulk_create(
        ImportedHolder(email=email, language=language, **row["holder"])
        for email, row in first.items()
    )
    signup_url = settings.SITE_URL + reverse("account_signup")
    notifications_enqueue_to_addresses(
        kind=Kind.CERTIFICATION_INVITATION,
        invitations=[
            (email, language, _invitation_context(row["tier"], signup_url))
            for email, row in first.items()
        ],
    )
    return certifications


def _invitation_context(tier, signup_url: str) -> dict:
    return {
        "tier_name_en": tier.name_en,
        "tier_name_zh": tier.name_zh,
        "url": signup_url,
        "site_url": settings.SITE_URL,
    }


def invitation_send(*, email: str, tier, holder: dict, language: str) -> bool:
    """Invite someone certified from a CSV to sign up (once per address). Returns whether an
    invitation was queued now."""
    _holder, created = ImportedHolder.objects.get_or_create(
        email=email, defaults={**holder, "language": language}
    )
    if created:
        notification_enqueue_to_address(
            email=email,
            language=language,
            kind=Kind.CERTIFICATION_INVITATION,
            context=_invitation_context(tier, settings.SITE_URL + reverse("account_signup")),
        )
    return created


@transaction.atomic
def certifications_attach(*, user, email: str) -> list[Certification]:
    """Give ``user`` the imported certifications waiting for ``email``, an address they have
    confirmed is theirs (allauth's signals, ``honor_wall.invitations``). Starts their profile
    from the file when they have none and the handle is free; consent to the wall stays theirs
    to give. ``certification_issued`` goes out for each after commit."""
    email = email.strip().lower()
    waiting = list(
        Certification.objects.select_for_update().filter(person__isnull=True, imported_email=email)
    )
    if not waiting:
        return []
    Certification.objects.filter(pk__in=[c.pk for c in waiting]).update(person=user)
    held_tiers_refresh(user.pk)
    holder = ImportedHolder.objects.filter(email=email).first()
    if holder is not None:
        ImportedHolder.objects.filter(pk=holder.pk).update(joined_at=timezone.now())
        _profile_from(holder, user)
    wall_certification_changed(user.pk)  # verification now names the holder
    for certification in waiting:
        certification.person = user
        send_after_commit(certification_issued, certification)
    return waiting


def _profile_from(holder: ImportedHolder, user) -> None:
    handle = holder.handle or ""
    if Profile.objects.filter(user=user).exists() or not handle or not holder.name:
        return
    if Profile.objects.filter(handle=handle).exists():
        return
    Profile.objects.create(
        user=user,
        display_name=holder.name,
        handle=handle,
        gitee_username=holder.gitee_username,
        github_username=holder.github_username,
    )
