"""A new person signs in with Gitee (the stand-in forge, over real HTTP), their contributions
arrive as imported evidence, a declared article completes Excellent Developer, they apply; the
reviewer sees which evidence the forge vouches for.

The stand-in is the one ``.ci/run`` starts for the Celery worker (``STANDIN_FORGE_URL``), so the
worker's import reads the same forge the browser signed in at; without it, the test starts its
own and the import runs eagerly in the live server."""

import copy
import importlib
import os
import re
import time

import pytest
from django.apps import apps as django_apps
from django.core import mail
from playwright.sync_api import expect

from applications.models import Application, Evidence
from forges.standin.server import CLIENT_IDS, CLIENT_SECRET, serve_in_thread
from tests.browser.conftest import screenshot
from tests.browser.test_benefits_journey import log_in
from tests.factories import reviewer_factory

pytestmark = pytest.mark.django_db(transaction=True)

SEED_ORGANISATIONS = importlib.import_module("forges.migrations.0002_seed_organisations")


@pytest.fixture
def standin(settings):
    server = None
    root = os.environ.get("STANDIN_FORGE_URL", "").rstrip("/")
    if not root:
        server, root = serve_in_thread()
    settings.GITEE_OAUTH_URL = f"{root}/gitee"
    settings.GITEE_API_URL = f"{root}/gitee/api/v5"
    providers = copy.deepcopy(settings.SOCIALACCOUNT_PROVIDERS)
    providers["gitee"]["APPS"] = [{"client_id": CLIENT_IDS["gitee"], "secret": CLIENT_SECRET}]
    providers["github"]["APPS"] = []
    settings.SOCIALACCOUNT_PROVIDERS = providers
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"] = ["'self'", settings.GITEE_OAUTH_URL]
    settings.CONTENT_SECURITY_POLICY = policy
    # A transactional test's flush took the seeded organisations with it.
    SEED_ORGANISATIONS.seed(django_apps, None)
    yield root
    if server is not None:
        server.shutdown()
        server.server_close()


def imported_on_the_evidence_page(page, count, seconds=60):
    """Reload the evidence page until ``count`` items say they came from Gitee (a real worker
    imports in the background)."""
    badges = page.get_by_text("Imported from Gitee")
    deadline = time.monotonic() + seconds
    while True:
        page.goto("/me/evidence/")
        if badges.count() >= count or time.monotonic() > deadline:
            return badges.count()
        time.sleep(0.5)


def test_sign_in_with_gitee_import_qualify_apply_and_review(browser, live_server, standin):
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)

    page.goto("/accounts/login/")
    page.get_by_role("button", name="Sign in with Gitee").click()
    page.wait_for_url(f"{standin}/gitee/oauth/authorize*")
    expect(page.get_by_label(re.compile(r"^li-wei "))).to_be_checked()
    screenshot(page, "forge-standin-authorize")
    page.get_by_role("button", name="Authorize").click()

    page.wait_for_url("**/accounts/3rdparty/signup/")
    expect(page.get_by_text("li-wei")).to_be_visible()
    page.get_by_label("Email").fill("li.wei@example.org")
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_load_state("load")
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", mail.outbox[-1].body)
    page.goto(link.group(1))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/me/start/")

    page.goto("/me/profile/")
    page.get_by_label("Display name").fill("Li Wei")
    page.get_by_label("Public handle").fill("li-wei")
    page.get_by_role("button", name="Save profile").click()
    page.wait_for_url("**/me/profile/")

    # Two merged pull requests and three issues, as the stand-in forge has them for li-wei.
    assert imported_on_the_evidence_page(page, 5) == 5
    expect(page.get_by_text("新增 MindSpore Lite 端侧推理教程").first).to_be_visible()
    screenshot(page, "forge-imported-evidence")

    page.goto("/apply/")
    card = page.locator('[data-tier="excellent-developer"]')
    assert card.get_attribute("data-eligible") == "false"  # the influence half is missing

    page.goto("/me/evidence/new/")
    page.get_by_label("Kind").select_option("tech_article")
    page.wait_for_load_state("networkidle")
    page.get_by_label("Title", exact=False).first.fill("Deploying MindSpore Lite on a phone")
    page.get_by_label("Date").fill(Evidence.objects.filter(forge="gitee").first().date.isoformat())
    page.get_by_label("Link").fill("https://www.mindspore.cn/news/2")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/me/evidence/")

    page.goto("/apply/")
    assert card.get_attribute("data-eligible") == "true"
    card.get_by_role("link", name="Apply for Excellent Developer").click()
    page.get_by_role("button", name="Submit application").click()
    page.wait_for_url("**/me/applications/*/")
    context.close()

    application = Application.objects.get(applicant__email="li.wei@example.org")
    evidence = application.evidence.all()
    imported = sum(1 for item in evidence if item.source == Evidence.Source.IMPORTED)
    assert 0 < imported < len(evidence)  # both kinds went into the application

    reviewer = reviewer_factory(email="forge-reviewer@example.org")
    context, page = log_in(browser, live_server, reviewer, second_factor=True)
    page.goto("/reviews/")
    row = page.locator("tr", has_text="Li Wei")
    expect(row).to_contain_text(f"forge-verified {imported} of {len(evidence)}")
    page.goto(f"/reviews/{application.pk}/")
    # Grouped: the forge's items under one heading, the declared ones under another.
    items = page.locator("[data-provenance-group] [data-evidence]")
    expect(items.filter(has_text="Imported from Gitee")).to_have_count(imported)
    expect(items.filter(has_text="Declared by the applicant")).to_have_count(
        len(evidence) - imported
    )
    groups = page.locator("[data-provenance-group]")
    expect(groups).to_have_count(2)
    screenshot(page, "forge-review-provenance")
    context.close()
