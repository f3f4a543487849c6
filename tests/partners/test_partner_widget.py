"""The widget pages: framing headers, keys, the signed form token, leads and rate limits."""

import re
from decimal import Decimal

import pytest
from django.core import mail

from common.csp import csp_directives
from partners.models import Lead
from repair_advice.services import verdict_create
from tests.partners.factories import PartnerFactory

pytestmark = pytest.mark.django_db


def form_token(response) -> str:
    return re.search(r'name="widget_token" value="([^"]+)"', response.content.decode()).group(1)


def test_the_widget_may_be_framed_by_exactly_the_allowed_origins(client, partner):
    partner.allowed_origins = ["https://shop.example", "http://127.0.0.1:8000"]
    partner.save()
    response = client.get(f"/widget/{partner.public_key}/")
    assert response.status_code == 200
    policy = csp_directives(response["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["https://shop.example", "http://127.0.0.1:8000"]
    assert policy["script-src"][0] == "'self'"  # the site policy still applies inside
    assert "X-Frame-Options" not in response


def test_other_pages_keep_denying_frames(client, catalogue):
    assert client.get("/")["X-Frame-Options"] == "DENY"
    assert client.get("/advies/")["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("active", [False, None])
def test_an_unknown_or_inactive_key_is_404(client, partner, active):
    key = partner.public_key if active is False else "pk_nope"
    partner.is_active = active is not False
    partner.save()
    assert client.get(f"/widget/{key}/").status_code == 404


def test_widget_js_is_served_as_javascript(client):
    response = client.get("/widget.js")
    assert response["Content-Type"].startswith("application/javascript")
    assert b"postMessage" not in response.content or b"event.origin !== ours" in response.content
    assert len(response.content) < 4000


def test_the_parent_origin_is_used_only_when_allowed(client, partner):
    ok = client.get(f"/widget/{partner.public_key}/", {"origin": "https://shop.example"})
    evil = client.get(f"/widget/{partner.public_key}/", {"origin": "https://evil.example"})
    assert b'data-parent-origin="https://shop.example"' in ok.content
    assert b'data-parent-origin=""' in evil.content


def test_requests_per_key_are_limited_without_failing_on_a_cache_outage(client, partner, settings):
    settings.WIDGET_RATE_LIMIT = "2/min"
    url = f"/widget/{partner.public_key}/"
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
    assert client.get(url).status_code == 200


def test_the_advice_flow_in_the_widget_shows_the_verdict_inside_it(client, partner):
    url = f"/widget/{partner.public_key}/"
    token = form_token(client.get(url))
    response = client.post(
        url,
        {
            "widget_token": token,
            "origin": "https://shop.example",
            "category": "washing-machine",
            "age_years": "2",
            "repair_quote_eur": "60",
        },
    )
    assert response.status_code == 302
    assert re.match(
        rf"/widget/{partner.public_key}/verdict/[0-9a-f-]+/\?origin=https", response.url
    )
    page = client.get(response.url)
    assert page.status_code == 200
    assert csp_directives(page["Content-Security-Policy"])["frame-ancestors"] == [
        "https://shop.example"
    ]
    assert b'id="lead-form"' in page.content


def test_a_post_without_a_valid_signed_token_is_refused(client, partner):
    url = f"/widget/{partner.public_key}/"
    other = PartnerFactory()
    token_of_other = form_token(client.get(f"/widget/{other.public_key}/"))
    for token in ("", "forged", token_of_other):
        response = client.post(url, {"widget_token": token, "category": "washing-machine"})
        assert response.status_code == 403


def lead_url(partner, verdict):
    return f"/widget/{partner.public_key}/verdict/{verdict.id}/lead/"


def test_a_lead_is_stored_and_the_shop_emailed(
    client, partner, repair_verdict, django_capture_on_commit_callbacks
):
    token = form_token(client.get(f"/widget/{partner.public_key}/verdict/{repair_verdict.id}/"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            lead_url(partner, repair_verdict),
            {
                "widget_token": token,
                "name": "Sam",
                "phone": "06 12345678",
                "message": "Drum makes noise",
                "consent": "on",
            },
        )
    assert response.status_code == 302 and response.url.endswith("/lead/sent/")
    lead = Lead.objects.get()
    assert (lead.partner, lead.verdict, lead.phone) == (partner, repair_verdict, "06 12345678")
    assert lead.consent_at is not None
    assert mail.outbox[0].to == [partner.contact_email]
    assert "06 12345678" in mail.outbox[0].body
    assert client.get(response.url).status_code == 200


def test_a_lead_needs_consent_and_an_email_or_phone(client, partner, repair_verdict):
    token = form_token(client.get(f"/widget/{partner.public_key}/verdict/{repair_verdict.id}/"))
    response = client.post(
        lead_url(partner, repair_verdict), {"widget_token": token, "name": "Sam"}
    )
    assert response.status_code == 400
    assert set(response.context["lead_form"].errors) == {"email", "consent"}
    assert not Lead.objects.exists()


def test_lead_submissions_are_rate_limited(client, partner, repair_verdict, settings):
    settings.LEAD_RATE_LIMIT = "1/hour"
    token = form_token(client.get(f"/widget/{partner.public_key}/verdict/{repair_verdict.id}/"))
    data = {"widget_token": token, "name": "Sam", "email": "s@example.org", "consent": "on"}
    assert client.post(lead_url(partner, repair_verdict), data).status_code == 302
    assert client.post(lead_url(partner, repair_verdict), data).status_code == 429
    assert Lead.objects.count() == 1


def test_no_quote_is_offered_on_a_replace_verdict(client, partner, catalogue):
    verdict = verdict_create(
        category_slug="washing-machine", age_years=14, repair_quote_eur=Decimal("450")
    )
    assert verdict.outcome == "replace"
    page = client.get(f"/widget/{partner.public_key}/verdict/{verdict.id}/")
    assert b'id="lead-form"' not in page.content
    token = form_token(client.get(f"/widget/{partner.public_key}/"))
    response = client.post(
        lead_url(partner, verdict),
        {"widget_token": token, "name": "Sam", "email": "s@example.org", "consent": "on"},
    )
    assert response.status_code == 404
