"""A certified person who stayed off the wall finds their certification from the user menu,
copies its verification link, downloads the baked badge, and the badge verifies."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.factories import TEST_PASSWORD, make_person

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def holder(live_server, settings):
    settings.SITE_URL = live_server.url
    person = make_person("quiet-qin", display_name="秦悦", consent=False)
    person.set_password(TEST_PASSWORD)
    person.save()
    return person


def test_find_copy_download_and_verify_a_badge(browser, live_server, holder, tmp_path):
    certification = holder.certifications.get()
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(holder.email)
    page.locator("#id_password").fill(TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")

    page.locator(".user-menu").click()
    page.get_by_role("link", name="My certifications").click()
    page.wait_for_url("**/me/certifications/")
    card = page.locator(f'[data-certification="{certification.public_id}"]')
    assert "you have not agreed to appear on the Wall of Honor" in card.inner_text()

    card.get_by_role("button", name="Copy").click()
    # The label changes after the clipboard promise resolves: wait for it, do not sample.
    expect(card.get_by_role("button", name="Copied")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{live_server.url}/verify/{certification.public_id}/"

    with page.expect_download() as download:
        card.get_by_role("link", name="Badge (PNG)").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name.endswith(".png")
    out = io.StringIO()
    call_command("verify_credential", str(path), stdout=out)
    assert out.getvalue().startswith("VALID: 秦悦 — Excellent Developer")

    screenshot(page, "my-certifications")
    context.close()
