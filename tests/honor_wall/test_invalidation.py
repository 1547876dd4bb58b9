"""The wall's version changes when, and only when, something a public page shows changes: every
cached public page is keyed by it, so a needless change throws them all away."""

import datetime

import pytest

from applications.models import Evidence
from honor_wall.caching import wall_version
from honor_wall.listing import wall_entry_refresh
from honor_wall.models import WallEntry
from honor_wall.services import certification_reissue, certification_revoke
from tests.factories import UserFactory, certify, make_evidence, make_person, make_profile

pytestmark = pytest.mark.django_db


def public_evidence(user, **fields):
    item = make_evidence(user, "tech_article")
    item.public = True
    for name, value in fields.items():
        setattr(item, name, value)
    item.save()
    return item


# --- Saves that change nothing public keep the version -------------------------------------------
def test_an_applicant_not_on_the_wall_recording_evidence_keeps_the_version(vera):
    applicant = UserFactory()
    make_profile(applicant)
    version = wall_version()

    item = public_evidence(applicant)
    item.title = "Renamed"
    item.save()
    item.delete()

    assert wall_version() == version


def test_private_evidence_of_someone_on_the_wall_keeps_the_version(vera):
    version = wall_version()

    item = make_evidence(vera, "tech_article")
    item.title = "Still private"
    item.save()
    item.delete()

    assert wall_version() == version


def test_judging_public_evidence_keeps_the_version(vera):
    item = public_evidence(vera)
    version = wall_version()

    item.verification = Evidence.Verification.VERIFIED
    item.verification_note = "Checked on Gitee."
    item.save()
    Evidence.objects.get(pk=item.pk).save()  # a save that writes the same values

    assert wall_version() == version


def test_a_private_profile_field_or_a_login_keeps_the_version(vera):
    version = wall_version()

    vera.profile.gitee_username = "vera-on-gitee"
    vera.profile.save()
    vera.last_login = datetime.datetime.now(datetime.UTC)
    vera.save()
    vera.language = "zh-hans"
    vera.save()

    assert wall_version() == version


def test_refreshing_an_entry_that_comes_out_the_same_keeps_the_version(vera):
    version = wall_version()

    entry = wall_entry_refresh(vera.pk)

    assert entry == WallEntry.objects.get(person=vera)
    assert wall_version() == version


# --- Saves that change a public page change it ----------------------------------------------------
def test_public_evidence_of_someone_on_the_wall_changes_the_version(vera):
    version = wall_version()
    item = public_evidence(vera)
    assert wall_version() != version

    version = wall_version()
    item.title = "A better title"
    item.save()
    assert wall_version() != version

    version = wall_version()
    item.public = False
    item.save()
    assert wall_version() != version


def test_deleting_public_evidence_changes_the_version(vera):
    item = public_evidence(vera)
    version = wall_version()

    item.delete()

    assert wall_version() != version


@pytest.mark.parametrize(
    ("field", "value"),
    [("display_name", "Vera V."), ("bio", "Teaches MindSpore."), ("wall_consent", False)],
)
def test_a_shown_profile_field_changes_the_version(vera, field, value):
    version = wall_version()

    setattr(vera.profile, field, value)
    vera.profile.save()

    assert wall_version() != version


def test_the_name_of_a_certified_person_off_the_wall_changes_the_version(db):
    """Verification shows the holder's name, on the wall or not."""
    hidden = make_person("hidden-holder", consent=False)
    version = wall_version()

    hidden.profile.display_name = "Renamed Holder"
    hidden.profile.save()

    assert wall_version() != version


def test_issuing_revoking_and_reissuing_change_the_version(vera, staff):
    version = wall_version()
    certification = certify(vera, "evangelist-reserve")
    assert wall_version() != version

    version = wall_version()
    certification_revoke(certification=certification, actor=staff, reason="Mistake")
    assert wall_version() != version

    version = wall_version()
    certification_reissue(certification=certification, actor=staff)
    assert wall_version() != version


def test_revoking_a_certification_of_someone_off_the_wall_changes_the_version(staff):
    """Its verification page changes although the wall does not."""
    hidden = make_person("hidden-holder", consent=False)
    version = wall_version()

    certification_revoke(certification=hidden.certifications.get(), actor=staff, reason="Fraud")

    assert wall_version() != version


def test_deactivating_someone_on_the_wall_changes_the_version(vera):
    version = wall_version()

    vera.is_active = False
    vera.save()

    assert wall_version() != version
