"""Browser: the advice form suggests symptoms from the description, and the person may tick them."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_symptoms_suggested_from_the_description_can_be_ticked(live_server, catalogue, chromium):
    page = chromium.new_page()
    page.goto(f"{live_server.url}/advies/?category=washing-machine")
    page.fill("#id_description", "Hij pompt niet af, het water blijft in de trommel staan")
    suggestion = page.locator("#symptom-suggestions button").first
    suggestion.wait_for(timeout=10_000)
    assert "Pompt niet af" in suggestion.inner_text()

    suggestion.click()

    assert page.is_checked("input[name=symptoms][value=does-not-drain]")
    page.click("#submit-advice")
    page.wait_for_url("**/advies/*-*/", timeout=15_000)
    assert page.locator("h1").first.inner_text().strip()
