from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Notification
from .services import hand_over


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["kind", "email", "language", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "kind", "language"]
    search_fields = ["email", "kind"]
    readonly_fields = [field.name for field in Notification._meta.fields]
    actions = ["queue_again"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Queue the selected notifications again"), permissions=["change"])
    def queue_again(self, request, queryset):
        queryset.filter(status=Notification.Status.FAILED).update(
            status=Notification.Status.RETRY, attempts=0, next_attempt_at=None
        )
        unsent = queryset.exclude(status=Notification.Status.SENT).values_list("pk", flat=True)
        handed = sum(hand_over(pk) for pk in unsent)
        self.message_user(request, _("%(count)s handed to the queue.") % {"count": handed})
