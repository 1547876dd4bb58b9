from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from criteria.selectors import certifiable_tiers, tracks

from .import_csv import MAX_BYTES, Unreadable, read


class WallFilterForm(forms.Form):
    """The wall's filters; values that do not exist are simply ignored (the page never 500s)."""

    q = forms.CharField(label=_("Name, handle or organisation"), required=False, max_length=100)
    track = forms.SlugField(label=_("Track"), required=False)
    tier = forms.SlugField(label=_("Tier"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[("newest", _("Newest certified first")), ("name", _("By name"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].widget = forms.Select(
            choices=[("", _("All tracks"))] + [(t.slug, t.name) for t in tracks()]
        )
        self.fields["tier"].widget = forms.Select(
            choices=[("", _("All certifications"))]
            + [(t.slug, t.name) for t in certifiable_tiers()]
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


class CertificationImportForm(forms.Form):
    """A CSV of existing certifications and the language of the invitations it sends."""

    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "A header row naming the columns email, name, tier (the tier's slug), awarded_on "
            "(YYYY-MM-DD) and optionally expires_on, handle, gitee, github, in any order. "
            "UTF-8 or GBK, at most 10 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    language = forms.ChoiceField(
        label=_("Language of the invitations"),
        choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
        help_text=_("People without an account are invited to sign up in this language."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        data = upload.read()
        try:
            read(data, today=timezone.localdate())
        except Unreadable as exc:
            raise forms.ValidationError(exc.message) from exc
        self.data_bytes = data
        return upload
