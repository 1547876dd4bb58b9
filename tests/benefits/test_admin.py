"""The offer admin: how many people a new offer reaches, said before saving; certifiable tiers
only; one "Accounts" section."""

import pytest
from django.core import mail

from benefits.models import Grant, Offer
from criteria.models import Tier
from notifications.models import Notification
from tests.factories import UserFactory, certify

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def offer_form(*tier_slugs, **fields):
    return {
        "kind": "gift",
        "title_en": "MindSpore hoodie",
        "title_zh": "昇思卫衣",
        "description_en": "",
        "description_zh": "",
        "tiers": [str(Tier.objects.get(slug=slug).pk) for slug in tier_slugs],
        "quota": "",
        "claim_deadline": "",
        "event_name": "",
        "event_place": "",
        "event_date": "",
        "is_open": "on",
        **fields,
    }


@pytest.fixture
def three_holders():
    people = [UserFactory() for _ in range(3)]
    for person in people:
        certify(person, "excellent-developer")
    certify(UserFactory(), "evangelist")
    return people


def test_saving_a_new_offer_first_says_how_many_people_it_reaches(admin_client, three_holders):
    response = admin_client.post("/admin/benefits/offer/add/", offer_form("excellent-developer"))

    assert response.status_code == 200
    assert 'data-reach="3"' in response.content.decode()
    assert "3 people" in response.content.decode()
    assert not Offer.objects.exists()
    assert not Notification.objects.filter(kind="benefit_granted").exists()


def test_confirming_saves_grants_and_emails_everyone(
    admin_client, three_holders, django_capture_on_commit_callbacks
):
    form = offer_form("excellent-developer") | {"_confirm_reach": "3"}

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = admin_client.post("/admin/benefits/offer/add/", form)

    assert response.status_code == 302
    offer = Offer.objects.get()
    assert set(Grant.objects.filter(offer=offer).values_list("person", flat=True)) == {
        person.pk for person in three_holders
    }
    assert Notification.objects.filter(kind="benefit_granted").count() == 3
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        person.email for person in three_holders
    )
    assert len(callbacks) == 1  # three emails, one batch, one task


def test_an_offer_nobody_holds_yet_saves_at_once(admin_client, three_holders):
    response = admin_client.post("/admin/benefits/offer/add/", offer_form("senior-developer"))

    assert response.status_code == 302
    assert Offer.objects.get().tiers.get().slug == "senior-developer"


def test_a_closed_offer_reaches_nobody_and_saves_at_once(admin_client, three_holders):
    form = offer_form("excellent-developer")
    del form["is_open"]

    response = admin_client.post("/admin/benefits/offer/add/", form)

    assert response.status_code == 302
    assert not Grant.objects.exists()


def test_editing_counts_only_people_not_yet_granted(admin_client, three_holders):
    admin_client.post(
        "/admin/benefits/offer/add/", offer_form("excellent-developer") | {"_confirm_reach": "3"}
    )
    offer = Offer.objects.get()
    certify(UserFactory(), "evangelist-reserve")

    response = admin_client.post(
        f"/admin/benefits/offer/{offer.pk}/change/",
        offer_form("excellent-developer", "evangelist", "evangelist-reserve"),
    )

    assert response.status_code == 200
    assert 'data-reach="2"' in response.content.decode()


def test_a_form_error_shows_the_form_not_the_confirmation(admin_client, three_holders):
    response = admin_client.post(
        "/admin/benefits/offer/add/", offer_form("excellent-developer", title_en="")
    )

    assert response.status_code == 200
    assert "data-reach" not in response.content.decode()
    assert "title_en" in response.context["adminform"].form.errors


def test_the_tier_picker_lists_only_certifiable_tiers(admin_client):
    response = admin_client.get("/admin/benefits/offer/add/")

    choices = {
        str(label) for _value, label in response.context["adminform"].form.fields["tiers"].choices
    }
    assert "Excellent Developer" in choices
    assert "Developer" not in choices


def test_the_developer_tier_is_refused_with_a_message(admin_client):
    response = admin_client.post("/admin/benefits/offer/add/", offer_form("developer"))

    assert response.status_code == 200
    assert "tiers" in response.context["adminform"].form.errors
    assert not Offer.objects.exists()


def test_the_admin_has_one_accounts_section(admin_client):
    response = admin_client.get("/admin/")

    names = [str(app["name"]) for app in response.context["app_list"]]
    assert names.count("Accounts") == 1
    assert "Users" in names
