"""The curated part of the symptom classifier: Dutch and English phrases per symptom, with
negation and typo handling (intake/data/vocabulary.json, provenance stated there).

A phrase that is negated nearby ("centrifugeert niet meer") does not count for the symptom it
would name ("loud noise when spinning"); it counts for the symptoms that list it under `negated`
("drum does not turn"). Phrases that carry their own negation ("gaat niet aan") match as written.
"""

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz.distance import OSA

from appliances.matching import normalize

VOCABULARY_FILE = Path(__file__).resolve().parent / "data" / "vocabulary.json"
# How many words before or after a phrase a negation may stand ("de trommel draait helemaal
# niet", "doesn't really spin").
NEGATION_WINDOW = 3
CURATED_WEIGHT = 2.0  # a curated phrase outweighs a catalogue keyword
KEYWORD_WEIGHT = 1.0


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]
    weight: float
    negated: bool  # counts only when negated nearby
    self_negated: bool  # the phrase holds its own negation: matched as written


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    return json.loads(VOCABULARY_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _negations() -> frozenset[str]:
    return frozenset(vocabulary()["negations"])


@lru_cache(maxsize=1)
def _neutral_phrases() -> tuple[tuple[str, ...], ...]:
    phrases = (tuple(normalize(p).split()) for p in vocabulary()["neutral_phrases"])
    return tuple(sorted(phrases, key=len, reverse=True))


def _term(phrase: str, weight: float, negated: bool) -> Term | None:
    words = tuple(normalize(phrase).split())
    if not words:
        return None
    self_negated = any(w in _negations() for w in words)
    return Term(words, weight * len(words), negated, self_negated)


def symptom_terms(category: str, symptom: str, keywords: str) -> list[Term]:
    """Every phrase that names this symptom of this category: the curated ones (generic ones by
    symptom slug, then the category's own) and the catalogue's comma-separated keywords."""
    data = vocabulary()
    terms = []
    for entry in (data["generic"].get(symptom), data["categories"].get(category, {}).get(symptom)):
        if entry:
            terms += [_term(p, CURATED_WEIGHT, False) for p in entry.get("terms", [])]
            terms += [_term(p, CURATED_WEIGHT, True) for p in entry.get("negated", [])]
    terms += [_term(p, KEYWORD_WEIGHT, False) for p in keywords.split(",") if p.strip()]
    return [t for t in terms if t is not None]


def words_of(text: str) -> list[str]:
    """Normalized words of a text, with phrases that name no fault ("als ik de stekker erin doe")
    blanked out so that their words ("stekker") do not count."""
    words = normalize(text).split()
    for phrase in _neutral_phrases():
        size = len(phrase)
        for start in range(len(words) - size + 1):
            if tuple(words[start : start + size]) == phrase:
                words[start : start + size] = [""] * size
    return words


def word_matches(typed: str, term: str) -> bool:
    """The same word, allowing Dutch/English inflection and a typo: "centrifugeert" for
    "centrifugeren", "koelkats" for "koelkast". Short words must match exactly or as a stem."""
    if not typed:
        return False
    if typed == term:
        return True
    shorter, longer = sorted((typed, term), key=len)
    if len(shorter) >= 4 and longer.startswith(shorter) and len(longer) - len(shorter) <= 3:
        return True
    common = 0
    for a, b in zip(typed, term, strict=False):
        if a != b:
            break
        common += 1
    if common >= 6 and len(typed) - common <= 3 and len(term) - common <= 3:
        return True
    if len(term) >= 5 and len(typed) >= 5:
        allowed = 2 if len(term) >= 9 else 1
        return OSA.distance(typed, term, score_cutoff=allowed) <= allowed
    return False


def _negated_near(words: list[str], start: int, end: int) -> bool:
    before = words[max(0, start - NEGATION_WINDOW) : start]
    after = words[end : end + NEGATION_WINDOW]
    return any(w in _negations() for w in before + after)


def term_hits(words: list[str], term: Term) -> int:
    """How often the term counts in the text, with its negation rule applied."""
    size, hits = len(term.words), 0
    for start in range(len(words) - size + 1):
        if not all(word_matches(words[start + i], w) for i, w in enumerate(term.words)):
            continue
        if term.self_negated or _negated_near(words, start, start + size) == term.negated:
            hits += 1
    return hits


def vocabulary_scores(*, category: str, text: str, keywords: dict[str, str]) -> dict[str, float]:
    """Raw evidence per symptom slug (0 = not mentioned); `keywords` maps slug -> catalogue
    keywords of the category's symptoms."""
    words = words_of(text)
    scores = {}
    for slug, symptom_keywords in keywords.items():
        terms = symptom_terms(category, slug, symptom_keywords)
        score = sum(t.weight * min(term_hits(words, t), 1) for t in terms)
        if score:
            scores[slug] = score
    return scores
