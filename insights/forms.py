import datetime
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .stats import month_of, months_between

MAX_MONTHS = 120
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(value: str) -> datetime.date:
    match = MONTH.match(value.strip())
    if not match or not 1 <= int(match[2]) <= 12 or int(match[1]) < 1900:
        raise forms.ValidationError(_("Enter a month as YYYY-MM, for example 2025-03."))
    return datetime.date(int(match[1]), int(match[2]), 1)


class MonthInput(forms.TextInput):
    input_type = "month"


class InsightFilterForm(forms.Form):
    """Months from and to (both included), and a track or a tier. Tracks and tiers are given,
    already read, so the form costs no query of its own."""

    start = forms.CharField(
        label=_("From (month)"), required=False, widget=MonthInput(attrs={"placeholder": "YYYY-MM"})
    )
    end = forms.CharField(
        label=_("To (month)"), required=False, widget=MonthInput(attrs={"placeholder": "YYYY-MM"})
    )
    track = forms.ChoiceField(label=_("Track"), required=False)
    tier = forms.ChoiceField(label=_("Tier"), required=False)

    def __init__(self, data=None, *, tiers, today: datetime.date):
        super().__init__(data)
        self.tiers = {tier.slug: tier for tier in tiers}
        self.tracks = {tier.track.slug: tier.track for tier in tiers}
        self.today = today
        self.fields["track"].choices = [("", _("All tracks"))] + [
            (slug, track.name) for slug, track in self.tracks.items()
        ]
        self.fields["tier"].choices = [("", _("All tiers"))] + [
            (slug, tier.name) for slug, tier in self.tiers.items()
        ]
        self.fields["end"].widget.attrs["max"] = f"{today:%Y-%m}"
        if data is None:
            start, end = self.default_range()
            self.initial = {"start": f"{start:%Y-%m}", "end": f"{end:%Y-%m}"}

    def default_range(self) -> tuple[datetime.date, datetime.date]:
        end = month_of(self.today)
        return months_between(end.replace(year=end.year - 1), end)[1], end

    def clean_start(self):
        value = self.cleaned_data["start"]
        return parse_month(value) if value else None

    def clean_end(self):
        value = self.cleaned_data["end"]
        return parse_month(value) if value else None

    def clean(self):
        data = super().clean()
        default_start, default_end = self.default_range()
        start = data.get("start") or (default_start if "start" not in self.errors else None)
        end = data.get("end") or (default_end if "end" not in self.errors else None)
        if start and end:
            if start > end:
                self.add_error("end", _("The end month comes before the start month."))
            elif len(months_between(start, end)) > MAX_MONTHS:
                self.add_error("start", _("Choose at most ten years."))
        data["start"], data["end"] = start, end
        tier = self.tiers.get(data.get("tier") or "")
        track = self.tracks.get(data.get("track") or "")
        if tier and track and tier.track_id != track.pk:
            self.add_error("tier", _("This tier is not on the chosen track."))
        data["tier"], data["track"] = tier, track
        return data
