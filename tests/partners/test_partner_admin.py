"""Finding 13: the contact details of leads need their own permission in the admin."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse

from controlroom.roles import ADMINISTRATORS, COALITION_STAFF, DATA_STEWARD
from partners.permissions import LEAD_CONTACT_PERMISSION
from repair_advice.services import verdict_create
from tests.partners.factories import LeadFactory

pytestmark = pytest.mark.django_db

CONTACT = ("Sam Jansen", "sam.jansen@example.org", "0612345678")


def _staff(role: str) -> User:
    call_command("setup_roles", verbosity=0)
    user = User.objects.create_user(role, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def lead(catalogue):
    name, email, phone = CONTACT
    return LeadFactory(
        verdict=verdict_create(category_slug="washing-machine"), name=name, email=email, phone=phone
    )


@pytest.mark.parametrize("role", [COALITION_STAFF, DATA_STEWARD])
def test_staff_roles_see_leads_with_their_contact_details_masked(client, lead, role):
    user = _staff(role)
    assert not user.has_perm(LEAD_CONTACT_PERMISSION)
    client.force_login(user)

    listing = client.get(reverse("admin:partners_lead_changelist"))
    detail = client.get(reverse("admin:partners_lead_change", args=[lead.pk]))
    search = client.get(reverse("admin:partners_lead_changelist"), {"q": "sam.jansen"})

    assert listing.status_code == detail.status_code == 200
    for html in (listing.content.decode(), detail.content.decode(), search.content.decode()):
        for value in CONTACT:
            assert value not in html
    assert "S•••" in listing.content.decode()


def test_administrators_see_the_contact_details(client, lead):
    administrator = _staff(ADMINISTRATORS)
    assert administrator.has_perm(LEAD_CONTACT_PERMISSION)
    client.force_login(administrator)

    html = client.get(reverse("admin:partners_lead_changelist")).content.decode()

    for value in CONTACT:
        assert value in html
