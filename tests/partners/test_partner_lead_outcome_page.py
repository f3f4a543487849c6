"""The lead e-mail links to a page where the shop records what came of that one lead: a signed
link instead of a login, the outcomes of the partner API, the same price record."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail, signing
from django.test import Client
from django.utils import timezone

from outbox.services import outbox_send_due
from partners.emails import lead_email_send
from partners.models import Lead
from partners.services import lead_create
from partners.tokens import lead_outcome_token, lead_outcome_url
from prices.models import PriceRecord
from tests.partners.factories import LeadFactory, PartnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(partner, repair_verdict):
    return LeadFactory(partner=partner, verdict=repair_verdict)


def page_url(lead) -> str:
    return lead_outcome_url(lead=lead, site_url="")


def csrf_client() -> Client:
    return Client(enforce_csrf_checks=True)


def post_outcome(client, url, **data):
    page = client.get(url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    return client.post(url, {"csrfmiddlewaretoken": token.group(1), **data})


def test_the_lead_email_links_to_the_outcome_page_instead_of_the_api(
    client, partner, repair_verdict, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        lead = lead_create(
            partner=partner,
            verdict=repair_verdict,
            name="Sam",
            email="sam@example.org",
            consent=True,
            site_url="https://demoeitewaard.example/",
        )
    outbox_send_due()
    body = mail.outbox[0].body
    assert "POST /api/v1/partner/leads" not in body
    link = re.search(r"https://demoeitewaard\.example(/partner/aanvraag/[^/\s]+/)", body).group(1)
    assert "60 dagen" in body  # Dutch: the shop reads how long the link works
    page = client.get(link)
    assert page.status_code == 200 and f"Aanvraag {lead.pk}" in page.content.decode()


def test_an_old_outbox_message_without_a_site_url_still_sends(partner, lead):
    lead_email_send(lead_id=lead.pk)
    assert "/partner/aanvraag/" in mail.outbox[0].body


def test_the_form_offers_the_outcomes_of_the_api_and_records_a_price(lead):
    client = csrf_client()
    url = page_url(lead)
    html = client.get(url).content.decode()
    values = re.findall(r'name="outcome" value="([a-z_]+)"', html)
    assert values == [value for value, _ in PriceRecord.Outcome.choices]
    response = post_outcome(client, url, outcome="repaired", total_eur="89,95")
    assert response.status_code == 302 and response.url == f"{url}?saved=1"
    lead.refresh_from_db()
    assert (lead.outcome, lead.outcome_total_eur) == ("repaired", Decimal("89.95"))
    record = lead.price_record
    # The same record as the partner API makes: the partner's, id mw-lead-<id>.
    assert record.record_id == f"mw-lead-{lead.pk}" and record.partner == lead.partner
    assert record.total_eur == Decimal("89.95") and record.outcome == "repaired"


def test_sending_again_shows_and_then_replaces_the_recorded_outcome(lead):
    client = csrf_client()
    url = page_url(lead)
    post_outcome(client, url, outcome="repaired", total_eur="120")
    html = client.get(f"{url}?saved=1").content.decode()
    recorded = html[html.index('id="outcome-recorded"') :]
    assert "Gerepareerd" in recorded and "120,00" in recorded
    assert re.search(r'value="repaired"[^>]*checked', html)  # the form shows it too
    post_outcome(client, url, outcome="quote_declined", total_eur="250")
    lead.refresh_from_db()
    assert lead.outcome == "quote_declined"
    assert PriceRecord.objects.filter(partner=lead.partner).count() == 1


def test_a_bad_amount_or_a_future_date_is_refused_with_a_message(lead):
    client = csrf_client()
    url = page_url(lead)
    response = post_outcome(client, url, outcome="repaired", total_eur="-5")
    assert response.status_code == 400
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = post_outcome(client, url, outcome="repaired", total_eur="5", repaired_on=tomorrow)
    assert response.status_code == 400 and 'id="id_repaired_on_error"' in response.content.decode()
    lead.refresh_from_db()
    assert lead.outcome == "" and lead.price_record is None


def test_a_post_without_the_csrf_token_is_refused(lead):
    response = csrf_client().post(page_url(lead), {"outcome": "repaired", "total_eur": "10"})
    assert response.status_code == 403
    lead.refresh_from_db()
    assert lead.outcome == ""


def test_the_page_is_not_stored_or_indexed(client, lead):
    response = client.get(page_url(lead))
    assert "no-store" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
    assert response["Referrer-Policy"] == "no-referrer"


def test_a_link_works_for_its_own_lead_only(client, lead, repair_verdict):
    other = LeadFactory(partner=PartnerFactory(), verdict=repair_verdict)
    token = lead_outcome_token(lead=lead)
    payload, stamp_and_signature = token.split(":", 1)
    data = signing.b64_decode(payload.encode())
    assert f'"lead":{lead.pk}'.encode() in data
    other_lead = data.replace(f'"lead":{lead.pk}'.encode(), f'"lead":{other.pk}'.encode())
    tampered = f"{signing.b64_encode(other_lead).decode()}:{stamp_and_signature}"
    assert client.get(f"/partner/aanvraag/{tampered}/").status_code == 404
    assert client.get(f"/partner/aanvraag/{token}x/").status_code == 404
    assert client.get(f"/partner/aanvraag/{token}/").status_code == 200
    # A lead moved to another partner no longer matches the link made for the first one.
    Lead.objects.filter(pk=lead.pk).update(partner=other.partner)
    assert client.get(page_url(lead)).status_code == 404


def test_a_link_expires_after_60_days(client, lead, monkeypatch):
    url = page_url(lead)
    later = timezone.now().timestamp() + 61 * 24 * 3600
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    response = client.get(url)
    assert response.status_code == 410 and "verlopen" in response.content.decode()


def test_posts_are_rate_limited_per_visitor(lead, settings):
    settings.LEAD_OUTCOME_RATE_LIMIT = "2/hour"
    client = csrf_client()
    url = page_url(lead)
    assert post_outcome(client, url, outcome="repaired", total_eur="10").status_code == 302
    assert post_outcome(client, url, outcome="repaired", total_eur="11").status_code == 302
    refused = post_outcome(client, url, outcome="repaired", total_eur="12")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    lead.refresh_from_db()
    assert lead.outcome_total_eur == Decimal("11")
