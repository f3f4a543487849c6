"""Factories and helpers for the maintenance tests."""

import secrets

import factory
from django.core.mail.backends.locmem import EmailBackend

from appliances.models import Category
from maintenance.models import Appliance
from repair_advice.models import Verdict


class ApplianceFactory(factory.django.DjangoModelFactory):
    """A registered washing machine (the category comes from the shipped catalogue)."""

    class Meta:
        model = Appliance

    token = factory.LazyFunction(lambda: secrets.token_urlsafe(24))
    category = factory.LazyFunction(lambda: Category.objects.get(slug="washing-machine"))
    brand = "Miele"
    model_name = "W1"
    language = "nl"


class VerdictFactory(factory.django.DjangoModelFactory):
    """A stored verdict as the advice form would leave it (facts trimmed to what is read here)."""

    class Meta:
        model = Verdict

    category = factory.LazyFunction(lambda: Category.objects.get(slug="washing-machine"))
    age_years = 8.0
    brand = "Bosch"
    postcode = "3511 AB"
    language = "nl"
    outcome = "replace"
    confidence = 0.8
    facts = factory.LazyAttribute(
        lambda o: {"verdict": o.outcome, "new_price_eur": 600.0, "assumed_age_years": o.age_years}
    )


class FailingOnceBackend(EmailBackend):
    """A mail server that is down for the first message it is given, then works."""

    failed = False

    def send_messages(self, messages):
        if not FailingOnceBackend.failed:
            FailingOnceBackend.failed = True
            raise ConnectionError("SMTP server unavailable")
        return super().send_messages(messages)
