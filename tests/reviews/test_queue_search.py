"""The queue's search asks accounts and profiles apart, joined by a UNION, so that PostgreSQL's
trigram indexes serve each side; it must find exactly what one query over both tables found:
every applicant whose email, display name or handle holds the words, in any case, with or
without a profile, in the order of each sort."""

import pytest
from django.db.models import Q

from accounts.models import User
from applications.models import Profile
from reviews.selectors import SORTS, queue, queue_page
from reviews.services import review_claim
from tests.factories import UserFactory, submitted

pytestmark = pytest.mark.django_db

PEOPLE = [
    ("lin.qiao@example.org", "Lin Qiao", "qiao-dev"),
    ("ana@mindspore.cn", "Ana Sousa", "ana-s"),
    ("wei.zhang@example.org", "Zhang Wei", "zw"),
    ("lin.wu@huawei.com", "Wu Lin", "wu_lin-2"),
    ("no.profile@example.org", None, None),  # no profile: found by the email alone
]
SEARCHES = ["lin", "QIAO-D", "example.org", "lin q", "wei", "ana", "no.pro", "_", "%", "x" * 30]


def search_before(reviewer, q, sort):
    """The search as one query over accounts and their profiles (before the UNION)."""
    people = User.objects.filter(
        Q(email__icontains=q)
        | Q(profile__display_name__icontains=q)
        | Q(profile__handle__icontains=q)
    )
    rows = queue(reviewer, sort=sort).filter(applicant__in=people.values("pk"))
    return list(rows.values_list("pk", flat=True))


@pytest.fixture
def people(excellent, second_reviewer):
    applications = []
    for email, name, handle in PEOPLE:
        applicant = UserFactory(email=email)
        application = submitted(applicant, excellent)
        if name is None:
            Profile.objects.filter(user=applicant).delete()
        else:
            Profile.objects.filter(user=applicant).update(display_name=name, handle=handle)
        applications.append(application)
    review_claim(application=applications[0], reviewer=second_reviewer)
    return applications


@pytest.mark.parametrize("sort", list(SORTS))
@pytest.mark.parametrize("q", SEARCHES)
def test_the_search_finds_what_one_query_over_both_tables_found(reviewer, people, q, sort):
    assert list(queue(reviewer, q=q, sort=sort).values_list("pk", flat=True)) == search_before(
        reviewer, q, sort
    )


def test_the_search_finds_each_field_in_any_case(reviewer, people):
    lin, ana, wei, wu, no_profile = (application.pk for application in people)

    def found(q):
        return sorted(queue(reviewer, q=q).values_list("pk", flat=True))

    assert found("LIN") == sorted([lin, wu])  # an email and a display name
    assert found("qiao-d") == [lin]  # a handle
    assert found("huawei") == [wu]  # a domain
    assert found("NO.PROFILE") == [no_profile]
    assert found("_lin") == [wu]  # an underscore is a character, not a wildcard
    assert found("%") == []
    assert found("Sousa") == [ana]
    assert found("zhang") == [wei]


def test_a_page_of_a_search_counts_its_matches_and_the_whole_queue(reviewer, people):
    page, counts = queue_page(reviewer, number=1, per_page=1, q="lin", sort="applicant")

    assert counts == {"submitted": 4, "in_review": 1, "matching": 2}
    assert page.paginator.num_pages == 2
    assert [a.pk for a in page.object_list] == search_before(reviewer, "lin", "applicant")[:1]
