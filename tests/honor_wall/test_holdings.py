"""What a person holds: the applications app reads its own ``HeldTier`` table, which the honor
wall keeps in step with certifications in the same transaction as each change."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from applications.models import Application, HeldTier
from applications.selectors import held_tier_slugs
from applications.services import application_submit
from honor_wall.holdings import held_tiers_rebuild
from honor_wall.models import Certification
from honor_wall.services import certification_issue, certification_reissue, certification_revoke
from mindspore_growth.errors import DomainError
from tests.factories import (
    certify,
    excellent_evidence,
    make_profile,
    set_state,
    tier,
    today,
    yesterday,
)

pytestmark = pytest.mark.django_db


def approved(applicant, slug="excellent-developer"):
    if not hasattr(applicant, "profile"):
        make_profile(applicant)
    application = Application.objects.create(applicant=applicant, tier=tier(slug))
    return set_state(application, Application.State.APPROVED)


def test_issuing_revoking_and_reissuing_keep_the_holdings_in_step(applicant, staff):
    certification = certification_issue(application=approved(applicant), approvers=[])
    assert held_tier_slugs(applicant) == {"excellent-developer"}
    row = HeldTier.objects.get(person=applicant)
    assert (row.certification_id, row.tier.slug, row.valid_until) == (
        certification.pk,
        "excellent-developer",
        certification.expires_on,  # the tier's validity, copied at issue
    )
    assert row.valid_until is not None

    certification_revoke(certification=certification, actor=staff, reason="Copied work.")
    assert held_tier_slugs(applicant) == set()
    assert not HeldTier.objects.exists()

    certification_reissue(certification=certification, actor=staff)
    assert held_tier_slugs(applicant) == {"excellent-developer"}


def test_a_failed_revocation_leaves_the_holdings_as_they_were(applicant, staff):
    certification = certification_issue(application=approved(applicant), approvers=[])

    with pytest.raises(DomainError):
        certification_revoke(certification=certification, actor=staff, reason="  ")

    assert held_tier_slugs(applicant) == {"excellent-developer"}


def test_an_expired_certification_is_no_longer_held_without_any_job(applicant):
    certify(applicant, "excellent-developer", expires_on=today())
    certify(applicant, "evangelist-reserve", expires_on=yesterday())

    # A row outlives its validity; the date filter decides.
    assert HeldTier.objects.filter(person=applicant).count() == 2
    assert held_tier_slugs(applicant) == {"excellent-developer"}


def test_an_approved_application_without_a_certification_is_not_a_holding(applicant):
    """The old fallback counted approved applications; only certifications count."""
    approved(applicant)

    assert held_tier_slugs(applicant) == set()


def test_a_certification_saved_outside_the_services_still_updates_the_holdings(applicant):
    certification = certify(applicant)
    assert held_tier_slugs(applicant) == {"excellent-developer"}

    certification.status = Certification.Status.REVOKED
    certification.save()

    assert held_tier_slugs(applicant) == set()


def test_nobody_signed_out_holds_anything(client, applicant):
    from django.contrib.auth.models import AnonymousUser

    certify(applicant)

    assert held_tier_slugs(AnonymousUser()) == set()


def test_a_rebuild_recovers_what_bulk_loads_skipped(applicant, other_applicant):
    Certification.objects.bulk_create(
        [
            Certification(person=applicant, tier=tier("excellent-developer")),
            Certification(
                person=other_applicant,
                tier=tier("evangelist"),
                expires_on=datetime.date(2100, 1, 1),
            ),
            Certification(
                person=other_applicant,
                tier=tier("evangelist-reserve"),
                status=Certification.Status.REVOKED,
            ),
        ]
    )
    assert not HeldTier.objects.exists()

    assert held_tiers_rebuild() == 2

    assert held_tier_slugs(applicant) == {"excellent-developer"}
    assert held_tier_slugs(other_applicant) == {"evangelist"}


def test_holding_a_tier_refuses_a_new_application_until_it_is_revoked(applicant, staff):
    certification = certification_issue(application=approved(applicant), approvers=[])
    evidence = excellent_evidence(applicant)

    with pytest.raises(DomainError, match="already hold"):
        application_submit(applicant=applicant, tier=tier("excellent-developer"), evidence=evidence)

    certification_revoke(certification=certification, actor=staff, reason="Copied work.")
    application = application_submit(
        applicant=applicant, tier=tier("excellent-developer"), evidence=evidence
    )
    assert application.state == Application.State.SUBMITTED


def test_deleting_the_account_deletes_what_it_held(applicant):
    certify(applicant)

    applicant.delete()

    assert not HeldTier.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_holdings_from_existing_certifications(seed_programme):
    """Migrating a database that already has certifications: valid ones become holdings."""
    from tests.factories import UserFactory

    before = [
        ("applications", "0002_evidence_link_check"),
        ("honor_wall", "0003_wall_search_trigram_index"),
    ]
    after = [("applications", "0003_held_tier"), ("honor_wall", "0004_fill_held_tiers")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    person, other = UserFactory(), UserFactory()
    OldCertification, OldTier = (
        old.get_model("honor_wall", "Certification"),
        old.get_model("criteria", "Tier"),
    )
    valid = OldCertification.objects.create(
        person_id=person.pk,
        tier=OldTier.objects.get(slug="excellent-developer"),
        expires_on=datetime.date(2100, 1, 1),
    )
    OldCertification.objects.create(
        person_id=other.pk, tier=OldTier.objects.get(slug="evangelist"), status="revoked"
    )
    OldCertification.objects.create(person_id=None, tier=OldTier.objects.get(slug="evangelist"))

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)

    rows = list(HeldTier.objects.values_list("person_id", "certification_id", "valid_until"))
    # Back to the newest schema, which the tests after this one expect.
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert rows == [(person.pk, valid.pk, datetime.date(2100, 1, 1))]
    assert held_tier_slugs(person) == {"excellent-developer"}
    assert held_tier_slugs(other) == set()
