"""The advice form: validates what a person typed and reports errors next to each field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from appliances.matching import category_resolve
from common.numbers import DutchAgeField, DutchDecimalField
from repair_advice.models import Verdict
from repair_advice.plausibility import UNUSUAL_CHECKED_FIELDS, unusual_inputs, unusual_inputs_key
from repair_advice.services import (
    MAX_DESCRIPTION_LENGTH,
    verdict_create_checked,
    verdict_input_check,
)


class AdviceForm(forms.Form):
    category = forms.CharField(
        label=_("Appliance"),
        max_length=80,
        help_text=_("Start typing, e.g. washing machine."),
        error_messages={"required": _("Choose the kind of appliance.")},
    )
    symptoms = forms.MultipleChoiceField(
        label=_("What is wrong?"), required=False, widget=forms.CheckboxSelectMultiple
    )
    age_years = DutchAgeField(
        label=_("Age in years"), required=False, min_value=0, max_value=60,
        help_text=_("Leave empty if you do not know."),
    )  # fmt: skip
    brand = forms.CharField(label=_("Brand"), max_length=80, required=False)
    purchase_price_eur = DutchDecimalField(
        label=_("Price paid (EUR)"), required=False, min_value=0, max_value=50000,
        max_digits=9, decimal_places=2,
    )  # fmt: skip
    repair_quote_eur = DutchDecimalField(
        label=_("Repair quote (EUR), if you have one"), required=False, min_value=0,
        max_value=50000, max_digits=9, decimal_places=2,
    )  # fmt: skip
    postcode = forms.CharField(
        label=_("Postcode"), max_length=10, required=False,
        help_text=_("To find repairers near you, e.g. 3511 AB."),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )  # fmt: skip
    description = forms.CharField(
        label=_("Describe the problem"), required=False, max_length=MAX_DESCRIPTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip
    # Sent by the "Yes, this is correct" button: the unusual values the person confirmed.
    confirm_unusual = forms.CharField(required=False, max_length=300, widget=forms.HiddenInput)

    def __init__(self, *args, language: str = "nl", **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language
        self.category_obj = None
        self.unusual_key = ""  # set when a value needs a "Yes, this is correct" before a verdict
        self.checked = None  # the checked input, once clean() passed it
        raw = (self.data.get("category") if self.is_bound else self.initial.get("category")) or ""
        category = category_resolve(str(raw), language).category
        self.resolved_category = category  # shown in the field: "koelkast" -> its name
        if category is not None:
            self.fields["symptoms"].choices = [
                (symptom.slug, symptom.name(language)) for symptom in category.symptoms.all()
            ]

    def clean_category(self):
        """An everyday name ("koelkast", "iPhone", "wasmachien") counts when it clearly names one
        category; when it could be several, the person picks (appliances/matching.py)."""
        resolution = category_resolve(self.cleaned_data["category"], self.language)
        if resolution.category is None and resolution.candidates:
            names = ", ".join(match.category.name(self.language) for match in resolution.candidates)
            raise forms.ValidationError(
                _("Which appliance do you mean: %(names)s? Pick one from the list."),
                params={"names": names},
            )
        if resolution.category is None:
            raise forms.ValidationError(_("We do not know this appliance. Pick one from the list."))
        self.category_obj = resolution.category
        return resolution.category.slug

    def clean(self):
        """Every domain rule of the input once (verdict_input_check, shared with the API), each
        error next to its field; then ask before advising on a value far outside the appliance's
        usual range (a typo such as 8995 for 89,95): the confirmation names the values, so
        changing one asks again."""
        data = super().clean()
        values = {**data, "category": self.category_obj, "language": self.language}
        self.checked, errors = verdict_input_check(
            values, unparsed={*self.errors.keys(), *([] if self.category_obj else ["category"])}
        )
        for field, messages in errors.items():
            for message in messages:
                self.add_error(field if field in self.fields else None, message)
        if self.checked is None:
            return data
        numbers = {name: data.get(name) for name in UNUSUAL_CHECKED_FIELDS}
        questions = unusual_inputs(category=self.category_obj, language=self.language, **numbers)
        key = unusual_inputs_key(questions, numbers)
        if questions and data.get("confirm_unusual") != key:
            self.unusual_key = key
            self.checked = None
            for name, question in questions.items():
                self.add_error(name, forms.ValidationError(question, code="unusual"))
        return data

    def create_verdict(self) -> Verdict | None:
        """The verdict of the input that clean() checked."""
        return verdict_create_checked(self.checked)
