from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .models import RequirementGroup, RequirementItem, RuleSet, Tier, Track
from .services import ruleset_publish


class PublishOnSaveMixin:
    """Every save of a tier's rules (the tier, a group or an item) publishes a new version."""

    def tier_of(self, obj) -> Tier:
        raise NotImplementedError

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self.publish(request, self.tier_of(form.instance))

    def delete_model(self, request, obj):
        tier = self.tier_of(obj)
        super().delete_model(request, obj)
        if not isinstance(obj, Tier):
            self.publish(request, tier)

    def publish(self, request, tier: Tier) -> None:
        ruleset, created = ruleset_publish(tier=tier, actor=request.user)
        if created:
            self.message_user(
                request,
                _("The rules of %(tier)s are now version %(version)s.")
                % {"tier": tier, "version": ruleset.version},
                messages.SUCCESS,
            )


class RequirementGroupInline(admin.TabularInline):
    model = RequirementGroup
    fields = ["order", "key", "title_en", "title_zh", "min_items", "optional"]
    extra = 0
    show_change_link = True


class RuleSetInline(admin.TabularInline):
    model = RuleSet
    fields = ["version", "created_at", "created_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Track)
class TrackAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_zh", "slug", "order"]


@admin.register(Tier)
class TierAdmin(PublishOnSaveMixin, admin.ModelAdmin):
    list_display = [
        "name_en",
        "name_zh",
        "track",
        "rank",
        "certifiable",
        "approvals_required",
        "current_version",
    ]
    list_filter = ["track", "certifiable"]
    inlines = [RequirementGroupInline, RuleSetInline]
    readonly_fields = ["rules_preview"]

    def tier_of(self, obj):
        return obj

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("track")

    @admin.display(description=_("current version"))
    def current_version(self, obj):
        latest = obj.rulesets.order_by("-version").first()
        return latest.version if latest else "—"

    @admin.display(description=_("rules in plain words"))
    def rules_preview(self, obj):
        if obj.pk is None:
            return "—"
        rows = [
            (group.title_en, item.key, item.describe())
            for group in obj.groups.prefetch_related("items")
            for item in group.items.all()
        ]
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{} — <code>{}</code>: {}</li>", rows)
        )


class RequirementItemInline(admin.StackedInline):
    model = RequirementItem
    fields = [
        "order",
        "key",
        "title_en",
        "title_zh",
        "explanation_en",
        "explanation_zh",
        "rule",
        "preview",
    ]
    readonly_fields = ["preview"]
    extra = 0

    @admin.display(description=_("in plain words"))
    def preview(self, obj):
        return obj.describe() if obj.pk else "—"


@admin.register(RequirementGroup)
class RequirementGroupAdmin(PublishOnSaveMixin, admin.ModelAdmin):
    list_display = ["__str__", "title_en", "min_items", "optional"]
    list_filter = ["tier"]
    inlines = [RequirementItemInline]

    def tier_of(self, obj):
        return obj.tier


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    """Published versions are history: readable, never edited."""

    list_display = ["tier", "version", "created_at", "created_by"]
    list_filter = ["tier"]
    readonly_fields = ["tier", "version", "definition", "created_at", "created_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
