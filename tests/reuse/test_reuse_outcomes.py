"""Kringloop outcomes in through the partner API and a CSV upload: all or nothing."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse

from appliances.models import Category
from partners.services import partner_rotate_api_token
from reuse.models import ReuseOutcome
from reuse.services import OutcomesRejected, reuse_check_create, reuse_outcomes_import_csv
from tests.reuse.conftest import staff_user

URL = "/api/v1/partner/reuse-outcomes/"


def _sold(record_id="k-1", **extra):
    return {"record_id": record_id, "category": "vacuum-cleaner", "condition": "works",
            "age_years": "3", "result": "sold", "price_eur": "25.00", **extra}  # fmt: skip


def test_a_kringloop_reports_outcomes_and_a_second_report_updates(kringloop_api, kringloop):
    response = kringloop_api.post(
        URL,
        {"outcomes": [_sold(), {**_sold("k-2"), "result": "recycled", "price_eur": None}]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json() == {"added": 2, "updated": 0}
    again = kringloop_api.post(URL, {"outcomes": [_sold(price_eur="30")]}, format="json")
    assert again.json() == {"added": 0, "updated": 1}
    assert ReuseOutcome.objects.get(record_id="k-1").price_eur == Decimal("30.00")
    assert ReuseOutcome.objects.get(record_id="k-1").origin == "partner_api"


def test_one_bad_record_rejects_the_whole_batch_with_errors_by_index_and_field(kringloop_api):
    response = kringloop_api.post(
        URL,
        {"outcomes": [_sold(), _sold("k-2", price_eur=""), _sold("k-3", category="nope")]},
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()["outcomes"]
    assert set(errors) == {"1", "2"}
    assert "price_eur" in errors["1"] and "category" in errors["2"]
    assert not ReuseOutcome.objects.exists()


def test_a_price_on_an_unsold_item_and_a_duplicate_id_are_errors(kringloop_api):
    response = kringloop_api.post(
        URL,
        {"outcomes": [_sold(), _sold(), {**_sold("k-9"), "result": "not_sold"}]},
        format="json",
    )
    errors = response.json()["outcomes"]
    assert "record_id" in errors["1"] and "price_eur" in errors["2"]


def test_an_outcome_can_name_its_check_and_takes_category_condition_age_from_it(
    kringloop_api, milieustraat_a
):
    check = reuse_check_create(
        location=milieustraat_a, user=None, category=Category.objects.get(slug="kettle"),
        age_years=Decimal("2.5"), condition="small_fault",
    )  # fmt: skip
    response = kringloop_api.post(
        URL,
        {"outcomes": [{"record_id": "x", "check": str(check.pk), "result": "sold",
                       "price_eur": "4"}]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    outcome = ReuseOutcome.objects.get()
    assert outcome.check_ref == check and outcome.category.slug == "kettle"
    assert outcome.condition == "small_fault" and outcome.age_years == Decimal("2.5")


def test_only_a_kringloop_partner_may_report_outcomes(milieustraat_a):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Bearer {partner_rotate_api_token(partner=milieustraat_a)}"
    )
    assert client.post(URL, {"outcomes": [_sold()]}, format="json").status_code == 403


def test_without_a_token_the_api_answers_401(db):
    from rest_framework.test import APIClient

    assert APIClient().post(URL, {"outcomes": [_sold()]}, format="json").status_code == 401


CSV_GOOD = (
    "record_id;category;condition;age_years;result;price_eur;reported_on\n"
    "c-1;vacuum-cleaner;works;3;sold;25,00;2026-11-30\n"
    "c-2;kettle;broken;8;recycled;;2026-11-30\n"
)


def test_a_csv_with_semicolons_and_decimal_commas_is_imported(kringloop):
    result = reuse_outcomes_import_csv(
        partner=kringloop, uploaded_file=io.BytesIO(CSV_GOOD.encode())
    )
    assert (result.added, result.updated) == (2, 0)
    assert ReuseOutcome.objects.get(record_id="c-1").price_eur == Decimal("25.00")
    assert ReuseOutcome.objects.get(record_id="c-1").origin == "csv_import"


def test_a_csv_with_one_bad_line_imports_nothing_and_names_the_line(kringloop):
    bad = CSV_GOOD + "c-3;kettle;works;2;sold;;2026-11-30\n"  # line 4: sold without a price
    with pytest.raises(OutcomesRejected) as rejected:
        reuse_outcomes_import_csv(partner=kringloop, uploaded_file=io.BytesIO(bad.encode()))
    assert list(rejected.value.errors["outcomes"]) == ["4"]
    assert not ReuseOutcome.objects.exists()


def test_kringloop_staff_upload_a_csv_page_and_see_errors_per_line(client, kringloop):
    client.force_login(staff_user("karin", kringloop))
    bad = CSV_GOOD + "c-3;kettle;works;2;sold;;2026-11-30\n"
    upload = io.BytesIO(bad.encode())
    upload.name = "uitkomsten.csv"
    page = client.post(reverse("reuse:outcome-import"), {"file": upload})
    assert page.status_code == 200 and not ReuseOutcome.objects.exists()
    assert any(line.startswith(("Regel 4", "Line 4")) for line in page.context["errors"])
    good = io.BytesIO(CSV_GOOD.encode())
    good.name = "uitkomsten.csv"
    assert client.post(reverse("reuse:outcome-import"), {"file": good}).status_code == 302
    assert ReuseOutcome.objects.filter(partner=kringloop).count() == 2


def test_milieustraat_staff_cannot_import_outcomes(client, staff_a):
    client.force_login(staff_a)
    assert client.get(reverse("reuse:outcome-import")).status_code == 403


def test_the_api_schema_documents_the_reuse_outcomes_endpoint(client, db):
    schema = client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/partner/reuse-outcomes/"]["post"]
    assert operation["operationId"] == "partner_reuse_outcomes_submit"
    assert {"201", "400", "401", "403"} <= set(operation["responses"])
