"""Browser: a data steward previews a price CSV with an error, fixes it, imports it, retrains and
sees the new model version; coalition staff cannot import.

With CONTROLROOM_SCREENSHOTS=docs/img the run also saves the screenshots of docs/staff-guide.md.
"""

import datetime
import os
import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from controlroom.roles import COALITION_STAFF, DATA_STEWARD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PASSWORD = "control-room-browser-password-1"
HEADER = b"record_id,repaired_on,category,symptom,brand,total_eur,outcome\n"
ROW_OK = b"br-1,2024-03-01,washing-machine,,Bosch,180.00,repaired\n"
ROW_BAD = b"br-2,2024-03-02,washing-machine,,Miele,abc,repaired\n"
ROW_FIXED = b"br-2,2024-03-02,washing-machine,,Miele,95.00,repaired\n"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which(CHROMIUM) and os.environ.get("CI") != "true",
        reason=f"headless Chromium not found at {CHROMIUM} (install the Debian package chromium)",
    ),
]


def _user(username: str, group: str) -> User:
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def _csv(*rows: bytes) -> dict:
    return {"name": "prices.csv", "mimeType": "text/csv", "buffer": HEADER + b"".join(rows)}


class Screenshots:
    def __init__(self, page):
        folder = os.environ.get("CONTROLROOM_SCREENSHOTS")
        self.folder = Path(folder) if folder else None
        self.page = page

    def __call__(self, name: str) -> None:
        if self.folder:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(self.folder / f"staff-{name}.png"))


def _some_verdicts() -> None:
    """A few weeks of verdicts and follow-ups, so the dashboard has something to draw."""
    from appliances.models import Category
    from tests.controlroom.builders import make_follow_up, make_verdict

    today = timezone.localdate()
    categories = list(Category.objects.filter(slug__in=["washing-machine", "kettle", "laptop"]))
    outcomes = ["repair", "repair", "replace", "doubt", "repair"]
    for index in range(30):
        verdict = make_verdict(
            category=categories[index % len(categories)],
            outcome=outcomes[index % len(outcomes)],
            on=today - datetime.timedelta(days=index * 2),
            expected_cost=80 + 10 * (index % 7),
        )
        if verdict.outcome == "repair" and index % 2 == 0:
            make_follow_up(verdict, price=70 + 12 * (index % 5))


def _login(page, base_url: str, username: str) -> None:
    page.goto(base_url + reverse("admin:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(base_url + reverse("admin:index"))


@pytest.mark.django_db(transaction=True)
def test_steward_imports_prices_and_retrains_staff_cannot_import(live_server, settings, chromium):
    from ml.models import ModelVersion
    from prices.models import PriceRecord

    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    call_command("load_catalogue", verbosity=0)
    call_command("setup_roles", verbosity=0)
    _user("steward", DATA_STEWARD)
    _user("staff", COALITION_STAFF)
    base = live_server.url

    browser = chromium
    page = browser.new_page(viewport={"width": 1200, "height": 820})
    page.set_default_timeout(120_000)
    shot = Screenshots(page)
    _login(page, base, "steward")
    shot("index")

    page.goto(base + reverse("controlroom:price-import"))
    shot("import-upload")
    page.set_input_files("#id_file", _csv(ROW_OK, ROW_BAD))
    page.click("#price-upload input[type=submit]")
    # The browser asks for no language, so the control room is Dutch (its texts and retrain.js's).
    assert "regel 2, total_eur: 'abc' is not a number" in page.inner_text("#import-errors")
    shot("import-errors")
    assert not PriceRecord.objects.filter(record_id__startswith="br-").exists()

    page.set_input_files("#id_file", _csv(ROW_OK, ROW_FIXED))
    page.click("#price-upload input[type=submit]")
    assert page.inner_text("#preview-added") == "2"
    shot("import-preview")
    page.click("#price-confirm input[type=submit]")
    page.wait_for_url("**/prices/pricerecord/")
    assert "2 toegevoegd" in page.inner_text(".messagelist")
    shot("price-records")
    assert PriceRecord.objects.filter(record_id__startswith="br-").count() == 2

    page.goto(base + reverse("controlroom:model-compare"))
    page.click("#retrain-form input[type=submit]")
    page.wait_for_selector("#retrain-result:not([hidden])")
    assert "Nieuwe versie v1" in page.inner_text("#retrain-result")
    shot("retrain")
    page.goto(base + reverse("controlroom:model-compare"))
    assert "v1 (actief)" in page.text_content("#model-versions thead")
    shot("models")
    assert ModelVersion.objects.filter(label="v1").exists()

    _some_verdicts()
    page.goto(base + reverse("controlroom:dashboard"))
    assert page.locator("svg.cr-chart").count() == 5
    shot("dashboard")

    staff_page = browser.new_context(viewport={"width": 1200, "height": 820}).new_page()
    _login(staff_page, base, "staff")
    response = staff_page.goto(base + reverse("controlroom:price-import"))
    assert response.status == 403
    assert "Import prices" not in staff_page.content()
    assert "Prijzen importeren" not in staff_page.content()
