"""Where uploaded files live: outside the static tree, served only by permission-checking views."""

import os
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils.functional import cached_property


class PrivateStorage(FileSystemStorage):
    """``MEDIA_ROOT/private``, with no public address. Follows ``MEDIA_ROOT`` when a setting
    changes (Django clears ``base_location`` then), so tests can point it at a temporary dir."""

    def __init__(self):
        super().__init__(base_url=None)

    @cached_property
    def base_location(self):
        return os.path.join(settings.MEDIA_ROOT, "private")


def private_storage():
    """The ``private`` storage of ``settings.STORAGES`` (this filesystem one, or S3 in production).

    A callable, so migrations record this function rather than a path on one machine.
    """
    return storages["private"]


def evidence_upload_to(instance, filename):
    # The stored name never comes from the uploader: a random name with the detected extension.
    extension = getattr(instance, "_detected_extension", "bin")
    return f"evidence/{instance.owner_id}/{uuid.uuid4().hex}.{extension}"


def avatar_upload_to(instance, filename):
    return f"avatars/{uuid.uuid4().hex}.png"
