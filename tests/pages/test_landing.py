"""The landing page: what the service is, in Dutch first and English on request."""

import pytest
from page_html import element_by_id, parse

pytestmark = pytest.mark.django_db


def test_landing_is_dutch_by_default(client, catalogue):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nl">' in html
    assert (
        "Kapot apparaat? Wij zeggen eerlijk of repareren de moeite waard is, wat het kost en "
        "waarom." in html
    )
    assert "Vraag advies" in html
    assert '<a href="/advies/?category=washing-machine">Wasmachine</a>' in html
    assert "Tweedehands" in html and "Onderhoud" in html


def test_landing_is_english_with_lang_en(client, catalogue):
    response = client.get("/?lang=en")
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Broken appliance? We tell you honestly whether repair is worth it" in html
    assert "Start your advice" in html
    assert '<a href="/advies/?category=washing-machine">Washing machine</a>' in html
    assert "Kapot apparaat?" not in html


def test_landing_links_every_category_to_the_form(client, catalogue):
    links = {attrs["href"] for tag, attrs in parse(client.get("/")).elements if tag == "a"}
    for category in catalogue:
        assert f"/advies/?category={category.slug}" in links


def test_language_switch_marks_the_active_language(client, catalogue):
    response = client.get("/?lang=en")
    links = [attrs for tag, attrs in parse(response).elements if tag == "a" and "hreflang" in attrs]
    by_language = {attrs["hreflang"]: attrs for attrs in links}
    assert by_language["en"]["href"] == "/?lang=en"
    assert by_language["en"].get("aria-current") == "true"
    assert by_language["nl"]["href"] == "/?lang=nl"
    assert "aria-current" not in by_language["nl"]


def test_landing_has_skip_link_main_landmark_and_attributions(client, catalogue):
    response = client.get("/")
    html = response.content.decode()
    assert element_by_id(response, "main")[0] == "main"
    assert 'href="#main"' in html
    for source in ("Open Repair Data", "CC BY-SA 4.0", "The Restart Project", "GeoNames",
                   "CC BY 4.0", 'href="/api/docs/"'):  # fmt: skip
        assert source in html
