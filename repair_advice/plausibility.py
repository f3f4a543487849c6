"""Numbers far outside what is usual for an appliance: asked about before a verdict is made.

A typo such as 8995 for 89,95 would otherwise silently produce advice for a vacuum cleaner "bought
for € 8.995". Such input is not refused (a designer vacuum or a 45-year-old radio exist): the
advice form asks "Klopt dit?" and the API wants `"confirm_unusual": true` (docs/api.md).
The thresholds are relative to the catalogue, so they follow its cited prices and lifetimes.
"""

from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from appliances.models import Category
from common.numbers import format_dutch_number
from repair_advice.decision import weibull_median

# A purchase price or repair quote above this multiple of the catalogue's highest new price: a
# premium model sits within 2x the top of the range, a slipped decimal (x100) or key (x10) not.
PRICE_HIGH_FACTOR = Decimal(2)
# A purchase price below this share of the catalogue's lowest new price (EUR 8 for a EUR 80
# vacuum): second-hand bargains cost more; 8,95 typed for 89,95 does not.
PRICE_LOW_SHARE = Decimal("0.1")
# An age above this multiple of the category's median lifetime (Weibull, catalogue): of the
# catalogue's shapes, 1.5 lets 6 in 100 appliances reach it, 2 about 1 in 100, 2.5 and 3 fewer
# than 1 in 1000 (survival exp(-2.5**shape * ln 2)).
AGE_MEDIAN_FACTOR = 2.5
# Any age above this many years, whatever the category.
AGE_MAX_USUAL_YEARS = 40.0
# The inputs checked, by their names in the advice form and the verdict API.
UNUSUAL_CHECKED_FIELDS = ("age_years", "purchase_price_eur", "repair_quote_eur")


def _euros(value, language: str) -> str:
    return "€ " + format_dutch_number(value, language=language, decimals=0)


def _price_range(category: Category, language: str) -> str:
    low = format_dutch_number(category.new_price_low_eur, language=language, decimals=0)
    high = format_dutch_number(category.new_price_high_eur, language=language, decimals=0)
    return f"€ {low}–{high}"


def usual_age_limit_years(category: Category) -> float:
    """The age above which an appliance of this category is unusual (asked to confirm)."""
    median = weibull_median(category.lifetime_weibull_shape, category.lifetime_weibull_scale_years)
    return min(AGE_MAX_USUAL_YEARS, AGE_MEDIAN_FACTOR * median)


def unusual_inputs(
    *,
    category: Category,
    age_years: float | None = None,
    purchase_price_eur: Decimal | None = None,
    repair_quote_eur: Decimal | None = None,
    language: str = "nl",
) -> dict[str, str]:
    """Field name -> a question that asks whether its unusual value is right ({} when none is)."""
    questions: dict[str, str] = {}
    with translation.override(language):
        name = category.name(language).lower()
        high = category.new_price_high_eur * PRICE_HIGH_FACTOR
        low = category.new_price_low_eur * PRICE_LOW_SHARE
        if purchase_price_eur is not None and not low <= purchase_price_eur <= high:
            questions["purchase_price_eur"] = _(
                "Is %(price)s right for a %(appliance)s? A new one usually costs %(range)s."
            ) % {
                "price": _euros(purchase_price_eur, language),
                "appliance": name,
                "range": _price_range(category, language),
            }
        if repair_quote_eur is not None and repair_quote_eur > high:
            questions["repair_quote_eur"] = _(
                "Is a repair quote of %(price)s right for a %(appliance)s? A new one usually "
                "costs %(range)s."
            ) % {
                "price": _euros(repair_quote_eur, language),
                "appliance": name,
                "range": _price_range(category, language),
            }
        if age_years is not None and age_years > usual_age_limit_years(category):
            median = weibull_median(
                category.lifetime_weibull_shape, category.lifetime_weibull_scale_years
            )
            questions["age_years"] = _(
                "Is %(age)s years right for a %(appliance)s? Half of them last less than "
                "%(median)s years."
            ) % {
                "age": format_dutch_number(age_years, language=language),
                "appliance": name,
                "median": format_dutch_number(round(median), language=language),
            }
    return questions


def unusual_inputs_key(questions: dict[str, str], values: dict[str, object]) -> str:
    """What a person confirms: the unusual fields and their values, so changing one asks again."""
    return ";".join(f"{field}={_canonical(values[field])}" for field in sorted(questions))


def _canonical(value) -> str:
    """8995, 8995.00 and 8995.0 are the same confirmed number."""
    return format(Decimal(str(value)).normalize(), "f")
