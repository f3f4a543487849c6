"""Everyday appliance names to catalogue categories: "koelkast", "Wasmachien", "my iPhone".

Two entry points: `category_match` for what someone types in the appliance field (one or a few
words, typed so far), and `categories_mentioned` for a whole sentence. Both read one in-process
index of every category's names and aliases (`Category.aliases_nl` / `aliases_en`), rebuilt when
the catalogue changes. docs/intake.md ("Appliance names") explains the scores.
"""

import re
import threading
import unicodedata
from dataclasses import dataclass

from django.db.models.signals import post_delete, post_save
from rapidfuzz.distance import OSA

from appliances.models import Category

# Scores of the kinds of match, best first. Only their order matters to callers; they are not
# probabilities. A whole-word match beats any guess; a typo beats nothing.
EXACT = 1.0
PLURAL = 0.96  # "wasmachines", "koelkasten", "radio's"
COMPOUND = 0.9  # "inbouwkoelkast", "robot stofzuiger": the last part names the appliance
PREFIX_MAX = 0.88  # "koel" while typing koelkast; more typed is closer to 0.88
TYPO_MAX = 0.85  # "wasmachien", "koelkats"
MIN_SCORE = 0.5
# How far ahead the best match must be for a form to take it without asking (`is_clear`).
CLEAR_LEAD = 0.08
# Slight preference for the asked language's own words when two categories tie.
LANGUAGE_BONUS = 0.005

MAX_QUERY_LENGTH = 80
MAX_TEXT_LENGTH = 2000

# Words in a sentence that never name an appliance but would match one by a typo ("de" ~ "dab").
_STOPWORDS_TEXT = """
    de het een en of maar mijn mn onze ons jouw je jij hij zij ze die dat deze dit is was zijn
    niet geen meer nog al ook wel heel erg te van voor met op in uit aan bij naar om over door
    jaar jaren oud oude nieuw nieuwe doet kapot stuk werkt gaat gaan geeft maakt wil wordt als
    er hier daar wat waarom hoe wanneer sinds toen keer dag dagen week weken maand maanden
    the a an and or but my our your his her it its is was are were not no more still also very
    of for with on in out at by to from about since when how why what this that these those
    year years old new does doesnt broken works working stopped makes gives wont will
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())

_PLURAL_ENDINGS = ("en", "es", "s")
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class CategoryMatch:
    """A catalogue category and how well a text names it (0..1, higher is closer)."""

    category: Category
    score: float


def normalize(text: str) -> str:
    """Lowercase, without accents or punctuation, single spaces: "Föhn's!" -> "fohns"."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"['’`´]", "", text)  # "radio's", "tv's" are one word
    return " ".join(_WORD.findall(text))


def _singulars(word: str) -> set[str]:
    """Candidate singulars of a Dutch or English plural (over-generates; the index decides)."""
    forms = set()
    for ending in _PLURAL_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            stem = word[: -len(ending)]
            forms.add(stem)
            if len(stem) >= 2 and stem[-1] == stem[-2] and stem[-1] not in "aeiou":
                forms.add(stem[:-1])  # "klokken" -> "klok", "lampen" stays "lamp"
    return forms


@dataclass(frozen=True)
class _Term:
    text: str
    category_id: int
    language: str


class _Index:
    def __init__(self, categories: list[Category]):
        self.categories = {category.pk: category for category in categories}
        self.terms: list[_Term] = []
        self.exact: dict[str, list[_Term]] = {}
        seen = set()
        for category in categories:
            for language in ("nl", "en"):
                for text in _category_terms(category, language):
                    key = (text, category.pk, language)
                    if not text or key in seen:
                        continue
                    seen.add(key)
                    term = _Term(text, category.pk, language)
                    self.terms.append(term)
                    self.exact.setdefault(text, []).append(term)
        self.max_words = max((t.text.count(" ") + 1 for t in self.terms), default=1)


def _category_terms(category: Category, language: str) -> list[str]:
    """Its name, the parts of a name such as "Oplader, adapter of accupack", and its aliases."""
    name = getattr(category, f"name_{language}")
    aliases = getattr(category, f"aliases_{language}") or []
    parts = [name]
    joiner = r",|\(|\)|/| of | or "
    parts += [part for part in re.split(joiner, name) if part.strip()]
    return [normalize(text) for text in [*parts, *aliases] if isinstance(text, str)]


_lock = threading.Lock()
_index: _Index | None = None


def _get_index() -> _Index:
    global _index
    index = _index
    if index is None:
        with _lock:
            if _index is None:
                _index = _Index(list(Category.objects.order_by("pk")))
            index = _index
    return index


def matching_index_clear(**kwargs) -> None:
    """Forget the index (connected to every category save and delete)."""
    global _index
    _index = None


post_save.connect(matching_index_clear, sender=Category, dispatch_uid="matching-index-save")
post_delete.connect(matching_index_clear, sender=Category, dispatch_uid="matching-index-delete")


def _allowed_typos(length: int) -> int:
    if length < 4:
        return 0
    if length <= 5:
        return 1
    if length <= 12:
        return 2
    return 3


def _typo_score(query: str, term: str) -> float:
    allowed = _allowed_typos(min(len(query), len(term)))
    if not allowed or abs(len(query) - len(term)) > allowed:
        return 0.0
    if query[0] != term[0]:
        return 0.0  # people rarely mistype the first letter: "wasmachine" is no "naaimachine"
    distance = OSA.distance(query, term, score_cutoff=allowed)
    if distance > allowed:
        return 0.0
    return TYPO_MAX - 0.1 * distance / allowed


def _whole_score(query: str, term: str) -> float:
    """How well `query` names `term` as a whole word or phrase (no prefixes)."""
    if query == term:
        return EXACT
    if term in _singulars(query):
        return PLURAL
    if len(term) >= 4 and (query.endswith(" " + term) or query.endswith(term)):
        return COMPOUND
    return _typo_score(query, term)


def _prefix_score(query: str, term: str) -> float:
    """`query` as the start of `term` while typing: "koel" -> koelkast, "vaat" -> vaatwasser."""
    if len(query) < 2 or len(query) >= len(term):
        return 0.0
    if term.startswith(query) or (len(query) >= 3 and f" {query}" in term):
        share = len(query) / len(term)
        return 0.6 + (PREFIX_MAX - 0.6) * share
    if len(query) >= 5:
        head = term[: len(query)]
        allowed = 1 if len(query) < 8 else 2
        if query[0] == head[0] and OSA.distance(query, head, score_cutoff=allowed) <= allowed:
            return 0.55 + 0.2 * len(query) / len(term)
    return 0.0


def _rank(scores: dict[int, tuple[float, str]], index: _Index, language: str | None, limit: int):
    ranked = []
    for category_id, (score, term_language) in scores.items():
        bonus = LANGUAGE_BONUS if language and term_language == language[:2] else 0.0
        ranked.append((score + bonus, score, index.categories[category_id]))
    ranked.sort(key=lambda item: (-item[0], item[2].name(language)))
    return [CategoryMatch(category, round(min(score, 1.0), 3)) for _, score, category in ranked][
        :limit
    ]


def category_match(query: str, language: str | None = None, limit: int = 5) -> list[CategoryMatch]:
    """Categories that what was typed in the appliance field names, best first; [] when none is
    close. Takes whole names, aliases, plurals, compounds, prefixes and typos."""
    if not query or len(query) > MAX_QUERY_LENGTH or limit <= 0:
        return []
    normalized = normalize(query)
    if not normalized:
        return []
    index = _get_index()
    best: dict[int, tuple[float, str]] = {}
    for term in index.terms:
        score = max(_whole_score(normalized, term.text), _prefix_score(normalized, term.text))
        if score >= MIN_SCORE and score > best.get(term.category_id, (0.0, ""))[0]:
            best[term.category_id] = (score, term.language)
    return _rank(best, index, language, limit)


def is_clear(matches: list[CategoryMatch]) -> bool:
    """Whether the first match is far enough ahead of the second to take it without asking."""
    if not matches:
        return False
    if len(matches) == 1:
        return True
    return matches[0].score - matches[1].score >= CLEAR_LEAD or (
        matches[0].score == EXACT and matches[1].score < EXACT
    )


def categories_mentioned(
    text: str, language: str | None = None, limit: int = 3
) -> list[CategoryMatch]:
    """Categories a sentence names ("mijn koelkast koelt niet meer"), best first; [] when none.

    Scans word n-grams for whole names, aliases, plurals, compounds and typos (never prefixes: in a
    sentence a word is finished). A longer phrase claims its words first, so "galaxy tab" is a
    tablet and not also a phone.
    """
    if not text or limit <= 0:
        return []
    words = normalize(text[:MAX_TEXT_LENGTH]).split()
    index = _get_index()
    found: dict[int, tuple[float, str]] = {}
    claimed: set[int] = set()
    for size in range(min(index.max_words, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            span = set(range(start, start + size))
            if span & claimed:
                continue
            gram_words = words[start : start + size]
            if size == 1 and (gram_words[0] in STOPWORDS or len(gram_words[0]) < 2):
                continue
            gram = " ".join(gram_words)
            hits = _ngram_hits(gram, index)
            if not hits:
                continue
            if max(score for score, _ in hits.values()) >= PLURAL:
                claimed |= span
            for category_id, (score, language_of_term) in hits.items():
                if score > found.get(category_id, (0.0, ""))[0]:
                    found[category_id] = (score, language_of_term)
    return _rank(found, index, language, limit)


def _ngram_hits(gram: str, index: _Index) -> dict[int, tuple[float, str]]:
    hits: dict[int, tuple[float, str]] = {}
    for term in index.exact.get(gram, ()):
        hits[term.category_id] = (EXACT, term.language)
    if hits:
        return hits
    for term in index.terms:
        score = _whole_score(gram, term.text)
        if score >= 0.7 and score > hits.get(term.category_id, (0.0, ""))[0]:
            hits[term.category_id] = (score, term.language)
    return hits
