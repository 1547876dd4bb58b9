"""A newcomer confirms their email and lands on their first steps, not the marketing page; each
step's form brings them back, ticked, until eligibility — in English and in Chinese, on a
phone-sized screen."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-and-unusual-passphrase-42"
LAST_WEEK = (datetime.date.today() - datetime.timedelta(days=7)).isoformat()
MSGIDS = {
    "sign_up": "Sign Up",
    "email": "Email",
    "password_again": "Password (again)",
    "confirm": "Confirm",
    "display_name": "display name",
    "handle": "public handle",
    "save_profile": "Save profile",
    "title": "title",
    "date": "date",
    "link": "link",
    "save": "Save",
    "getting_started": "Getting started",
    "profile_step": "Fill in your profile",
    "evidence_step": "Record your contributions",
    "eligibility_step": "Check what you qualify for, and apply",
}


def words(language):
    with translation.override(language):
        text = {key: gettext(msgid) for key, msgid in MSGIDS.items()}
    if language != "en":
        untranslated = [key for key, value in text.items() if value == MSGIDS[key]]
        assert not untranslated, untranslated
    return text


def step_done(page, key):
    return page.locator(f'[data-step="{key}"]').get_attribute("data-done") == "true"


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_newcomer_walks_the_first_steps_to_eligibility(browser, live_server, language):
    t = words(language)
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN" if language == "zh-hans" else "en-US",
        viewport={"width": 390, "height": 844},
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    email = f"first-run-{language}@example.org"

    page.goto("/accounts/signup/")
    page.get_by_label(t["email"]).fill(email)
    page.locator("#id_password1").fill(PASSWORD)
    page.get_by_label(t["password_again"]).fill(PASSWORD)
    page.get_by_role("button", name=t["sign_up"]).click()
    page.wait_for_load_state("load")
    path = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", mail.outbox[-1].body)
    page.goto(path.group(1))
    page.get_by_role("button", name=t["confirm"]).click()

    page.wait_for_url("**/me/start/")
    assert page.get_by_role("heading", level=1).inner_text() == t["getting_started"]
    # One message (the email is confirmed), not a second "signed in" stacked under it.
    assert page.locator(".messages .alert").count() == 1
    assert not step_done(page, "profile")
    screenshot(page, f"first-run-{language}")

    page.get_by_role("link", name=t["profile_step"]).click()
    page.get_by_label(t["display_name"]).fill("First Runner")
    page.get_by_label(t["handle"]).fill(f"first-runner-{language}")
    page.get_by_role("button", name=t["save_profile"]).click()
    page.wait_for_url("**/me/start/")
    assert step_done(page, "profile")
    # Linking goes through the forge's own sign-in: the step leads to the linked accounts.
    assert not step_done(page, "forge")
    forge_link = page.locator('[data-step="forge"] a')
    assert forge_link.get_attribute("href") == "/me/accounts/"

    page.get_by_role("link", name=t["evidence_step"]).click()
    page.locator("#id_kind").select_option("doc_contribution")
    page.wait_for_load_state("networkidle")
    page.get_by_label(t["title"], exact=False).first.fill("Tutorial: image classification")
    page.get_by_label(t["date"]).fill(LAST_WEEK)
    page.get_by_label(t["link"]).fill("https://www.mindspore.cn/tutorials/1")
    page.get_by_role("button", name=t["save"], exact=True).click()
    page.wait_for_url("**/me/start/")
    assert step_done(page, "evidence")
    assert not step_done(page, "eligibility")

    page.get_by_role("link", name=t["eligibility_step"]).click()
    page.wait_for_url("**/apply/")
    assert page.locator('[data-tier="excellent-developer"] [data-progress]').count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
