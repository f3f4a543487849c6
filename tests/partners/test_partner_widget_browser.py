"""The embedded widget in headless Chromium: an allowed shop page frames it and sends a lead; a
page from another origin cannot frame it."""

import os
from pathlib import Path

import pytest

from partners.models import Lead
from tests.partners.factories import PartnerFactory

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SCREENSHOT = os.environ.get("WIDGET_SCREENSHOT")  # e.g. docs/img/widget.png, for the docs

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not Path(CHROMIUM).exists() and os.environ.get("CI") != "true",
        reason=f"needs Debian chromium at {CHROMIUM} (make browser-deps); required under CI=true",
    ),
]


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def test_an_allowed_shop_embeds_the_widget_and_sends_a_lead_but_others_cannot_frame_it(
    catalogue, shop_site, browser
):
    directory, port = shop_site
    partner = PartnerFactory(
        name="Witgoed Jansen",
        brand_colour="#0b5cad",
        allowed_origins=[f"http://127.0.0.1:{port}"],
        categories=[catalogue.get(slug="washing-machine")],
    )
    page_html = (directory / "index.html").read_text().replace("KEY", partner.public_key)
    (directory / "index.html").write_text(page_html)
    page = browser.new_page(viewport={"width": 640, "height": 900})
    page.set_default_timeout(15000)

    # Given the shop page on an allowed origin, when a person completes the advice flow...
    page.goto(f"http://127.0.0.1:{port}/")
    widget = page.frame_locator("iframe.moeitewaard-widget")
    widget.locator("#id_category").select_option("washing-machine")
    # Past its reasonable lifetime, so no guarantee claim comes before the shop's quote.
    widget.locator("#id_age_years").fill("9")
    widget.locator("#id_repair_quote_eur").fill("60")
    widget.locator("#id_postcode").fill("3511 AB")
    widget.locator("#get-advice").click()
    widget.locator("#lead-form").wait_for()
    # ...the iframe has grown to its content through postMessage,
    page.wait_for_function(
        "document.querySelector('iframe.moeitewaard-widget').style.height !== '640px'"
    )
    if SCREENSHOT:
        page.screenshot(path=SCREENSHOT, full_page=False)
    # ...and a quote request reaches the shop.
    widget.locator("#id_name").fill("Sam Jansen")
    widget.locator("#id_email").fill("sam@example.org")
    widget.locator("#id_consent").check()
    widget.locator("#lead-form button[type=submit]").click()
    widget.locator("#lead-sent").wait_for()
    lead = Lead.objects.get()
    assert lead.partner == partner and lead.verdict.outcome == "repair"

    # Given the same page on an origin that is not allowed, the frame is blocked.
    blocked = browser.new_page()
    refused = []
    blocked.on("console", lambda message: refused.append(message.text))
    blocked.goto(f"http://localhost:{port}/")
    blocked.wait_for_selector("iframe.moeitewaard-widget", state="attached")
    blocked.wait_for_timeout(1500)
    frame = blocked.frame_locator("iframe.moeitewaard-widget")
    assert frame.locator("#get-advice").count() == 0
    assert any("frame-ancestors" in text for text in refused), refused
