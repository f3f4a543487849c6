"""factory_boy factories for partners and leads."""

import factory
from django.utils import timezone

from partners.models import Lead, Partner


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Test repairer {n}")
    contact_email = factory.Sequence(lambda n: f"shop{n}@example.org")
    postcode = "3511"
    latitude = 52.0914
    longitude = 5.1155
    allowed_origins = factory.LazyFunction(lambda: ["https://shop.example"])

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create and extracted:
            self.categories.set(extracted)


class LeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lead

    partner = factory.SubFactory(PartnerFactory)
    name = "Sam Jansen"
    email = "sam@example.org"
    consent_at = factory.LazyFunction(timezone.now)
