"""Drill: Redis is down when a visitor asks a shop for a quote. The lead is stored, its mail waits
in the outbox, nothing hangs or answers 500; once sending works the shop gets exactly one mail."""

import re
import urllib.error
import urllib.parse
import urllib.request
from decimal import Decimal

import pytest
from django.core import mail

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 302 itself is the answer under test


def post_form(url: str, fields: dict[str, str]) -> tuple[int, str]:
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, data=urllib.parse.urlencode(fields).encode())
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


@pytest.fixture
def partner_and_verdict(catalogue):
    from partners.models import Partner
    from repair_advice.services import verdict_create
    from tests.partners.factories import PartnerFactory

    partner: Partner = PartnerFactory(categories=[catalogue.get(slug="washing-machine")])
    verdict = verdict_create(
        category_slug="washing-machine", age_years=2, repair_quote_eur=Decimal("60"),
        postcode="3511 AB",
    )  # fmt: skip
    assert verdict.outcome == "repair"
    return partner, verdict


def test_a_lead_is_kept_and_mailed_once_when_redis_is_down(
    partner_and_verdict, app_env, start_server, private_redis
):
    from outbox.models import OutboxMessage
    from outbox.services import outbox_send_due
    from partners.models import Lead

    partner, verdict = partner_and_verdict
    server = start_server({**app_env, "REDIS_URL": private_redis.url})
    page = server.get(f"/widget/{partner.public_key}/verdict/{verdict.id}/")
    token = re.search(r'name="widget_token" value="([^"]+)"', page.body).group(1)

    private_redis.kill()
    status, body = post_form(
        f"{server.url}/widget/{partner.public_key}/verdict/{verdict.id}/lead/",
        {"widget_token": token, "name": "Sam", "phone": "06 12345678", "consent": "on"},
    )

    assert status == 302, body[:2000] + server.log()
    lead = Lead.objects.get()
    assert lead.emailed_at is None
    message = OutboxMessage.objects.get(kind="lead-email")
    assert message.payload["lead_id"] == lead.pk and message.sent_at is None
    assert "Could not nudge the outbox worker" in server.log()
    assert "Traceback" not in server.log()

    # The beat task's work, here in this process (as a worker does once Redis is back).
    assert outbox_send_due().sent == 1
    assert outbox_send_due().sent == 0
    assert [m.to for m in mail.outbox] == [[partner.contact_email]]
    lead.refresh_from_db()
    assert lead.emailed_at is not None
