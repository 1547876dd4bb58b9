"""Each sort's pages, read one at a time as the queue reads them (``queue_page``), are the
queue's whole order cut into pages: nothing lost, repeated or moved, whatever the page size,
with applicants without a profile (who sort last by name) on the pages they reach."""

import datetime

import pytest
from django.utils import timezone

from applications.models import Application, Profile
from reviews.selectors import SORTS, queue, queue_page
from reviews.services import review_claim
from tests.factories import submitted

pytestmark = pytest.mark.django_db

NAMES = ["Mei", "ana", "Bo", "Mei", None, "Zoe", None, "Ana", "Bo"]  # None: no profile


@pytest.fixture
def waiting(excellent, second_reviewer):
    now = timezone.now()
    applications = []
    for index, name in enumerate(NAMES):
        application = submitted(None, excellent)
        # Two share a submission time, so the ids decide between them.
        when = now - datetime.timedelta(hours=index // 2)
        Application.objects.filter(pk=application.pk).update(submitted_at=when)
        if name is None:
            Profile.objects.filter(user=application.applicant).delete()
        else:
            Profile.objects.filter(user=application.applicant).update(display_name=name)
        applications.append(application)
    review_claim(application=applications[2], reviewer=second_reviewer)
    return applications


def pages(reviewer, per_page, **filters):
    read, number = [], 1
    while True:
        page, _ = queue_page(reviewer, number=number, per_page=per_page, **filters)
        read.append([application.pk for application in page.object_list])
        if not page.has_next():
            return read
        number += 1


@pytest.mark.parametrize("per_page", [1, 2, 4, 7, 20])
@pytest.mark.parametrize("sort", list(SORTS))
def test_the_pages_are_the_whole_order_cut_into_pages(reviewer, waiting, sort, per_page):
    whole = list(queue(reviewer, sort=sort).values_list("pk", flat=True))

    read = pages(reviewer, per_page, sort=sort)

    assert len(whole) == len(NAMES)
    assert read == [whole[i : i + per_page] for i in range(0, len(whole), per_page)]


@pytest.mark.parametrize("per_page", [1, 3])
def test_a_filtered_queue_by_name_pages_through_its_matches(reviewer, waiting, per_page):
    whole = list(
        queue(reviewer, sort="applicant", claimed="unclaimed").values_list("pk", flat=True)
    )

    read = pages(reviewer, per_page, sort="applicant", claimed="unclaimed")

    assert len(whole) == len(NAMES) - 1
    assert read == [whole[i : i + per_page] for i in range(0, len(whole), per_page)]


def test_applicants_without_a_profile_come_last_by_name_oldest_first(reviewer, waiting):
    by_name = [pk for page in pages(reviewer, 2, sort="applicant") for pk in page]

    # Submitted three and two hours ago.
    assert by_name[-2:] == [waiting[6].pk, waiting[4].pk]
    assert len(set(by_name)) == len(NAMES)
