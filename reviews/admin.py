from django.contrib import admin

from .models import ConflictOfInterest, Review, ReviewClaim


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    """Decisions are history: staff read them here and act through the review pages."""

    list_display = ["application", "reviewer", "decision", "created_at"]
    list_filter = ["decision"]
    readonly_fields = [field.name for field in Review._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReviewClaim)
class ReviewClaimAdmin(admin.ModelAdmin):
    list_display = ["application", "reviewer", "claimed_at"]
    readonly_fields = ["application", "reviewer", "claimed_at"]

    # Claims change only with the application's state: through the review pages.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ConflictOfInterest)
class ConflictOfInterestAdmin(admin.ModelAdmin):
    list_display = ["reviewer", "applicant", "reason", "created_at"]
    search_fields = ["reviewer__email", "applicant__email"]
