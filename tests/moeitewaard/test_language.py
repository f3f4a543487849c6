"""One language per request: `?lang=` (remembered), then the cookie, then Accept-Language, then
Dutch; links keep the language; API errors come in one language."""

import json

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME


def page_language(response) -> str:
    return response["Content-Language"]


def test_a_first_visit_without_preferences_is_dutch(client, catalogue):
    assert page_language(client.get("/")) == "nl"


def test_a_first_visit_follows_accept_language(client, catalogue):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")

    assert page_language(response) == "en"
    assert '<html lang="en">' in response.content.decode()
    assert "Accept-Language" in response["Vary"]


def test_an_unsupported_accept_language_falls_back_to_dutch(client, catalogue):
    assert page_language(client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR,de;q=0.8")) == "nl"


def test_lang_beats_accept_language_and_is_remembered_in_the_cookie(client, catalogue):
    response = client.get("/?lang=nl", HTTP_ACCEPT_LANGUAGE="en")

    assert page_language(response) == "nl"
    assert response.cookies[COOKIE].value == "nl"
    # The next page, without ?lang=, stays Dutch although the browser prefers English.
    assert page_language(client.get("/advies/", HTTP_ACCEPT_LANGUAGE="en")) == "nl"


def test_the_cookie_beats_accept_language(client, catalogue):
    client.cookies[COOKIE] = "en"

    assert page_language(client.get("/", HTTP_ACCEPT_LANGUAGE="nl")) == "en"


def test_an_unknown_lang_value_is_ignored(client, catalogue):
    response = client.get("/?lang=xx", HTTP_ACCEPT_LANGUAGE="en")

    assert page_language(response) == "en"
    assert COOKIE not in response.cookies


def test_links_on_an_english_page_keep_english(client, catalogue):
    html = client.get("/?lang=en").content.decode()

    assert 'action="/advies/?lang=en"' in client.get("/advies/?lang=en").content.decode()
    assert 'href="/?lang=en"' in html  # the brand link home
    assert 'href="/advies/?lang=en"' in html  # the start button


def test_links_on_a_dutch_page_carry_no_lang(client, catalogue):
    html = client.get("/").content.decode()

    assert 'href="/"' in html
    assert 'href="/advies/"' in html


def post_bad_verdict(client, body: str, **headers):
    return client.post(
        "/api/v1/verdicts/", data=body, content_type="application/json", **headers
    ).json()


DUTCH = ("Ongeldige JSON: fout op regel 1, kolom", "Dit veld is vereist.")
ENGLISH = ("Malformed JSON: error at line 1, column", "This field is required.")


@pytest.mark.parametrize(
    ("headers", "malformed", "required"),
    [
        ({}, *DUTCH),
        ({"HTTP_ACCEPT_LANGUAGE": "nl"}, *DUTCH),
        ({"HTTP_ACCEPT_LANGUAGE": "en"}, *ENGLISH),
    ],
)
def test_api_errors_come_entirely_in_the_requests_language(
    client, catalogue, headers, malformed, required
):
    broken = post_bad_verdict(client, '{"category": ', **headers)
    missing = post_bad_verdict(client, json.dumps({"symptoms": []}), **headers)

    assert broken["non_field_errors"][0].startswith(malformed)
    assert missing["category"] == [required]


def test_lang_in_the_query_sets_the_api_language(client, catalogue):
    body = client.post(
        "/api/v1/verdicts/?lang=en", data="{", content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="nl",
    ).json()  # fmt: skip

    assert body["non_field_errors"][0].startswith("Malformed JSON")


@pytest.mark.parametrize(("language", "expected"), [("nl", "Niet gevonden."), ("en", "Not found.")])
def test_an_unknown_api_path_answers_in_the_requests_language(client, language, expected):
    response = client.get("/api/v1/nothing-here/", HTTP_ACCEPT_LANGUAGE=language)

    assert response.json() == {"detail": expected}


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nl", "Te veel verzoeken. Probeer het over"), ("en", "Too many requests. Try again in")],
)
def test_throttling_answers_in_the_requests_language(language, expected):
    from django.utils.translation import override
    from rest_framework.exceptions import Throttled

    from common.api_errors import exception_handler

    with override(language):
        response = exception_handler(Throttled(wait=12.2), {})

    assert response.status_code == 429
    assert response.data["detail"].startswith(expected)
    assert "13" in response.data["detail"]


def test_the_admin_is_dutch_for_a_dutch_browser_with_dutch_choice_labels(admin_client, catalogue):
    from tests.partners.factories import PartnerFactory

    PartnerFactory(kind="kringloop")
    url = f"/{settings.ADMIN_URL}partners/partner/"

    dutch = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    english = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Reparatiepartners" in dutch and "kringloopwinkel" in dutch
    assert "Repair partners" not in dutch and "second-hand shop" not in dutch
    assert "Repair partners" in english and "kringloop (second-hand shop)" in english


def test_a_control_room_screen_is_in_one_language_for_a_dutch_browser(admin_client, catalogue):
    response = admin_client.get(f"/{settings.ADMIN_URL}controlroom/", HTTP_ACCEPT_LANGUAGE="nl")
    html = response.content.decode()

    # Like the admin around it, the control room follows the browser: Dutch throughout.
    assert response.status_code == 200
    assert response["Content-Language"] == "nl"
    assert '<html lang="nl"' in html
    assert "Bijdragen van partners" in html and "Afmelden" in html
    assert "Partner contributions" not in html and "Log out" not in html
    # And English for an English browser.
    english = admin_client.get(f"/{settings.ADMIN_URL}controlroom/", HTTP_ACCEPT_LANGUAGE="en")
    assert english["Content-Language"] == "en"
    assert "Partner contributions" in english.content.decode()
    assert "Bijdragen van partners" not in english.content.decode()
