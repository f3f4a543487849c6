"""Forms of the maintenance pages: they check input at the edge; services hold the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.numbers import DutchDecimalField
from maintenance.models import FollowUp, LogEntry

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_MONEY = {"min_value": 0, "max_value": 50000, "max_digits": 9, "decimal_places": 2}


class ApplianceRegisterForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Appliance"), error_messages={"required": _("Choose the kind of appliance.")}
    )
    brand = forms.CharField(label=_("Brand"), max_length=80, required=False)
    model_name = forms.CharField(label=_("Model"), max_length=120, required=False)
    purchase_date = forms.DateField(label=_("Purchase date"), required=False, widget=_DATE)
    purchase_price_eur = DutchDecimalField(label=_("Price paid (EUR)"), required=False, **_MONEY)

    def __init__(self, *args, categories=(), language: str = "nl", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "—")] + [
            (category.slug, category.name(language)) for category in categories
        ]


class LogEntryForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What was done"),
        choices=[
            (LogEntry.Kind.MAINTENANCE, _("Maintenance")),
            (LogEntry.Kind.REPAIR, _("Repair")),
        ],
    )
    task = forms.ChoiceField(label=_("Task"), required=False)
    done_on = forms.DateField(label=_("Date"), widget=_DATE)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    cost_eur = DutchDecimalField(label=_("Cost (EUR)"), required=False, **_MONEY)

    def __init__(self, *args, tasks=(), language: str = "nl", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].choices = [("", "—")] + [
            (task.slug, task.title(language)) for task in tasks
        ]


class EmailConsentForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)


class FollowUpRequestForm(EmailConsentForm):
    consent = forms.BooleanField(
        label=_("Yes, e-mail me once in about four weeks to ask what I did."),
        error_messages={"required": _("Tick the box to agree to the e-mail.")},
    )


class FollowUpForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("What did you do?"),
        widget=forms.RadioSelect,
        choices=[
            (FollowUp.Choice.REPAIRED, _("I had it repaired (or repaired it myself)")),
            (FollowUp.Choice.REPLACED, _("I replaced it")),
            (FollowUp.Choice.DECIDING, _("I am still deciding")),
        ],
        error_messages={"required": _("Choose what you did.")},
    )
    repaired_where = forms.CharField(
        label=_("Where was it repaired?"), max_length=120, required=False,
        help_text=_("E.g. the name of the repair shop, a Repair Café, or 'myself'."),
    )  # fmt: skip
    price_eur = DutchDecimalField(label=_("What did it cost (EUR)?"), required=False, **_MONEY)
    worked = forms.TypedChoiceField(
        label=_("Did the repair work?"),
        required=False,
        widget=forms.RadioSelect,
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        empty_value=None,
    )

    def clean(self):
        data = super().clean()
        if data.get("choice") == FollowUp.Choice.REPAIRED and data.get("worked") is None:
            self.add_error("worked", _("Tell us whether the repair worked."))
        return data
