"""Validation of uploaded files by their content, never by their name or declared type."""

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
MAX_AVATAR_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str


PDF = FileType("pdf", "application/pdf")
PNG = FileType("png", "image/png")
JPEG = FileType("jpg", "image/jpeg")


def sniff(head: bytes) -> FileType | None:
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    return None


def validate_evidence_file(upload) -> FileType:
    """Accept a PDF, PNG or JPEG of at most 10 MB, judged by its bytes; return its type."""
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."), code="too_large")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = sniff(head)
    if kind is None:
        raise ValidationError(
            _("Only PDF, PNG and JPEG files are accepted; this file is none of them."),
            code="bad_type",
        )
    if kind is PDF:
        upload.seek(max(upload.size - 2048, 0))
        tail = upload.read()
        upload.seek(0)
        if b"%%EOF" not in tail:
            raise ValidationError(_("This PDF file is damaged or incomplete."), code="bad_pdf")
    else:
        _verify_image(upload)
    return kind


# 40 megapixels: any photo or screenshot, far below what would exhaust a worker's memory.
MAX_IMAGE_PIXELS = 40_000_000


def _verify_image(upload) -> None:
    try:
        with Image.open(upload) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise ValidationError(_("The image is too large (in pixels)."), code="too_big")
            image.verify()
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ) as exc:
        raise ValidationError(_("This image file is damaged."), code="bad_image") from exc
    finally:
        upload.seek(0)


def without_metadata(upload, kind: FileType) -> ContentFile:
    """The uploaded PNG or JPEG drawn again without its metadata (EXIF: GPS position, camera,
    time; text chunks, XMP), turned upright first since the orientation tag goes too. Only the
    colour profile stays. ``upload`` must have passed ``validate_evidence_file``."""
    upload.seek(0)
    with Image.open(upload) as image:
        icc_profile = image.info.get("icc_profile")
        upright = ImageOps.exif_transpose(image)
        buffer = io.BytesIO()
        options = {"icc_profile": icc_profile} if icc_profile else {}
        if kind is JPEG:
            if upright.mode not in ("RGB", "L", "CMYK"):
                upright = upright.convert("RGB")
            upright.save(buffer, format="JPEG", quality=95, **options)
        else:
            upright.save(buffer, format="PNG", optimize=True, **options)
    upload.seek(0)
    return ContentFile(buffer.getvalue(), name=upload.name)
