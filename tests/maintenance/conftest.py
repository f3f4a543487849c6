"""Fixtures for the maintenance tests: the shipped maintenance tasks and demo locations."""

import pytest
from django.core.management import call_command

# The loopback OpenAI server of the explainer tests, for 'Vraag het' (imported, not copied).
from tests.explainer.conftest import fake_llm  # noqa: F401


@pytest.fixture
def maintenance_tasks(catalogue):
    call_command("load_maintenance_tasks", verbosity=0)


@pytest.fixture
def second_life_locations(db):
    call_command("load_second_life_locations", verbosity=0)


@pytest.fixture
def retailer(catalogue):
    """A retailer partner and its API token."""
    from partners.services import partner_rotate_api_token
    from tests.partners.factories import PartnerFactory

    partner = PartnerFactory(name="Witgoed Jansen BV", brand_name="Jansen Witgoed", kind="retailer")
    return partner, partner_rotate_api_token(partner=partner)


@pytest.fixture
def retailer_api(retailer):
    """An API client authenticated as the retailer."""
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {retailer[1]}")
    return client
