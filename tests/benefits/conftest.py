import datetime

import pytest

from benefits.models import Offer
from criteria.models import Tier
from honor_wall.services import certification_issue
from tests.applications.conftest import make_profile

ADDRESS = {
    "name": "Li Wei",
    "phone": "+86 138 0000 0000",
    "address": "1 Zhongguancun Street, Haidian, Beijing",
    "country": "China",
}


def make_offer(kind=Offer.Kind.GIFT, tiers=("excellent-developer",), **fields):
    offer = Offer.objects.create(
        kind=kind,
        title_en=fields.pop("title_en", "MindSpore hoodie"),
        title_zh=fields.pop("title_zh", "昇思卫衣"),
        **fields,
    )
    offer.tiers.set(Tier.objects.filter(slug__in=tiers))
    return offer


def certify(user, slug="excellent-developer"):
    """Certify ``user`` the way an approval does (through the honor wall's service)."""
    from applications.models import Application

    if not hasattr(user, "profile"):
        make_profile(user)
    application = Application.objects.create(applicant=user, tier=Tier.objects.get(slug=slug))
    Application.objects.filter(pk=application.pk).update(state="approved")
    return certification_issue(application=application, approvers=[])


@pytest.fixture
def tomorrow():
    return datetime.date.today() + datetime.timedelta(days=1)
