"""Fixtures for the partner tests: a verdict that says repair, partners with API tokens."""

from decimal import Decimal

import pytest

from partners.services import partner_rotate_api_token
from repair_advice.services import verdict_create
from tests.partners.factories import PartnerFactory


@pytest.fixture
def repair_verdict(catalogue):
    """A two-year-old washing machine with a cheap quote in Utrecht: the advice is 'repair'."""
    verdict = verdict_create(
        category_slug="washing-machine",
        age_years=2,
        repair_quote_eur=Decimal("60"),
        postcode="3511 AB",
    )
    assert verdict.outcome == "repair"
    return verdict


@pytest.fixture
def partner(catalogue):
    return PartnerFactory(categories=[catalogue.get(slug="washing-machine")])


@pytest.fixture
def api_client(partner):
    """A DRF test client authenticated as `partner` (client.partner)."""
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {partner_rotate_api_token(partner=partner)}")
    client.partner = partner
    return client
