"""The control room in one language per request, like the admin around it: Dutch for a Dutch
browser or ?lang=nl, English for ?lang=en; no English leftovers on a Dutch page, no Dutch on an
English one."""

import datetime
import re

import pytest
from django.urls import reverse

from ml.models import ModelVersion
from tests.controlroom.builders import make_follow_up, make_verdict

pytestmark = pytest.mark.django_db

# Texts of the control room's templates, charts and views (and of the admin chrome around them).
ENGLISH = {
    "dashboard": [
        "Partner contributions",
        "Verdicts per week by outcome",
        "Repair share per category",
        "kg CO2e avoided",
        "followed repair verdicts",
        "Price calibration",
        "Predicted versus reported repair prices",
        "Price records and leads per partner",
        "Control room dashboard",
        "Import prices",
        "Log out",
    ],
    "models": [
        "Retraining uses the current ORDS sample",
        "Retrain now",
        "Promote",
        "Why this status",
        "Success model: the chance that a repair works",
        "Calibration of v1",
        "predicted chance",
        "Log out",
    ],
    "import": [
        "Step 1 of 2: upload a price CSV",
        "Preview",
        "A price CSV in the format of docs/prices.md.",
        "CSV import",
        "consumer-reported",
        "Import price records",
        "Control room",
        "Log out",
    ],
}
DUTCH = {
    "dashboard": [
        "Bijdragen van partners",
        "Adviezen per week naar uitkomst",
        "Aandeel repareren per categorie",
        "kg CO2e vermeden",
        "opgevolgde reparatieadviezen",
        "Prijskalibratie",
        "Dashboard van de controlekamer",
        "Prijzen importeren",
        "Afmelden",
    ],
    "models": [
        "Opnieuw trainen gebruikt de huidige ORDS-steekproef",
        "Nu opnieuw trainen",
        "In gebruik nemen",
        "Waarom deze status",
        "Succesmodel: de kans dat een reparatie lukt",
        "Kalibratie van v1",
        "voorspelde kans",
        "Modelversies",  # the page title; the admin's sidebar still names the model in English
        "Afmelden",
    ],
    "import": [
        "Stap 1 van 2: upload een prijzen-CSV",
        "Voorbeeld",
        "Een prijzen-CSV in het formaat van docs/prices.md.",
        "CSV-import",
        "gemeld door consumenten",
        "Controlekamer",
        "Afmelden",
    ],
}
URLS = {
    "dashboard": "controlroom:dashboard",
    "models": "controlroom:model-compare",
    "import": "controlroom:price-import",
}


def _text(html: str) -> str:
    """What a reader sees or hears: tag contents, SVG titles and attribute values such as
    button labels, not scripts, styles or URLs."""
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    values = re.findall(r'(?:value|aria-label|title)="([^"]*)"', html)
    return re.sub(r"<[^>]+>", " ", html) + " " + " ".join(values)


@pytest.fixture
def some_data(catalogue):
    """A followed repair verdict in the default period and an active model version with
    calibration bins, so that every chart and table has something to show."""
    washer = catalogue.get(slug="washing-machine")
    today = datetime.date.today()
    verdict = make_verdict(category=washer, outcome="repair", on=today, expected_cost=200)
    make_follow_up(verdict, price=230)
    make_verdict(category=washer, outcome="replace", on=today)
    bins = [{"mean_predicted": 0.3, "observed_rate": 0.25, "n": 40}]
    ModelVersion.objects.create(
        label="v1", status=ModelVersion.Status.ACTIVE, code_version="x", sklearn_version="x",
        metrics={"success": {"brier": 0.2, "auc": 0.7, "reliability": bins}},
    )  # fmt: skip
    ModelVersion.objects.create(
        label="v0", status=ModelVersion.Status.CANDIDATE, code_version="x", sklearn_version="x",
        metrics={"success": {"brier": 0.21}},
    )  # fmt: skip


@pytest.mark.parametrize("page", list(URLS))
@pytest.mark.parametrize(
    "how", [{"HTTP_ACCEPT_LANGUAGE": "nl"}, {"QUERY": "?lang=nl", "HTTP_ACCEPT_LANGUAGE": "en"}]
)
def test_a_dutch_staff_session_sees_the_control_room_in_dutch(steward_client, some_data, page, how):
    headers = {key: value for key, value in how.items() if key != "QUERY"}
    response = steward_client.get(reverse(URLS[page]) + how.get("QUERY", ""), **headers)
    text = _text(response.content.decode())

    assert response.status_code == 200
    assert response["Content-Language"] == "nl"
    assert [marker for marker in DUTCH[page] if marker not in text] == []
    assert [marker for marker in ENGLISH[page] if marker in text] == []


@pytest.mark.parametrize("page", list(URLS))
def test_lang_en_shows_the_control_room_in_english(steward_client, some_data, page):
    response = steward_client.get(reverse(URLS[page]) + "?lang=en", HTTP_ACCEPT_LANGUAGE="nl")
    text = _text(response.content.decode())

    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    assert [marker for marker in ENGLISH[page] if marker not in text] == []
    assert [marker for marker in DUTCH[page] if marker in text] == []


def test_the_outcomes_in_the_weekly_chart_are_named_in_the_pages_language(
    steward_client, some_data
):
    dutch = str(steward_client.get(reverse("controlroom:dashboard") + "?lang=nl").context["charts"])
    english = str(
        steward_client.get(reverse("controlroom:dashboard") + "?lang=en").context["charts"]
    )

    assert ">repareren</text>" in dutch and ">vervangen</text>" in dutch
    assert ">repair</text>" not in dutch
    assert ">repair</text>" in english and ">replace</text>" in english


def test_the_retrain_page_hands_its_script_the_texts_in_the_pages_language(steward_client):
    url = reverse("controlroom:retrain-progress", args=["abc123"])

    dutch = steward_client.get(url + "?lang=nl").content.decode()
    english = steward_client.get(url + "?lang=en").content.decode()

    assert 'data-text-new-version="Nieuwe versie {version}: {status} ({reason})"' in dutch
    assert "&quot;candidate&quot;: &quot;kandidaat&quot;" in dutch
    assert 'data-text-new-version="New version {version}: {status} ({reason})"' in english
    assert "&quot;candidate&quot;: &quot;candidate&quot;" in english


def test_admin_actions_and_messages_follow_the_language(admin_client, catalogue):
    from tests.partners.factories import PartnerFactory

    partner = PartnerFactory()
    url = reverse("admin:partners_partner_changelist")
    action = {"action": "rotate_api_token", "_selected_action": [partner.pk]}

    listing = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Nieuw API-token maken (één keer getoond)" in listing
    assert "Rotate API token" not in listing

    # The language by the browser: ?lang= on a changelist is read as a filter (?e=1).
    dutch = admin_client.post(url, action, follow=True, HTTP_ACCEPT_LANGUAGE="nl")
    dutch = dutch.content.decode()
    assert "nieuw API-token" in dutch and "kopieer het nu" in dutch
    assert "copy it now" not in dutch

    english = admin_client.post(url, action, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    english = english.content.decode()
    assert "new API token" in english and "copy it now" in english
