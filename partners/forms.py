"""Forms of the widget: the quote request (lead)."""

from django import forms
from django.utils.translation import gettext_lazy as _


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
