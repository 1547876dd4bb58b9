"""The certificate PDF: every character of both languages is in an embedded font, reads back as
text, and renders (poppler's pdffonts and pdftoppm, the tools a print shop would use)."""

import io
import os
import shutil
import subprocess

import pytest
from PIL import Image
from pypdf import PdfReader

from honor_wall.certificate_pdf import certificate_pdf
from tests.factories import make_person

ARGS = {
    "name": "王芳 Wang Fang",
    "tier_en": "Senior Evangelist",
    "tier_zh": "资深布道师",
    "awarded": "2026-03-05",
    "public_id": "5f0c7a52-2f0e-4e0b-9d7f-9f8c0a4c1e11",
    "verify_url": "https://growth.example.org/verify/5f0c7a52-2f0e-4e0b-9d7f-9f8c0a4c1e11/",
}


def poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        message = f"{tool} not found (apt-get install poppler-utils)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return certificate_pdf(**ARGS)


def test_every_line_reads_back_in_both_languages(pdf):
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()

    for line in [
        "MindSpore Developer Growth Incentive System",
        "昇思 MindSpore 开发者成长激励体系",
        "Certificate · 证书",
        "This certifies that · 兹证明",
        "王芳 Wang Fang",
        "is certified as · 获得认证",
        "Senior Evangelist · 资深布道师",
        "Awarded · 颁发日期：2026-03-05",
        f"Verify · 验证：{ARGS['verify_url']}",
        f"ID: {ARGS['public_id']}",
    ]:
        assert line in text


def test_the_fonts_are_embedded_truetype(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    fonts = reader.pages[0]["/Resources"]["/Font"]

    descriptors = []
    for font in fonts.values():
        font = font.get_object()
        assert font["/Subtype"] in ("/TrueType", "/Type0")
        if "/DescendantFonts" in font:
            font = font["/DescendantFonts"][0].get_object()
        descriptors.append(font["/FontDescriptor"].get_object())
    assert descriptors
    assert all("/FontFile2" in descriptor for descriptor in descriptors)


def test_poppler_sees_every_font_embedded(pdf, tmp_path):
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)

    listing = subprocess.run(
        [poppler("pdffonts"), str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]

    assert listing, "the PDF uses no font"
    for line in listing:
        columns = line.split()
        # name type encoding emb sub uni object ID: emb, sub and uni are all "yes".
        assert columns[-5:-2] == ["yes", "yes", "yes"], line


def test_a_page_renders_with_text_where_the_title_is(pdf, tmp_path):
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)

    subprocess.run(
        [poppler("pdftoppm"), "-png", "-r", "60", "-singlefile", str(path), str(tmp_path / "p")],
        check=True,
    )

    image = Image.open(tmp_path / "p.png").convert("L")
    width, height = image.size
    assert width > height  # A4 landscape
    title = image.crop((width // 4, int(height * 0.22), 3 * width // 4, int(height * 0.32)))
    dark = sum(1 for value in title.getdata() if value < 100)
    assert dark > 200, "nothing drawn where the title should be"


def test_the_download_speaks_both_languages(client, db):
    certification = make_person("li-na", display_name="李娜").certifications.get()

    response = client.get(f"/verify/{certification.public_id}/certificate.pdf")

    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "李娜" in text
    assert "Excellent Developer · 优秀开发者" in text
