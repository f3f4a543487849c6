"""The embedded widget in headless Chromium: on an allowed shop page it lists that shop first
under 'repairers near you' and sends a lead; on a page of another origin the loader shows a
readable refusal instead of a refused (grey) frame."""

import os

import pytest
from playwright.sync_api import expect

from common.postcodes import pc4_centroid
from partners.models import Lead
from tests.partners.factories import PartnerFactory

SCREENSHOT = os.environ.get("WIDGET_SCREENSHOT")  # e.g. docs/img/widget.png, for the docs
TIMEOUT_MS = 15000

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def place(pc: str, **fields):
    c = pc4_centroid(pc)
    return PartnerFactory(postcode=pc, latitude=c.latitude, longitude=c.longitude, **fields)


def test_an_allowed_shop_embeds_the_widget_lists_itself_first_and_receives_a_lead(
    catalogue, shop_site, chromium
):
    directory, port = shop_site
    washer = catalogue.get(slug="washing-machine")
    # The shop is in Amersfoort; a competitor sits right in Utrecht, where the visitor lives.
    partner = place(
        "3811",
        name="Witgoed Jansen",
        brand_colour="#0b5cad",
        allowed_origins=[f"http://127.0.0.1:{port}"],
        categories=[washer],
    )
    place("3512", name="Reparatie Concurrent", categories=[washer])
    page_html = (directory / "index.html").read_text().replace("KEY", partner.public_key)
    (directory / "index.html").write_text(page_html)
    page = chromium.new_page(viewport={"width": 640, "height": 900})
    page.set_default_timeout(TIMEOUT_MS)

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
    # ...the verdict says why in one line,
    expect(widget.locator(".verdict__summary")).to_contain_text("Per jaar gebruik")
    # ...'repairers near you' starts with this shop (with its distance), not the nearer competitor,
    first = widget.locator("#nearby .nearby__item").first
    expect(first).to_contain_text("Witgoed Jansen")
    expect(first).to_contain_text(" km")
    expect(widget.locator("#nearby")).not_to_contain_text("Reparatie Concurrent")
    # ...the iframe has grown to its content through postMessage,
    page.wait_for_function(
        "document.querySelector('iframe.moeitewaard-widget').style.height !== '480px'"
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


def test_another_origin_gets_a_readable_refusal_instead_of_a_refused_frame(
    catalogue, shop_site, chromium, live_server
):
    directory, port = shop_site
    partner = PartnerFactory(allowed_origins=[f"http://127.0.0.1:{port}"])
    page_html = (directory / "index.html").read_text().replace("KEY", partner.public_key)
    (directory / "index.html").write_text(page_html)
    page = chromium.new_page()
    page.set_default_timeout(TIMEOUT_MS)

    # The same page, served from localhost instead of 127.0.0.1: an origin the shop did not list.
    page.goto(f"http://localhost:{port}/")
    refusal = page.locator(".moeitewaard-widget-refusal")
    expect(refusal).to_have_text(
        "Deze advieswidget is niet ingesteld voor deze website. "
        "Ga naar De Moeite Waard voor advies."
    )
    expect(refusal.locator("a")).to_have_attribute("href", f"{live_server.url}/")
    expect(page.locator("iframe")).to_have_count(0)  # no grey 640 px box with a sad face
