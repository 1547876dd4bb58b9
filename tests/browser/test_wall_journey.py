"""A visitor searches the wall, filters by tier, opens a profile, then the verification page,
and sees that the certification is valid — in English and in Chinese."""

import datetime

import pytest
from django.utils import translation
from django.utils.translation import gettext

from applications.models import Profile
from criteria.models import Tier
from honor_wall.models import Certification
from tests.browser.conftest import screenshot
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = [
    ("li-na", "李娜", "Peking University", "excellent-developer"),
    ("kenji", "Kenji Sato", "Huawei", "senior-developer"),
    ("amara", "Amara Okafor", "University of Lagos", "evangelist"),
]


@pytest.fixture
def wall(seed_programme):
    for index, (handle, name, organisation, slug) in enumerate(PEOPLE):
        user = UserFactory(email=f"{handle}@example.org")
        Profile.objects.create(
            user=user,
            display_name=name,
            handle=handle,
            organisation=organisation,
            city="Beijing",
            wall_consent=True,
        )
        Certification.objects.create(
            person=user,
            tier=Tier.objects.get(slug=slug),
            awarded_on=datetime.date(2026, 3, 1) + datetime.timedelta(days=index),
        )


def words(language):
    with translation.override(language):
        return {
            "search": gettext("Search"),
            "valid": gettext("This certification is genuine and valid."),
            "verify": gettext("Verify"),
            "name_or_org": gettext("Name, handle or organisation"),
            "tier": gettext("Tier"),
        }


@pytest.mark.parametrize(("language", "locale"), [("en", "en-US"), ("zh-hans", "zh-CN")])
def test_search_filter_open_a_profile_and_verify(browser, live_server, wall, language, locale):
    t = words(language)
    context = browser.new_context(base_url=live_server.url, locale=locale)
    page = context.new_page()
    page.set_default_timeout(15_000)

    page.goto("/honor-wall/")
    assert page.locator(".person-card").count() == 3
    screenshot(page, f"wall-{language}")

    page.get_by_label(t["name_or_org"]).fill("Peking")
    page.get_by_role("button", name=t["search"], exact=True).click()
    page.wait_for_load_state("load")
    assert [h.inner_text() for h in page.locator(".person-card h2").all()] == ["李娜"]

    page.goto("/honor-wall/")
    page.locator("#id_tier").select_option("senior-developer")
    page.get_by_role("button", name=t["search"], exact=True).click()
    page.wait_for_url("**tier=senior-developer**")
    cards = page.locator(".person-card")
    assert cards.count() == 1

    cards.first.get_by_role("link").click()
    page.wait_for_url("**/honor-wall/kenji/")
    page.get_by_role("link", name=t["verify"]).first.click()
    page.wait_for_url("**/verify/**")
    status = page.locator("[data-status]")
    assert status.get_attribute("data-status") == "valid"
    assert t["valid"] in status.inner_text()
    screenshot(page, f"verify-{language}")
    context.close()
