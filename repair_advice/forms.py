"""The advice form: validates what a person typed and reports errors next to each field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from appliances.matching import category_resolve
from common.api_errors import DomainError
from common.numbers import DutchAgeField, DutchDecimalField
from common.postcodes import postcode_normalize
from common.validation import brand_clean
from repair_advice.models import Verdict
from repair_advice.plausibility import UNUSUAL_CHECKED_FIELDS, unusual_inputs, unusual_inputs_key
from repair_advice.services import MAX_DESCRIPTION_LENGTH, brand_error_message, verdict_create


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
        """Ask before advising on a value far outside the appliance's usual range (a typo such as
        8995 for 89,95); the confirmation names the values, so changing one asks again."""
        data = super().clean()
        if self.category_obj is None:
            return data
        numbers = {name: data.get(name) for name in UNUSUAL_CHECKED_FIELDS}
        questions = unusual_inputs(category=self.category_obj, language=self.language, **numbers)
        key = unusual_inputs_key(questions, numbers)
        if questions and data.get("confirm_unusual") != key:
            self.unusual_key = key
            for name, question in questions.items():
                self.add_error(name, forms.ValidationError(question, code="unusual"))
        return data

    def create_verdict(self) -> Verdict | None:
        """Ask for a verdict with the cleaned data; a broken domain rule becomes a form error."""
        data = self.cleaned_data
        try:
            return verdict_create(
                category_slug=data["category"],
                symptom_slugs=data["symptoms"],
                age_years=data["age_years"],
                brand=data["brand"],
                purchase_price_eur=data["purchase_price_eur"],
                repair_quote_eur=data["repair_quote_eur"],
                description=data["description"],
                postcode=data["postcode"],
                language=self.language,
            )
        except DomainError as error:
            self.add_error(error.field if error.field in self.fields else None, error.message)
            return None

    def clean_brand(self):
        brand = brand_clean(self.cleaned_data["brand"])
        if message := brand_error_message(brand):
            raise forms.ValidationError(message)
        return brand

    def clean_postcode(self):
        try:
            return postcode_normalize(self.cleaned_data["postcode"])
        except ValueError:
            raise forms.ValidationError(_("Enter a Dutch postcode, e.g. 3511 AB.")) from None
