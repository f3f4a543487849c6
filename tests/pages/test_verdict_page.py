"""The verdict page: the verdict in words, its numbers, charts and guarantee, in both languages."""

import pytest
from django.utils import translation
from page_html import element_by_id, parse

from repair_advice.texts import guarantee_text

pytestmark = pytest.mark.django_db

SELLER_FIRST = {"nl": "Ga eerst terug naar de verkoper", "en": "Go back to the seller first"}
NUMBER_LABELS = {
    "nl": ["Je mogelijkheden vergeleken", "Verwachte kosten van de reparatie",
           "Kans dat een reparateur het maakt", "Prijs van een nieuw apparaat",
           "Kosten per jaar gebruik", "Laten repareren loont tot",
           "Uitstoot van broeikasgassen per jaar gebruik (CO2e)"],
    "en": ["Your options compared", "Expected repair cost", "Chance a repairer fixes it",
           "Price of a new one", "Cost per year of use", "A repairer's quote is worth it up to",
           "Climate impact per year of use (CO2e)"],
}  # fmt: skip


@pytest.mark.parametrize("language", ["nl", "en"])
def test_verdict_page_shows_verdict_numbers_charts_and_guarantee(submit_advice, language):
    response = submit_advice(language, age_years="0.5")
    assert response.status_code == 200
    verdict = response.context["verdict"]
    html = response.content.decode()

    h1 = html[html.index("<h1") : html.index("</h1>")]
    # Half a year old, a defect: the guarantee claim is the advice, headline first.
    assert verdict.facts["recommended_route"] == "seller_guarantee"
    assert SELLER_FIRST[language] in h1
    assert 'class="verdict-icon" aria-hidden="true"' in h1
    for label in NUMBER_LABELS[language]:
        assert label in html
    facts = verdict.facts
    assert f"€&nbsp;{round(facts['repair_cost_eur']['expected'])}" in html
    assert f"{round(facts['success_probability'] * 100)}%" in html

    svgs = [attrs for tag, attrs in parse(response).elements if tag == "svg"]
    charts = [attrs for attrs in svgs if attrs.get("role") == "img"]
    assert len(charts) == 2
    for chart in charts:
        title_id, desc_id = chart["aria-labelledby"].split()
        assert element_by_id(response, title_id)[0] == "title"
        assert element_by_id(response, desc_id)[0] == "desc"
    assert html.count("<table") == 3  # the routes and the two charts' data tables

    with translation.override(language):
        notice = guarantee_text("likely", "defect", facts["guarantee"]["expected_lifetime_years"])
    assert facts["guarantee"]["status"] == "likely"
    assert notice.replace("'", "&#x27;") in html
    assert "notice--highlight" in html


def test_verdict_in_english_uses_english_texts_throughout(submit_advice):
    html = submit_advice("en", age_years="12").content.decode()
    assert '<html lang="en">' in html
    assert "Why this advice" in html and "What the 50% rule says" in html
    assert "Waarom dit advies" not in html


def test_user_text_is_escaped_on_the_verdict_page(submit_advice):
    response = submit_advice(
        brand="<script>alert('brand')</script>",
        description='<script>alert("description")</script><img src=x onerror=alert(1)>',
    )
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&#x27;brand&#x27;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_explanation_container_points_at_the_explanation_api(submit_advice):
    response = submit_advice()
    verdict = response.context["verdict"]
    tag, attrs = element_by_id(response, "explanation")
    assert attrs["data-explanation-url"] == f"/api/v1/verdicts/{verdict.id}/explanation/"
    assert attrs["data-status"] == verdict.explanation_status
    assert element_by_id(response, "explanation-status")[1]["aria-live"] == "polite"
    first_paragraph = verdict.explanation_text.split("\n\n")[0]
    assert first_paragraph.split(":")[0] in response.content.decode()


def test_share_link_and_new_advice_link_are_plain_links(submit_advice):
    response = submit_advice()
    verdict = response.context["verdict"]
    _, share = element_by_id(response, "share-link")
    assert share["href"].endswith(f"/advies/{verdict.id}/")
    _, copy = element_by_id(response, "copy-link")
    assert "hidden" in copy  # only JavaScript reveals the copy button
    assert 'href="/advies/">Nieuw advies</a>' in response.content.decode()


def test_unknown_verdict_shows_the_not_found_page(client, catalogue):
    response = client.get("/advies/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    assert "We kunnen deze pagina niet vinden" in response.content.decode()
