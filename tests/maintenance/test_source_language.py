"""A care task's cited source reads in the page's language: Dutch on Dutch pages and mails."""

import json
from pathlib import Path

import pytest

from maintenance.models import MaintenanceTask
from tests.maintenance.factories import ApplianceFactory

pytestmark = pytest.mark.django_db

TASKS = json.loads(
    (Path(__file__).parents[2] / "maintenance" / "data" / "maintenance_tasks.json").read_text()
)["tasks"]


@pytest.mark.parametrize("task", TASKS, ids=lambda task: f"{task['category']}/{task['slug']}")
def test_every_shipped_source_has_a_dutch_wording(task):
    source = MaintenanceTask(source=task["source"])

    dutch = source.source_text("nl")

    assert dutch != task["source"], (
        "missing from maintenance/locale/nl (msgctxt maintenance source)"
    )
    assert "Estimate" not in dutch and "user manual" not in dutch
    assert source.source_text("en") == task["source"]


def test_the_passport_page_shows_the_sources_in_its_language(client, maintenance_tasks):
    appliance = ApplianceFactory()
    task = MaintenanceTask.objects.filter(category=appliance.category).first()

    dutch = client.get(appliance.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    english = client.get(f"{appliance.get_absolute_url()}?lang=en").content.decode()

    def escaped(text):
        return text.replace("'", "&#x27;")

    assert escaped(task.source_text("nl")) in dutch
    assert escaped(task.source) not in dutch
    assert escaped(task.source) in english
