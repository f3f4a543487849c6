"""Forms of the reuse check: few fields, big targets; the passport field takes a scanned QR."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from appliances.models import Category
from common.numbers import DutchDecimalField
from partners.models import Partner
from reuse.models import Condition

CONDITION_LABELS = {
    Condition.WORKS: _("Works"),
    Condition.SMALL_FAULT: _("Works, small fault"),
    Condition.BROKEN: _("Broken"),
    Condition.DAMAGED: _("Damaged housing or parts missing"),
}


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name()


class ReuseCheckForm(forms.Form):
    passport = forms.CharField(
        label=_("Scan or paste the QR passport"),
        required=False,
        max_length=300,
        widget=forms.TextInput(
            attrs={"inputmode": "url", "autocomplete": "off", "autocapitalize": "off"}
        ),
    )
    category = CategoryChoiceField(
        label=_("What is it?"), queryset=Category.objects.all(), empty_label=_("Choose a category")
    )
    brand = forms.CharField(label=_("Brand (optional)"), required=False, max_length=80)
    age_years = DutchDecimalField(  # "2,5" as meant, on the server (moeitewaard/numbers.py)
        label=_("Age in years (empty = unknown)"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(60),
        decimal_places=1,
        max_digits=4,
    )
    condition = forms.ChoiceField(
        label=_("Condition"),
        choices=[(value, CONDITION_LABELS[value]) for value in Condition.values],
        widget=forms.RadioSelect,
    )


class OutcomeUploadForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))
    location = forms.ModelChoiceField(
        label=_("Kringloop"),
        queryset=Partner.objects.filter(kind="kringloop", is_active=True),
        required=False,
    )
