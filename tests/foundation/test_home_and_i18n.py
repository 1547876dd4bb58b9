"""The home page explains the programme, in English and in Simplified Chinese."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def test_home_explains_tracks_missions_benefits_and_how_to_apply(client):
    html = client.get("/").content.decode()

    for text in (
        "Excellent Developer",
        "Senior Developer",
        "Evangelist Reserve",
        "Senior Evangelist",
        "Evangelizing technologies",
        "Technical practices",
        "Building MindSpore",
        "Free passes to events like HC and HDC",
        "How to apply",
    ):
        assert text in html, text


def test_home_in_chinese_by_accept_language(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert '<html lang="zh-hans"' in html
    assert "优秀开发者" in html
    assert "资深布道师" in html
    assert "布道师预备队" in html


def test_switching_language_sets_the_cookie_and_returns_to_the_page(client):
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "资深开发者" in client.get("/").content.decode()


def test_home_uses_a_constant_number_of_queries(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        client.get("/")


def test_chinese_catalogue_is_complete():
    """Every message has a Chinese translation and none is marked fuzzy."""
    import polib

    catalogue = polib.pofile(str(ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))

    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []
    assert len(catalogue) > 50
