"""User-facing texts that depend on a verdict's facts (translated through gettext)."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils.translation import get_language, override, pgettext_lazy
from django.utils.translation import gettext as _


def half_up(value: float, places: int = 0) -> Decimal:
    """Round as the page does (Django's floatformat rounds halves up, Python's round() to even)."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def years(value: float) -> str:
    """One decimal at most, with a decimal comma in Dutch."""
    text = f"{half_up(value, 1).normalize():f}"
    return text.replace(".", ",") if (get_language() or "nl").startswith("nl") else text


_ROUTE_LABELS = {
    "seller_guarantee": pgettext_lazy("route", "Seller, under the legal guarantee"),
    "repair_cafe": pgettext_lazy("route", "Repair Café"),
    "diy": pgettext_lazy("route", "Fix it yourself"),
    "professional": pgettext_lazy("route", "Repairer"),
    "refurbished": pgettext_lazy("route", "Refurbished or second-hand"),
    "new": pgettext_lazy("route", "New appliance"),
}


def route_name(route: str) -> str:
    return str(_ROUTE_LABELS[route])


def route_why_not(code: str, *, expected_years: float | None = None) -> str:
    """Why a route is not open here, in a sentence a person can act on."""
    expected = years(expected_years) if expected_years is not None else ""
    texts = {
        "damage": _(
            "Damage from a fall, a crack or water is not a defect, so the legal guarantee does "
            "not cover it."
        ),
        "too_old": _(
            "Older than the roughly %(years)s years a buyer may reasonably expect it to last."
        ),
        "age_unknown": _(
            "We don't know its age. If it is younger than about %(years)s years, ask the seller "
            "first."
        ),
        "not_taken": _(
            "Repair Cafés take things you can carry in, not built-in or heavy appliances."
        ),
        "costly_part": _(
            "The fix is a part that costs about as much as a new appliance; volunteers cannot "
            "make that cheaper."
        ),
        "no_diy_fix": _("This fault is not one you can safely fix yourself."),
        "no_market": _("Refurbished ones of this kind are rarely for sale."),
        # Routes of advice stored before routes were compared (facts version 1).
        "not_computed": _("Not computed for advice given before routes were compared."),
    }
    return texts[code] % {"years": expected} if "%(years)s" in texts[code] else texts[code]


WHY_NOT_CODES = (
    "damage", "too_old", "age_unknown", "not_taken", "costly_part", "no_diy_fix", "no_market",
    "not_computed",
)  # fmt: skip


def route_why_not_code(text: str, *, language: str, expected_years: float | None) -> str | None:
    """The reason code behind a stored `why_not` text (facts store the sentence, not the code),
    so the sentence can be told again in another language; None for a text no code gives.
    Version 1 facts hold an untranslated English text, hence the other languages after the
    verdict's own."""
    for candidate in (language, *(code for code, _name in settings.LANGUAGES if code != language)):
        with override(candidate):
            for code in WHY_NOT_CODES:
                if route_why_not(code, expected_years=expected_years) == text:
                    return code
    return None


def guarantee_text(status: str, cause: str, expected_years: float) -> str:
    """What the legal guarantee (conformity, art. 7:17 BW) means here, worded as guidance."""
    expected = years(expected_years)
    if cause == "damage":
        return _(
            "The legal guarantee covers defects, not damage: a fall, cracked glass or water "
            "damage is usually your own risk. Home contents or gadget insurance may cover it. "
            "If the fault started without any accident, tell the seller so: then the guarantee "
            "may still apply."
        )
    if status == "likely":
        return _(
            "Your appliance is no more than about a year old. A defect that shows in the first "
            "year is "
            "presumed to have been there at delivery (art. 7:18a BW), so the seller has to prove "
            "otherwise. Go back to the seller first and ask for a free repair or replacement "
            "(art. 7:17 BW); don't let a third party open it first, as that can cost you the "
            "claim. Complain within two months of finding the defect (art. 7:23 BW). Under the "
            "EU right-to-repair directive (2024/1799), a repair under the guarantee should "
            "extend it by 12 months."
        )
    if status == "possible":
        return _(
            "A product must last as long as a buyer may reasonably expect (art. 7:17 BW): for "
            "this appliance at this price about %(years)s years, not just the two years sellers "
            "often mention. After the first year you may have to show that it is a defect. A "
            "repair or replacement under the guarantee should be free (art. 7:21 BW), although "
            "some sellers of an older appliance ask a contribution for the years you used it. "
            "Ask the seller first, within two months of finding the defect (art. 7:23 BW), "
            "before a repairer opens it. Under the EU right-to-repair directive (2024/1799), a "
            "repair under the guarantee should extend it by 12 months."
        ) % {"years": expected}
    if status == "unlikely":
        return _(
            "Your appliance is older than the roughly %(years)s years a buyer may reasonably "
            "expect at this price (our estimate), so a claim on the legal guarantee has little "
            "chance. A manufacturer's guarantee or insurance may still cover it."
        ) % {"years": expected}
    return _(
        "If your appliance is younger than about %(years)s years, the legal guarantee may still "
        "apply (art. 7:17 BW): ask the seller first for a free repair or replacement, within "
        "two months of finding the defect (art. 7:23 BW)."
    ) % {"years": expected}
