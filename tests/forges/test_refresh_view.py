""" "Refresh now" on /me/evidence/, throttled, and the panel saying where things stand."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from applications.models import Evidence
from forges.models import ForgeLink
from forges.services import import_contributions
from tests.forges.conftest import GITEE

pytestmark = pytest.mark.django_db
REFRESH = reverse("forges:refresh")
EVIDENCE = reverse("applications:evidence_list")


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def test_refresh_now_imports_and_says_so(
    client, forges, gitee_person, django_capture_on_commit_callbacks
):
    forges.gitee_everything()
    client.force_login(gitee_person)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REFRESH)
    assert response.url == EVIDENCE
    response = client.get(response.url)
    assert "being refreshed" in response.text
    assert Evidence.objects.filter(owner=gitee_person, source="imported").count() == 6
    assert "last refreshed" in response.text
    assert response.text.count("Imported from Gitee") == 6


def test_a_second_press_within_the_throttle_is_refused_with_a_message(
    client, forges, gitee_person, django_capture_on_commit_callbacks
):
    forges.gitee_everything()
    client.force_login(gitee_person)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(REFRESH)
    calls = len(forges.mock.calls)
    assert calls > 0
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REFRESH, follow=True)
    assert "refresh again in 5 minutes" in response.text
    assert len(forges.mock.calls) == calls


def test_someone_without_a_linked_account_is_told_to_link_one(client, applicant):
    client.force_login(applicant)
    page = client.get(EVIDENCE).text
    assert "Link your Gitee or GitHub account" in page
    assert "Refresh now" not in page
    response = client.post(REFRESH, follow=True)
    assert response.status_code == 200
    assert "not allowed" in response.text


def test_refresh_is_a_post_for_signed_in_people(client, gitee_person):
    assert client.post(REFRESH).status_code == 302  # to log in
    client.force_login(gitee_person)
    assert client.get(REFRESH).status_code == 405


def test_a_revoked_sign_in_shows_a_banner_on_the_evidence_page(client, forges, gitee_person):
    forges.reply(f"{GITEE}/orgs/mindspore/issues", "gitee_unauthorized.json")
    import_contributions(user=gitee_person)
    client.force_login(gitee_person)
    page = client.get(EVIDENCE).text
    assert "Gitee no longer accepts your sign-in" in page
    assert ForgeLink.objects.get().needs_sign_in


def test_the_panel_shows_a_forge_that_did_not_answer(client, forges, gitee_person):
    forges.reply(f"{GITEE}/orgs/mindspore/issues", "gitee_bad_gateway.json")
    import_contributions(user=gitee_person)
    client.force_login(gitee_person)
    assert "The forge did not answer; we will try again later." in client.get(EVIDENCE).text


def test_the_panel_in_chinese(client, forges, gitee_person):
    forges.gitee_everything()
    import_contributions(user=gitee_person)
    client.force_login(gitee_person)
    page = client.get(EVIDENCE, HTTP_ACCEPT_LANGUAGE="zh-hans").text
    assert "导入自 Gitee" in page
    assert "立即刷新" in page
