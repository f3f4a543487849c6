"""Input validation of the control room pages."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from controlroom.selectors import period_default
from partners.models import Partner
from prices.models import PriceRecord

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class PeriodForm(forms.Form):
    date_from = forms.DateField(
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        required=False,
    )
    date_to = forms.DateField(
        label=_("to"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        default = period_default()
        cleaned["date_from"] = cleaned.get("date_from") or default.date_from
        cleaned["date_to"] = cleaned.get("date_to") or default.date_to
        if cleaned["date_from"] > cleaned["date_to"]:
            raise forms.ValidationError(_("The start date must not be after the end date."))
        if cleaned["date_to"] - cleaned["date_from"] > datetime.timedelta(days=3 * 366):
            raise forms.ValidationError(_("Choose a period of at most three years."))
        return cleaned


def upload_origin_choices() -> list[tuple[str, str]]:
    """The origins a staff upload may give its records (partner records come by the API)."""
    return [
        (PriceRecord.Origin.IMPORT, PriceRecord.Origin.IMPORT.label),
        (PriceRecord.Origin.CONSUMER, PriceRecord.Origin.CONSUMER.label),
    ]


class PriceUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=_("A price CSV in the format of docs/prices.md.")
    )
    origin = forms.ChoiceField(label=_("Origin"), choices=[], initial="import")
    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=None,
        required=False,
        help_text=_("The partner that sent the file; its name fills empty 'repairer' cells."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["origin"].choices = upload_origin_choices()
        self.fields["partner"].queryset = Partner.objects.order_by("name")

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB; split it."))
        return uploaded


class PriceConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    # Checked again on confirm: the hidden field comes back from the browser.
    origin = forms.ChoiceField(choices=[], widget=forms.HiddenInput)
    partner = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["origin"].choices = upload_origin_choices()


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        min_length=5,
        max_length=500,
        help_text=_("Why: recorded with the version's status."),
    )
