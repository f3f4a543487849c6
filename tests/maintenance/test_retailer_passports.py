"""Passports issued by retailers: the partner API batch, the CSV upload page, the label sheet,
counting label scans and the per-retailer figures."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from maintenance.models import Appliance, LogEntry, ReminderSubscription
from partners.services import partner_rotate_api_token
from tests.maintenance.factories import ApplianceFactory
from tests.maintenance.label_pdf import pdf_pages_qr_texts, pdf_texts
from tests.partners.factories import PartnerFactory

URL = "/api/v1/partner/passports/"
LABELS = "/api/v1/partner/passports/labels.pdf"
STATS = "/api/v1/partner/passports/stats/"


def _passport(**overrides) -> dict:
    return {"category": "washing-machine", "brand": "Miele", "model": "WWD 120",
            "purchase_date": "2026-11-28", "purchase_price_eur": "899.00", **overrides}  # fmt: skip


def _issue(api, passports: list[dict]):
    return api.post(URL, {"passports": passports}, format="json")


def test_a_retailer_issues_a_batch_of_passports_with_their_urls(retailer_api, retailer):
    response = _issue(retailer_api, [_passport(), _passport(category="coffee-machine", brand="")])

    assert response.status_code == 201, response.json()
    body = response.json()
    assert len(body["passports"]) == 2
    first = Appliance.objects.get(pk=body["passports"][0]["id"])
    assert first.issued_by == retailer[0]
    assert first.model_name == "WWD 120" and str(first.purchase_price_eur) == "899.00"
    assert first.purchase_date == dt.date(2026, 11, 28)
    assert body["passports"][0]["url"] == f"http://testserver/apparaat/{first.token}/"
    assert body["passports"][0]["label_url"].endswith(f"/apparaat/{first.token}/?src=label")
    assert body["labels_pdf"] == f"http://testserver{LABELS}?batch={body['batch']}"


def test_a_batch_with_one_bad_record_stores_nothing_and_names_the_record(retailer_api):
    response = _issue(
        retailer_api,
        [_passport(), _passport(category="spaceship", purchase_date="2999-01-01"), _passport()],
    )

    assert response.status_code == 400
    errors = response.json()["passports"]
    assert list(errors) == ["1"]
    assert "category" in errors["1"] and "purchase_date" in errors["1"]
    assert not Appliance.objects.exists()


@pytest.mark.parametrize("field", ["email", "e-mail", "phone"])
def test_a_retailer_cannot_set_a_buyers_email_or_phone(retailer_api, field):
    response = _issue(retailer_api, [_passport(**{field: "koper@example.org"})])

    assert response.status_code == 400
    # Errors come in the request's language: Dutch unless the client asks for English.
    assert "de koper zet herinneringen zelf aan" in response.json()["passports"]["0"][field][0]
    assert not Appliance.objects.exists()
    assert not ReminderSubscription.objects.exists()


def test_batch_errors_follow_the_requests_language(retailer_api):
    retailer_api.credentials(
        HTTP_AUTHORIZATION=retailer_api._credentials["HTTP_AUTHORIZATION"],
        HTTP_ACCEPT_LANGUAGE="en",
    )
    response = _issue(retailer_api, [_passport(email="koper@example.org")])

    assert "opts in to reminders themselves" in response.json()["passports"]["0"]["email"][0]


def test_required_fields_and_unknown_fields_are_errors_by_field(retailer_api):
    response = _issue(retailer_api, [{"brand": "Bosch", "colour": "white"}])

    errors = response.json()["passports"]["0"]
    assert set(errors) == {"category", "purchase_date", "colour"}


def test_only_retailer_partners_may_issue_passports(catalogue):
    repairer = PartnerFactory(kind="repair_shop")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {partner_rotate_api_token(partner=repairer)}")

    assert _issue(api, [_passport()]).status_code == 403
    assert api.get(STATS).status_code == 403
    assert APIClient().get(STATS).status_code == 401
    assert not Appliance.objects.exists()


def test_a_retailer_sees_and_prints_only_its_own_passports(retailer_api, catalogue):
    other = PartnerFactory(kind="retailer", name="Ander BV")
    theirs = ApplianceFactory(issued_by=other)
    mine = Appliance.objects.get(
        pk=_issue(retailer_api, [_passport()]).json()["passports"][0]["id"]
    )

    assert retailer_api.get(f"{LABELS}?ids={theirs.pk}").status_code == 404
    pdf = retailer_api.get(f"{LABELS}?ids={theirs.pk},{mine.pk}").content
    assert pdf_pages_qr_texts(pdf) == [[f"http://testserver/apparaat/{mine.token}/?src=label"]]
    assert retailer_api.get(STATS).json()["issued"] == 1


def test_the_label_sheet_codes_decode_to_the_passports_and_carry_the_retailers_name(
    retailer_api,
):
    body = _issue(retailer_api, [_passport(model=f"W{i}") for i in range(26)]).json()

    response = retailer_api.get(body["labels_pdf"])

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pages = pdf_pages_qr_texts(response.content)
    assert [len(page) for page in pages] == [24, 2]  # 3 x 8 labels to an A4 page
    assert [text for page in pages for text in page] == [p["label_url"] for p in body["passports"]]
    assert pdf_texts(response.content).count("Jansen Witgoed") == 26


def test_a_scan_of_the_label_is_counted_once_and_lands_on_the_plain_page(client, retailer_api):
    passport = _issue(retailer_api, [_passport()]).json()["passports"][0]

    response = client.get(passport["label_url"])
    client.get(passport["url"])  # a later visit by bookmark is no scan

    assert (
        response.status_code == 302
        and response["Location"] == f"/apparaat/{Appliance.objects.get().token}/"
    )
    appliance = Appliance.objects.get()
    assert appliance.label_scans == 1 and appliance.first_scanned_at is not None


def test_the_stats_count_scans_confirmed_reminders_and_maintenance_done(retailer_api, client):
    passports = _issue(retailer_api, [_passport(), _passport(), _passport()]).json()["passports"]
    a, b, _c = (Appliance.objects.get(pk=p["id"]) for p in passports)
    client.get(passports[0]["label_url"])
    client.get(passports[0]["label_url"])
    client.get(passports[1]["label_url"])
    ReminderSubscription.objects.create(
        appliance=a, email="x@example.org", site_url="http://x/", confirmed_at=timezone.now()
    )
    ReminderSubscription.objects.create(appliance=b, email="y@example.org", site_url="http://x/")
    LogEntry.objects.create(appliance=a, kind="maintenance", done_on=timezone.localdate())
    LogEntry.objects.create(appliance=a, kind="maintenance", done_on=timezone.localdate())
    LogEntry.objects.create(appliance=b, kind="repair", done_on=timezone.localdate())
    ApplianceFactory()  # a consumer's own passport counts for nobody

    assert retailer_api.get(STATS).json() == {
        "issued": 3, "scanned": 2, "label_scans": 3, "reminders_subscribed": 1,
        "maintenance_marked_done": 1,
    }  # fmt: skip


def test_the_passport_page_names_the_retailer_and_offers_reminders_to_the_buyer(
    client, retailer_api
):
    passport = _issue(retailer_api, [_passport()]).json()["passports"][0]

    page = client.get(passport["url"]).content.decode()

    assert "Jansen Witgoed" in page
    assert 'name="email"' in page  # the buyer opts in on the page, as for any passport


# --- The CSV upload page -----------------------------------------------------------------------

CSV_OK = (
    "category,brand,model,purchase_date,purchase_price_eur\n"
    "washing-machine,Miele,WWD 120,2026-11-28,899.00\n"
    "coffee-machine,Philips,EP2220,2026-11-30,\n"
)


def _sign_in(client, token):
    return client.post("/winkel/", {"api_token": token})


def _upload(client, text: str, name="verkocht.csv"):
    upload = SimpleUploadedFile(name, text.encode(), content_type="text/csv")
    return client.post("/winkel/paspoorten/", {"file": upload})


def test_the_upload_page_needs_a_retailers_token(client, catalogue):
    repairer = PartnerFactory(kind="repair_shop")

    assert client.get("/winkel/paspoorten/").status_code == 302
    response = _sign_in(client, partner_rotate_api_token(partner=repairer))
    assert response.status_code == 400
    assert client.get("/winkel/paspoorten/")["Location"] == "/winkel/"


def test_a_signed_in_retailer_uploads_a_csv_and_downloads_its_labels(client, retailer):
    partner, token = retailer
    assert _sign_in(client, token)["Location"] == "/winkel/paspoorten/"

    response = _upload(client, CSV_OK)

    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    passports = list(Appliance.objects.filter(issued_by=partner).order_by("pk"))
    assert [p.brand for p in passports] == ["Miele", "Philips"]
    assert "2 paspoorten uitgegeven" in page
    pdf = client.get(f"/winkel/paspoorten/etiketten.pdf?batch={passports[0].issue_batch}")
    assert pdf_pages_qr_texts(pdf.content) == [
        [f"http://testserver/apparaat/{p.token}/?src=label" for p in passports]
    ]


def test_a_csv_with_errors_stores_nothing_and_shows_them_by_row(client, retailer):
    _sign_in(client, retailer[1])
    text = CSV_OK + "spaceship,,,28-11-2026,\nwashing-machine;;;\n"

    response = _upload(client, text + "washing-machine,Bosch,X,2026-01-01,,koper@example.org\n")

    assert response.status_code == 400
    page = response.content.decode()
    assert "Er is niets uitgegeven" in page and "Schrijf de datum als JJJJ-MM-DD." in page
    assert "<td>4</td><td>category</td>" in page and "<td>4</td><td>purchase_date</td>" in page
    assert "<td>6</td><td>extra_cells</td>" in page  # an extra cell (an e-mail address)
    assert not Appliance.objects.exists()


def test_a_semicolon_csv_from_a_dutch_spreadsheet_is_read(client, retailer):
    _sign_in(client, retailer[1])

    response = _upload(client, CSV_OK.replace(",", ";").replace("899.00", "899,00"))

    assert response.status_code == 302
    assert str(Appliance.objects.get(brand="Miele").purchase_price_eur) == "899.00"


def test_a_rotated_token_ends_the_retailers_session(client, retailer):
    partner, token = retailer
    _sign_in(client, token)
    partner_rotate_api_token(partner=partner)

    assert client.get("/winkel/paspoorten/").status_code == 302


def test_the_retailers_own_test_scan_is_not_counted(client, retailer):
    _sign_in(client, retailer[1])
    _upload(client, CSV_OK)
    appliance = Appliance.objects.first()

    client.get(f"/apparaat/{appliance.token}/?src=label")

    appliance.refresh_from_db()
    assert appliance.label_scans == 0


def test_a_reprint_from_the_passport_page_keeps_the_retailers_name(client, retailer_api):
    passport = _issue(retailer_api, [_passport()]).json()["passports"][0]

    pdf = client.get(f"{passport['url']}etiketten.pdf").content

    assert pdf_texts(pdf).count("Jansen Witgoed") == 24
    assert pdf_pages_qr_texts(pdf)[0][0] == passport["url"]  # the buyer's reprint is no scan
