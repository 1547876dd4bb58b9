"""A certified person claims a gift with a shipping address; staff ship it; the person sees the
tracking number."""

import pytest

from benefits.models import Grant
from tests.benefits.conftest import make_offer
from tests.browser.conftest import screenshot
from tests.factories import TEST_PASSWORD, certify, totp_code

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(browser, live_server, user, second_factor=False):
    """Sign in through the form; with the authenticator app's code when asked (``second_factor``
    says it must be asked)."""
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(TEST_PASSWORD)
    page.locator("main form:has(#id_password) button[type=submit]").click()
    page.wait_for_load_state("load")
    if second_factor:
        assert "/accounts/2fa/authenticate/" in page.url
    if "/accounts/2fa/authenticate/" in page.url:  # staff sign in with their app's code
        page.get_by_label("Code").fill(totp_code(user))
        page.get_by_role("button", name="Sign In").click()
        page.wait_for_load_state("load")
        assert "/accounts/2fa/" not in page.url
    return context, page


def test_claim_a_gift_and_follow_it_to_shipping(browser, live_server, applicant, fulfiller):
    make_offer(title_en="MindSpore hoodie")
    certify(applicant)

    context, page = log_in(browser, live_server, applicant)
    page.goto("/me/benefits/")
    page.get_by_role("link", name="Claim with a shipping address").click()
    page.get_by_label("Recipient's name").fill("Li Wei")
    page.get_by_label("Phone").fill("+86 138 0000 0000")
    page.get_by_label("Address").fill("1 Zhongguancun Street, Beijing")
    page.get_by_label("Country or region").fill("China")
    page.get_by_role("button", name="Claim", exact=True).click()
    page.wait_for_url("**/me/benefits/")
    assert page.locator(".grant-status").first.inner_text() == "Claimed"
    context.close()

    context, page = log_in(browser, live_server, fulfiller, second_factor=True)
    grant = Grant.objects.get()
    page.goto(f"/benefits/offers/{grant.offer_id}/")
    assert "1 Zhongguancun Street" in page.content()
    page.get_by_label("Tracking number").fill("SF1234567890")
    page.get_by_role("button", name="Mark shipped").click()
    page.wait_for_load_state("load")
    context.close()

    context, page = log_in(browser, live_server, applicant)
    page.goto("/me/benefits/")
    assert page.locator(".tracking-number").inner_text() == "SF1234567890"
    screenshot(page, "benefits-shipped")
    context.close()
