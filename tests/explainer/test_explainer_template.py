"""The built-in explainer covers every category of the catalogue, both languages, every verdict."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from explainer.checks import answer_problems, language_detected
from explainer.prompt import prompt_facts
from repair_advice.services import verdict_create

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.BASE_DIR) / "appliances" / "data" / "catalogue.json"
CATEGORY_SLUGS = [c["slug"] for c in json.loads(CATALOGUE.read_text())["categories"]]


def verdicts_of_every_kind(slug: str, language: str) -> dict:
    """A repair, a replace and a doubt verdict for this category, by outcome."""
    probe = verdict_create(category_slug=slug, age_years=3, language=language)
    break_even = probe.facts["break_even_repair_cost_eur"]
    cases = {
        "repair": {"age_years": 1, "repair_quote_eur": Decimal("0")},
        "replace": {"age_years": 40, "repair_quote_eur": Decimal("20000")},
        # Just past the break-even price the verdict is no longer repair: doubt at first.
        "doubt": {"age_years": 3, "repair_quote_eur": Decimal(str(break_even)) + 1},
    }
    return {
        kind: verdict_create(category_slug=slug, language=language, **inputs)
        for kind, inputs in cases.items()
    }


@pytest.mark.parametrize("slug", CATEGORY_SLUGS)
def test_the_template_explains_every_category_in_both_languages_for_every_verdict(catalogue, slug):
    texts = []
    for language in ("nl", "en"):
        for kind, verdict in verdicts_of_every_kind(slug, language).items():
            assert verdict.outcome == kind, (slug, language, kind)
            text = verdict.explanation_text
            paragraphs = text.split("\n\n")
            assert len(paragraphs) == 6 and all(p.strip() for p in paragraphs), text
            assert "%(" not in text and "%%" not in text, text
            assert verdict.facts["category_name"].lower() in text
            assert verdict.facts["guarantee"]["notice"] in text
            assert language_detected(text) == language, text
            # The template passes the same checks as an LLM answer: no figure that is no fact.
            assert (
                answer_problems(text, facts=prompt_facts(verdict.facts), language=language) == []
            ), text
            texts.append(text)
    assert len(set(texts)) == len(texts)
