"""Services for a person's own profile and data: save the profile with a validated avatar,
export everything held about them, delete the account.

Evidence and applications have theirs in ``services``; both are called by views, never the
other way round.
"""

import io
import json

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from accounts.selectors import linked_accounts

from .models import Application, Evidence, Profile
from .signals import personal_data_requested
from .uploads import JPEG, MAX_AVATAR_BYTES, MAX_IMAGE_PIXELS, PNG, sniff
from .workflow import MOVES, Action, application_transition

AVATAR_SIZE = 256


def avatar_from_upload(upload) -> ContentFile:
    """A square 256-pixel PNG made from an uploaded PNG or JPEG (judged by content)."""
    if upload.size > MAX_AVATAR_BYTES:
        raise ValidationError({"avatar": _("The image is larger than 5 MB.")})
    upload.seek(0)
    if sniff(upload.read(16)) not in (PNG, JPEG):
        raise ValidationError({"avatar": _("Upload a PNG or JPEG image.")})
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            # The header tells the size: refuse before decoding what could fill the memory.
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise ValidationError({"avatar": _("The image is too large (in pixels).")})
            image.load()
            square = ImageOps.fit(image.convert("RGBA"), (AVATAR_SIZE, AVATAR_SIZE))
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError({"avatar": _("This image file is damaged.")}) from exc
    buffer = io.BytesIO()
    square.save(buffer, format="PNG", optimize=True)
    return ContentFile(buffer.getvalue(), name="avatar.png")


@transaction.atomic
def profile_save(*, actor, profile: Profile, avatar_upload=None, remove_avatar=False) -> Profile:
    """Save the actor's own profile; records when consent to the wall changed."""
    if profile.user_id != actor.pk:
        raise PermissionError("A profile can only be changed by its owner.")
    previous = Profile.objects.filter(pk=profile.pk).values("wall_consent", "avatar").first()
    if previous is None or previous["wall_consent"] != profile.wall_consent:
        profile.wall_consent_changed_at = timezone.now()
    old_avatar = previous["avatar"] if previous else ""
    if avatar_upload is not None:
        profile.avatar.save("avatar.png", avatar_from_upload(avatar_upload), save=False)
    elif remove_avatar:
        profile.avatar = ""
    profile.full_clean()
    profile.save()
    if old_avatar and old_avatar != profile.avatar.name:
        storage = profile.avatar.storage
        transaction.on_commit(lambda: storage.delete(old_avatar))
    return profile


def personal_data_export(user) -> str:
    """Everything the programme holds about ``user``, as JSON (data portability).

    Apps above this one add their sections through the ``personal_data_requested`` signal.
    """
    profile = Profile.objects.filter(user=user).values().first()
    data = {
        "exported_at": timezone.now(),
        "account": {
            "email": user.email,
            "language": user.language,
            "date_joined": user.date_joined,
        },
        "profile": {k: v for k, v in (profile or {}).items() if k not in {"id", "user_id"}},
        # Who they are on the forges; their tokens are secrets of the link, never exported.
        "linked_accounts": [
            {
                "forge": account.forge,
                "username": account.login,
                "uid": account.uid,
                "linked_at": account.linked_at,
            }
            for account in linked_accounts(user)
        ],
        "evidence": list(
            Evidence.objects.filter(owner=user).values(
                "id",
                "kind",
                "title",
                "date",
                "url",
                "file_name",
                "fields",
                "verification",
                "public",
                "created_at",
            )
        ),
        "applications": [
            {
                "id": application.pk,
                "tier": application.tier.slug,
                "state": application.state,
                "statement": application.statement,
                "submitted_at": application.submitted_at,
                "evidence": [e.pk for e in application.evidence.all()],
                "events": [
                    {
                        "action": event.action,
                        "from": event.from_state,
                        "to": event.to_state,
                        "comment": event.comment,
                        "at": event.created_at,
                    }
                    for event in application.events.all()
                ],
            }
            for application in Application.objects.filter(applicant=user)
            .select_related("tier")
            .prefetch_related("evidence", "events")
        ],
    }
    sections = personal_data_requested.send(sender=personal_data_export, user=user)
    for _receiver, (name, section) in sorted(sections, key=lambda pair: pair[1][0]):
        data[name] = section
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


@transaction.atomic
def account_delete(*, user) -> None:
    """Delete the account and its personal data; decisions stay, anonymised.

    Profile, avatar, evidence and files go; applications and their events remain with no
    person attached, so the programme's decisions can still be explained.
    """
    files = [e.file for e in Evidence.objects.filter(owner=user) if e.file]
    profile = Profile.objects.filter(user=user).first()
    if profile and profile.avatar:
        files.append(profile.avatar)
    # Nobody can answer for a deleted account's open applications: withdraw what can be.
    for application in Application.objects.filter(
        applicant=user, state__in=[state.value for state in MOVES[Action.WITHDRAW].sources]
    ):
        application_transition(
            application=application,
            action=Action.WITHDRAW,
            actor=None,
            note="account deleted",
            by_system=True,
        )
    Application.objects.filter(applicant=user).update(statement="")
    names = [(f.storage, f.name) for f in files]
    user.delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in names])
