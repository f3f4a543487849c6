"""A verdict is read in the reader's language: every text told again from its stored facts."""

import pytest
from django.utils.translation import override

from explainer.template import template_explanation
from repair_advice.selectors import verdict_facts_for_reader
from repair_advice.services import verdict_create
from repair_advice.texts import guarantee_text, route_name

pytestmark = pytest.mark.django_db


def dutch_verdict(**inputs):
    return verdict_create(
        category_slug="washing-machine",
        symptom_slugs=["drum-does-not-turn"],
        language="nl",
        **{"age_years": 9, **inputs},
    )


def test_a_dutch_verdict_read_in_english_has_every_fact_text_in_english(catalogue):
    verdict = dutch_verdict()

    facts = verdict_facts_for_reader(verdict=verdict, language="en")

    category = catalogue.get(slug="washing-machine")
    assert facts["language"] == "en"
    assert facts["category_name"] == category.name("en") == "Washing machine"
    assert facts["symptom_names"] == [category.symptoms.get(slug="drum-does-not-turn").name("en")]
    assert facts["symptom_names"] != verdict.facts["symptom_names"]
    with override("en"):
        assert [r["name"] for r in facts["routes"]] == [
            route_name(r["route"]) for r in facts["routes"]
        ]
        g = facts["guarantee"]
        assert g["text"] == guarantee_text(g["status"], g["cause"], g["expected_lifetime_years"])
    assert "Repairer" in [r["name"] for r in facts["routes"]]
    closed = [r["why_not"] for r in facts["routes"] if not r["open"]]
    assert closed, "a nine-year-old machine has at least the seller's route closed"
    assert closed != [r["why_not"] for r in verdict.facts["routes"] if not r["open"]]
    assert all(" de " not in text and " het " not in text for text in closed)


def test_the_numbers_are_the_stored_ones_whatever_the_language(catalogue):
    verdict = dutch_verdict()

    facts = verdict_facts_for_reader(verdict=verdict, language="en")

    for key in ("verdict", "recommended_route", "annual_cost_eur", "repair_cost_eur", "co2e_kg"):
        assert facts[key] == verdict.facts[key]
    assert [r["annual_cost_eur"] for r in facts["routes"]] == [
        r["annual_cost_eur"] for r in verdict.facts["routes"]
    ]


def test_the_verdict_page_in_english_shows_no_dutch_fact_texts(client, catalogue):
    verdict = dutch_verdict()
    dutch = verdict.facts

    html = client.get(f"{verdict.get_absolute_url()}?lang=en").content.decode()

    assert '<html lang="en">' in html
    assert dutch["category_name"] not in html  # "Wasmachine"
    assert dutch["guarantee"]["text"] not in html
    for route in dutch["routes"]:
        if route["why_not"]:
            assert route["why_not"] not in html
    english = verdict_facts_for_reader(verdict=verdict, language="en")
    assert english["guarantee"]["text"] in html.replace("&#x27;", "'")
    assert "Why this advice" in html
    # The explanation: the template text in English, since the stored one is Dutch.
    first_paragraph = template_explanation(english).split("\n\n")[0]
    assert first_paragraph.replace("'", "&#x27;") in html
    assert verdict.explanation_text.split("\n\n")[0] not in html


def test_the_share_link_of_an_english_reader_keeps_english(client, catalogue):
    verdict = dutch_verdict()

    english = client.get(f"{verdict.get_absolute_url()}?lang=en").content.decode()
    client.cookies.clear()
    dutch = client.get(verdict.get_absolute_url()).content.decode()

    assert f'{verdict.get_absolute_url()}?lang=en"' in english
    assert f'data-copy="http://testserver{verdict.get_absolute_url()}?lang=en"' in english
    assert f'data-copy="http://testserver{verdict.get_absolute_url()}"' in dutch


def test_the_explanation_api_answers_in_the_language_asked(client, catalogue):
    verdict = dutch_verdict()
    english_facts = verdict_facts_for_reader(verdict=verdict, language="en")
    url = f"/api/v1/verdicts/{verdict.pk}/explanation/"

    english = client.get(f"{url}?lang=en").json()
    own = client.get(url).json()

    assert english == {
        "status": "ready",
        "source": "template",
        "text": template_explanation(english_facts),
    }
    assert own["text"] == verdict.explanation_text
    assert own["text"] != english["text"]


def test_a_shared_llm_explanation_in_the_readers_language_is_used(client, catalogue):
    from explainer.models import Explanation
    from explainer.prompt import explanation_key

    verdict = dutch_verdict()
    english_facts = verdict_facts_for_reader(verdict=verdict, language="en")
    Explanation.objects.create(
        key=explanation_key(facts=english_facts, description=verdict.description),
        language="en",
        text="An English explanation written earlier for the same facts.",
        source=Explanation.Source.LLM,
    )

    body = client.get(f"/api/v1/verdicts/{verdict.pk}/explanation/?lang=en").json()

    assert body == {
        "status": "ready",
        "source": "llm",
        "text": "An English explanation written earlier for the same facts.",
    }
