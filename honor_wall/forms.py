from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _

from criteria.selectors import certifiable_tiers, tracks

from .import_csv import MAX_BYTES, Unreadable, read


class ReadWhenRendered(BaseChoiceIterator):
    """Choices read the first time they are needed, then kept for the form: reading the
    values of a form that is not rendered costs no query."""

    def __init__(self, read):
        self.read = read
        self.choices = None

    def __iter__(self):
        if self.choices is None:
            self.choices = self.read()
        return iter(self.choices)


class WallFilterForm(forms.Form):
    """The wall's filters; values that do not exist are simply ignored (the page never 500s).

    The tracks and tiers are read only when the form is rendered (the wall keeps it rendered):
    reading the filters needs no query. Rendered by ``honor_wall/_wall_filters.html`` with
    Bootstrap's classes, not crispy-forms' template per field."""

    q = forms.CharField(
        label=_("Name, handle or organisation"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    track = forms.SlugField(
        label=_("Track"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    tier = forms.SlugField(
        label=_("Tier"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[("newest", _("Newest certified first")), ("name", _("By name"))],
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].widget.choices = ReadWhenRendered(
            lambda: [("", _("All tracks"))] + [(t.slug, t.name) for t in tracks()]
        )
        self.fields["tier"].widget.choices = ReadWhenRendered(
            lambda: (
                [("", _("All certifications"))] + [(t.slug, t.name) for t in certifiable_tiers()]
            )
        )

    def full_clean(self):
        super().full_clean()
        # Bootstrap shows a field's message (and a red border) next to an input marked so.
        for name in self._errors or ():
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = f"{attrs['class']} is-invalid"


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
