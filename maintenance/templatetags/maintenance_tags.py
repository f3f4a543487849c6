"""Maintenance and second-life sections of the verdict page, by tag (the verdict app sits below
maintenance and does not import it)."""

from django import template

from maintenance.selectors import category_care_tip, second_life_advice

register = template.Library()


@register.simple_tag
def care_tip(verdict, language: str) -> str | None:
    """The category's first maintenance task as a sentence, in `language`."""
    return category_care_tip(category=verdict.category, language=language)


@register.inclusion_tag("maintenance/_second_life.html", takes_context=True)
def second_life(context, verdict, facts: dict) -> dict:
    """Where the old appliance can go next (replace and doubt verdicts), named as on the page."""
    advice = second_life_advice(verdict=verdict)
    if advice and advice.get("category_name"):
        advice = {**advice, "category_name": facts["category_name"]}
    return {**context.flatten(), "second_life": advice}
