"""The text-first intake in headless Chromium: one sentence fills the advice form, which waits
for the person to check it."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_text_first_intake_fills_the_form(catalogue, live_server, chromium, settings):
    settings.OPENAI_API_KEY = ""  # the embedded intake
    page = chromium.new_context(locale="nl-NL").new_page()
    page.set_default_timeout(15000)
    page.goto(f"{live_server.url}/advies/?lang=nl")

    # Given the advice form, when a person describes the problem and asks to fill in the form...
    page.wait_for_selector("#intake:not([hidden])")
    assert page.inner_text("#intake-label") == "Wat is er mis?"
    page.fill("#intake-text", "mijn koelkast koelt niet meer, hij is 7 jaar oud")
    page.click("text=Vul het formulier in")

    # ...the appliance, its symptom, the age and the description are filled in...
    page.wait_for_selector("#symptom-list input[value='not-cooling']:checked")
    assert page.input_value("input[name=category]") == "Koel-vriescombinatie"
    assert page.input_value("#id_age_years") == "7"
    assert page.input_value("#id_description") == "mijn koelkast koelt niet meer, hij is 7 jaar oud"
    ticked = page.eval_on_selector_all(
        "#symptom-list input:checked", "boxes => boxes.map(b => b.value)"
    )
    assert ticked == ["not-cooling"]

    # ...the live region asks the person to check it, focus is on the form, and no verdict yet.
    expect(page.locator("#intake-status")).to_contain_text("Kijk het formulier na")
    status = page.inner_text("#intake-status")
    assert "Apparaat: Koel-vriescombinatie" in status
    assert "Koelt niet (goed)" in status and "Leeftijd in jaren: 7" in status
    assert page.evaluate("document.activeElement.name") == "category"
    assert page.url.endswith("/advies/?lang=nl")


def test_without_javascript_the_intake_box_stays_hidden(catalogue, live_server, chromium):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/advies/?lang=nl")
    assert page.locator("#intake").get_attribute("hidden") is not None
    assert page.locator("#id_description").is_visible()
