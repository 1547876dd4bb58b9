from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.rules import is_programme_staff
from mindspore_growth.errors import DomainError

from . import services
from .forms import RevokeForm
from .models import Certification


@admin.register(Certification)
class CertificationAdmin(admin.ModelAdmin):
    """Certifications are read here; status, revocation and expiry change only through the
    services (the revoke and re-issue actions below, or the verification page), which record
    the reason, tell the other apps and refresh the wall."""

    list_display = ["person", "tier", "awarded_on", "expires_on", "status"]
    list_filter = ["tier", "status"]
    search_fields = ["person__email", "public_id"]
    actions = ["revoke_selected", "reissue_selected"]
    readonly_fields = [
        "public_id",
        "person",
        "tier",
        "application",
        "ruleset",
        "approvers",
        "awarded_on",
        "expires_on",
        "status",
        "revoked_reason",
        "revoked_at",
        "revoked_by",
        "reinstated_at",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # every field is read-only; changes go through the actions

    def has_delete_permission(self, request, obj=None):
        return False  # a certification is revoked, never deleted

    def has_revoke_permission(self, request):
        return is_programme_staff(request.user)

    @admin.action(description=_("Revoke selected certifications…"), permissions=["revoke"])
    def revoke_selected(self, request, queryset):
        form = RevokeForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            done = self._each(
                request,
                queryset,
                lambda certification: services.certification_revoke(
                    certification=certification,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                ),
            )
            if done:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d certification revoked.",
                        "%(count)d certifications revoked.",
                        done,
                    )
                    % {"count": done},
                    messages.SUCCESS,
                )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Revoke certifications"),
            "opts": self.model._meta,
            "certifications": queryset.select_related("person", "tier"),
            "form": form,
            "action": "revoke_selected",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(
            request,
            "admin/honor_wall/certification/revoke_confirmation.html",
            context,
            status=400 if form.is_bound else 200,
        )

    @admin.action(description=_("Re-issue selected certifications"), permissions=["revoke"])
    def reissue_selected(self, request, queryset):
        done = self._each(
            request,
            queryset,
            lambda certification: services.certification_reissue(
                certification=certification, actor=request.user
            ),
        )
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)d certification is valid again.",
                    "%(count)d certifications are valid again.",
                    done,
                )
                % {"count": done},
                messages.SUCCESS,
            )

    def _each(self, request, queryset, action) -> int:
        """Apply ``action`` (a service call) to each certification; a refusal is reported with
        the certification it concerns and does not stop the others."""
        done = 0
        for certification in queryset.select_related("person", "tier"):
            try:
                action(certification)
            except DomainError as exc:
                self.message_user(request, f"{certification}: {exc.message}", messages.ERROR)
            else:
                done += 1
        return done
