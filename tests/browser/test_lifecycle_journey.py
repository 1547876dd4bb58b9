"""A holder near the end of their certification renews it from their page; programme staff
check a small CSV of existing certifications and issue it."""

import datetime

import pytest
from playwright.sync_api import expect

from applications.models import Application
from honor_wall.models import Certification
from tests.browser.conftest import screenshot
from tests.browser.test_benefits_journey import log_in
from tests.factories import (
    UserFactory,
    certify,
    excellent_evidence,
    make_profile,
    staff_factory,
    today,
)

pytestmark = pytest.mark.django_db(transaction=True)

DAY = datetime.timedelta(days=1)


def test_a_holder_near_the_end_renews(browser, live_server):
    person = UserFactory(email="renewing-ren@example.org")
    make_profile(person, "renewing-ren", wall_consent=True)
    certification = certify(person, awarded_on=today() - 700 * DAY, expires_on=today() + 20 * DAY)
    evidence = excellent_evidence(person)

    context, page = log_in(browser, live_server, person)
    page.goto("/me/certifications/")
    card = page.locator(f'[data-certification="{certification.public_id}"]')
    expect(card.locator('[data-renewal="open"]')).to_be_visible()
    card.get_by_role("link", name="Renew").click()

    page.wait_for_url(f"**/me/certifications/{certification.public_id}/renew/")
    for item in evidence:  # the evidence of the period, picked already
        expect(page.locator(f'input[name="evidence"][value="{item.pk}"]')).to_be_checked()
    expect(page.get_by_text("Your evidence meets the requirements.")).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "renew-form-390")
    page.get_by_role("button", name="Submit renewal").click()

    page.wait_for_url("**/me/applications/*/")
    expect(page.locator('[data-kind="renewal"]').first).to_be_visible()
    renewal = Application.objects.get(applicant=person, kind=Application.Kind.RENEWAL)
    assert renewal.state == Application.State.SUBMITTED
    page.goto("/me/certifications/")
    expect(page.locator('[data-renewal="in-progress"]')).to_be_visible()
    context.close()


def test_staff_dry_run_and_issue_a_small_csv(browser, live_server, tmp_path):
    staff = staff_factory(email="importing-staff@example.org")
    member = UserFactory(email="member@example.org")
    path = tmp_path / "existing.csv"
    path.write_text(
        "email,name,tier,awarded_on,handle\n"
        "member@example.org,Member,evangelist,2025-09-01,\n"
        "zhang@example.org,张伟,excellent-developer,2025-10-01,zhang-wei\n"
        "nobody@example.org,Nobody,wizard,2025-10-01,\n",
        encoding="utf-8-sig",
    )

    context, page = log_in(browser, live_server, staff, second_factor=True)
    page.goto("/certifications/import/")
    page.get_by_label("CSV file").set_input_files(str(path))
    page.get_by_label("Language of the invitations").select_option("zh-hans")
    page.get_by_role("button", name="Check the file").click()

    page.wait_for_url("**/certifications/import/*/")
    expect(
        page.get_by_text("Dry run: 2 would be issued, 0 already there, 1 refused.")
    ).to_be_visible()
    expect(page.locator('[data-line="4"][data-outcome="refused"]')).to_contain_text("wizard")
    assert not Certification.objects.exists()
    screenshot(page, "import-dry-run")
    page.get_by_role("button", name="Issue 2 certifications").click()

    expect(page.get_by_text("Done: 2 issued, 0 already there, 1 refused.")).to_be_visible()
    assert Certification.objects.get(person=member).tier.slug == "evangelist"
    waiting = Certification.objects.get(imported_email="zhang@example.org")
    assert waiting.person is None
    screenshot(page, "import-done")
    context.close()
