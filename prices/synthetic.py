"""Synthetic demo price records, clearly marked as such, grounded in the catalogue's figures.

Nothing here is measured data: it lets the app and the cost model run before repairers send real
prices. Every record has `repairer` = "Synthetic demo data", a `synthetic-` record id, and is
stored with origin SYNTHETIC. Sources of the figures are in docs/prices.md:

- Repair cost (parts + labour): the category's repair_cost_low_eur..repair_cost_high_eur, read as
  the central 90% of a lognormal, times the symptom's cost_factor (catalogue, cited there).
- Call-out / diagnosis: the category's callout_fee_eur with ±15% lognormal noise (catalogue; NL
  providers charge €45-89 for diagnosis, kswsdevries.nl; €69 start fee, wasmachinehengelo.nl).
- Split of the bill: APPLiA 2018, large appliances: labour 44%, parts 39%, transport 16%, other
  1%. Parts + labour are split 44:39; call-out stands in for transport.
- Age at repair: drawn from the category's Weibull lifetime (shape, scale in the catalogue).
- Outcome: APPLiA 2018 reports 91% of repair requests led to a repair. Here 5% are
  not_repairable (only the diagnosis is billed) and a quote is declined more often the closer it
  comes to the new price (50% rule, Consumer Reports; a third of new, 60 Millions de
  consommateurs): an estimate, not a measurement.
- Postcodes: real Dutch PC4 codes from GeoNames (CC BY 4.0), appliances/data.
"""

import math
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from appliances.models import Category
from common.api_errors import DomainError
from common.postcodes import pc4_codes

SYNTHETIC_REPAIRER = "Synthetic demo data"
SYNTHETIC_ID_PREFIX = "synthetic-"

# APPLiA 2018 (large appliances): share of the repair bill.
LABOUR_SHARE = 0.44
PARTS_SHARE = 0.39
# The catalogue range low..high is read as the 5th..95th percentile of a lognormal.
Z_90 = 1.6449
CALLOUT_SIGMA = 0.15
# Estimates (see the module docstring): how often a record lacks a value, and outcome rates.
P_NOT_REPAIRABLE = 0.05
P_DECLINE_BASE = 0.02
P_DECLINE_MAX = 0.60
DECLINE_MIDPOINT = 0.5  # repair / new price where half of P_DECLINE_MAX decline (50% rule)
DECLINE_SPREAD = 0.08
P_NO_SYMPTOM = 0.15
P_NO_BRAND = 0.08
P_NO_AGE = 0.10
P_NO_POSTCODE = 0.10
HISTORY_DAYS = 3 * 365
MAX_AGE_YEARS = 60.0

# Common brands in Dutch shops per Open Repair Data category; shares are not modelled.
BRANDS_BY_ORDS_CATEGORY = {
    "Large home electrical": [
        "Bosch", "Miele", "Samsung", "AEG", "Siemens", "LG", "Whirlpool", "Beko", "Indesit",
        "Zanussi", "Bauknecht", "Haier",
    ],
    "Aircon/dehumidifier": ["Daikin", "Mitsubishi Electric", "Inventum", "Qlima", "Trotec"],
    "Coffee maker": ["Philips", "De'Longhi", "Jura", "Krups", "Siemens", "Nespresso", "Melitta"],
    "Vacuum": ["Dyson", "Philips", "Miele", "Bosch", "Samsung", "Rowenta", "Vorwerk"],
    "Mobile": ["Apple", "Samsung", "Google", "Xiaomi", "OnePlus", "Motorola", "Fairphone"],
    "Laptop": ["Lenovo", "HP", "Dell", "Apple", "Asus", "Acer", "Microsoft"],
    "Tablet": ["Apple", "Samsung", "Lenovo", "Microsoft"],
    "Desktop computer": ["HP", "Dell", "Lenovo", "Apple", "Acer"],
    "Flat screen": ["Samsung", "LG", "Philips", "Sony", "Panasonic", "TCL", "Hisense"],
    "Games console": ["Sony", "Microsoft", "Nintendo"],
    "Printer/scanner": ["HP", "Canon", "Epson", "Brother"],
    "Power tool": ["Bosch", "Makita", "DeWalt", "Black+Decker", "Metabo"],
    "Hair dryer": ["Philips", "Remington", "BaByliss", "Braun", "Dyson"],
    "Hair & beauty item": ["Philips", "Remington", "BaByliss", "Braun"],
    "Iron": ["Philips", "Tefal", "Rowenta", "Braun"],
    "Kettle": ["Philips", "Tefal", "Bosch", "Smeg", "Princess", "Inventum"],
    "Toaster": ["Philips", "Tefal", "Bosch", "Smeg", "Princess", "Inventum"],
    "Food processor": ["Philips", "Kenwood", "Bosch", "KitchenAid", "Magimix"],
    "Small kitchen item": ["Philips", "Tefal", "Bosch", "Kenwood", "Princess", "Inventum"],
}  # fmt: skip
DEFAULT_BRANDS = ["Philips", "Samsung", "Bosch", "Sony", "LG", "Panasonic"]


class CatalogueMissingError(DomainError):
    """Synthetic records need the appliance catalogue."""


@dataclass(frozen=True)
class _CategoryFigures:
    slug: str
    brands: list[str]
    symptoms: list[tuple[str, float]]
    repair_mu: float
    repair_sigma: float
    callout_eur: float
    new_price_eur: float
    weibull_shape: float
    weibull_scale_years: float


def _catalogue_figures(categories: Iterable[Category] | None) -> list[_CategoryFigures]:
    if categories is None:
        categories = Category.objects.prefetch_related("symptoms")
    categories = sorted(categories, key=lambda category: category.slug)
    figures = []
    for category in categories:
        low, high = float(category.repair_cost_low_eur), float(category.repair_cost_high_eur)
        low = max(low, 1.0)
        high = max(high, low)
        symptoms = sorted(category.symptoms.all(), key=lambda s: (s.position, s.slug))
        figures.append(
            _CategoryFigures(
                slug=category.slug,
                brands=BRANDS_BY_ORDS_CATEGORY.get(category.ords_category, DEFAULT_BRANDS),
                symptoms=[(s.slug, s.cost_factor) for s in symptoms],
                repair_mu=math.log(math.sqrt(low * high)),
                repair_sigma=max(math.log(high / low) / (2 * Z_90), 0.1),
                callout_eur=float(category.callout_fee_eur),
                new_price_eur=max(category.new_price_typical_eur, 1.0),
                weibull_shape=category.lifetime_weibull_shape,
                weibull_scale_years=category.lifetime_weibull_scale_years,
            )
        )
    if not figures:
        raise CatalogueMissingError(
            "The appliance catalogue is empty: run `manage.py load_catalogue` first."
        )
    return figures


def _cents(amount: float) -> Decimal:
    return Decimal(f"{amount:.2f}")


def _decline_probability(ratio_to_new: float) -> float:
    return P_DECLINE_BASE + P_DECLINE_MAX / (
        1 + math.exp(-(ratio_to_new - DECLINE_MIDPOINT) / DECLINE_SPREAD)
    )


def synthetic_price_records(
    *,
    n: int,
    seed: int = 7,
    today: date | None = None,
    categories: Iterable[Category] | None = None,
) -> Iterator[dict[str, str]]:
    """Yield `n` synthetic rows in the CSV import format (all values strings, '' when absent).

    The same seed, today and catalogue give the same rows; record ids are `synthetic-0000001`...
    `categories` limits the rows to those categories (default: the whole catalogue).
    """
    figures = _catalogue_figures(categories)
    postcodes = pc4_codes()
    today = today or timezone.localdate()
    rng = random.Random(seed)
    labour_of_work = LABOUR_SHARE / (LABOUR_SHARE + PARTS_SHARE)
    for number in range(1, n + 1):
        category = rng.choice(figures)
        symptom, cost_factor = "", 1.0
        if category.symptoms and rng.random() >= P_NO_SYMPTOM:
            symptom, cost_factor = rng.choice(category.symptoms)
        callout = _cents(category.callout_eur * rng.lognormvariate(0, CALLOUT_SIGMA))
        work = rng.lognormvariate(category.repair_mu, category.repair_sigma) * cost_factor
        labour_share = rng.betavariate(labour_of_work * 20, (1 - labour_of_work) * 20)
        labour, parts = _cents(work * labour_share), _cents(work * (1 - labour_share))
        quote_total = parts + labour + callout

        if rng.random() < P_NOT_REPAIRABLE:
            # Only the diagnosis is billed; without a call-out fee, the labour stands for it.
            outcome, parts = "not_repairable", Decimal("0.00")
            labour = Decimal("0.00") if callout > 0 else labour
        elif rng.random() < _decline_probability(float(quote_total) / category.new_price_eur):
            outcome = "quote_declined"
        else:
            outcome = "repaired"
        age = ""
        if rng.random() >= P_NO_AGE:
            lifetime = rng.weibullvariate(category.weibull_scale_years, category.weibull_shape)
            age = f"{min(lifetime, MAX_AGE_YEARS):.1f}"
        brand = rng.choice(category.brands) if rng.random() >= P_NO_BRAND else ""
        postcode = rng.choice(postcodes) if rng.random() >= P_NO_POSTCODE else ""
        repaired_on = today - timedelta(days=rng.randrange(HISTORY_DAYS))
        yield {
            "record_id": f"{SYNTHETIC_ID_PREFIX}{number:07d}",
            "repaired_on": repaired_on.isoformat(),
            "category": category.slug,
            "symptom": symptom,
            "brand": brand,
            "age_years": age,
            "parts_eur": str(parts),
            "labour_eur": str(labour),
            "callout_eur": str(callout),
            "total_eur": str(parts + labour + callout),
            "outcome": outcome,
            "postcode": postcode,
            "repairer": SYNTHETIC_REPAIRER,
        }
