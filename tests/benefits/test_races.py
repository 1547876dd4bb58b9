"""Many people claim the last passes at once, on real PostgreSQL connections."""

import threading

import pytest
from django.db import connection

from benefits import services
from benefits.models import Grant, Offer
from mindspore_growth.errors import DomainError
from tests.factories import UserFactory, certify

from .conftest import make_offer

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_claims_never_exceed_the_quota(seed_programme):
    offer = make_offer(kind=Offer.Kind.EVENT_PASS, quota=3, title_en="HC 2027 pass")
    people = [UserFactory(email=f"claimer{n}@example.org") for n in range(12)]
    for person in people:
        certify(person)
    grants = list(Grant.objects.filter(offer=offer).select_related("person"))
    barrier = threading.Barrier(len(grants))
    outcomes = []

    def claim(grant):
        try:
            barrier.wait()
            services.grant_claim(grant=grant, person=grant.person)
            outcomes.append("ok")
        except DomainError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=claim, args=(grant,)) for grant in grants]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("ok") == 3
    assert outcomes.count("refused") == 9
    assert offer.grants.filter(status=Grant.Status.CLAIMED).count() == 3
