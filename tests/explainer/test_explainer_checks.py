"""The checks an LLM answer must pass before it is shown."""

import pytest

from explainer.checks import (
    answer_normalize,
    answer_problems,
    invented_numbers,
    language_detected,
    markup_found,
)

FACTS = {
    "language": "en",
    "repair_success_chance_percent": 65,
    "repair_cost_eur": {"low": 149.0, "expected": 259.25, "high": 1369.0},
    "new_price_eur": 1249.5,
    "remaining_life_years_after_repair": 4.5,
    "co2e_saved_by_repairing_kg": 76.4,
    "guarantee": {"notice": "about 8 years for this kind of appliance"},
}

ENGLISH = (
    "Repairing your washing machine is worth it. A repair is expected to cost about €259, and "
    "it works in 65% of cases. After the repair it should last about 4.5 more years, while a new "
    "one costs €1,250. The law says a product must last as long as you may expect, which is "
    "about 8 years for this kind of appliance, so ask the seller first."
)
DUTCH = (
    "Je wasmachine repareren is de moeite waard. Een reparatie kost naar verwachting ongeveer "
    "€259 en lukt in 65% van de gevallen. Daarna gaat hij nog ongeveer 4,5 jaar mee, terwijl een "
    "nieuwe €1.250 kost. Volgens de wet moet een product zo lang meegaan als je mag verwachten, "
    "voor dit soort apparaat ongeveer 8 jaar, dus vraag eerst de verkoper."
)


def test_a_faithful_answer_passes_in_either_language():
    assert answer_problems(ENGLISH, facts=FACTS, language="en") == []
    assert answer_problems(DUTCH, facts={**FACTS, "language": "nl"}, language="nl") == []


@pytest.mark.parametrize(
    "text",
    ["€259", "€259.25", "259,25", "65%", "4.5 years", "4,5 jaar", "5 years", "€1,369", "€1.369",
     "€1369", "76 kg", "8 jaar", "1 year", "2 options", "CO2e", "CO2", "€1,249.50", "€1.249,50"],
)  # fmt: skip
def test_facts_rounded_or_written_the_dutch_or_english_way_are_no_invention(text):
    assert invented_numbers(text, facts=FACTS) == []


@pytest.mark.parametrize(
    "text", ["€260", "€9999", "66%", "3 years", "4.7 years", "in 2031", "€1.300", "77.5 kg"]
)
def test_numbers_that_are_no_fact_are_invented(text):
    assert invented_numbers(text, facts=FACTS) != []


@pytest.mark.parametrize(
    "text",
    ["<b>bold</b>", "<script>alert(1)</script>", "a <a href='x'>link</a>", "&lt;b&gt;",
     "# Heading\nText", "**bold**", "`code`", "[click](https://example.org)", "- item\n- item",
     "1. first\n2. second", "> quoted", "see https://example.org", "www.example.org"],
)  # fmt: skip
def test_markup_and_links_are_found(text):
    assert markup_found(text)


@pytest.mark.parametrize(
    "text", ["Costs less than €200 and 3 > 2 - nothing odd.", "A sentence - with a dash."]
)
def test_plain_text_has_no_markup(text):
    assert markup_found(text) == []


def test_the_language_is_told_by_its_stop_words():
    assert language_detected(ENGLISH) == "en"
    assert language_detected(DUTCH) == "nl"
    assert language_detected("Repair Café") is None
    assert language_detected(f"{ENGLISH} {DUTCH}") is None


def test_an_answer_in_the_other_language_is_rejected():
    assert any("language" in p for p in answer_problems(DUTCH, facts=FACTS, language="en"))


def test_too_short_and_too_long_answers_are_rejected():
    assert any("length" in p for p in answer_problems(ENGLISH[:150], facts=FACTS, language="en"))
    too_long = " ".join([ENGLISH] * 8)
    assert any("length" in p for p in answer_problems(too_long, facts=FACTS, language="en"))


def test_answers_are_normalized_to_paragraphs():
    assert answer_normalize("  One.  \r\n\r\n\r\n\r\nTwo.\n") == "One.\n\nTwo."


REPAIR_FACTS = {**FACTS, "verdict": "repair", "recommended_route": "professional"}


@pytest.mark.parametrize(
    "advice",
    ["Laat je wasmachine niet repareren: vervang hem.", "Don't repair it, buy a new one."],
)
def test_advice_against_a_repair_verdict_is_refused(advice):
    text = f"{ENGLISH} {advice}"
    problems = answer_problems(text, facts=REPAIR_FACTS, language="en")
    assert any("against a repair verdict" in p for p in problems), problems


@pytest.mark.parametrize(
    ("extra", "problem"),
    [("Kijk op koopnieuw.nl voor een nieuwe.", "web address"),
     ("Coolblue has good deals.", "names a shop"),
     ("Call us at 06-12345678 today.", "phone number"),
     ("Bel 020 123 4567 voor een afspraak.", "phone number")],
)  # fmt: skip
def test_shops_domains_and_phone_numbers_are_refused(extra, problem):
    problems = answer_problems(f"{ENGLISH} {extra}", facts=FACTS, language="en")
    assert any(problem in p for p in problems), problems


def test_an_answer_without_any_of_the_verdict_s_figures_is_refused():
    vague = (
        "Repairing your washing machine is worth it. It is better for your wallet and for the "
        "climate than buying a new one, and the law protects you when a product breaks too soon. "
        "Ask the seller first, and then a repairer for a quote if that does not work out well."
    )
    problems = answer_problems(vague, facts=FACTS, language="en")
    assert "names none of the verdict's figures" in problems


def test_when_the_guarantee_claim_is_advised_the_seller_must_come_first():
    facts = {**FACTS, "verdict": "repair", "recommended_route": "seller_guarantee"}
    repairer_first = "Take it to a repairer for a quote. " + ENGLISH
    problems = answer_problems(repairer_first, facts=facts, language="en")
    assert any("before the seller" in p for p in problems), problems
    assert answer_problems(ENGLISH, facts=facts, language="en") == []
