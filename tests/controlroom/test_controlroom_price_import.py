"""The two-step price import (preview, then import the same file) and the CSV export."""

import csv
import io

import pytest
from django.urls import reverse

from common.csv_export import csv_safe
from prices.models import PriceRecord

pytestmark = pytest.mark.django_db

HEADER = "record_id,repaired_on,category,symptom,brand,total_eur,outcome"
GOOD = "cr-1,2024-03-01,washing-machine,,Bosch,180.00,repaired"
BAD = "cr-2,2024-03-02,washing-machine,,Miele,abc,repaired"


def _upload(client, *lines, name="prices.csv"):
    """Uploads in English (the messages below are asserted in English)."""
    data = "\n".join([HEADER, *lines]).encode()
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(
        reverse("controlroom:price-import") + "?lang=en", {"file": upload, "origin": "import"}
    )


def test_preview_lists_row_errors_and_writes_nothing(steward_client, catalogue):
    response = _upload(steward_client, GOOD, BAD)

    assert response.status_code == 200
    content = response.content.decode()
    assert "row 2, total_eur: &#x27;abc&#x27; is not a number" in content
    assert 'id="price-confirm"' not in content
    assert not PriceRecord.objects.filter(record_id__startswith="cr-").exists()


def test_preview_of_a_valid_file_counts_rows_and_confirm_imports_that_file(
    steward_client, catalogue
):
    preview = _upload(steward_client, GOOD)
    assert preview.context["result"].added == 1
    assert not PriceRecord.objects.filter(record_id="cr-1").exists()

    confirm = preview.context["confirm"].initial
    response = steward_client.post(reverse("controlroom:price-import-confirm"), confirm)

    assert response.status_code == 302
    record = PriceRecord.objects.get(record_id="cr-1")
    assert record.brand == "Bosch"
    assert record.origin == PriceRecord.Origin.IMPORT


def test_a_tampered_origin_on_confirm_writes_nothing(steward_client, catalogue):
    confirm = _upload(steward_client, GOOD).context["confirm"].initial

    response = steward_client.post(
        reverse("controlroom:price-import-confirm"), {**confirm, "origin": "bogus"}, follow=True
    )

    assert "upload the file again" in response.content.decode()
    assert not PriceRecord.objects.filter(record_id="cr-1").exists()


def test_a_tampered_upload_token_is_refused(steward_client, catalogue):
    response = steward_client.post(
        reverse("controlroom:price-import-confirm"),
        {"token": "../../etc/passwd", "origin": "import", "partner": ""},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert "upload the file again" in response.content.decode()
    assert not PriceRecord.objects.filter(record_id__startswith="cr-").exists()


def test_export_of_the_filtered_list_neutralises_formulas(steward_client, catalogue):
    from tests.prices.factories import PriceRecordFactory

    washer = catalogue.get(slug="washing-machine")
    PriceRecordFactory(category=washer, brand='=HYPERLINK("http://x")', record_id="cr-x")
    PriceRecordFactory(category=washer, brand="Miele", record_id="cr-y", outcome="quote_declined")

    response = steward_client.get(
        reverse("admin:prices_pricerecord_export") + "?outcome__exact=repaired"
    )

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["record_id"] for row in rows] == ["cr-x"]
    assert rows[0]["brand"] == '\'=HYPERLINK("http://x")'
    assert rows[0]["total_eur"] == "180.00"
    assert (rows[0]["category"], rows[0]["origin"]) == ("washing-machine", "import")


@pytest.mark.parametrize("value", ["=1+1", "+31", "-2", "@SUM(A1)"])
def test_text_cells_that_start_a_formula_get_a_quote(value):
    assert csv_safe(value) == f"'{value}"


def test_numbers_stay_numbers_in_csv():
    assert csv_safe(-2.5) == "-2.5"
