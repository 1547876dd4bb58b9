from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from criteria.selectors import kind_uses
from criteria.vocabulary import EVIDENCE_KINDS, EvidenceKind, validate_evidence_fields

from .models import Evidence, Profile
from .models.evidence import http_url
from .uploads import validate_evidence_file

KIND_FIELD_PREFIX = "field_"


def kind_form_fields(kind: str) -> dict[str, forms.Field]:
    """Form fields for the kind-specific details of ``kind`` (prefixed, so names never clash)."""
    spec = EVIDENCE_KINDS.get(kind)
    if spec is None:
        return {}
    fields = {}
    for name, field in spec.fields.items():
        if field.type == "bool":
            form_field = forms.BooleanField(label=field.label, required=False)
        elif field.type == "int":
            form_field = forms.IntegerField(
                label=field.label, min_value=field.min, required=field.required
            )
        else:
            form_field = forms.ChoiceField(
                label=field.label, choices=list(field.choices), required=field.required
            )
        fields[KIND_FIELD_PREFIX + name] = form_field
    return fields


def grouped_kind_choices(uses) -> list:
    """The kinds grouped under the first tier (in ladder order) whose current rules count them,
    so a newcomer sees which kinds matter for which certification."""
    groups: dict[str, list] = {}
    for value, label in EvidenceKind.choices:
        first = uses.get(value)
        heading = str(first[0].tier.name) if first else str(_("Other contributions"))
        groups.setdefault(heading, []).append((value, label))
    return list(groups.items())


class EvidenceForm(forms.ModelForm):
    """One form for every kind: the kind chosen decides the extra fields (built per request)."""

    upload = forms.FileField(
        label=_("File (PDF, PNG or JPEG, at most 10 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )

    class Meta:
        model = Evidence
        fields = ["kind", "title", "date", "url", "public"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, kind=None, **kwargs):
        super().__init__(*args, **kwargs)
        uses = kind_uses()
        self.fields["kind"].choices = grouped_kind_choices(uses)
        self.fields["kind"].widget.attrs.update(
            {"data-kind-select": "", "aria-describedby": "kind-counts-for"}
        )
        self.fields["date"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.upload_type = None
        chosen = kind or self.data.get("kind") or self.instance.kind or EvidenceKind.values[0]
        if self.instance.is_imported:
            chosen = self.instance.kind
        if chosen not in EVIDENCE_KINDS:
            chosen = None
        self.chosen_kind = chosen
        self.chosen_kind_uses = uses.get(chosen, []) if chosen else []
        if chosen:
            self.initial.setdefault("kind", chosen)
        for name, field in kind_form_fields(chosen or "").items():
            if self.instance.pk and self.instance.kind == chosen:
                field.initial = (self.instance.fields or {}).get(name[len(KIND_FIELD_PREFIX) :])
            self.fields[name] = field
        if self.instance.is_imported:
            # What the forge says is shown, not editable: posted values for it are ignored.
            for name in ["kind", "title", "date", "url", *self.kind_field_names]:
                self.fields[name].disabled = True
            del self.fields["upload"]

    @property
    def kind_field_names(self):
        return [name for name in self.fields if name.startswith(KIND_FIELD_PREFIX)]

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date and date > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return date

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            self.upload_type = validate_evidence_file(upload)
        return upload

    def _update_errors(self, errors):
        # The model reports kind-specific problems under its JSON field, which this form shows
        # as separate inputs: clean() has already named each one there.
        details = errors.error_dict.pop("fields", None) if hasattr(errors, "error_dict") else None
        if details and not any(name in self.errors for name in self.kind_field_names):
            errors.error_dict.setdefault(NON_FIELD_ERRORS, []).extend(details)
        super()._update_errors(errors)

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if not kind:
            return cleaned
        details = {
            name[len(KIND_FIELD_PREFIX) :]: cleaned.get(name)
            for name in self.kind_field_names
            if cleaned.get(name) not in (None, "")
        }
        try:
            self.instance.fields = validate_evidence_fields(kind, details)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                target = KIND_FIELD_PREFIX + field
                self.add_error(target if target in self.fields else None, messages)
        has_file = bool(cleaned.get("upload")) or bool(self.instance.file)
        if not cleaned.get("url") and not has_file:
            self.add_error("url", _("Give a link or upload a file (or both)."))
        return cleaned


class EvidenceChoiceField(forms.ModelMultipleChoiceField):
    """Ids that are not plausible primary keys are refused before the database sees them."""

    def _check_values(self, value):
        for pk in value:
            if not str(pk).isascii() or not str(pk).isdigit() or len(str(pk)) > 18:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class ApplicationForm(forms.Form):
    """Pick the evidence to include and write a statement."""

    evidence = EvidenceChoiceField(
        label=_("Evidence to include"),
        queryset=Evidence.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    statement = forms.CharField(
        label=_("Statement"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        required=False,
        help_text=_("Tell the reviewers what you did and why it matters (optional)."),
    )

    def __init__(self, *args, applicant, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the applicant's own evidence can be chosen: another id is "not a valid choice".
        self.fields["evidence"].queryset = Evidence.objects.filter(owner=applicant).order_by(
            "-date", "-pk"
        )


class ProfileForm(forms.ModelForm):
    avatar_upload = forms.FileField(
        label=_("Avatar (PNG or JPEG, at most 5 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".png,.jpg,.jpeg"}),
    )
    remove_avatar = forms.BooleanField(label=_("Remove my avatar"), required=False)
    links_text = forms.CharField(
        label=_("Links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One http or https address per line: your blog, homepage, social pages."),
    )

    class Meta:
        model = Profile
        fields = [
            "display_name",
            "handle",
            "gitee_username",
            "github_username",
            "organisation",
            "city",
            "country",
            "bio",
            "wall_consent",
        ]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, linked_forges=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("links_text", "\n".join(self.instance.links or []))
        # A linked account is the forge's word: its typed hint is kept but no longer edited.
        for forge in linked_forges:
            self.fields.pop(f"{forge}_username", None)
        if not self.instance.avatar:
            del self.fields["remove_avatar"]

    def clean_handle(self):
        return self.cleaned_data["handle"].lower()

    def clean_links_text(self):
        links = [line.strip() for line in self.cleaned_data["links_text"].splitlines()]
        links = [link for link in links if link]
        if len(links) > 5:
            raise ValidationError(_("Give at most five links."))
        for link in links:
            http_url(link)
        self.instance.links = links
        return links


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To confirm that it is you."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():
            # Signed up with Gitee or GitHub: no password here. They signed in again just now
            # (the view asks), and type their address so that nobody deletes by a slip.
            del self.fields["password"]
            self.fields["email"] = forms.EmailField(
                label=_("Your email address"),
                help_text=_("You have no password here: type your address to confirm."),
            )

    def clean_email(self):
        email = self.cleaned_data["email"]
        if email.strip().lower() != self.user.email.lower():
            raise ValidationError(_("This is not your email address."))
        return email

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("This is not your password."))
        return password
