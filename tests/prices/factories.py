"""factory_boy factories for price records."""

import datetime
from decimal import Decimal

import factory

from prices.models import PriceRecord
from tests.factories import CategoryFactory


class PriceRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriceRecord

    record_id = factory.Sequence(lambda n: f"factory-{n}")
    repaired_on = datetime.date(2024, 5, 1)
    category = factory.SubFactory(CategoryFactory)
    symptom = None
    brand = "Bosch"
    age_years = 6.0
    total_eur = Decimal("180.00")
    outcome = PriceRecord.Outcome.REPAIRED
    postcode = "3511 AB"
    origin = PriceRecord.Origin.IMPORT
    partner = None
    # The namespace of record_id, as prices.services.PriceSource sets it.
    source_key = factory.LazyAttribute(
        lambda o: o.origin if o.partner is None else f"partner:{o.partner.pk}"
    )
