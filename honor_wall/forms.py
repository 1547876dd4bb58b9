from django import forms
from django.utils.translation import gettext_lazy as _

from criteria.models import Tier, Track


class WallFilterForm(forms.Form):
    """The wall's filters; values that do not exist are simply ignored (the page never 500s)."""

    q = forms.CharField(label=_("Name, handle or organisation"), required=False, max_length=100)
    track = forms.SlugField(label=_("Track"), required=False)
    tier = forms.SlugField(label=_("Tier"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].widget = forms.Select(
            choices=[("", _("All tracks"))] + [(t.slug, t.name) for t in Track.objects.all()]
        )
        self.fields["tier"].widget = forms.Select(
            choices=[("", _("All certifications"))]
            + [(t.slug, t.name) for t in Tier.objects.filter(certifiable=True)]
        )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (shown on the verification page)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that the certification stops being valid at once."), required=True
    )
