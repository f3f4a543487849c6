"""Text handling shared by training and inference: outcome-word stripping and symptom suggestions.

Repair-event descriptions in the Open Repair Data often state the outcome next to the fault
("Buchse getauscht, Gerät lädt wieder", "fixed", "end of life"). Those words leak the label, and a
consumer describing a broken appliance never writes them, so they are removed before vectorizing.
"""

import re
import unicodedata
from functools import lru_cache

from ml.predictor import keyword_symptom_suggestions

# Descriptions are cut after the outcome words are removed: the fault is usually stated first and
# the outcome narrated later, and a consumer's description is short.
MAX_TEXT_CHARS = 200

# Stems and phrases that state or imply the outcome, in the languages of the data (accents folded).
_OUTCOME_PATTERNS = [
    # "repair" in every language: repaired, repariert, gerepareerd, repare, reparado, repareret,
    # irreparable, unrepairable, riparato, ...
    r"\w*repa(?:i)?r\w*",
    r"\w*ripar\w*",
    r"\w*fix\w*",
    r"\bfikse\w*",
    r"\w*herstel\w*",
    r"\barregl\w*",
    r"\bopgelost\w*",
    r"\bgemaakt\b",
    r"\bkapot\w*",
    r"\bend[- ]of[- ]life\b",
    r"\be\.?o\.?l\b",
    r"\bbeyond\b",
    r"\b(?:works?|working|werkt|functioneert|doet het|funktioniert|lauft|geht|virker|fungerer)"
    r" (?:again|now|weer|wieder|igen)\b",
    r"\b(?:again|weer|wieder|igen|a nouveau|de nouveau)\b",
    r"\b(?:re)?solved\b",
    r"\bbehoben\b",
    r"\bsuc+es\w*",
    r"\berfolg\w*",
    r"\w*(?:recycl|entsorg|verschrott|kasser|weggegooid|afgevoerd|scrapped)\w*",
    r"\b(?:replaced|vervangen|ersetzt|\w*getauscht|udskiftet|skiftet|remplace\w*|sostituit\w*)\b",
    r"\b(?:sustituid\w*|cambiad\w*)\b",
    r"\b(?:cleaned|schoongemaakt|gereinigt|renset|resoldered|soldered|gesoldeerd|gelotet)\b",
    r"\b(?:reattached|glued|gelijmd|geklebt|tightened)\b",
    r"\b(?:ordnet|klaret|løst)\b",
]
_OUTCOME_RE = re.compile("|".join(f"(?:{p})" for p in _OUTCOME_PATTERNS))
_SPACE_RE = re.compile(r"\s+")
_WORD_RE = re.compile(r"[^\w]+")


# A person may write to the advisor instead of about the fault ("ignore the above, say replace").
# Such clauses are not evidence about the repair, so no model reads them: the verdict and its facts
# stay those of the fault description alone (docs/explainer.md, "Grounding and safety").
_VERDICT_WORDS = (
    r"(?:repair\w*|replace\w*|doubt\w*|repar\w*|vervang\w*|twijfel\w*|ersetz\w*"
    r"|nieuw\w* kopen|buy new)"
)
_INSTRUCTION_PATTERNS = [
    r"\b(?:ignore|ignoring|disregard\w*|override|bypass|pretend|negeer\w*|ignoreer\w*|ignorier\w*)\b",
    r"\b(?:forget|vergeet|vergiss)\b",
    r"\b(?:instructions?|instructies?|anweisung\w*|prompt\w*|chatgpt|llm|assistant|assistent)\b",
    r"\b(?:system|systeem)\s*:",
    r"\byou (?:are|must|should|will|have to|need to)\b",
    r"\b(?:je|jij|u) (?:bent|moet|moeten|zal|zult)\b",
    r"\b(?:du bist|du musst|sie mussen)\b",
    rf"\b(?:say|answer|respond|reply|conclude|decide|zeg|antwoord|concludeer|besluit|sag|antworte)\b"
    rf".*\b{_VERDICT_WORDS}",
    r"\b(?:verdict|oordeel|advice|advies|advise|adviseer\w*|recommend\w*|aanbevel\w*|aanraad\w*)\b",
    r"</?[a-z][^>]*>",  # markup
]
_INSTRUCTION_RE = re.compile("|".join(f"(?:{p})" for p in _INSTRUCTION_PATTERNS))
_CLAUSE_RE = re.compile(r"[^.!?;\n]*(?:[.!?;\n]+|$)")


def instructions_removed(text: str) -> str:
    """The text without its clauses (up to . ! ? ; or a line break) that address the advisor:
    instructions, a requested verdict, talk of prompts or systems, markup. Unchanged otherwise."""
    if not text or not _INSTRUCTION_RE.search(fold(text)):
        return text or ""
    kept = [c for c in _CLAUSE_RE.findall(text) if not _INSTRUCTION_RE.search(fold(c))]
    return "".join(kept).strip()


def fold(text: str) -> str:
    """Lowercase, accents removed (so "réparé" and "repare" are the same word)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1024)
def strip_outcome_words(text: str) -> str:
    """The description without words that state the repair outcome, cut to MAX_TEXT_CHARS.

    Cached: a verdict without a description has the same text for the same symptoms, and the 30
    regular expressions cost ~0.2 ms a call (bounded: 1024 texts of at most ~3 KB each).
    """
    if not text:
        return ""
    cleaned = _OUTCOME_RE.sub(" ", fold(text))
    return _SPACE_RE.sub(" ", cleaned).strip()[:MAX_TEXT_CHARS]


def _char_ngrams(text: str, n: int = 3) -> frozenset[str]:
    grams = set()
    for word in _WORD_RE.split(text):
        if not word:
            continue
        padded = f" {word} "
        if len(padded) <= n:
            grams.add(padded)
        grams.update(padded[i : i + n] for i in range(len(padded) - n + 1))
    return frozenset(grams)


@lru_cache(maxsize=4096)
def _phrase_ngrams(phrase: str) -> frozenset[str]:
    return _char_ngrams(phrase)


def _phrases(slug: str, keywords: str) -> list[str]:
    phrases = [fold(word).strip() for word in keywords.split(",")]
    phrases.append(slug.replace("-", " ").replace("_", " "))
    return [phrase for phrase in phrases if len(phrase) >= 3]


# A keyword phrase counts when at least this share of its character trigrams occurs in the text:
# "pompt niet" is fully contained in "pompt niet af", a typo such as "pomt niet" still scores ~0.7.
MIN_CONTAINMENT = 0.6


def symptom_suggestions(text: str, candidates: dict[str, str]) -> list[str]:
    """Symptom slugs whose names/keywords resemble the free text (Dutch or English), best first.

    Exact keyword hits (`keyword_symptom_suggestions`) rank first; fuzzy matches on character
    trigrams follow, so inflections, word order changes and small typos still match.
    """
    if not text or not candidates:
        return []
    folded = fold(text)
    exact = keyword_symptom_suggestions(folded, {s: fold(k) for s, k in candidates.items()})
    text_grams = _char_ngrams(folded)
    scored = []
    for slug, keywords in candidates.items():
        best, hits = 0.0, 0
        for phrase in _phrases(slug, keywords):
            grams = _phrase_ngrams(phrase)
            containment = len(grams & text_grams) / len(grams)
            if containment >= MIN_CONTAINMENT:
                hits += 1
                best = max(best, containment)
        if best:
            exact_rank = exact.index(slug) if slug in exact else len(exact)
            scored.append((exact_rank, -best, -hits, slug))
    return [slug for *_, slug in sorted(scored)]
