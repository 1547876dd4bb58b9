"""A visitor opens the home page in English, switches to Chinese, and back."""

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_in_english_then_chinese_with_the_language_switcher(page):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Developer Growth")
    screenshot(page, "home-en")

    page.get_by_label("Language").select_option("zh-hans")
    page.wait_for_load_state("load")
    page.wait_for_function("document.documentElement.lang === 'zh-hans'")

    assert "昇思" in page.get_by_role("heading", level=1).inner_text()
    assert page.get_by_text("资深布道师").first.is_visible()
    screenshot(page, "home-zh-hans")

    page.get_by_label("语言").select_option("en")
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert page.get_by_role("link", name="Log in").is_visible()


def test_home_opens_in_chinese_for_a_chinese_browser(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    page = context.new_page()
    page.goto("/")

    assert page.locator("html").get_attribute("lang") == "zh-hans"
    context.close()


def test_a_language_switch_sent_from_another_sites_page_is_refused(page, live_server):
    # A page of no origin of ours (about:blank's content) posts to the switch, as another site
    # could: the browser says so, and nothing changes.
    page.set_content(
        f'''<form method="post" action="{live_server.url}/i18n/setlang/">
        <input name="language" value="zh-hans"><input name="next" value="/">
        <button>Send</button></form>'''
    )
    page.get_by_role("button", name="Send").click()
    page.wait_for_load_state("load")

    assert page.get_by_role("heading", level=1).inner_text() == (
        "This form was sent from another site"
    )
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "en"
