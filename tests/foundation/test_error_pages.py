"""403, 404, 500 and an expired form: the site's own pages, in both languages, saying what to
do next, never Django's bare text without a layout or a viewport."""

import pytest
from django.test import Client, RequestFactory
from django.utils import translation
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db

VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'


def test_an_applicant_opening_the_queue_gets_the_styled_403(client, applicant):
    client.force_login(applicant)

    response = client.get("/reviews/")

    html = response.content.decode()
    assert response.status_code == 403
    assert VIEWPORT in html
    assert 'aria-label="Main navigation"' in html
    assert "This page is not open to you" in html
    assert "applicant@example.org" in html
    assert 'href="/me/"' in html


def test_the_403_in_chinese(client, applicant):
    client.force_login(applicant)

    html = client.get("/reviews/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert '<html lang="zh-hans"' in html
    with translation.override("zh-hans"):
        assert translation.gettext("This page is not open to you") in html
    assert "This page is not open to you" not in html


def test_the_404_page_has_the_layout_and_next_steps_in_both_languages(client):
    english = client.get("/no-such-page/")
    chinese = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert english.status_code == chinese.status_code == 404
    assert VIEWPORT in english.content.decode()
    assert "We could not find that page" in english.content.decode()
    assert 'href="/honor-wall/"' in english.content.decode()
    assert "We could not find that page" not in chinese.content.decode()
    assert '<html lang="zh-hans"' in chinese.content.decode()


@pytest.mark.parametrize(
    ("language", "heading"),
    [("en", "Something went wrong on our side"), ("zh-hans", "我们这边出了问题")],
)
def test_the_500_page_is_styled_in_the_request_language_without_the_database(
    language, heading, django_assert_num_queries
):
    request = RequestFactory().get("/")
    with translation.override(language), django_assert_num_queries(0):
        response = server_error(request)

    html = response.content.decode()
    assert response.status_code == 500
    assert f'<html lang="{language}"' in html
    assert VIEWPORT in html
    assert "bootstrap.min.css" in html
    assert heading in html
    assert 'href="/healthz/"' in html


def test_a_form_sent_without_its_csrf_token_gets_the_expired_form_page(applicant):
    client = Client(enforce_csrf_checks=True)
    client.force_login(applicant)

    response = client.post("/me/profile/", {"display_name": "X"})

    html = response.content.decode()
    assert response.status_code == 403
    assert VIEWPORT in html
    assert "The form expired before it was sent" in html
    assert "CSRF" not in html
