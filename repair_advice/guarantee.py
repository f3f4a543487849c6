"""The legal guarantee (conformity, art. 7:17 BW): does the seller owe a free repair?

Pure rules, no database: the status follows from the age, the cause of the fault and the lifetime a
buyer may reasonably expect for the price paid. The texts that go with a status are in
`repair_advice.texts`; the sources are in docs/decision-model.md.
"""

import math
import re
from dataclasses import dataclass

LIKELY, POSSIBLE, UNLIKELY, UNKNOWN = "likely", "possible", "unlikely", "unknown"
DEFECT, DAMAGE, UNKNOWN_CAUSE = "defect", "damage", "unknown"
# Art. 7:18a BW: a defect that shows within a year of delivery is presumed to have been there.
PRESUMPTION_YEARS = 1.0
MIN_EXPECTED_LIFETIME_YEARS = 1.0

# Words that say the appliance fell, broke by force or got wet (Dutch and English). A negation just
# before ("niet gevallen", "never dropped") cancels the match.
_GLASS = r"(?:scherm|glas|display|beeldscherm|paneel|screen|glass|panel)"
_DAMAGE_PATTERNS = [
    r"\bgevallen\b", r"\bkapot\s*gevallen", r"laten vallen", r"\bliet\b.{0,20}\bvallen",
    r"\bviel\b(?!\s+(?:uit|af|stil|weg|soms|steeds))", r"van (?:de|het) \w+ (?:af )?gevallen",
    r"\bstoot\b", r"\bgestoten\b",
    _GLASS + r"\w*\s+(?:is\s+)?(?:gebarsten|gebroken|gescheurd|kapot|cracked|shattered|smashed)",
    r"(?:gebarsten|gebroken|barst in (?:het|de)|cracked|shattered|smashed)\s+" + _GLASS,
    r"\bbarst(?:je)? in (?:het|de) " + _GLASS, r"nat geworden", r"in het water",
    r"in bad\b", r"in de (?:wc|toilet|gracht|sloot)", r"\bgemorst\b", r"\bvochtschade\b",
    r"\bwaterschade\b", r"\bdropped\b", r"\bfell\b(?!\s+(?:asleep|silent))", r"\bfallen\b",
    r"knocked over", r"\bgot wet\b", r"\bspilled\b", r"\bspilt\b",
    r"(?:fell|dropped) in(?:to)? (?:the )?(?:water|bath|toilet|sink)", r"liquid damage",
    r"water damage", r"\bsat on\b", r"\bstepped on\b",
]  # fmt: skip
_DAMAGE_RE = re.compile("|".join(f"(?:{p})" for p in _DAMAGE_PATTERNS), re.IGNORECASE)
_NEGATION_RE = re.compile(
    r"(?:\bniet\b|\bnooit\b|\bgeen\b|\bnot\b|\bnever\b|\bno\b|n't\b)\W+(?:\w+\W+)?$", re.IGNORECASE
)


@dataclass(frozen=True)
class GuaranteeAssessment:
    status: str
    cause: str
    expected_lifetime_years: float


def description_says_damage(text: str) -> bool:
    """Whether a person's own words say the appliance fell, cracked or got wet."""
    for match in _DAMAGE_RE.finditer(text or ""):
        if not _NEGATION_RE.search(text[max(0, match.start() - 25) : match.start()]):
            return True
    return False


def fault_cause(symptom_causes: list[str], description: str) -> str:
    """Damage when a chosen symptom or the description says so; defect when every chosen symptom
    is a defect; unknown otherwise (no symptoms, or only unclear ones)."""
    if DAMAGE in symptom_causes or description_says_damage(description):
        return DAMAGE
    if symptom_causes and all(cause == DEFECT for cause in symptom_causes):
        return DEFECT
    return UNKNOWN_CAUSE


def expected_lifetime_years(
    *, base_years: float, typical_price_eur: float, price_paid_eur: float | None,
    years_per_price_doubling: float,
) -> float:  # fmt: skip
    """Lifetime a buyer may reasonably expect: the category's figure at its typical price, longer
    for a dearer product and shorter for a cheaper one (log-linear in price)."""
    if not price_paid_eur or price_paid_eur <= 0 or typical_price_eur <= 0:
        return base_years
    years = base_years + years_per_price_doubling * math.log2(price_paid_eur / typical_price_eur)
    return round(max(MIN_EXPECTED_LIFETIME_YEARS, min(years, 2 * base_years)), 1)


def guarantee_assess(*, age_years: float | None, cause: str, expected_years: float) -> str:
    """Status of a claim on the seller. Damage is no conformity defect, so never `likely`."""
    if cause == DAMAGE:
        return UNLIKELY
    if age_years is None:
        return UNKNOWN
    if age_years <= PRESUMPTION_YEARS:  # "1 year" as people round it: the consumer's side
        return LIKELY
    if age_years < expected_years:
        return POSSIBLE
    return UNLIKELY
