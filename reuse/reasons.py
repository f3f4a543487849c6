"""The one line of why that a check shows, rendered in the reader's language from stored facts."""

from django.utils.translation import gettext as _


def reason_text(check) -> str:
    """The reason of a stored check, from its own numbers, so it reads the same later."""
    chance = round(check.sold_probability * 100)
    value = f"{check.value_low_eur:.0f}–{check.value_high_eur:.0f}"
    life = f"{check.category.legal_expected_lifetime_years:g}"
    texts = {
        "retailer": _(
            "Still within the lifetime a buyer may expect (%(life)s years): the seller must repair "
            "or replace it (art. 7:21 BW). Ask the owner to take it back to the shop."
        )
        % {"life": life},
        "reuse_high": _(
            "Likely to sell (about %(chance)s%% chance) for about €%(value)s: put it in the reuse "
            "container."
        )
        % {"chance": chance, "value": value},
        "reuse_medium": _(
            "May sell (about %(chance)s%% chance, about €%(value)s): worth a try in the reuse "
            "container."
        )
        % {"chance": chance, "value": value},
        "repair_cafe": _(
            "Unlikely to sell as it is, but a Repair Café can often fix this kind of appliance."
        ),
        "recycling": _(
            "Little chance of reuse (about %(chance)s%%): recycling recovers its materials."
        )
        % {"chance": chance},
    }
    return texts.get(check.reason_code, "")
