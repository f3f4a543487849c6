"""Forms of the retailer pages and of 'Vraag het' (kept apart from forms.py, which others edit)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from maintenance.questions import MAX_QUESTION_LENGTH


class RetailerSignInForm(forms.Form):
    invalid_message = _("This is not the API token of a retailer partner.")

    api_token = forms.CharField(
        label=_("Your partner API token"),
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )


class PassportCsvForm(forms.Form):
    file = forms.FileField(label=_("CSV file of sold appliances"))


class PassportQuestionForm(forms.Form):
    question = forms.CharField(
        label=_("Your question"),
        max_length=MAX_QUESTION_LENGTH,
        widget=forms.TextInput(
            attrs={"placeholder": _("e.g. how do I descale my coffee machine?")}
        ),
    )
