"""Browser: register an appliance, open its page through the QR code, start prefilled advice."""

import os
import shutil
import urllib.request
from datetime import date

import pytest
from django.utils import timezone

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which(CHROMIUM) and os.environ.get("CI") != "true",
        reason=f"headless Chromium not found at {CHROMIUM} (install the Debian package chromium)",
    ),
]


def _qr_target(png: bytes) -> str:
    """The URL a phone would open when scanning the PNG label."""
    zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp decodes the QR code")
    import numpy as np

    from tests.maintenance.test_maintenance_qr import _png_pixels

    results = zxingcpp.read_barcodes(np.array(_png_pixels(png), dtype=np.uint8))
    assert len(results) == 1
    return results[0].text


@pytest.mark.django_db(transaction=True)
def test_register_scan_the_label_and_start_prefilled_advice(live_server, catalogue, chromium):
    from maintenance.models import Appliance

    browser = chromium
    page = browser.new_page()
    page.goto(f"{live_server.url}/apparaat/nieuw/?lang=nl")
    page.select_option("#id_category", "washing-machine")
    page.fill("#id_brand", "Miele")
    page.fill("#id_purchase_date", "2019-01-01")
    page.click("button[type=submit]")
    page.wait_for_url("**/apparaat/*/?new=1")

    appliance = Appliance.objects.get()
    png_url = f"{live_server.url}{appliance.get_absolute_url()}qr.png"
    with urllib.request.urlopen(png_url) as response:  # noqa: S310 - the live server
        target = _qr_target(response.read())
    assert target == f"{live_server.url}{appliance.get_absolute_url()}"

    page.goto(target)
    page.click("#start-advice")
    page.wait_for_url("**/advies/?*")

    expected_age = round((timezone.localdate() - date(2019, 1, 1)).days / 365.25, 1)
    assert page.input_value("#id_category") in ("Wasmachine", "washing-machine")
    assert float(page.input_value("#id_age_years")) == expected_age
    assert page.input_value("#id_brand") == "Miele"
