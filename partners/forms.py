"""Forms of the widget (the quote request, a lead) and of a lead's outcome page for the shop."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.numbers import DutchDecimalField


class LeadForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=120)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = forms.BooleanField(
        label=_("I agree that this shop receives my details to contact me about a quote."),
        error_messages={"required": _("Tick this box to send your request.")},
    )

    def clean(self):
        data = super().clean()
        no_contact = not data.get("email") and not (data.get("phone") or "").strip()
        if no_contact and "email" not in self.errors:
            self.add_error("email", _("Give an e-mail address or a phone number."))
        return data


class LeadOutcomeForm(forms.Form):
    """What came of a lead, from the shop's signed link: the fields of the partner API."""

    outcome = forms.ChoiceField(
        label=_("What came of it?"),
        choices=[
            ("repaired", _("Repaired")),
            ("not_repairable", _("Not repairable")),
            ("quote_declined", _("Quote declined by the customer")),
        ],
        widget=forms.RadioSelect,
    )
    total_eur = DutchDecimalField(
        label=_("Amount in euros, including VAT"),
        help_text=_(
            "Repaired: what the customer paid in total. Not repairable: the diagnosis fee (0 if "
            "none). Quote declined: the quoted price."
        ),
        min_value=0,
        max_digits=9,
        decimal_places=2,
    )
    repaired_on = forms.DateField(
        label=_("Date"),
        required=False,
        help_text=_("Leave empty for today."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_repaired_on(self):
        value = self.cleaned_data.get("repaired_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("Enter a date that is not in the future."))
        return value
