"""The language switch carries no CSRF token (the public pages that hold it are one stored copy
for every visitor); it refuses what another site's page sends, by what the browser says."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

SWITCH = "/i18n/setlang/"


def switch(client: Client, **headers):
    return client.post(SWITCH, {"language": "zh-hans", "next": "/programme/"}, headers=headers)


def switched(client: Client) -> bool:
    return client.cookies.get("django_language") is not None and (
        client.cookies["django_language"].value == "zh-hans"
    )


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "same-origin"},
        {"Sec-Fetch-Site": "none"},  # typed in or a bookmark
        {"Origin": "http://testserver"},  # a browser that sends no fetch metadata
        {},  # not a browser: no page of another site can make a visitor send it
    ],
    ids=["same-origin", "direct", "own-origin", "no-browser"],
)
def test_a_switch_from_our_own_pages_is_taken(headers):
    client = Client(enforce_csrf_checks=True)

    response = switch(client, **headers)

    assert response.status_code == 302 and response["Location"] == "/programme/"
    assert switched(client)


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},  # another origin of the same site is still another
        {"Sec-Fetch-Site": "cross-site", "Origin": "http://testserver"},  # the metadata decides
        {"Origin": "https://elsewhere.example"},
        {"Origin": "https://testserver"},  # another scheme is another origin
        {"Origin": "null"},  # a sandboxed frame or a data: page
    ],
    ids=["cross-site", "same-site", "metadata-first", "foreign", "scheme", "opaque"],
)
def test_a_switch_sent_by_another_sites_page_is_refused_and_changes_nothing(headers):
    client = Client(enforce_csrf_checks=True)

    response = switch(client, **headers)

    assert response.status_code == 403
    assert "This form was sent from another site" in response.content.decode()
    assert not switched(client)


def test_the_refusal_speaks_the_visitors_language():
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")

    response = switch(client, **{"Sec-Fetch-Site": "cross-site"})

    assert response.status_code == 403
    assert '<html lang="zh-hans"' in response.content.decode()
    assert "此表单由其他网站发送" in response.content.decode()


def test_an_origin_the_settings_trust_is_taken(settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://growth.mindspore.example"]
    client = Client(enforce_csrf_checks=True)

    response = switch(client, Origin="https://growth.mindspore.example")

    assert response.status_code == 302 and switched(client)


def test_asking_for_the_switch_changes_nothing_and_goes_back():
    client = Client()

    response = client.get(SWITCH, {"language": "zh-hans", "next": "/programme/"})

    assert response.status_code == 302 and response["Location"] == "/programme/"
    assert not switched(client)


def test_a_switch_to_another_site_goes_home_instead():
    client = Client()

    response = client.post(SWITCH, {"language": "zh-hans", "next": "https://evil.example/"})

    assert response.status_code == 302 and response["Location"] == "/"
