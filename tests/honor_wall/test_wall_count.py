"""The wall's total is counted once per wall version (a count scans every entry it matches):
another page of the same filter reuses it, and any change the wall shows counts again."""

import re

import pytest

from mindspore_growth.public_cache import purge
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def total(response) -> int:
    return int(re.search(r'data-count="(\d+)"', response.content.decode())[1])


def test_another_page_of_the_same_filter_reuses_the_count(client, vera, django_assert_num_queries):
    assert total(client.get("/honor-wall/?q=vera")) == 1
    purge()  # the stored pages go; the count, kept under the wall's version, stays

    # The filter form's tracks and tiers: no count, and no cards either (the same filters and
    # page: their fragment is stored under the wall's version too).
    with django_assert_num_queries(2):
        response = client.get("/honor-wall/?q=vera&page=1&sort=")

    assert total(response) == 1


def test_a_change_the_wall_shows_counts_again(client, vera):
    assert total(client.get("/honor-wall/")) == 1

    make_person("newcomer")

    assert total(client.get("/honor-wall/")) == 2
    assert client.get("/api/v1/honor-wall/").json()["count"] == 2
