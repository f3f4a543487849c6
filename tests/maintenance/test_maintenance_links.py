"""Finding 13: confirm and unsubscribe links carry an opaque signed token, not the address."""

import base64
import re

import pytest
from django.core import signing
from django.urls import reverse

from maintenance.models import ReminderSubscription
from maintenance.services import CONFIRM_SALT, UNSUBSCRIBE_SALT
from tests.maintenance.factories import ApplianceFactory

EMAIL = "piet@example.nl"


def _links(body: str) -> list[str]:
    return re.findall(r"http://testserver(/[^\s]+/)", body)


def _decoded_segments(path: str) -> str:
    """Every base64url-looking piece of the link, decoded as far as it decodes."""
    decoded = []
    for piece in re.split(r"[/:.]", path):
        try:
            decoded.append(
                base64.urlsafe_b64decode(piece + "=" * (-len(piece) % 4)).decode("latin-1")
            )
        except ValueError:
            continue
    return " ".join(decoded)


@pytest.fixture
def confirmation_mail(client, maintenance_tasks, mailoutbox, django_capture_on_commit_callbacks):
    appliance = ApplianceFactory()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("maintenance:appliance-reminders", args=[appliance.token]), {"email": EMAIL}
        )
    return mailoutbox[-1]


def test_no_link_in_the_mail_reveals_the_address(confirmation_mail):
    links = [*_links(confirmation_mail.body), confirmation_mail.extra_headers["List-Unsubscribe"]]

    assert len(links) >= 2
    for link in links:
        assert "piet" not in _decoded_segments(link)
        assert "example.nl" not in _decoded_segments(link)


def test_a_link_made_for_an_older_address_no_longer_works(client, confirmation_mail):
    confirm = next(link for link in _links(confirmation_mail.body) if "bevestigen" in link)
    ReminderSubscription.objects.update(email="new@example.nl")

    response = client.get(confirm)

    assert response.status_code == 400
    assert not ReminderSubscription.objects.get().confirmed_at


@pytest.mark.django_db
def test_links_mailed_before_the_change_keep_working(client, maintenance_tasks):
    subscription = ReminderSubscription.objects.create(
        appliance=ApplianceFactory(), email=EMAIL, site_url="http://testserver/"
    )
    old_confirm = signing.dumps({"id": subscription.pk, "e": EMAIL}, salt=CONFIRM_SALT)
    old_unsubscribe = signing.dumps(
        {"k": "reminders", "id": subscription.pk, "e": EMAIL}, salt=UNSUBSCRIBE_SALT
    )

    confirmed = client.get(reverse("maintenance:reminders-confirm", args=[old_confirm]))
    subscription.refresh_from_db()
    assert confirmed.status_code == 200
    assert subscription.confirmed_at is not None

    unsubscribed = client.get(reverse("maintenance:unsubscribe", args=[old_unsubscribe]))
    subscription.refresh_from_db()
    assert unsubscribed.status_code == 200
    assert subscription.unsubscribed_at is not None
