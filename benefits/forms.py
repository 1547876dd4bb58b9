from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Grant, ShippingAddress


class ShippingAddressForm(forms.ModelForm):
    class Meta:
        model = ShippingAddress
        fields = ["name", "phone", "address", "country"]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "country": forms.TextInput(attrs={"autocomplete": "country-name"}),
        }

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        digits = [c for c in phone if c.isdigit()]
        if len(digits) < 6 or any(c not in "0123456789+-() " for c in phone):
            raise forms.ValidationError(_("Enter a phone number: digits, spaces, +, - and ()."))
        return phone


class ShipForm(forms.Form):
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=100, required=False)


class FulfilmentFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *Grant.Status.choices],
    )
