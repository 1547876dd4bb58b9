from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .kinds import Kind


class Notification(models.Model):
    """An email to send: the outbox row written in the same transaction as the change it tells of.

    Celery gets its id after commit; when the broker is down the row simply waits, and the
    periodic ``resend_pending_notifications`` task (or the ``send_notifications`` command) sends
    it later. A row is claimed with a compare-and-set update before sending, so it goes out once.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        RETRY = "retry", _("Failed, will retry")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed for good")

    # Null for an invitation to someone who has no account yet: ``email`` is where it goes.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    email = models.EmailField(_("to"))
    language = models.CharField(_("language"), max_length=10)
    kind = models.CharField(_("kind"), max_length=60, choices=Kind.choices)
    context = models.JSONField(_("context"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.kind} → {self.email}"
