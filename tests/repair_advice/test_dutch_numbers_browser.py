"""The advice form in Debian Chromium: numbers typed the Dutch way reach the verdict as meant, and
an unusual price is asked about before any advice is given."""

import re
from decimal import Decimal

import pytest

from repair_advice.models import Verdict

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VERDICT_URL = re.compile(r"/advies/[0-9a-f-]{36}/")


def _advice_page(chromium, live_server):
    page = chromium.new_page(viewport={"width": 1000, "height": 900}, locale="nl-NL")
    page.set_default_timeout(15000)
    page.goto(f"{live_server.url}/advies/?lang=nl")
    page.locator("#id_category").fill("Stofzuiger")
    return page


def test_89_95_and_2_5_typed_in_the_advice_form_are_stored_as_89_95_and_2_5(
    catalogue, chromium, live_server
):
    page = _advice_page(chromium, live_server)
    for selector in ("#id_purchase_price_eur", "#id_age_years"):
        assert page.locator(selector).get_attribute("type") == "text"
        assert page.locator(selector).get_attribute("inputmode") == "decimal"

    page.locator("#id_purchase_price_eur").fill("89,95")
    page.locator("#id_age_years").fill("2,5")
    page.locator("#submit-advice").click()
    page.wait_for_url(VERDICT_URL)

    verdict = Verdict.objects.get()
    assert verdict.purchase_price_eur == Decimal("89.95")
    assert verdict.age_years == 2.5
    assert verdict.category.slug == "vacuum-cleaner"


def test_a_vacuum_cleaner_bought_for_8995_is_asked_about_then_advised_on_confirmation(
    catalogue, chromium, live_server
):
    page = _advice_page(chromium, live_server)
    page.locator("#id_purchase_price_eur").fill("8.995")
    page.locator("#submit-advice").click()

    question = page.locator("#id_purchase_price_eur_error")
    question.wait_for()
    assert "Klopt € 8.995 voor een stofzuiger? Meestal kost een nieuwe € 80–450." in (
        question.inner_text()
    )
    assert page.locator("#id_purchase_price_eur").input_value() == "8.995"
    assert not Verdict.objects.exists()

    page.locator("#confirm-unusual-button").click()
    page.wait_for_url(VERDICT_URL)

    assert Verdict.objects.get().purchase_price_eur == Decimal("8995")
