"""Baked badges: the signed credential embedded in the badge image, as Open Badges 3.0 says.

PNG: one uncompressed ``iTXt`` chunk with the keyword ``openbadgecredential`` whose text is the
compact JWS. SVG: an ``openbadges:credential`` element (namespace
``https://purl.imsglobal.org/ob/v3p0``) right inside the root, with the JWS in ``verify``.
Extraction reads untrusted files: XML through defusedxml, PNG text through Pillow's limits.
"""

import io
import re

from defusedxml import ElementTree
from PIL import Image, PngImagePlugin, UnidentifiedImageError

PNG_KEYWORD = "openbadgecredential"
SVG_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class NotBaked(ValueError):
    """The file is not a badge with a credential in it."""


def bake_png(image: Image.Image, token: str) -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_itxt(PNG_KEYWORD, token, lang="", tkey="", zip=False)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", pnginfo=info)
    return buffer.getvalue()


def bake_svg(svg: str, token: str) -> str:
    """``svg`` (our badge, whose root element opens on its first line) with the credential."""
    root_end = svg.index(">", svg.index("<svg")) + 1
    opening = svg[:root_end]
    if "xmlns:openbadges" not in opening:
        opening = opening[:-1] + f' xmlns:openbadges="{SVG_NAMESPACE}">'
    element = f'\n  <openbadges:credential verify="{token}"></openbadges:credential>'
    return opening + element + svg[root_end:]


def extract_png(data: bytes) -> str:
    try:
        image = Image.open(io.BytesIO(data))
        if image.format != "PNG":
            raise NotBaked("not a PNG image")
        text = image.text  # reads every chunk, before and after the image data
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise NotBaked(f"unreadable PNG: {exc}") from None
    token = text.get(PNG_KEYWORD)
    if not token:
        raise NotBaked(f"the PNG has no {PNG_KEYWORD} iTXt chunk")
    return str(token).strip()


def extract_svg(data: bytes) -> str:
    try:
        root = ElementTree.fromstring(data)
    except Exception as exc:  # defusedxml raises its own errors besides ParseError
        raise NotBaked(f"unreadable SVG: {exc}") from None
    element = root.find(f"{{{SVG_NAMESPACE}}}credential")
    if element is None:
        raise NotBaked("the SVG has no openbadges:credential element")
    token = element.get("verify") or (element.text or "")
    if not token.strip():
        raise NotBaked("the openbadges:credential element is empty")
    return token.strip()


def extract(data: bytes) -> str:
    """The credential baked into a PNG or SVG badge (``NotBaked`` if there is none)."""
    if data.startswith(PNG_SIGNATURE):
        return extract_png(data)
    head = data[:512].lstrip().lower()
    if head.startswith(b"<?xml") or head.startswith(b"<svg") or re.search(rb"<svg[\s>]", head):
        return extract_svg(data)
    raise NotBaked("neither a PNG nor an SVG badge")
