from django.contrib import admin

from .models import ForgeLink, Organisation, Repository


class RepositoryInline(admin.TabularInline):
    model = Repository
    extra = 1


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """Which organisations count, their repositories' scopes and the accepted-issue rule; the
    next import reads them."""

    list_display = ("name", "forge", "accepted_issue_rule", "accepted_issue_value")
    list_filter = ("forge",)
    inlines = [RepositoryInline]


@admin.register(ForgeLink)
class ForgeLinkAdmin(admin.ModelAdmin):
    """Read-only: the import's state per linked account (never a token)."""

    list_display = ("account", "refreshed_at", "retry_after", "needs_sign_in", "problem")
    list_filter = ("needs_sign_in",)
    search_fields = ("account__user__email", "account__uid")
    fields = (
        "account",
        "refreshed_at",
        "full_import_at",
        "attempted_at",
        "retry_after",
        "needs_sign_in",
        "problem",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False
