"""The calendar feed: RFC 5545 text with one recurring event per maintenance task."""

from datetime import UTC, date, datetime

from maintenance.ics import CalendarEvent, ics_calendar, ics_escape, ics_fold, ics_rrule
from maintenance.models import MaintenanceTask
from tests.maintenance.factories import ApplianceFactory


def _unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_the_feed_has_a_vevent_with_rrule_per_task_and_crlf_lines(client, maintenance_tasks):
    appliance = ApplianceFactory()
    tasks = MaintenanceTask.objects.filter(category=appliance.category)

    response = client.get(f"{appliance.get_absolute_url()}onderhoud.ics")

    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode("utf-8")
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    lines = _unfold(body)
    assert lines.count("BEGIN:VEVENT") == tasks.count() > 0
    assert sum(line.startswith("RRULE:") for line in lines) == tasks.count()
    assert "RRULE:FREQ=MONTHLY;INTERVAL=3" in lines  # the 90-day pump filter task
    assert len({line for line in lines if line.startswith("UID:")}) == tasks.count()


def test_text_values_are_escaped():
    assert ics_escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_long_lines_are_folded_without_splitting_a_character():
    line = "DESCRIPTION:" + "é" * 100

    folded = ics_fold(line)

    parts = folded.split("\r\n")
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert folded.replace("\r\n ", "") == line


def test_intervals_become_the_simplest_rrule():
    assert ics_rrule(365) == "FREQ=YEARLY;INTERVAL=1"
    assert ics_rrule(60) == "FREQ=MONTHLY;INTERVAL=2"
    assert ics_rrule(14) == "FREQ=WEEKLY;INTERVAL=2"
    assert ics_rrule(45) == "FREQ=DAILY;INTERVAL=45"


def test_an_event_starts_on_its_due_date_as_an_all_day_event():
    body = ics_calendar(
        name="Test",
        events=[CalendarEvent("seed", date(2025, 3, 1), 30, "Ontkalken", "Tip, met; tekens", "u")],
        now=datetime(2025, 1, 1, tzinfo=UTC),
    )

    lines = _unfold(body)
    assert "DTSTART;VALUE=DATE:20250301" in lines
    assert "DESCRIPTION:Tip\\, met\\; tekens" in lines
    assert "DTSTAMP:20250101T000000Z" in lines


def test_an_appliance_without_tasks_offers_no_calendar(client, catalogue, maintenance_tasks):
    from appliances.models import Category

    lamp = Category.objects.get(slug="lamp")
    assert not MaintenanceTask.objects.filter(category=lamp).exists()
    appliance = ApplianceFactory(category=lamp)

    page = client.get(appliance.get_absolute_url()).content.decode()
    feed = client.get(f"{appliance.get_absolute_url()}onderhoud.ics")

    assert "onderhoud.ics" not in page
    assert feed.status_code == 404
