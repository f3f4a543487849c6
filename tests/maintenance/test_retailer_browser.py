"""Browser, phone size: a retailer uploads a CSV batch and downloads its label sheet, whose QR
codes open the passports; a consumer asks 'Vraag het' with and without a language model."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from maintenance.models import Appliance
from partners.services import partner_rotate_api_token
from tests.maintenance.label_pdf import pdf_pages_qr_texts
from tests.partners.factories import PartnerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "nl-NL",  # a Dutch phone
}
CSV = (
    "category,brand,model,purchase_date,purchase_price_eur\n"
    "washing-machine,Miele,WWD 120,2026-11-28,899.00\n"
    "coffee-machine,Philips,EP2220,2026-11-30,349.00\n"
    "fridge-freezer,Bosch,KGN39,2026-12-01,\n"
)


def _phone(chromium):
    page = chromium.new_context(**PHONE).new_page()
    page.set_default_timeout(15000)
    return page


def test_a_retailer_uploads_a_batch_and_its_label_codes_open_the_passports(
    live_server, catalogue, chromium
):
    partner = PartnerFactory(kind="retailer", name="Witgoed Jansen BV", brand_name="Jansen")
    token = partner_rotate_api_token(partner=partner)
    page = _phone(chromium)

    # Given a retailer signed in with its API token...
    page.goto(f"{live_server.url}/winkel/")
    page.fill("#id_api_token", token)
    page.click("#retailer-sign-in button[type=submit]")
    page.wait_for_url("**/winkel/paspoorten/")
    # ...when it uploads the CSV of what it sold...
    page.set_input_files(
        "#id_file", files=[{"name": "verkocht.csv", "mimeType": "text/csv", "buffer": CSV.encode()}]
    )
    page.click("#passport-upload button[type=submit]")
    page.locator("#batch-issued").wait_for()
    assert "3 paspoorten uitgegeven" in page.locator("#batch-issued h2").inner_text()
    # ...and downloads the label sheet,
    with page.expect_download() as download_info:
        page.click("#download-labels")
    pdf = Path(download_info.value.path()).read_bytes()

    # then every QR code on it opens one of the new passports, in the order of the file.
    passports = list(Appliance.objects.filter(issued_by=partner).order_by("pk"))
    assert [p.brand for p in passports] == ["Miele", "Philips", "Bosch"]
    codes = pdf_pages_qr_texts(pdf)
    assert codes == [[f"{live_server.url}/apparaat/{p.token}/?src=label" for p in passports]]

    # A buyer scanning the first label sees the passport with the shop's name, and it counts.
    buyer = _phone(chromium)
    buyer.goto(codes[0][0])
    buyer.wait_for_url(f"**/apparaat/{passports[0].token}/")
    assert "uitgegeven door Jansen" in buyer.locator(".passport__kicker").inner_text()
    assert buyer.locator("#id_email").is_visible()  # the buyer opts in to reminders themselves
    page.reload()
    assert page.locator("[data-stat=scanned]").inner_text() == "1"


@pytest.fixture
def coffee_passport(catalogue):
    call_command("load_maintenance_tasks", verbosity=0)
    from appliances.models import Category

    return Appliance.objects.create(
        token="koffie-paspoort-test-token-0123456789",
        category=Category.objects.get(slug="coffee-machine"),
        brand="Philips",
    )


def _ask(page, url: str) -> None:
    page.goto(url)
    page.fill("#id_question", "hoe ontkalk ik mijn koffiemachine?")
    page.click("#question-form button[type=submit]")


def test_a_consumer_asks_a_maintenance_question_without_an_llm(
    live_server, coffee_passport, chromium
):
    page = _phone(chromium)
    url = f"{live_server.url}{coffee_passport.get_absolute_url()}"

    _ask(page, url)

    answer = page.locator("#question-answer .answer[data-source=tasks]")
    answer.wait_for()
    assert page.url == url  # answered in place, the page was not reloaded
    assert "Deze onderhoudstaken passen het best bij je vraag" in answer.inner_text()
    assert answer.locator("li strong").first.inner_text() == "Ontkalken"
    assert "Bron:" in answer.locator("li").first.inner_text()


def test_a_consumer_asks_a_maintenance_question_with_an_llm(
    live_server, coffee_passport, chromium, fake_llm
):
    text = (
        "Ontkalk je koffiemachine met een ontkalker die de fabrikant aanraadt en niet met azijn, "
        "want die kan de rubbers aantasten. Start daarna het ontkalkprogramma van de machine."
    )
    fake_llm.answer_with(json.dumps({"on_topic": True, "answer": text}))
    page = _phone(chromium)

    _ask(page, f"{live_server.url}{coffee_passport.get_absolute_url()}")

    answer = page.locator("#question-answer .answer[data-source=llm]")
    answer.wait_for()
    assert answer.locator(".answer__text").inner_text() == text
    assert "taalmodel" in answer.inner_text()  # said who wrote it
    assert answer.locator("li strong").first.inner_text() == "Ontkalken"
    assert '"hoe ontkalk ik mijn koffiemachine?"' in fake_llm.messages()["user"]
