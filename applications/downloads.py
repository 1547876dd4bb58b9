"""Serving an evidence file: the one response every view that may hand one out returns.

Who may download is decided by the view (its owner here, a reviewer of one of its applications
in ``reviews``); this module only makes the response safe.
"""

from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control

from .models import Evidence


def evidence_file_response(evidence: Evidence) -> FileResponse:
    """The file as an attachment under a neutral name, sandboxed; a 404 when there is none."""
    if not evidence.file:
        raise Http404
    extension = evidence.file.name.rsplit(".", 1)[-1]
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=f"evidence-{evidence.pk}.{extension}",
        content_type=evidence.file_type or "application/octet-stream",
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # Private: no browser or proxy cache keeps a copy.
    patch_cache_control(response, private=True, no_store=True)
    return response
