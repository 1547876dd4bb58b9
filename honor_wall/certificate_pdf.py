"""The certificate as a PDF (A4 landscape): name, tier, date, id and a QR code to verify it.

Every glyph comes from one TrueType font with Latin and Chinese (``CERTIFICATE_FONT_FILE``),
embedded (subset) in the PDF, so it prints the same everywhere. ReportLab embeds TrueType
outlines only: CFF-based OpenType such as Noto CJK will not load. Without the font the PDF falls
back to a standard CID font that viewers substitute and that lacks some glyphs ("·"); the
system check ``honor_wall.W002`` says so.
"""

import io
import logging
from functools import cache
from pathlib import Path

import segno
from django.conf import settings
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen import canvas

logger = logging.getLogger(__name__)

EMBEDDED_FONT = "CertificateSans"
FALLBACK_FONT = "STSong-Light"
BLUE = HexColor("#1a56c4")


def font_available(path: str | None = None) -> bool:
    return Path(path or settings.CERTIFICATE_FONT_FILE).is_file()


@cache
def _font(path: str) -> str:
    """Register the certificate font once per file and return its name."""
    try:
        pdfmetrics.registerFont(TTFont(EMBEDDED_FONT, path, subfontIndex=0))
        return EMBEDDED_FONT
    except (OSError, TTFError) as exc:
        logger.warning(
            "certificate font %s unusable (%s); falling back to %s", path, exc, FALLBACK_FONT
        )
        pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_FONT))
        return FALLBACK_FONT


def _draw_qr(pdf, url: str, x: float, y: float, size: float) -> None:
    matrix = segno.make(url, error="m").matrix
    cell = size / len(matrix)
    for row, line in enumerate(matrix):
        for column, dark in enumerate(line):
            if dark:
                pdf.rect(
                    x + column * cell, y + size - (row + 1) * cell, cell, cell, stroke=0, fill=1
                )


def certificate_pdf(
    *, name: str, tier_en: str, tier_zh: str, awarded: str, public_id: str, verify_url: str
) -> bytes:
    font = _font(settings.CERTIFICATE_FONT_FILE)
    buffer = io.BytesIO()
    width, height = landscape(A4)
    # The canvas starts in its own font (Helvetica, not embedded) unless told otherwise.
    pdf = canvas.Canvas(buffer, pagesize=(width, height), initialFontName=font)
    pdf.setTitle(f"MindSpore certificate: {tier_en}")
    pdf.setStrokeColor(BLUE)
    pdf.setLineWidth(6)
    pdf.rect(24, 24, width - 48, height - 48)
    pdf.setFillColor(HexColor("#555555"))
    pdf.setFont(font, 14)
    pdf.drawCentredString(width / 2, height - 90, "MindSpore Developer Growth Incentive System")
    pdf.drawCentredString(width / 2, height - 110, "昇思 MindSpore 开发者成长激励体系")
    pdf.setFillColor(HexColor("#000000"))
    pdf.setFont(font, 40)
    pdf.drawCentredString(width / 2, height - 175, "Certificate · 证书")
    pdf.setFont(font, 16)
    pdf.drawCentredString(width / 2, height - 220, "This certifies that · 兹证明")
    pdf.setFont(font, 30)
    pdf.drawCentredString(width / 2, height - 265, name)
    pdf.setFont(font, 16)
    pdf.drawCentredString(width / 2, height - 305, "is certified as · 获得认证")
    pdf.setFillColor(BLUE)
    pdf.setFont(font, 26)
    pdf.drawCentredString(width / 2, height - 345, f"{tier_en} · {tier_zh}")
    pdf.setFillColor(HexColor("#000000"))
    pdf.setFont(font, 13)
    pdf.drawCentredString(width / 2, height - 380, f"Awarded · 颁发日期：{awarded}")
    _draw_qr(pdf, verify_url, width - 170, 50, 110)
    pdf.setFont(font, 9)
    pdf.drawString(50, 70, f"Verify · 验证：{verify_url}")
    pdf.drawString(50, 56, f"ID: {public_id}")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
