from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from .models import Grant, Offer
from .services import offer_grant_to_holders, offer_grantable, offer_reach

CONFIRM_FIELD = "_confirm_reach"


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["title_en", "kind", "quota", "claim_deadline", "is_open", "created_at"]
    list_filter = ["kind", "is_open"]
    filter_horizontal = ["tiers"]
    search_fields = ["title_en", "title_zh", "event_name"]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Saving grants the offer to every current holder of its tiers and emails each of them:
        # say how many first, and save only once that is confirmed.
        if request.method == "POST" and CONFIRM_FIELD not in request.POST:
            confirmation = self._reach_confirmation(request, object_id)
            if confirmation is not None:
                return confirmation
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _reach_confirmation(self, request, object_id):
        """The "this reaches N people" page, or ``None`` when saving reaches nobody new or the
        form has errors (the normal form then shows them)."""
        offer = self.get_object(request, object_id) if object_id else None
        if object_id and offer is None:
            return None
        if offer is None and not self.has_add_permission(request):
            return None
        if offer is not None and not self.has_change_permission(request, offer):
            return None
        form_class = self.get_form(request, offer, change=offer is not None)
        form = form_class(request.POST, request.FILES, instance=offer)
        if not form.is_valid():
            return None
        candidate = form.save(commit=False)
        tiers = form.cleaned_data["tiers"]
        reach = offer_reach(tiers=tiers, offer=offer) if offer_grantable(candidate) else 0
        if reach == 0:
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Grant this offer to %(count)s people?") % {"count": reach},
            "reach": reach,
            "tiers": list(tiers),
            "offer_title": form.cleaned_data["title_en"],
            "posted": [
                (name, value)
                for name, values in request.POST.lists()
                if name != "csrfmiddlewaretoken"
                for value in values
            ],
            "confirm_field": CONFIRM_FIELD,
        }
        return TemplateResponse(request, "admin/benefits/offer/confirm_reach.html", context)

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
