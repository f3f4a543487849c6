"""The explanation section of the verdict page, told by the explainer (repair_advice's page
includes it by tag: the verdict app sits below the explainer and does not import it)."""

from django import template

from explainer.services import explanation_for_reader

register = template.Library()


@register.inclusion_tag("explainer/_explanation.html")
def verdict_explanation(verdict, facts: dict) -> dict:
    """`facts` as the page shows them (in the reader's language); never waits for the LLM."""
    explanation = explanation_for_reader(verdict=verdict, facts=facts)
    language = facts["language"]
    return {
        "verdict": verdict,
        "explanation": explanation,
        "explanation_query": f"?lang={language}" if language != verdict.language else "",
        "explanation_paragraphs": [p for p in explanation["text"].split("\n\n") if p],
    }
