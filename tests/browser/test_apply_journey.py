"""A new person signs up, fills the profile, records evidence, sees Excellent Developer become
eligible, applies, and follows the application on the dashboard — in English and in Chinese."""

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

TEXT = {
    "en": {
        "sign_up": "Sign Up",
        "email": "Email",
        "password": "Password",
        "password_again": "Password (again)",
        "confirm": "Confirm",
        "display_name": "Display name",
        "handle": "Public handle",
        "save_profile": "Save profile",
        "kind": "Kind",
        "title": "Title",
        "date": "Date",
        "link": "Link",
        "save": "Save",
        "eligible": "Eligible",
        "apply": "Apply for Excellent Developer",
        "submit": "Submit application",
        "submitted": "Submitted",
    },
}
# The Chinese UI's words come from the catalogue itself, so a better translation never breaks
# the test; what the test proves is that every one of them is translated and on the page.
MSGIDS = {
    "sign_up": "Sign Up",
    "email": "Email",
    "password_again": "Password (again)",
    "confirm": "Confirm",
    "display_name": "display name",
    "handle": "public handle",
    "save_profile": "Save profile",
    "kind": "kind",
    "title": "title",
    "date": "date",
    "link": "link",
    "save": "Save",
    "eligible": "Eligible",
    "submit": "Submit application",
    "submitted": "Submitted",
}


def chinese_text():
    with translation.override("zh-hans"):
        text = {key: gettext(msgid) for key, msgid in MSGIDS.items()}
        text["apply"] = gettext("Apply for %(tier)s") % {"tier": "优秀开发者"}
    untranslated = [key for key, value in text.items() if value == MSGIDS.get(key)]
    assert not untranslated, untranslated
    return text


def confirmation_path():
    match = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def add_evidence(page, t, kind, title):
    page.goto("/me/evidence/new/")
    page.get_by_label(t["kind"]).select_option(kind)
    page.wait_for_load_state("networkidle")
    page.get_by_label(t["title"], exact=False).first.fill(title)
    page.get_by_label(t["date"]).fill(LAST_WEEK)
    page.get_by_label(t["link"]).fill("https://www.mindspore.cn/news/1")
    page.get_by_role("button", name=t["save"], exact=True).click()
    page.wait_for_url("**/me/evidence/")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_sign_up_record_evidence_and_apply(browser, live_server, language):
    t = TEXT["en"] if language == "en" else chinese_text()
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN" if language == "zh-hans" else "en-US"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    email = f"newcomer-{language}@example.org"

    page.goto("/accounts/signup/")
    page.get_by_label(t["email"]).fill(email)
    # "Password" is a prefix of "Password (again)": the first field is found by its id.
    page.locator("#id_password1").fill(PASSWORD)
    page.get_by_label(t["password_again"]).fill(PASSWORD)
    page.get_by_role("button", name=t["sign_up"]).click()
    page.wait_for_load_state("load")
    page.goto(confirmation_path())
    page.get_by_role("button", name=t["confirm"]).click()
    page.wait_for_load_state("load")

    page.goto("/me/profile/")
    page.get_by_label(t["display_name"]).fill("Newcomer")
    page.get_by_label(t["handle"]).fill(f"newcomer-{language}")
    page.get_by_role("button", name=t["save_profile"]).click()
    page.wait_for_url("**/me/profile/")

    add_evidence(page, t, "doc_contribution", "Tutorial: image classification")
    add_evidence(page, t, "tech_article", "How I trained ResNet with MindSpore")

    page.goto("/apply/")
    card = page.locator('[data-tier="excellent-developer"]')
    assert card.get_attribute("data-eligible") == "true"
    assert card.locator(".eligibility").inner_text() == t["eligible"]
    screenshot(page, f"apply-{language}")

    card.get_by_role("link", name=t["apply"]).click()
    page.get_by_role("button", name=t["submit"]).click()
    page.wait_for_url("**/me/applications/*/")

    page.goto("/me/")
    assert page.locator(".state-submitted").first.inner_text() == t["submitted"]
    screenshot(page, f"dashboard-{language}")
    context.close()
