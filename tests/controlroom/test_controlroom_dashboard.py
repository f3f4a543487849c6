"""The dashboard's numbers, from verdicts and follow-ups with known values."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from controlroom import selectors
from tests.controlroom.builders import local_datetime, make_follow_up, make_verdict

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2025, 3, 3)
PERIOD = selectors.Period(MONDAY, MONDAY + datetime.timedelta(days=13))  # two weeks


@pytest.fixture
def known_verdicts(catalogue):
    """Week 1: 2 repair (washer), 1 replace (washer). Week 2: 1 repair, 1 doubt (kettle).
    Outside the period: 1 repair. Followed repairs: two, avoiding 150 and 70 kg."""
    washer = catalogue.get(slug="washing-machine")
    kettle = catalogue.get(slug="kettle")
    followed_1 = make_verdict(category=washer, outcome="repair", on=MONDAY, expected_cost=200)
    followed_2 = make_verdict(
        category=kettle,
        outcome="repair",
        on=MONDAY + datetime.timedelta(days=8),
        co2e_repair=10,
        co2e_replace=80,
        expected_cost=40,
    )
    not_worked = make_verdict(category=washer, outcome="repair", on=MONDAY)
    replaced = make_verdict(category=washer, outcome="replace", on=MONDAY + datetime.timedelta(2))
    make_verdict(category=kettle, outcome="doubt", on=MONDAY + datetime.timedelta(days=9))
    outside = make_verdict(category=washer, outcome="repair", on=MONDAY - datetime.timedelta(1))

    make_follow_up(followed_1, price=230)
    make_follow_up(followed_1, price=None)  # a second answer does not count twice
    make_follow_up(followed_2, price=30)
    make_follow_up(not_worked, worked=False, price=100)
    make_follow_up(replaced, choice="replaced", worked=None)
    make_follow_up(outside, price=999)
    return {"washer": washer, "kettle": kettle, "followed_1": followed_1}


def test_verdicts_per_week_counts_each_outcome(known_verdicts):
    rows = selectors.verdicts_per_week(period=PERIOD)

    assert rows == [
        {"week": MONDAY, "repair": 2, "replace": 1, "doubt": 0},
        {"week": MONDAY + datetime.timedelta(7), "repair": 1, "replace": 0, "doubt": 1},
    ]


def test_repair_share_per_category(known_verdicts):
    rows = selectors.repair_share_per_category(period=PERIOD)

    assert [(r["category"], r["total"], r["repair"]) for r in rows] == [
        ("washing-machine", 3, 2),
        ("kettle", 2, 1),
    ]
    assert rows[0]["share"] == pytest.approx(2 / 3)


def test_co2e_avoided_counts_followed_repairs_that_worked_once(known_verdicts):
    result = selectors.co2e_avoided(period=PERIOD)

    assert result["followed"] == 2
    assert result["total_kg"] == 220.0
    assert [row["co2e_kg"] for row in result["rows"]] == [150.0, 70.0]
    assert result["displacement_factor"] == 0.5


def test_calibration_pairs_predicted_and_reported_prices(known_verdicts):
    from partners.models import Lead, Partner

    partner = Partner.objects.create(name="Fix-it", contact_email="fix@example.org")
    Lead.objects.create(
        partner=partner,
        verdict=known_verdicts["followed_1"],
        name="A",
        email="a@example.org",
        consent_at=local_datetime(MONDAY),
        outcome="repaired",
        outcome_total_eur=Decimal("180.00"),
    )

    result = selectors.price_calibration(period=PERIOD)

    pairs = sorted((r["source"], r["predicted_eur"], r["reported_eur"]) for r in result["rows"])
    # The washer that did not work was still repaired for 100 EUR: a reported price.
    assert pairs == [
        ("follow-up", 40.0, 30.0),
        ("follow-up", 150.0, 100.0),
        ("follow-up", 200.0, 230.0),
        ("lead", 200.0, 180.0),
    ]
    assert result["summary"] == {
        "count": 4,
        "mean_predicted_eur": 147.5,
        "mean_reported_eur": 135.0,
        "mean_absolute_error_eur": 27.5,
        "median_error_eur": -15.0,
    }


def test_partner_contributions_count_leads_and_price_records(known_verdicts):
    from partners.models import Lead, Partner
    from tests.prices.factories import PriceRecordFactory

    partner = Partner.objects.create(name="Fix-it", contact_email="fix@example.org")
    Partner.objects.create(name="Quiet", contact_email="q@example.org")
    for _ in range(3):
        PriceRecordFactory(category=known_verdicts["washer"], partner=partner)
    Lead.objects.create(
        partner=partner,
        verdict=known_verdicts["followed_1"],
        name="A",
        phone="0612345678",
        consent_at=local_datetime(MONDAY),
    )
    today = selectors.period_default()

    rows = selectors.partner_contributions(period=today)

    assert [(r["partner"], r["price_records"], r["leads"]) for r in rows] == [
        ("Fix-it", 3, 1),
        ("Quiet", 0, 0),
    ]


def test_each_chart_downloads_as_csv(staff_client, known_verdicts):
    url = reverse("controlroom:dashboard-csv", args=["verdicts_per_week"])

    response = staff_client.get(url, {"date_from": "2025-03-03", "date_to": "2025-03-16"})

    assert response["Content-Type"].startswith("text/csv")
    assert list(csv.reader(io.StringIO(response.content.decode()))) == [
        ["week", "repair", "replace", "doubt"],
        ["2025-03-03", "2", "1", "0"],
        ["2025-03-10", "1", "0", "1"],
    ]


def test_dashboard_page_draws_every_chart_inline(staff_client, known_verdicts):
    response = staff_client.get(
        reverse("controlroom:dashboard"), {"date_from": "2025-03-03", "date_to": "2025-03-16"}
    )

    content = response.content.decode()
    assert content.count('<svg class="cr-chart"') == 5
    assert response.context["co2e"]["total_kg"] == 220.0
    assert 'id="displacement-factor"' in content
    assert 'src="http' not in content
    assert 'href="http' not in content.split("<head>", 1)[1].split("</head>", 1)[0]


def test_public_statistics_show_headline_totals_without_login(client, known_verdicts):
    response = client.get(reverse("public-statistics"), {"lang": "en"})

    assert response.status_code == 200
    totals = response.context["totals"]
    assert totals["verdicts"] == {"repair": 4, "replace": 1, "doubt": 1}
    assert totals["repairs_followed"] == 3  # all time: the one before the period too
    assert totals["co2e_avoided_kg"] == 370.0
    assert totals["active_model_version"] is None


def test_public_statistics_are_translated_to_dutch(client, catalogue):
    response = client.get(reverse("public-statistics"), {"lang": "nl"})

    assert "De Moeite Waard in cijfers" in response.content.decode()
