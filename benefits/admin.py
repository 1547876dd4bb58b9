from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .models import Grant, Offer
from .services import offer_grant_to_holders


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["title_en", "kind", "quota", "claim_deadline", "is_open", "created_at"]
    list_filter = ["kind", "is_open"]
    filter_horizontal = ["tiers"]
    search_fields = ["title_en", "title_zh", "event_name"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The tiers are saved only now: grant the offer to everyone already holding one.
        granted = offer_grant_to_holders(offer=form.instance)
        if granted:
            self.message_user(
                request, _("Granted to %(count)s people.") % {"count": granted}, messages.SUCCESS
            )


@admin.register(Grant)
class GrantAdmin(admin.ModelAdmin):
    """Grants change through their services; addresses are on the fulfilment pages only."""

    list_display = ["offer", "person", "status", "claimed_at", "fulfilled_at"]
    list_filter = ["status", "offer"]
    readonly_fields = [f.name for f in Grant._meta.fields]
    search_fields = ["person__email"]

    def has_add_permission(self, request):
        return False
