"""Changes of state for certifications."""

import calendar
import datetime

from django.db import transaction

from .models import Certification


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


@transaction.atomic
def certification_issue(*, application, approvers) -> Certification:
    """Certify the applicant of an approved ``application`` (idempotent per application).

    Called by the final approval inside its transaction; the one-per-application constraint
    makes a second call return the first certification rather than create another.
    """
    certification, created = Certification.objects.get_or_create(
        application=application,
        defaults={
            "person_id": application.applicant_id,
            "tier_id": application.tier_id,
            "ruleset_id": application.ruleset_id,
        },
    )
    if created:
        tier = application.tier
        if tier.validity_months:
            certification.expires_on = _add_months(certification.awarded_on, tier.validity_months)
            certification.save(update_fields=["expires_on"])
        certification.approvers.set(approvers)
    return certification
