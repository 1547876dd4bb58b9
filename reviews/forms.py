from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from criteria.models import Tier, Track

from .models import Review
from .rules import decision_needs_comment
from .selectors import reviewers


class QueueFilterForm(forms.Form):
    """The queue's filters, from the query string; anything invalid is simply ignored."""

    q = forms.CharField(
        label=_("Applicant"), required=False, max_length=100, widget=forms.SearchInput
    )
    tier = forms.ModelChoiceField(
        label=_("Tier"),
        queryset=Tier.objects.filter(certifiable=True),
        required=False,
        to_field_name="slug",
        empty_label=_("Any tier"),
    )
    track = forms.ModelChoiceField(
        label=_("Track"),
        queryset=Track.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("Any track"),
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[
            ("", _("Waiting or in review")),
            ("submitted", _("Submitted")),
            ("in_review", _("In review")),
        ],
    )
    claimed = forms.ChoiceField(
        label=pgettext_lazy("review queue filter", "Claimed"),
        required=False,
        choices=[("", _("Anyone")), ("me", _("Claimed by me")), ("unclaimed", _("Unclaimed"))],
    )
    verdict = forms.ChoiceField(
        label=_("Rules"),
        required=False,
        choices=[("", _("Any verdict")), ("met", _("Rules met")), ("not_met", _("Rules not met"))],
    )
    min_age = forms.IntegerField(
        label=_("Waiting at least (days)"), required=False, min_value=0, max_value=3650
    )
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[
            ("oldest", _("Oldest first")),
            ("newest", _("Newest first")),
            ("tier", _("Tier")),
            ("applicant", _("Applicant")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Bootstrap's classes, so the filters line up with each other and with the button.
        for field in self.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select" if is_select else "form-control"


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Review.Decision.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment to the applicant"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required to reject or to ask for changes. The applicant reads it."),
    )
    note = forms.CharField(
        label=_("Internal note"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only reviewers and staff see it."),
    )

    def clean(self):
        cleaned = super().clean()
        needs_comment = decision_needs_comment(cleaned.get("decision"))
        if needs_comment and not (cleaned.get("comment") or "").strip():
            self.add_error("comment", _("Tell the applicant why: a comment is required."))
        return cleaned


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Internal note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReviewerChoiceForm(forms.Form):
    reviewer = forms.ModelChoiceField(label=_("Reviewer"), queryset=reviewers())


class BulkForm(forms.Form):
    action = forms.ChoiceField(
        label=_("With the selected"),
        choices=[
            ("release", _("Release")),
            ("reassign", _("Assign to…")),
            ("request_changes", _("Request changes")),
        ],
    )
    reviewer = forms.ModelChoiceField(label=_("Reviewer"), queryset=reviewers(), required=False)
    comment = forms.CharField(
        label=_("Comment to the applicants"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "reassign" and not cleaned.get("reviewer"):
            self.add_error("reviewer", _("Choose the reviewer to assign."))
        needs_comment = decision_needs_comment(cleaned.get("action"))
        if needs_comment and not cleaned.get("comment", "").strip():
            self.add_error("comment", _("Tell the applicants why: a comment is required."))
        return cleaned


class ConflictForm(forms.Form):
    email = forms.EmailField(label=_("Applicant's email"))
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=200)
