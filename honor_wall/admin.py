from django.contrib import admin

from .models import Certification


@admin.register(Certification)
class CertificationAdmin(admin.ModelAdmin):
    list_display = ["person", "tier", "awarded_on", "expires_on", "status"]
    list_filter = ["tier", "status"]
    search_fields = ["person__email", "public_id"]
    readonly_fields = [
        "public_id",
        "person",
        "tier",
        "application",
        "ruleset",
        "approvers",
        "awarded_on",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False
