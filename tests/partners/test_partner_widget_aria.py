"""Every aria-describedby/-labelledby/-controls id on the widget pages (and the site's advice and
verdict pages) exists, with and without form errors."""

import re

import pytest

from tests.aria import aria_problems, assert_aria_references_exist
from tests.partners.factories import LeadFactory

pytestmark = pytest.mark.django_db


def test_the_check_finds_a_dangling_reference_and_a_duplicate_id():
    html = '<input aria-describedby="a b"><p id="a"></p><p id="c"></p><p id="c"></p>'
    assert aria_problems(html) == [
        '<input aria-describedby="…b…">: no element has id="b"',
        'id="c" is used more than once',
    ]
    assert aria_problems('<input aria-describedby="a"><p id="a"></p>') == []


def token(html: str) -> str:
    return re.search(r'name="widget_token" value="([^"]+)"', html).group(1)


def test_the_widget_advice_form_with_and_without_errors(client, partner):
    url = f"/widget/{partner.public_key}/"
    page = client.get(url).content.decode()
    assert assert_aria_references_exist(page) >= 1  # help texts are referenced and present
    invalid = client.post(
        url, {"widget_token": token(page), "age_years": "abc", "repair_quote_eur": "x"}
    )
    assert invalid.status_code == 400
    html = invalid.content.decode()
    assert 'aria-describedby="id_category_error"' in html
    assert assert_aria_references_exist(html) >= 3


def test_the_widget_verdict_and_its_lead_form_with_errors(client, partner, repair_verdict):
    url = f"/widget/{partner.public_key}/verdict/{repair_verdict.id}/"
    page = client.get(url, {"postcode": "12AB"}).content.decode()
    assert assert_aria_references_exist(page) >= 2
    invalid = client.post(f"{url}lead/", {"widget_token": token(page), "email": "not-an-address"})
    assert invalid.status_code == 400
    html = invalid.content.decode()
    assert 'id="id_consent_error"' in html
    assert_aria_references_exist(html)


def test_the_lead_outcome_page_with_and_without_errors(client, partner, repair_verdict):
    from partners.tokens import lead_outcome_url

    lead = LeadFactory(partner=partner, verdict=repair_verdict)
    url = lead_outcome_url(lead=lead, site_url="")
    assert assert_aria_references_exist(client.get(url).content.decode()) >= 1
    invalid = client.post(url, {"total_eur": "abc"})
    assert invalid.status_code == 400
    assert assert_aria_references_exist(invalid.content.decode()) >= 2


def test_the_sites_advice_and_verdict_pages(client, repair_verdict):
    assert_aria_references_exist(client.get("/advies/").content.decode())
    invalid = client.post("/advies/", {"category": "", "age_years": "abc"})
    assert_aria_references_exist(invalid.content.decode())
    assert_aria_references_exist(client.get(repair_verdict.get_absolute_url()).content.decode())
