"""Staff of one location see and create only that location's checks; coalition staff see all."""

from decimal import Decimal

import pytest
from django.urls import reverse

from appliances.models import Category
from reuse.models import ReuseCheck
from reuse.services import reuse_check_create
from tests.maintenance.factories import ApplianceFactory


def _check(location, user, slug="washing-machine"):
    return reuse_check_create(
        location=location,
        user=user,
        category=Category.objects.get(slug=slug),
        age_years=Decimal("3"),
        condition="works",
    )


def test_the_check_page_needs_a_login(client, db):
    response = client.get(reverse("reuse:check"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("reuse:login"))


def test_a_user_without_a_location_or_coalition_role_is_refused(client, django_user_model, db):
    user = django_user_model.objects.create_user(username="someone", password="x")
    client.force_login(user)
    assert client.get(reverse("reuse:check")).status_code == 403


def test_staff_create_a_check_for_their_own_location_by_hand(client, staff_a, milieustraat_a):
    client.force_login(staff_a)
    category = Category.objects.get(slug="vacuum-cleaner")
    response = client.post(
        reverse("reuse:check"),
        {"category": category.pk, "brand": "Dyson", "age_years": "2", "condition": "works",
         "action": "check"},
    )  # fmt: skip
    check = ReuseCheck.objects.get()
    assert response.status_code == 302 and str(check.pk) in response["Location"]
    assert check.location == milieustraat_a and check.user == staff_a
    page = client.get(response["Location"]).content.decode()
    assert "Dyson" in page and check.get_destination_display() != ""


def test_a_scanned_passport_url_prefills_category_brand_and_age(client, staff_a, catalogue):
    appliance = ApplianceFactory(brand="Miele", purchase_date="2022-01-01")
    client.force_login(staff_a)
    url = f"http://testserver{appliance.get_absolute_url()}"
    page = client.post(reverse("reuse:check"), {"passport": url, "action": "passport"})
    form = page.context["form"]
    assert page.context["appliance"] == appliance
    assert form.initial["category"] == appliance.category
    assert form.initial["brand"] == "Miele"
    assert form.initial["age_years"] > 3


def test_a_check_from_a_passport_is_linked_to_it(client, staff_a, catalogue):
    appliance = ApplianceFactory()
    client.force_login(staff_a)
    client.post(
        reverse("reuse:check"),
        {"passport": appliance.token, "category": appliance.category.pk, "age_years": "1",
         "condition": "small_fault", "action": "check"},
    )  # fmt: skip
    assert ReuseCheck.objects.get().appliance == appliance


def test_an_unknown_passport_code_says_so_and_stores_nothing(client, staff_a, catalogue):
    client.force_login(staff_a)
    category = Category.objects.get(slug="kettle")
    page = client.post(
        reverse("reuse:check"),
        {"passport": "http://x/apparaat/doesnotexist123/", "category": category.pk,
         "age_years": "1", "condition": "works", "action": "check"},
    )  # fmt: skip
    assert page.status_code == 200 and not ReuseCheck.objects.exists()
    assert page.context["form"].errors["passport"]


def test_staff_cannot_open_another_locations_check(client, staff_a, staff_b, milieustraat_b):
    other = _check(milieustraat_b, staff_b)
    client.force_login(staff_a)
    assert client.get(reverse("reuse:check-detail", args=[other.pk])).status_code == 404
    assert other.pk not in [c.pk for c in client.get(reverse("reuse:check-list")).context["checks"]]


def test_staff_cannot_open_another_locations_dashboard_or_csv(
    client, staff_a, staff_b, milieustraat_a, milieustraat_b
):
    _check(milieustraat_b, staff_b)
    client.force_login(staff_a)
    query = {"location": milieustraat_b.pk}
    assert client.get(reverse("reuse:dashboard"), query).status_code == 404
    assert client.get(reverse("reuse:dashboard-csv"), query).status_code == 404
    own = client.get(reverse("reuse:dashboard"))
    assert own.context["totals"].checked == 0  # B's check is not counted in A's dashboard


def test_coalition_staff_see_every_locations_checks_and_dashboard(
    client, coalition_user, staff_a, staff_b, milieustraat_a, milieustraat_b
):
    _check(milieustraat_a, staff_a)
    _check(milieustraat_b, staff_b)
    client.force_login(coalition_user)
    assert client.get(reverse("reuse:dashboard")).context["totals"].checked == 2
    only_b = client.get(reverse("reuse:dashboard"), {"location": milieustraat_b.pk})
    assert only_b.context["totals"].checked == 1
    assert len(client.get(reverse("reuse:check-list")).context["checks"]) == 2


def test_coalition_staff_without_a_location_cannot_create_checks(client, coalition_user):
    client.force_login(coalition_user)
    response = client.get(reverse("reuse:check"))
    assert response.status_code == 302 and response["Location"] == reverse("reuse:dashboard")


@pytest.mark.parametrize("lang, text", [("nl", "Hergebruikcheck"), ("en", "Reuse check")])
def test_the_check_page_is_dutch_first_with_english_on_request(client, staff_a, lang, text):
    client.force_login(staff_a)
    assert text in client.get(reverse("reuse:check"), {"lang": lang}).content.decode()
