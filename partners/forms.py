"""Forms of the widget: the quote request (lead) and the postcode question on a verdict page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from repair_advice.services import postcode_normalize


class LeadForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=120)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(
        label=_("Phone"), max_length=30, required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )  # fmt: skip
    message = forms.CharField(
        label=_("Message"), max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    consent = forms.BooleanField(
        label=_("I agree that this shop receives my details to contact me about a quote."),
        error_messages={"required": _("Tick this box to send your request.")},
    )

    def clean(self):
        data = super().clean()
        if not data.get("email") and not (data.get("phone") or "").strip():
            if "email" not in self.errors:
                self.add_error("email", _("Give an e-mail address or a phone number."))
        return data


class PostcodeForm(forms.Form):
    postcode = forms.CharField(label=_("Your postcode"), max_length=10)

    def clean_postcode(self):
        try:
            return postcode_normalize(self.cleaned_data["postcode"])
        except ValueError:
            raise forms.ValidationError(_("Enter a Dutch postcode, e.g. 3511 AB.")) from None
