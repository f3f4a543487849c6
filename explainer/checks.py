"""Checks on a language model's answer before anyone sees it.

An answer is shown only if it is plain text of a sensible length, in the requested language, and
every number in it is one of the verdict's facts (rounded or not). Anything else falls back to the
template explanation. The rules and their reasons are in docs/explainer.md.
"""

import re

MIN_LENGTH = 200
MAX_LENGTH = 2500
# Counts written as numerals ("1 year", "2 options") cannot mislead; larger ones must be facts.
ALLOWED_SMALL_INTEGERS = frozenset({1, 2})

MARKUP_PATTERNS = {
    "HTML tag": re.compile(r"<\s*/?\s*[A-Za-z!?][^>]*>"),
    "HTML entity": re.compile(r"&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);"),
    "Markdown heading": re.compile(r"^\s{0,3}#{1,6}\s", re.MULTILINE),
    "Markdown emphasis": re.compile(r"\*\*|__|(?<!\w)\*\S[^*\n]*\*(?!\w)"),
    "Markdown code": re.compile(r"`"),
    "Markdown link": re.compile(r"\]\s*\("),
    "list item": re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s", re.MULTILINE),
    "block quote": re.compile(r"^\s*>", re.MULTILINE),
    "link": re.compile(r"https?://|www\.", re.IGNORECASE),
    "web address": re.compile(
        r"\b[a-z0-9][a-z0-9-]*\.(?:nl|be|com|eu|org|net|de|shop|info|io)\b", re.IGNORECASE
    ),
}

# Advice that sides against a verdict (Dutch and English). Matched case-insensitively.
_REPLACE_ADVICE = [
    r"\bvervang (?:hem|het|haar|je|jouw|deze|die|dit)\b",
    r"\bkoop (?:maar |liever )?(?:een )?nieuwe?\b",
    r"\bniet (?:laten |meer )?repareren\b", r"\brepareren loont niet\b",
    r"\bvervangen is (?:de |het )?(?:beste|betere|verstandig)",
    r"(?:^|[.!?:]\s+)replace it\b", r"\bshould replace it\b", r"\bbuy a new one\b",
    r"\bdon't repair\b", r"\bdo not repair\b",
    r"\bnot worth repairing\b", r"\brepair(?:ing)? is not worth\b",
]  # fmt: skip
_REPAIR_ADVICE = [
    r"\blaat (?:hem|het|haar|je \w+|jouw \w+|deze|die) repareren\b",
    r"\brepareren loont\b(?! (?:zolang|tot|als|alleen|niet))",
    r"\brepareren is (?:de |het )?(?:beste|betere|verstandig)", r"\bniet vervangen\b",
    r"\bget it repaired\b", r"(?:^|[.!?:]\s+)repair it\b", r"\bshould repair it\b",
    r"\bhave it repaired\b", r"\brepairing (?:it )?is worth\b",
    r"\bdon't replace\b", r"\bdo not replace\b",
]  # fmt: skip
# Shops and marketplaces the explainer must never name: advice without commercial steering.
SHOP_NAMES = (
    "coolblue", "mediamarkt", "media markt", "bol.com", "amazon", "expert", "bcc", "wehkamp",
    "marktplaats", "alternate", "back market", "backmarket", "swappie", "renewd", "leapp",
    "forza refurbished", "refurbished.nl", "ikea", "blokker", "kruidvat", "action", "hema",
    "witgoed", "ifixit", "fixers", "phone house", "belsimpel", "koopnieuw",
)  # fmt: skip
_SHOP_RE = re.compile(r"\b(?:" + "|".join(re.escape(name) for name in SHOP_NAMES) + r")\b", re.I)
# Dutch and international phone numbers: 06-12345678, 020 123 4567, +31 6 1234 5678, 0800-1234.
_PHONE_RE = re.compile(r"(?:\+|00)\d{2}[\s-]?\d(?:[\s-]?\d){6,}|\b0\d{1,3}[\s-]?\d(?:[\s-]?\d){5,}")
_SELLER_WORDS = re.compile(r"\bverkoper|\bwinkel waar|\bseller\b|\bretailer\b", re.IGNORECASE)
_THIRD_PARTY_WORDS = re.compile(
    r"reparateur|repair caf[eé]|monteur|zelf (?:repareren|maken|openen)|\brepairer\b|"
    r"repair shop|technician|\byourself\b",
    re.IGNORECASE,
)


def _found(patterns: list[str], text: str) -> list[str]:
    flags = re.IGNORECASE | re.MULTILINE
    return [m.group(0).strip() for p in patterns if (m := re.search(p, text, flags))]


def advice_contradictions(text: str, *, facts: dict) -> list[str]:
    """Sentences that advise against the verdict or send the owner past an open guarantee claim.

    `facts` are the prompt's facts (verdict, recommended_route, routes)."""
    problems = []
    verdict = facts.get("verdict")
    if verdict == "repair" and (found := _found(_REPLACE_ADVICE, text)):
        problems.append(f"advises replacing against a repair verdict: {found[0]!r}")
    if verdict == "replace" and (found := _found(_REPAIR_ADVICE, text)):
        problems.append(f"advises repairing against a replace verdict: {found[0]!r}")
    if facts.get("recommended_route") == "seller_guarantee":
        seller = _SELLER_WORDS.search(text)
        third = _THIRD_PARTY_WORDS.search(text)
        if seller is None:
            problems.append("does not send the owner back to the seller first")
        elif third is not None and third.start() < seller.start():
            problems.append(f"mentions {third.group(0)!r} before the seller")
    return problems


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Frequent function words that occur in only one of the two languages.
STOP_WORDS = {
    "nl": _words(
        "de het een en van dat die niet je jij jouw uw voor met zijn er maar om ook bij dan nog "
        "wel kan naar wordt worden als dit deze geen meer hij ze zo tot nu jaar kost"
    ),
    "en": _words(
        "the a an and of that this not you your for with are there but to also at than still "
        "can will be it its more no which would about year costs"
    ),
}
MIN_STOP_WORDS = 8
MIN_LANGUAGE_SHARE = 0.75

WORD_RE = re.compile(r"[^\W\d_]+")
# A numeral not glued to letters (so the 2 of "CO2" and "CO2e" is no number).
NUMBER_RE = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?!\w)")


def _readings(token: str) -> list[tuple[float, int]]:
    """The values a numeral may mean, with its decimals: '1.200' is 1200 or 1.2 (NL vs EN)."""
    parts = re.split(r"[.,]", token)
    if len(parts) == 1:
        return [(float(token), 0)]
    readings = []
    if all(len(p) == 3 for p in parts[1:]):  # every separator a thousands separator
        readings.append((float("".join(parts)), 0))
    if all(len(p) == 3 for p in parts[1:-1]):  # the last separator the decimal one
        readings.append((float(f"{''.join(parts[:-1])}.{parts[-1]}"), len(parts[-1])))
    return readings


def numbers_in(text: str) -> list[str]:
    return NUMBER_RE.findall(text)


def fact_numbers(value) -> set[float]:
    """Every number in the facts, including numbers written inside their texts."""
    if isinstance(value, bool) or value is None:
        return set()
    if isinstance(value, int | float):
        return {float(value)}
    if isinstance(value, str):
        return {number for token in numbers_in(value) for number, _ in _readings(token)}
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list | tuple):
        return set().union(*(fact_numbers(item) for item in value))
    return set()


def _is_fact(number: float, decimals: int, facts: set[float]) -> bool:
    """Whether a numeral written with `decimals` decimals is a fact rounded to that precision."""
    if decimals == 0 and number in ALLOWED_SMALL_INTEGERS:
        return True
    tolerance = 0.5 * 10**-decimals + 1e-9
    return any(abs(number - fact) <= tolerance for fact in facts)


def invented_numbers(text: str, *, facts: dict) -> list[str]:
    """The numerals in the text that are none of the facts."""
    known = fact_numbers(facts)
    return [
        token
        for token in numbers_in(text)
        if not any(_is_fact(number, decimals, known) for number, decimals in _readings(token))
    ]


def markup_found(text: str) -> list[str]:
    return [name for name, pattern in MARKUP_PATTERNS.items() if pattern.search(text)]


def language_detected(text: str) -> str | None:
    """'nl' or 'en' by a stop-word ratio, or None when the text is too short or mixed to tell."""
    counts = {language: 0 for language in STOP_WORDS}
    for word in WORD_RE.findall(text.lower()):
        for language, words in STOP_WORDS.items():
            if word in words:
                counts[language] += 1
    total = sum(counts.values())
    if total < MIN_STOP_WORDS:
        return None
    language, count = max(counts.items(), key=lambda item: item[1])
    return language if count / total >= MIN_LANGUAGE_SHARE else None


def answer_normalize(text: str) -> str:
    """Unix line ends, no trailing spaces, paragraphs separated by exactly one blank line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def answer_problems(text: str, *, facts: dict, language: str) -> list[str]:
    """Why this answer may not be shown (empty when it may). `facts` are the prompt's facts."""
    problems = []
    if not MIN_LENGTH <= len(text) <= MAX_LENGTH:
        problems.append(f"length {len(text)} outside {MIN_LENGTH}-{MAX_LENGTH}")
    markup = markup_found(text)
    if markup:
        problems.append(f"markup: {', '.join(markup)}")
    detected = language_detected(text)
    if detected != language:
        problems.append(f"language {detected or 'unclear'}, expected {language}")
    invented = invented_numbers(text, facts=facts)
    if invented:
        problems.append(f"numbers not in the facts: {', '.join(invented[:10])}")
    problems += advice_contradictions(text, facts=facts)
    if shops := sorted({m.group(0).lower() for m in _SHOP_RE.finditer(text)}):
        problems.append(f"names a shop: {', '.join(shops)}")
    if _PHONE_RE.search(text):
        problems.append("contains a phone number")
    if not any(numbers_in(text)) or not cited_facts(text, facts=facts):
        problems.append("names none of the verdict's figures")
    return problems


def cited_facts(text: str, *, facts: dict) -> list[str]:
    """The numerals in the text that are facts (counts of one or two do not count)."""
    known = fact_numbers(facts)
    return [
        token
        for token in numbers_in(text)
        if any(
            not (decimals == 0 and number in ALLOWED_SMALL_INTEGERS)
            and _is_fact(number, decimals, known)
            for number, decimals in _readings(token)
        )
    ]
