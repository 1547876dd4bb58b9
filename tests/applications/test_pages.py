"""The applicant's pages: eligibility, applying, the dashboard; with their query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications.models import Application
from applications.models.application import State
from applications.services import application_submit
from tests.factories import certify, make_evidence, make_profile, set_state

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_pages_need_a_login(client):
    for url in ["/apply/", "/me/", "/me/evidence/", "/me/profile/", "/apply/excellent-developer/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/accounts/login/")


def test_eligibility_shows_met_items_and_missing_sentences(client, ready_applicant):
    client.force_login(ready_applicant)

    response = client.get("/apply/")

    html = response.content.decode()
    assert 'data-tier="excellent-developer" data-eligible="true"' in html
    assert 'data-tier="senior-developer" data-eligible="false"' in html
    assert 'data-item="docs" data-met="true"' in html
    assert "doc_contribution 10" in html  # the evidence that met the item, by title
    assert 'data-item="toolkit-core" data-met="false"' in html


def test_eligibility_marks_tiers_held_and_pending(client, ready_applicant, excellent):
    application = application_submit(
        applicant=ready_applicant, tier=excellent, evidence=ready_applicant.test_evidence
    )
    client.force_login(ready_applicant)
    assert "Submitted" in client.get("/apply/").content.decode()

    certify(application=application)
    assert "You hold this certification." in client.get("/apply/").content.decode()


def test_eligibility_in_chinese(client, ready_applicant):
    client.force_login(ready_applicant)

    html = client.get("/apply/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert "优秀开发者" in html
    assert "资深开发者" in html


def test_the_application_form_preselects_the_evidence_that_meets_the_rules(client, ready_applicant):
    unrelated = make_evidence(ready_applicant, "arxiv_paper")
    client.force_login(ready_applicant)

    form = client.get("/apply/excellent-developer/").context["form"]

    chosen = set(form.initial["evidence"])
    assert chosen == {e.pk for e in ready_applicant.test_evidence}
    assert unrelated.pk not in chosen


def test_applying_in_the_browser_form(client, ready_applicant):
    client.force_login(ready_applicant)

    response = client.post(
        "/apply/excellent-developer/",
        {"evidence": [e.pk for e in ready_applicant.test_evidence], "statement": "Hello"},
    )

    application = Application.objects.get()
    assert response.status_code == 302
    assert response.headers["Location"] == f"/me/applications/{application.pk}/"
    assert application.state == State.SUBMITTED


def test_posting_another_users_evidence_id_is_a_form_error(
    client, ready_applicant, other_applicant
):
    theirs = make_evidence(other_applicant, "tech_article")
    client.force_login(ready_applicant)

    response = client.post(
        "/apply/excellent-developer/",
        {"evidence": [ready_applicant.test_evidence[0].pk, theirs.pk]},
    )

    assert response.status_code == 400
    assert "evidence" in response.context["form"].errors
    assert not Application.objects.exists()


def test_an_unknown_tier_is_a_404(client, ready_applicant):
    client.force_login(ready_applicant)

    assert client.get("/apply/grand-wizard/").status_code == 404
    assert client.post("/apply/grand-wizard/", {}).status_code == 404


def test_a_refused_application_is_a_message_on_the_form(client, ready_applicant):
    client.force_login(ready_applicant)

    response = client.post("/apply/excellent-developer/", {"evidence": []})

    assert response.status_code == 400
    assert "not met" in " ".join(response.context["form"].non_field_errors())


def test_a_double_submit_creates_one_application(client, ready_applicant):
    client.force_login(ready_applicant)
    data = {"evidence": [e.pk for e in ready_applicant.test_evidence]}

    client.post("/apply/excellent-developer/", data)
    second = client.post("/apply/excellent-developer/", data)

    assert second.status_code == 400
    assert Application.objects.count() == 1


def test_withdrawing_from_the_detail_page(client, ready_applicant, excellent):
    application = application_submit(
        applicant=ready_applicant, tier=excellent, evidence=ready_applicant.test_evidence
    )
    client.force_login(ready_applicant)

    client.post(f"/me/applications/{application.pk}/withdraw/")

    application.refresh_from_db()
    assert application.state == State.WITHDRAWN


def test_withdrawing_twice_is_a_message_not_a_500(client, ready_applicant, excellent):
    application = application_submit(
        applicant=ready_applicant, tier=excellent, evidence=ready_applicant.test_evidence
    )
    client.force_login(ready_applicant)
    client.post(f"/me/applications/{application.pk}/withdraw/")

    response = client.post(f"/me/applications/{application.pk}/withdraw/", follow=True)

    assert response.status_code == 200
    assert "cannot do that" in response.content.decode()


def test_another_applicants_application_is_a_404(
    client, ready_applicant, other_applicant, excellent
):
    application = application_submit(
        applicant=ready_applicant, tier=excellent, evidence=ready_applicant.test_evidence
    )
    client.force_login(other_applicant)

    assert client.get(f"/me/applications/{application.pk}/").status_code == 404
    assert client.post(f"/me/applications/{application.pk}/withdraw/").status_code == 404
    assert Application.objects.get(pk=application.pk).state == State.SUBMITTED


def test_dashboard_shows_state_timeline_and_reviewer_comment(
    client, ready_applicant, reviewer, excellent
):
    from applications.workflow import Action, application_transition

    application = application_submit(
        applicant=ready_applicant, tier=excellent, evidence=ready_applicant.test_evidence
    )
    application_transition(application=application, action=Action.CLAIM, actor=reviewer)
    application_transition(
        application=application,
        action=Action.REQUEST_CHANGES,
        actor=reviewer,
        comment="Link the merged PR, please.",
        note="internal: looks fine otherwise",
    )
    client.force_login(ready_applicant)

    html = client.get("/me/").content.decode()

    assert "Changes requested" in html
    assert "Link the merged PR, please." in html
    assert "internal: looks fine otherwise" not in html


def add_applications(user, tiers, number):
    from criteria.models import Tier

    tier_list = list(Tier.objects.filter(certifiable=True))
    for index in range(number):
        application = Application.objects.create(applicant=user, tier=tier_list[index % 5])
        set_state(application, State.WITHDRAWN)


@pytest.mark.parametrize("url", ["/me/evidence/", "/apply/", "/me/"])
def test_query_count_does_not_grow_with_items(client, applicant, url):
    make_profile(applicant)
    make_evidence(applicant, "tech_article")
    add_applications(applicant, None, 1)
    client.force_login(applicant)
    client.get(url)  # the first request after signing in reads the account into the cache
    one = count_queries(client, url)

    for days in range(19):
        make_evidence(applicant, "doc_contribution", days_ago=days + 1)
    add_applications(applicant, None, 19)
    twenty = count_queries(client, url)

    assert one == twenty
