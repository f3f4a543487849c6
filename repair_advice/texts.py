"""User-facing texts that depend on a verdict's facts (translated through gettext)."""

from django.utils.translation import gettext as _

from explainer.template import years as format_years


def guarantee_notice(status: str, legal_lifetime_years: float) -> str:
    """What the legal guarantee (conformity) means for this appliance, and what to do."""
    years = format_years(legal_lifetime_years)
    if status == "likely":
        return _(
            "Your appliance is less than a year old: the legal guarantee almost certainly "
            "applies, and the seller must prove the defect was not there at delivery. Go back "
            "to the seller first: repair or replacement should be free."
        )
    if status == "possible":
        return _(
            "Under Dutch law a product must last as long as you may reasonably expect "
            "(about %(years)s years for this kind of appliance), not just the two years sellers "
            "often mention. Ask the seller first for a free repair or replacement."
        ) % {"years": years}
    if status == "unlikely":
        return _(
            "Your appliance is older than the %(years)s years a buyer may reasonably expect, so "
            "the legal guarantee probably no longer applies. A manufacturer's guarantee or "
            "insurance may still cover it."
        ) % {"years": years}
    return _(
        "If your appliance is younger than about %(years)s years, the legal guarantee may still "
        "apply: ask the seller first for a free repair or replacement."
    ) % {"years": years}
