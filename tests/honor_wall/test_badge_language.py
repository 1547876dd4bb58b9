"""The badge's top line is in the badge's language, in the SVG and in the PNG drawn from it."""

import pytest
from django.utils import translation

from criteria.models import Tier
from honor_wall import badges

pytestmark = pytest.mark.django_db


def top_band(image):
    return image.crop((0, 30, image.width, 75)).tobytes()


def test_the_chinese_svg_badge_reads_chinese_on_top():
    tier = Tier.objects.get(slug="evangelist")

    with translation.override("zh-hans"):
        svg = badges.badge_svg(tier)

    assert ">昇思 MindSpore 认证</text>" in svg
    assert "MindSpore certified" not in svg


def test_the_png_badge_draws_the_top_line_in_the_active_language():
    tier = Tier.objects.get(slug="evangelist")

    with translation.override("en"):
        english = badges.badge_png(tier)
    with translation.override("zh-hans"):
        chinese = badges.badge_png(tier)
    with translation.override("zh-hans"):
        chinese_again = badges.badge_png(tier)

    assert top_band(chinese) == top_band(chinese_again)
    assert top_band(chinese) != top_band(english)
