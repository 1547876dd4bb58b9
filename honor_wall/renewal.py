"""Renewing a certification: when it may be renewed, over which evidence, and starting it.

A renewal is an ``Application`` of kind renewal (``applications.services.application_submit``
with a ``Renewal``): the same state machine, the same queue (marked "renewal"), the same
reviewers. This module is the one home of the rules the honor wall adds: the holder may renew a
valid certification with an end date from ``RENEWAL_OPENS_DAYS`` days before it ends (when the
first reminder goes out) until the tier's grace period after it ended, once; the evidence that
counts is dated within the tier's renewal window before the end. Approval then issues the new
certification through ``services.certification_issue``.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.errors import ApplicationRefused
from applications.models import Application
from applications.models.application import OPEN_STATES, EvidenceWindow
from applications.selectors import evidence_meeting_rules
from applications.services import Renewal, application_submit
from mindspore_growth.errors import NotAllowed

from .models import Certification
from .reminders import REMINDER_DAYS
from .validity import add_months

RENEWAL_OPENS_DAYS = max(REMINDER_DAYS)


def renewal_window(certification: Certification) -> EvidenceWindow:
    """The dates evidence must fall within to count toward renewing ``certification``: the
    tier's ``renewal_window_months`` before its end, or its whole validity period."""
    months = certification.tier.renewal_window_months
    end = certification.expires_on
    start = add_months(end, -months) if months else certification.awarded_on
    return EvidenceWindow(start, end)


def grace_ends_on(certification: Certification) -> datetime.date:
    """The last day an expired certification can still be renewed."""
    return certification.expires_on + datetime.timedelta(days=certification.tier.renewal_grace_days)


def open_renewal(certification: Certification) -> Application | None:
    """The renewal application in progress for ``certification``, if any."""
    return Application.objects.filter(
        renews_certification_id=certification.pk, state__in=[s.value for s in OPEN_STATES]
    ).first()


def _renewed(certification: Certification) -> bool:
    return (
        Certification.objects.filter(renews=certification)
        .filter(~Q(status=Certification.Status.REVOKED))
        .exists()
    )


def renewal_refusal(
    certification: Certification,
    user,
    today=None,
    *,
    renewed: bool | None = None,
    in_progress: bool | None = None,
) -> str | None:
    """Why ``user`` cannot renew ``certification`` today, or ``None`` when they can.

    Only the holder renews; not a revoked certification, one without an end, one renewed
    already or with a renewal in progress; not earlier than ``RENEWAL_OPENS_DAYS`` before its
    end, nor later than its tier's grace period after it. ``renewed`` and ``in_progress`` may
    be given when known (a page listing several), otherwise they are read.
    """
    today = today or timezone.localdate()
    if not getattr(user, "is_authenticated", False) or certification.person_id != user.pk:
        return str(NotAllowed.default_message)
    if certification.status != Certification.Status.VALID:
        return _("A revoked certification cannot be renewed.")
    if certification.expires_on is None:
        return _("This certification does not expire: there is nothing to renew.")
    if renewed if renewed is not None else _renewed(certification):
        return _("This certification is renewed already.")
    opens_on = certification.expires_on - datetime.timedelta(days=RENEWAL_OPENS_DAYS)
    if today < opens_on:
        return _("Renewal opens on %(date)s.") % {"date": opens_on.isoformat()}
    if today > grace_ends_on(certification):
        return _("The time to renew ended on %(date)s. Apply for the certification anew.") % {
            "date": grace_ends_on(certification).isoformat()
        }
    if in_progress if in_progress is not None else open_renewal(certification) is not None:
        return _("Your renewal of this certification is in progress.")
    return None


@dataclass(frozen=True)
class RenewalOption:
    """What the holder's page offers for one certification."""

    may_renew: bool
    application_id: int | None  # the renewal in progress
    renewed: bool


def renewal_options(certifications, user) -> dict[int, RenewalOption]:
    """``RenewalOption`` by certification pk for the holder's page, in one query (the
    certifications come with ``renewal`` selected)."""
    certifications = list(certifications)
    in_progress = dict(
        Application.objects.filter(
            applicant=user,
            renews_certification_id__in=[c.pk for c in certifications],
            state__in=[s.value for s in OPEN_STATES],
        ).values_list("renews_certification_id", "pk")
    )
    options = {}
    for certification in certifications:
        renewal = certification.renewal if _has_renewal(certification) else None
        renewed = renewal is not None and renewal.status != Certification.Status.REVOKED
        options[certification.pk] = RenewalOption(
            may_renew=renewal_refusal(
                certification,
                user,
                renewed=renewed,
                in_progress=certification.pk in in_progress,
            )
            is None,
            application_id=in_progress.get(certification.pk),
            renewed=renewed,
        )
    return options


def _has_renewal(certification: Certification) -> bool:
    try:
        certification.renewal  # noqa: B018 (selected with it: no query)
    except Certification.renewal.RelatedObjectDoesNotExist:
        return False
    return True


def may_renew(certification: Certification, user, today=None) -> bool:
    """Whether ``user`` can renew ``certification`` today (for the "Renew" button)."""
    return renewal_refusal(certification, user, today) is None


def renewal_evidence(certification: Certification) -> list[int]:
    """The holder's evidence that counts toward the renewal: the form's default pick."""
    return evidence_meeting_rules(
        certification.person, certification.tier, window=renewal_window(certification)
    )


def renewal_start(
    *, certification: Certification, actor, evidence, statement: str = "", draft=False
) -> Application:
    """Open the renewal of ``certification``: an application of kind renewal for its tier,
    judged on the evidence dated within ``renewal_window``. Refused as ``renewal_refusal``
    says, and as any application is (rules not met, one open already)."""
    if not getattr(actor, "is_authenticated", False) or certification.person_id != actor.pk:
        raise NotAllowed()
    refusal = renewal_refusal(certification, actor)
    if refusal is not None:
        raise ApplicationRefused(refusal)
    return application_submit(
        applicant=actor,
        tier=certification.tier,
        evidence=evidence,
        statement=statement,
        draft=draft,
        renewal=Renewal(certification_id=certification.pk, window=renewal_window(certification)),
    )
