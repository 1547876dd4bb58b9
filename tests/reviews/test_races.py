"""Decisions that arrive at the same moment, on real PostgreSQL connections (threads).

SQLite serialises every writer, so these run only in CI's PostgreSQL pass.
"""

import threading

import pytest
from django.db import connection

from applications.models import Application
from applications.models.application import State
from honor_wall.models import Certification
from mindspore_growth.errors import DomainError
from reviews import services
from tests.factories import submitted

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

TRIALS = 15


def at_once(*calls):
    """Run the calls in threads released together; returns each one's outcome."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            call()
            outcomes[index] = "ok"
        except DomainError as exc:
            outcomes[index] = type(exc).__name__
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n, call)) for n, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def fresh_applicant(n):
    from tests.factories import UserFactory

    return UserFactory(email=f"racer{n}@example.org")


def test_two_reviewers_deciding_at_once_produce_one_outcome(seed_programme, reviewer, staff):
    for trial in range(TRIALS):
        application = submitted(fresh_applicant(trial))
        services.review_claim(application=application, reviewer=reviewer)

        outcomes = at_once(
            lambda a=application: services.review_decide(
                application=a, reviewer=reviewer, decision="approve"
            ),
            lambda a=application: services.review_decide(
                application=a, reviewer=staff, decision="reject", comment="Not enough."
            ),
        )

        assert sorted(outcomes) == ["AlreadyDecided", "ok"], outcomes
        final = Application.objects.get(pk=application.pk)
        assert final.state in (State.APPROVED, State.REJECTED)
        assert final.events.filter(action__in=["approve", "reject"]).count() == 1
        expected = 1 if final.state == State.APPROVED else 0
        assert Certification.objects.filter(application=application).count() == expected


def test_two_final_approvals_at_once_make_one_certification(
    seed_programme, reviewer, second_reviewer, staff
):
    for trial in range(TRIALS):
        application = submitted(fresh_applicant(trial), "senior-developer")
        services.review_claim(application=application, reviewer=reviewer)
        services.review_decide(application=application, reviewer=reviewer, decision="approve")
        services.review_claim(application=application, reviewer=second_reviewer)

        outcomes = at_once(
            lambda a=application: services.review_decide(
                application=a, reviewer=second_reviewer, decision="approve"
            ),
            lambda a=application: services.review_decide(
                application=a, reviewer=staff, decision="approve"
            ),
        )

        assert sorted(outcomes) == ["AlreadyDecided", "ok"], outcomes
        assert Application.objects.get(pk=application.pk).state == State.APPROVED
        assert Certification.objects.filter(application=application).count() == 1


def test_two_claims_at_once_give_one_claim(seed_programme, reviewer, second_reviewer):
    for trial in range(TRIALS):
        application = submitted(fresh_applicant(trial))

        outcomes = at_once(
            lambda a=application: services.review_claim(application=a, reviewer=reviewer),
            lambda a=application: services.review_claim(application=a, reviewer=second_reviewer),
        )

        assert sorted(outcomes) == ["ClaimedByOther", "ok"], outcomes
        assert Application.objects.get(pk=application.pk).events.filter(action="claim").count() == 1
