"""Registering an appliance, its private page, the log and the prefilled advice link."""

from datetime import date, timedelta
from io import StringIO
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from maintenance.models import Appliance, LogEntry, MaintenanceTask, SecondLifeLocation
from maintenance.selectors import appliance_advice_url, maintenance_schedule
from maintenance.services import MaintenanceError, appliance_register, log_entry_add
from tests.maintenance.factories import ApplianceFactory

REQUIRED_CATEGORIES = [
    "washing-machine", "tumble-dryer", "dishwasher", "fridge-freezer", "oven", "vacuum-cleaner",
    "coffee-machine", "smartphone", "laptop", "tablet", "television", "printer", "kettle",
]  # fmt: skip


def test_registering_with_only_a_category_gives_a_private_page_with_an_unguessable_link(
    client, catalogue
):
    response = client.post(reverse("maintenance:appliance-new"), {"category": "kettle"})

    appliance = Appliance.objects.get()
    assert response.status_code == 302
    assert response["Location"].startswith(f"/apparaat/{appliance.token}/")
    assert len(appliance.token) == 32  # secrets.token_urlsafe(24)
    page = client.get(appliance.get_absolute_url())
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]


def test_registration_without_a_category_is_refused_with_a_message(client, catalogue):
    response = client.post(reverse("maintenance:appliance-new"), {"brand": "Bosch"})

    assert response.status_code == 400
    assert not Appliance.objects.exists()


def test_a_purchase_date_in_the_future_is_refused(catalogue):
    with pytest.raises(MaintenanceError):
        appliance_register(
            category_slug="oven", purchase_date=timezone.localdate() + timedelta(days=1)
        )


def test_an_unknown_token_is_not_found(client, catalogue):
    assert client.get("/apparaat/not-a-real-token-at-all-xxxxxxxxxxx/").status_code == 404


def test_the_page_shows_the_category_schedule_and_tips(client, maintenance_tasks):
    appliance = ApplianceFactory()

    page = client.get(appliance.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="nl").content.decode()

    assert "Pompfilter schoonmaken" in page
    assert "Milieu Centraal" in page


def test_something_wrong_opens_the_advice_form_prefilled_with_category_age_and_brand(catalogue):
    today = date(2025, 6, 1)
    appliance = ApplianceFactory(brand="Miele", purchase_date=date(2020, 6, 1))

    url = appliance_advice_url(appliance=appliance, today=today)

    parts = urlsplit(url)
    assert parts.path == reverse("advice")
    assert parse_qs(parts.query) == {
        "category": ["washing-machine"],
        "age_years": ["5"],
        "brand": ["Miele"],
    }


def test_a_logged_task_moves_its_next_due_date(maintenance_tasks):
    appliance = ApplianceFactory()
    task = MaintenanceTask.objects.get(category=appliance.category, slug="clean-drain-pump-filter")
    done_on = timezone.localdate() - timedelta(days=10)

    log_entry_add(appliance=appliance, kind="maintenance", done_on=done_on, task_slug=task.slug)

    item = next(i for i in maintenance_schedule(appliance=appliance) if i.task == task)
    assert item.last_done == done_on
    assert item.next_due == done_on + timedelta(days=task.interval_days)


def test_the_log_form_adds_a_repair_entry(client, maintenance_tasks):
    appliance = ApplianceFactory()

    response = client.post(
        reverse("maintenance:appliance-log-add", args=[appliance.token]),
        {"kind": "repair", "done_on": timezone.localdate().isoformat(), "note": "new pump",
         "cost_eur": "120"},
    )  # fmt: skip

    assert response.status_code == 302
    entry = LogEntry.objects.get()
    assert (entry.kind, entry.note, entry.cost_eur) == ("repair", "new pump", 120)


def test_a_task_of_another_category_cannot_be_logged(maintenance_tasks):
    appliance = ApplianceFactory()

    with pytest.raises(MaintenanceError):
        log_entry_add(
            appliance=appliance, kind="maintenance", done_on=timezone.localdate(),
            task_slug="descale-the-phone",
        )  # fmt: skip


def test_loading_the_maintenance_tasks_twice_changes_nothing_and_covers_the_categories(
    catalogue,
):
    call_command("load_maintenance_tasks", stdout=StringIO())
    count = MaintenanceTask.objects.count()
    call_command("load_maintenance_tasks", stdout=StringIO())

    assert MaintenanceTask.objects.count() == count
    covered = set(MaintenanceTask.objects.values_list("category__slug", flat=True))
    assert set(REQUIRED_CATEGORIES) <= covered
    assert all(task.source.strip() for task in MaintenanceTask.objects.all())


def test_loading_the_second_life_locations_twice_changes_nothing_and_marks_demos(db):
    call_command("load_second_life_locations", stdout=StringIO())
    count = SecondLifeLocation.objects.count()
    call_command("load_second_life_locations", stdout=StringIO())

    assert SecondLifeLocation.objects.count() == count > 0
    assert not SecondLifeLocation.objects.filter(is_demo=False).exists()


def test_the_page_is_dutch_by_default_and_english_on_request(client, maintenance_tasks):
    appliance = ApplianceFactory()

    dutch = client.get(appliance.get_absolute_url()).content.decode()
    english = client.get(f"{appliance.get_absolute_url()}?lang=en").content.decode()

    assert "Onderhoudsschema" in dutch and "Is er iets mis?" in dutch
    assert "Maintenance schedule" in english and "Clean the drain pump filter" in english
