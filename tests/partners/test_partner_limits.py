"""Widget and lead limits count visitors, not the partner's key or our proxy: one visitor cannot
use up a partner's widget for everyone, and visitors behind the TLS proxy are told apart."""

import pytest
from django.test import Client

from partners.models import Lead
from tests.partners.test_partner_widget import form_token, lead_url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_rate_window")]

PROXY = "10.0.0.1"


def visitor(address: str) -> Client:
    """A browser reaching us through the one trusted TLS proxy."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)


def test_a_visitor_over_their_own_limit_does_not_block_another_visitor_of_the_partner(
    partner, settings
):
    settings.TRUSTED_PROXY_HOPS = 1
    settings.WIDGET_VISITOR_RATE_LIMIT = "3/min"
    settings.WIDGET_RATE_LIMIT = "10/min"
    url = f"/widget/{partner.public_key}/"
    flooder, neighbour = visitor("203.0.113.5"), visitor("198.51.100.7")

    flood = [flooder.get(url) for _ in range(20)]
    neighbour_page = neighbour.get(url)

    assert [r.status_code for r in flood] == [200] * 3 + [429] * 17
    assert 1 <= int(flood[-1]["Retry-After"]) <= 60
    assert "frame-ancestors" in flood[-1]["Content-Security-Policy"]
    assert neighbour_page.status_code == 200


def test_the_partner_key_still_has_an_overall_limit(partner, settings):
    settings.TRUSTED_PROXY_HOPS = 1
    settings.WIDGET_VISITOR_RATE_LIMIT = "5/min"
    settings.WIDGET_RATE_LIMIT = "3/min"
    url = f"/widget/{partner.public_key}/"

    statuses = [visitor(f"203.0.113.{i}").get(url).status_code for i in range(4)]

    assert statuses == [200, 200, 200, 429]


def test_the_widget_advice_form_post_is_limited_per_visitor(partner, settings):
    settings.WIDGET_VISITOR_RATE_LIMIT = "3/min"
    settings.WIDGET_RATE_LIMIT = "100/min"
    browser = Client()
    url = f"/widget/{partner.public_key}/"
    token = form_token(browser.get(url))
    form = {"widget_token": token, "category": "washing-machine", "age_years": "5"}

    statuses = [browser.post(url, form).status_code for _ in range(4)]

    assert statuses == [302, 302, 429, 429]  # the first GET counted too


def test_lead_limits_count_each_visitor_behind_the_proxy_apart(partner, repair_verdict, settings):
    settings.TRUSTED_PROXY_HOPS = 1
    settings.LEAD_RATE_LIMIT = "1/hour"
    page = f"/widget/{partner.public_key}/verdict/{repair_verdict.id}/"

    def lead_from(browser: Client, email: str) -> int:
        data = {"widget_token": form_token(browser.get(page)), "name": "Sam", "email": email,
                "consent": "on"}  # fmt: skip
        return browser.post(lead_url(partner, repair_verdict), data).status_code

    first, neighbour = visitor("203.0.113.5"), visitor("198.51.100.7")

    assert lead_from(first, "a@example.org") == 302
    assert lead_from(first, "a@example.org") == 429
    assert lead_from(neighbour, "b@example.org") == 302
    assert Lead.objects.count() == 2
