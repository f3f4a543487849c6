"""The pilot dashboard's figures are computed from the stored checks and outcomes."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from appliances.models import Category
from partners.models import Partner
from reuse.estimate import category_weight_kg
from reuse.models import ReuseCheck, ReuseOutcome
from reuse.selectors import pilot_totals, pilot_weeks
from reuse.services import reuse_check_create


def _check_at(location, slug, age, condition, days_ago):
    check = reuse_check_create(
        location=location, user=None, category=Category.objects.get(slug=slug),
        age_years=Decimal(age), condition=condition,
    )  # fmt: skip
    when = timezone.now() - datetime.timedelta(days=days_ago)
    ReuseCheck.objects.filter(pk=check.pk).update(created_at=when)
    check.refresh_from_db()
    return check


@pytest.fixture
def pilot_rows(milieustraat_a, milieustraat_b, kringloop):
    washer = _check_at(milieustraat_a, "washing-machine", "3", "works", 0)
    laptop = _check_at(milieustraat_a, "laptop", "2", "works", 8)
    old = _check_at(milieustraat_a, "washing-machine", "15", "damaged", 8)
    _check_at(milieustraat_b, "washing-machine", "3", "works", 0)
    assert (washer.destination, laptop.destination, old.destination) == (
        "reuse", "reuse", "recycling",
    )  # fmt: skip
    ReuseOutcome.objects.create(
        partner=kringloop, record_id="s1", check_ref=laptop, category=laptop.category,
        condition="works", age_years=Decimal(2), result="sold", price_eur=Decimal(90),
        reported_on=timezone.localdate(), origin="partner_api",
    )  # fmt: skip
    return washer, laptop, old


def test_weekly_figures_count_checks_reuse_sales_kilograms_and_co2e(pilot_rows, milieustraat_a):
    washer, laptop, old = pilot_rows
    weeks = pilot_weeks(locations=Partner.objects.filter(pk=milieustraat_a.pk))
    assert len(weeks) == 12
    total = pilot_totals(weeks)
    assert (total.checked, total.to_reuse, total.sold) == (3, 2, 1)
    assert total.kg_diverted == pytest.approx(
        category_weight_kg("washing-machine") + category_weight_kg("laptop")
    )
    assert total.co2e_avoided_kg == pytest.approx(laptop.category.embodied_co2e_kg * 0.5)
    assert total.sold_share == 0.5 and total.reuse_share == pytest.approx(2 / 3)
    assert weeks[-1].checked + weeks[-2].checked + weeks[-3].checked == 3


def test_the_csv_export_has_one_row_per_week_with_the_same_figures(
    client, staff_a, pilot_rows, milieustraat_a
):
    client.force_login(staff_a)
    response = client.get(reverse("reuse:dashboard-csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 12
    assert sum(int(row["items_checked"]) for row in rows) == 3
    assert sum(int(row["sold"]) for row in rows) == 1
    assert sum(float(row["co2e_avoided_kg"]) for row in rows) == pytest.approx(
        pilot_rows[1].category.embodied_co2e_kg * 0.5, abs=0.1
    )


def test_a_location_name_that_looks_like_a_formula_is_exported_as_text(
    client, coalition_user, milieustraat_a
):
    milieustraat_a.name = "=HYPERLINK(1)"
    milieustraat_a.save()
    client.force_login(coalition_user)
    response = client.get(reverse("reuse:dashboard-csv"), {"location": milieustraat_a.pk})
    assert "'=HYPERLINK(1)" in response.content.decode()


def test_the_dashboard_page_shows_totals_and_two_svg_charts(client, staff_a, pilot_rows):
    client.force_login(staff_a)
    page = client.get(reverse("reuse:dashboard"), {"lang": "en"}).content.decode()
    assert page.count("<svg") == 2
    assert 'data-total="checked">3<' in page
    assert 'data-total="sold_share">50%<' in page
