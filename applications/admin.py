from django.contrib import admin

from .models import Application, ApplicationEvent, Evidence, Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("display_name", "handle", "organisation", "city", "wall_consent")
    list_filter = ("wall_consent",)
    search_fields = ("display_name", "handle", "organisation", "user__email")
    raw_id_fields = ("user",)


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "date", "owner", "source", "verification")
    list_filter = ("kind", "source", "forge", "verification")
    search_fields = ("title", "owner__email")
    raw_id_fields = ("owner",)
    readonly_fields = (
        *("file", "file_name", "file_type", "file_size"),
        *("source", "forge", "repository", "external_id", "api_url", "fetched_at"),
        "missing_since",
    )


class ApplicationEventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    can_delete = False
    fields = ("created_at", "actor", "action", "from_state", "to_state", "comment", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Read-only: states change only through the workflow (the review queue)."""

    list_display = ("pk", "applicant", "tier", "state", "submitted_at", "rules_met")
    list_filter = ("state", "tier")
    search_fields = ("applicant__email",)
    inlines = [ApplicationEventInline]
    readonly_fields = (
        "applicant",
        "tier",
        "state",
        "statement",
        "ruleset",
        "rules_met",
        "evaluation",
        "submitted_at",
        "decided_at",
    )
    exclude = ("evidence",)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
