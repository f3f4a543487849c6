"""A milieustraat worker on a phone (390×844, Debian Chromium): checks one appliance by its QR
passport and one by hand, sees the answers, and cannot see another milieustraat's data."""

import datetime
import os
from decimal import Decimal

import pytest
from django.urls import reverse

from appliances.models import Category
from maintenance.qr import BORDER, qr_code
from reuse.models import ReuseCheck
from reuse.services import reuse_check_create
from tests.maintenance.factories import ApplianceFactory
from tests.reuse.conftest import PASSWORD, staff_user

SCREENSHOTS = os.environ.get("REUSE_SCREENSHOTS")  # a folder, e.g. /tmp/reuse, for the docs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESTINATIONS_NL = {
    "Hergebruikcontainer (kringloop)",
    "Repair Café",
    "Terug naar de winkel",
    "Recycling",
}


def _decoded_qr(url: str) -> str:
    """What a scanner reads from the passport's QR code (the matrix maintenance.qr prints)."""
    zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp decodes the QR label")
    import numpy as np

    matrix = np.array(qr_code(url).matrix, dtype=np.uint8)
    image = np.pad(np.where(matrix == 1, 0, 255).astype(np.uint8), BORDER, constant_values=255)
    image = np.kron(image, np.ones((8, 8), dtype=np.uint8))
    return zxingcpp.read_barcodes(image)[0].text


def _shot(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


def _assert_big_target(locator):
    box = locator.bounding_box()
    assert box is not None and box["height"] >= 48, box


def test_a_milieustraat_worker_checks_by_qr_and_by_hand_and_sees_only_their_location(
    catalogue, chromium, live_server, milieustraat_a, milieustraat_b
):
    staff_a = staff_user("anna", milieustraat_a)
    other_check = reuse_check_create(
        location=milieustraat_b, user=staff_user("bram", milieustraat_b),
        category=Category.objects.get(slug="television"), brand="ZwolleMerk",
        age_years=Decimal("4"), condition="works",
    )  # fmt: skip
    appliance = ApplianceFactory(
        brand="Miele", purchase_date=datetime.date.today() - datetime.timedelta(days=2 * 365 + 1)
    )
    scanned = _decoded_qr(f"{live_server.url}{appliance.get_absolute_url()}")

    page = chromium.new_page(viewport={"width": 390, "height": 844}, locale="nl-NL")
    page.set_default_timeout(15000)

    # Given a worker of milieustraat A who logs in on a phone...
    page.goto(f"{live_server.url}{reverse('reuse:check')}")
    page.locator("#id_username").fill(staff_a.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.get_by_role("heading", name="Apparaat checken").wait_for()
    assert "Milieustraat Utrecht-Noord" in page.locator(".rc-location").inner_text()

    # ...when the passport QR is scanned into the field (a hand scanner types the URL)...
    page.locator("#id_passport").fill(scanned)
    page.get_by_role("button", name="Paspoort opzoeken").click()
    page.locator(".rc-found").wait_for()
    _shot(page, "1-passport")
    # ...then category, brand and age come from the passport; the worker taps the condition.
    assert page.locator("#id_category").input_value() == str(appliance.category.pk)
    assert page.locator("#id_brand").input_value() == "Miele"
    assert 1.9 <= float(page.locator("#id_age_years").input_value()) <= 2.1
    works = page.locator("label.rc-choice", has_text="Werkt").first
    _assert_big_target(works)
    works.click()
    submit = page.get_by_role("button", name="Geef de uitkomst")
    _assert_big_target(submit)
    submit.click()

    answer = page.locator("#answer-title")
    answer.wait_for()
    _shot(page, "2-answer")
    assert answer.inner_text() in DESTINATIONS_NL
    assert page.locator("[data-potential]").inner_text() in {"hoog", "gemiddeld", "laag"}
    assert "€" in page.locator("[data-value]").inner_text()
    assert page.locator("[data-reason]").inner_text().strip()
    assert "Uit het QR-paspoort." in page.content()
    by_qr = ReuseCheck.objects.get(appliance=appliance)
    assert by_qr.location == milieustraat_a and by_qr.brand == "Miele"

    # When the worker checks a kettle without a passport, by hand...
    page.get_by_role("link", name="Volgend apparaat").click()
    page.get_by_role("heading", name="Apparaat checken").wait_for()
    kettle = Category.objects.get(slug="kettle")
    page.locator("#id_category").select_option(str(kettle.pk))
    page.locator("#id_age_years").fill("9")
    page.locator("label.rc-choice", has_text="Kapot").click()
    page.get_by_role("button", name="Geef de uitkomst").click()
    page.locator("#answer-title").wait_for()
    # ...then an old broken kettle goes to the Repair Café (it takes kettles; no sale expected).
    assert page.locator("#answer-title").inner_text() == "Repair Café"
    by_hand = ReuseCheck.objects.get(category=kettle)
    assert by_hand.location == milieustraat_a and by_hand.appliance is None

    # The worker's list and dashboard show A's two checks, never B's.
    page.goto(f"{live_server.url}{reverse('reuse:check-list')}")
    assert page.locator(".rc-list li").count() == 2
    assert "ZwolleMerk" not in page.content()
    page.goto(f"{live_server.url}{reverse('reuse:dashboard')}")
    assert page.locator('[data-total="checked"]').inner_text() == "2"
    _shot(page, "3-dashboard")

    # B's check and B's dashboard are not found for A.
    detail = page.goto(f"{live_server.url}{reverse('reuse:check-detail', args=[other_check.pk])}")
    assert detail.status == 404
    dashboard_b = page.goto(
        f"{live_server.url}{reverse('reuse:dashboard')}?location={milieustraat_b.pk}"
    )
    assert dashboard_b.status == 404
    page.close()
