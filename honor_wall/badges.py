"""Badges (SVG designed here, PNG drawn from the same design) and QR codes."""

import io
from functools import lru_cache
from pathlib import Path

import segno
from django.template.loader import render_to_string
from django.utils.translation import gettext
from PIL import Image, ImageDraw, ImageFont

# Colours per track, darker with each rank: the badge reads the ladder at a glance. Each keeps
# its white text at 4.5:1 or more (WCAG AA); the evangelist track was 2.4:1 and 4.3:1 before.
PALETTES = {
    "developer": ["#1f6feb", "#1a56c4", "#123d8c"],
    "evangelist": ["#b45309", "#c2410c", "#a61e4d"],
}
CJK_FONTS = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
]


def colour(tier) -> str:
    palette = PALETTES.get(tier.track.slug, PALETTES["developer"])
    return palette[min(tier.rank, len(palette)) - 1]


def badge_svg(tier) -> str:
    """An SVG badge with the tier's name in the active language."""
    return render_to_string("honor_wall/badge.svg", {"tier": tier, "colour": colour(tier)})


@lru_cache(maxsize=4)
def _font(size: int):
    for path in CJK_FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def badge_png(tier, size=(480, 160)) -> Image.Image:
    """The same badge as a PNG, for sharing where SVG is not accepted."""
    image = Image.new("RGB", size, colour(tier))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle([8, 8, size[0] - 9, size[1] - 9], radius=18, outline="white", width=4)
    # The same top line as the SVG's, in the active language (昇思 MindSpore 认证).
    top = gettext("MindSpore certified")
    draw.text((size[0] // 2, 52), top, font=_font(28), fill="white", anchor="mm")
    draw.text((size[0] // 2, 105), tier.name, font=_font(40), fill="white", anchor="mm")
    return image


def qr_svg(url: str) -> str:
    """A QR code (inline SVG) that points at ``url``."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer, kind="svg", scale=4, border=2, xmldecl=False, svgns=True
    )
    return buffer.getvalue().decode()
