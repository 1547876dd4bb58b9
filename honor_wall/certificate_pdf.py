"""The certificate as a PDF (A4 landscape): name, tier, date, id and a QR code to verify it.

ReportLab's built-in CID font draws Chinese names without shipping font files.
"""

import io

import segno
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
BLUE = HexColor("#1a56c4")


def _draw_qr(pdf, url: str, x: float, y: float, size: float) -> None:
    matrix = segno.make(url, error="m").matrix
    cell = size / len(matrix)
    for row, line in enumerate(matrix):
        for column, dark in enumerate(line):
            if dark:
                pdf.rect(
                    x + column * cell, y + size - (row + 1) * cell, cell, cell, stroke=0, fill=1
                )


def certificate_pdf(*, name: str, tier_en: str, tier_zh: str, awarded: str, public_id: str,
                    verify_url: str) -> bytes:  # fmt: skip
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(f"MindSpore certificate: {tier_en}")
    pdf.setStrokeColor(BLUE)
    pdf.setLineWidth(6)
    pdf.rect(24, 24, width - 48, height - 48)
    pdf.setFillColor(HexColor("#555555"))
    pdf.setFont(FONT, 14)
    pdf.drawCentredString(width / 2, height - 90, "MindSpore Developer Growth Incentive System")
    pdf.drawCentredString(width / 2, height - 110, "昇思 MindSpore 开发者成长激励体系")
    pdf.setFillColor(HexColor("#000000"))
    pdf.setFont(FONT, 40)
    pdf.drawCentredString(width / 2, height - 175, "Certificate · 证书")
    pdf.setFont(FONT, 16)
    pdf.drawCentredString(width / 2, height - 220, "This certifies that · 兹证明")
    pdf.setFont(FONT, 30)
    pdf.drawCentredString(width / 2, height - 265, name)
    pdf.setFont(FONT, 16)
    pdf.drawCentredString(width / 2, height - 305, "is certified as · 获得认证")
    pdf.setFillColor(BLUE)
    pdf.setFont(FONT, 26)
    pdf.drawCentredString(width / 2, height - 345, f"{tier_en} · {tier_zh}")
    pdf.setFillColor(HexColor("#000000"))
    pdf.setFont(FONT, 13)
    pdf.drawCentredString(width / 2, height - 380, f"Awarded · 颁发日期: {awarded}")
    _draw_qr(pdf, verify_url, width - 170, 50, 110)
    pdf.setFont(FONT, 9)
    pdf.drawString(50, 70, f"Verify · 验证: {verify_url}")
    pdf.drawString(50, 56, f"ID: {public_id}")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
