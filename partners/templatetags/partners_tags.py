"""'Repairers near you' on the verdict page, by tag (the verdict app does not import partners)."""

from django import template

from partners.selectors import nearby_context

register = template.Library()


@register.inclusion_tag("partners/_nearby.html", takes_context=True)
def nearby_repairers(context, verdict) -> dict:
    """The page's context plus the repairers near the advice's postcode (or a ?postcode=)."""
    request = context.get("request")
    override = request.GET.get("postcode") if request is not None else None
    return {**context.flatten(), **nearby_context(verdict=verdict, postcode_override=override)}
