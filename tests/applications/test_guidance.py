"""What the applicant's pages tell a newcomer: that a group needs only one of its items, how
many requirements are met, which evidence met an item (by title), which requirement each kind
of evidence counts for, and, when resubmitting, the reviewer's comment."""

import re

import pytest
from django.utils import translation

from applications.services import application_submit
from applications.workflow import Action, application_transition
from tests.factories import make_evidence

pytestmark = pytest.mark.django_db


def tier_card(html, slug):
    start = html.index(f'data-tier="{slug}"')
    return html[start : html.index("</article>", start)]


def test_a_group_of_alternatives_says_any_one_item_is_enough(client, applicant):
    client.force_login(applicant)

    card = tier_card(client.get("/apply/").content.decode(), "excellent-developer")

    # Both of Excellent Developer's groups are "meet any one item" in the seed.
    assert card.count("Meet any one item.") == 2
    assert "Meet every item." not in card


def test_progress_counts_the_required_groups_met(client, ready_applicant):
    client.force_login(ready_applicant)
    html = client.get("/apply/").content.decode()

    assert 'data-progress="2/2"' in tier_card(html, "excellent-developer")
    assert "2 of 2 requirements met" in tier_card(html, "excellent-developer")
    # The doc contribution and the article count for nothing in the senior tier's own group.
    senior = tier_card(html, "senior-developer")
    assert re.search(r'data-progress="1/\d"', senior), senior[:400]


def test_progress_in_chinese(client, ready_applicant):
    client.force_login(ready_applicant)

    html = client.get("/apply/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    with translation.override("zh-hans"):
        sentence = translation.ngettext(
            "%(met)s of %(total)s requirement met", "%(met)s of %(total)s requirements met", 2
        ) % {"met": 2, "total": 2}
        any_one = translation.gettext("Meet any one item.")
    assert sentence in tier_card(html, "excellent-developer")
    assert any_one != "Meet any one item." and any_one in html


def test_the_application_form_names_the_evidence_that_met_each_item(client, ready_applicant):
    client.force_login(ready_applicant)

    html = client.get("/apply/excellent-developer/").content.decode()

    assert "Met by: doc_contribution 10" in html
    assert "Met by: #" not in html


def requested_changes(applicant, tier, reviewer, comment):
    application = application_submit(
        applicant=applicant, tier=tier, evidence=applicant.test_evidence
    )
    application_transition(application=application, action=Action.CLAIM, actor=reviewer)
    application_transition(
        application=application,
        action=Action.REQUEST_CHANGES,
        actor=reviewer,
        comment=comment,
        note="internal only",
    )
    return application


def test_resubmitting_shows_the_reviewers_comment_and_says_what_it_is(
    client, ready_applicant, reviewer, excellent
):
    application = requested_changes(ready_applicant, excellent, reviewer, "Link the merged PR.")
    client.force_login(ready_applicant)

    html = client.get(f"/me/applications/{application.pk}/edit/").content.decode()

    assert '<h1 class="h3">Resubmit your application for Excellent Developer</h1>' in html
    assert "Apply for Excellent Developer" not in html
    assert "The reviewer asked for changes" in html
    assert "Link the merged PR." in html
    assert "internal only" not in html
    assert "Met by: doc_contribution 10" in html


def test_a_draft_is_not_called_a_resubmission(client, ready_applicant, excellent):
    draft = application_submit(
        applicant=ready_applicant,
        tier=excellent,
        evidence=ready_applicant.test_evidence,
        draft=True,
    )
    client.force_login(ready_applicant)

    html = client.get(f"/me/applications/{draft.pk}/edit/").content.decode()

    assert "Your draft application for Excellent Developer" in html
    assert "The reviewer asked for changes" not in html


def test_the_kinds_are_grouped_by_the_first_tier_that_counts_them(client, applicant):
    client.force_login(applicant)

    html = client.get("/me/evidence/new/").content.decode()

    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', html, re.S)
    by_group = {label: re.findall(r'value="(\w+)"', body) for label, body in groups}
    assert "doc_contribution" in by_group["Excellent Developer"]
    assert "arxiv_paper" in by_group["Senior Developer"]
    assert "training_session" in by_group["Evangelist Reserve"]
    every = [kind for kinds in by_group.values() for kind in kinds]
    assert len(every) == len(set(every))


def test_the_chosen_kind_says_which_requirements_it_counts_for(client, applicant):
    client.force_login(applicant)

    response = client.get(
        "/me/evidence/new/?kind=tech_article", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="kind-fields"
    )

    partial = response.content.decode()
    assert "<html" not in partial
    start = partial.index('id="kind-counts-for"')
    hint = partial[start : partial.index("</div>", start)]
    assert "Counts for:" in hint
    for tier_name in ("Excellent Developer", "Evangelist Reserve", "Evangelist"):
        assert f"<strong>{tier_name}</strong>" in hint
    assert "Senior Developer" not in hint


def test_the_kinds_hint_follows_a_kind_chosen_without_javascript(client, applicant):
    make_evidence(applicant, "tech_article")
    client.force_login(applicant)

    html = client.post(
        "/me/evidence/new/", {"kind": "arxiv_paper", "change_kind": "1"}
    ).content.decode()

    start = html.index('id="kind-counts-for"')
    assert "<strong>Senior Developer</strong>" in html[start : html.index("</div>", start)]
    assert 'aria-describedby="kind-counts-for"' in html
