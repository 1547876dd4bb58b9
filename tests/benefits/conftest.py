import datetime

import pytest

from benefits.models import Offer
from criteria.models import Tier

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


@pytest.fixture
def tomorrow():
    return datetime.date.today() + datetime.timedelta(days=1)
