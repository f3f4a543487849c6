"""The built-in explainer covers every category of the catalogue, both languages, every verdict."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from appliances.selectors import category_get_for_verdict
from explainer.checks import answer_problems, language_detected
from explainer.prompt import prompt_facts
from explainer.template import template_explanation
from repair_advice.services import verdict_evaluate

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.BASE_DIR) / "appliances" / "data" / "catalogue.json"
CATEGORY_SLUGS = [c["slug"] for c in json.loads(CATALOGUE.read_text())["categories"]]


AGES = (0.5, 3, 8, 15, 40)


def facts_pool(slug: str, language: str) -> list[dict]:
    """Facts over a grid of ages and quotes (none, the diagnosis fee only, a very high one)."""
    category = category_get_for_verdict(slug=slug)
    fee = category.callout_fee_eur
    pool = []
    for age in AGES:
        for quote in (None, fee, Decimal("20000")):
            facts, _ = verdict_evaluate(
                category=category, symptom_slugs=[], age_years=age, repair_quote_eur=quote,
                language=language,
            )  # fmt: skip
            pool.append(facts)
    return pool


@pytest.mark.parametrize("slug", CATEGORY_SLUGS)
def test_the_template_explains_every_category_in_both_languages_for_every_verdict(catalogue, slug):
    texts, kinds = set(), set()
    for language in ("nl", "en"):
        for facts in facts_pool(slug, language):
            text = template_explanation(facts)
            kinds.add(facts["verdict"])
            paragraphs = text.split("\n\n")
            assert len(paragraphs) == 6 and all(p.strip() for p in paragraphs), text
            assert "%(" not in text and "%%" not in text, text
            assert facts["category_name"].lower() in text
            assert facts["guarantee"]["text"] in text
            if facts["recommended_route"] == "seller_guarantee":
                assert paragraphs[1] == facts["guarantee"]["text"], text
            assert language_detected(text) == language, text
            # The template passes the same checks as an LLM answer: no figure that is no fact, no
            # advice against the verdict, the seller first when the guarantee applies.
            assert answer_problems(text, facts=prompt_facts(facts), language=language) == [], text
            texts.add(text)
    assert {"repair", "replace"} <= kinds
    assert len(texts) > len(AGES)


@pytest.mark.django_db
def test_a_repair_without_a_diagnosis_fee_does_not_mention_one(catalogue):
    facts, _version = verdict_evaluate(
        category=category_get_for_verdict(slug="smartphone"), symptom_slugs=["broken-screen"],
        age_years=1.5, language="nl",
    )  # fmt: skip
    assert facts["diagnosis_fee_eur"] == 0

    text = template_explanation(facts)

    assert "€0" not in text and "onderzoek" not in text
    assert "Een reparatie kost naar verwachting" in text
