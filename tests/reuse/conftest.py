"""Fixtures of the reuse pilot: two milieustraten, a kringloop with an API token, their staff."""

import pytest
from django.contrib.auth.models import Group, User

from partners.services import partner_rotate_api_token
from reuse.models import LocationStaff
from tests.partners.factories import PartnerFactory

PASSWORD = "Gloves-on-2026"


def staff_user(username: str, location) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD)
    # get_or_create: a transactional (browser) test flushes the groups the migration made.
    user.groups.add(Group.objects.get_or_create(name="Reuse location staff")[0])
    LocationStaff.objects.create(user=user, location=location)
    return user


@pytest.fixture
def milieustraat_a(catalogue):
    return PartnerFactory(name="Milieustraat Utrecht-Noord", kind="milieustraat")


@pytest.fixture
def milieustraat_b(catalogue):
    return PartnerFactory(name="Milieustraat Zwolle", kind="milieustraat")


@pytest.fixture
def kringloop(catalogue):
    return PartnerFactory(name="Kringloop De Cirkel", kind="kringloop")


@pytest.fixture
def staff_a(milieustraat_a):
    return staff_user("anna", milieustraat_a)


@pytest.fixture
def staff_b(milieustraat_b):
    return staff_user("bram", milieustraat_b)


@pytest.fixture
def coalition_user(db):
    user = User.objects.create_user(username="coalitie", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Coalition staff"))
    return user


@pytest.fixture
def kringloop_api(kringloop):
    """A DRF client authenticated with the kringloop's partner token."""
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {partner_rotate_api_token(partner=kringloop)}")
    return client
