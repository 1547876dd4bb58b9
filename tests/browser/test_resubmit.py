"""Changes requested: the applicant reads the reviewer's comment on the form that resubmits,
adds evidence, resubmits, and the reviewer sees what changed."""

import pytest

from applications.workflow import Action, application_transition
from tests.browser.conftest import screenshot
from tests.browser.test_benefits_journey import log_in
from tests.factories import make_evidence, submitted

pytestmark = pytest.mark.django_db(transaction=True)

COMMENT = "Please add the merged pull request you mention in your statement."


@pytest.fixture
def sent_back(applicant, reviewer):
    application = submitted(applicant, statement="I wrote the tutorial and fixed a bug.")
    application_transition(application=application, action=Action.CLAIM, actor=reviewer)
    application_transition(
        application=application, action=Action.REQUEST_CHANGES, actor=reviewer, comment=COMMENT
    )
    return application


def test_resubmit_with_the_comment_in_view_and_the_reviewer_sees_the_change(
    browser, live_server, applicant, reviewer, sent_back
):
    pull = make_evidence(applicant, "pull_request", days_ago=2, state="merged")

    context, page = log_in(browser, live_server, applicant)
    page.goto("/me/")
    page.locator(f'[data-application="{sent_back.pk}"]').get_by_role(
        "link", name="Excellent Developer"
    ).click()
    page.get_by_role("link", name="Make changes and resubmit").click()
    page.wait_for_url(f"**/me/applications/{sent_back.pk}/edit/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Resubmit your application for Excellent Developer"
    )
    request = page.locator("[data-changes-request]")
    assert request.is_visible()
    assert COMMENT in request.inner_text()
    page.get_by_label("pull_request 2").check()
    screenshot(page, "resubmit-en")
    page.get_by_role("button", name="Resubmit").click()
    page.wait_for_url(f"**/me/applications/{sent_back.pk}/")
    context.close()

    context, page = log_in(browser, live_server, reviewer)
    page.goto(f"/reviews/{sent_back.pk}/")
    changes = page.locator("[data-changes-since]")
    assert changes.locator('[data-change="added"]').inner_text().startswith(pull.title)
    assert COMMENT in changes.inner_text()
    screenshot(page, "review-changes-since-en")
    context.close()
