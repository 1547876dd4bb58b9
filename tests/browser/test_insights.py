"""Programme staff open the insight dashboard in English and in Chinese: every chart draws on
a canvas, its table is there, the browser reports no error (the CSP holds); a visitor sees the
public figures load into the programme page."""

import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from insights.selectors import Dashboard
from tests.browser.conftest import screenshot
from tests.browser.test_benefits_journey import log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def programme(seed_programme):
    """A little history through loaddemo (which also computes the rollups)."""
    call_command("loaddemo", "--people", "30", stdout=open("/dev/null", "w"))  # noqa: SIM115


def watch(page):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


@pytest.mark.parametrize(("language", "width"), [("en", 1280), ("zh-hans", 390)])
def test_every_chart_draws_with_its_table_and_no_error(
    browser, live_server, programme, staff, language, width
):
    context, page = log_in(browser, live_server, staff)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.set_viewport_size({"width": width, "height": 900})
    errors = watch(page)

    page.goto("/insights/")

    charts = len(Dashboard.CHARTS["programme"])
    expect(page.locator("[data-chart-ready] canvas")).to_have_count(charts)
    assert page.locator(".insight-chart table").count() == charts
    with translation.override(language):
        assert page.locator("h1").inner_text() == gettext("Programme insight")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.locator(".chart-numbers summary").first.click()
    expect(page.locator(".chart-numbers table").first).to_be_visible()
    screenshot(page, f"insights-{language}-{width}")
    assert errors == []
    context.close()


def test_the_public_figures_load_into_the_programme_page(browser, live_server, programme):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    context.add_cookies([{"name": "django_language", "value": "zh-hans", "url": live_server.url}])
    page = context.new_page()
    errors = watch(page)

    page.goto("/programme/")

    expect(page.locator("#programme-figures [data-chart-ready] canvas")).to_have_count(2)
    assert page.locator("#programme-figures table").count() == 2
    screenshot(page, "programme-figures-zh-hans")
    assert errors == []
    context.close()
