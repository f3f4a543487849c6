"""Shared factory_boy factories: the appliance catalogue (categories, symptoms) and verdicts."""

from decimal import Decimal

import factory

from appliances.models import Category, Symptom
from repair_advice.services import verdict_create


class CategoryFactory(factory.django.DjangoModelFactory):
    """A catalogue category with plausible reference figures (test data, not sourced)."""

    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"category-{n}")
    name_nl = factory.LazyAttribute(lambda o: o.slug.replace("-", " "))
    name_en = factory.LazyAttribute(lambda o: o.slug.replace("-", " "))
    ords_category = "Large home electrical"
    is_small_appliance = False
    new_price_low_eur = Decimal("350.00")
    new_price_high_eur = Decimal("900.00")
    new_price_source = "Test data."
    lifetime_weibull_shape = 2.2
    lifetime_weibull_scale_years = 12.0
    lifetime_source = "Test data."
    embodied_co2e_kg = 300.0
    embodied_co2e_source = "Test data."
    energy_kwh_per_year = None
    energy_source = ""
    callout_fee_eur = Decimal("69.00")
    callout_fee_source = "Test data."
    repair_cost_low_eur = Decimal("90.00")
    repair_cost_high_eur = Decimal("300.00")
    repair_cost_source = "Test data."
    legal_expected_lifetime_years = 8.0
    legal_lifetime_source = "Test data."


class SymptomFactory(factory.django.DjangoModelFactory):
    """A symptom of a category."""

    class Meta:
        model = Symptom
        django_get_or_create = ("category", "slug")

    category = factory.SubFactory(CategoryFactory)
    slug = factory.Sequence(lambda n: f"symptom-{n}")
    name_nl = factory.LazyAttribute(lambda o: o.slug.replace("-", " "))
    name_en = factory.LazyAttribute(lambda o: o.slug.replace("-", " "))
    cost_factor = 1.0
    keywords = ""
    position = factory.Sequence(lambda n: n)


class VerdictFactory(factory.Factory):
    """A verdict made the way the site makes one (repair_advice.services.verdict_create), so its
    facts are complete and real: every field a page, the API or the explainer reads is there.
    Needs the shipped catalogue (the `catalogue` fixture)."""

    class Meta:
        model = dict  # built by _create below, through the service

    category_slug = "washing-machine"
    symptom_slugs = factory.LazyFunction(lambda: ["drum-does-not-turn"])
    age_years = 6.0
    brand = "Bosch"
    purchase_price_eur = None
    repair_quote_eur = None
    description = ""
    postcode = "3511 AB"
    language = "nl"

    @classmethod
    def _create(cls, model_class, **kwargs):
        return verdict_create(**kwargs)

    _build = _create
