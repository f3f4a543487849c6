"""Everyday appliance names to catalogue categories: "koelkast", "Wasmachien", "my iPhone".

Two entry points: `category_match` for what someone types in the appliance field (one or a few
words, typed so far), and `categories_mentioned` for a whole sentence. Both read one in-process
index of every category's names and aliases (`Category.aliases_nl` / `aliases_en`), rebuilt when
the catalogue changes. docs/intake.md ("Appliance names") explains the scores.
"""

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from appliances.models import Category
from appliances.selectors import catalogue_cached, category_find

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
# ... and how close it must be at all: "auto" is only a prefix of "afstandsbestuurbare auto".
CLEAR_MIN = 0.75
# Slight preference for the asked language's own words when two categories tie.
LANGUAGE_BONUS = 0.005

MAX_QUERY_LENGTH = 80
RESOLVE_CANDIDATES = 4  # a form lists at most this many when it has to ask
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
    """Every name and alias, normalized, with lookups that keep a keystroke's work small."""

    def __init__(self, categories: list[Category]):
        self.categories = {category.pk: category for category in categories}
        self.terms: list[_Term] = []
        self.exact: dict[str, list[_Term]] = {}
        self.by_initial: dict[str, list[_Term]] = {}  # typos keep the first letter
        self.later_words: dict[str, list[tuple[str, _Term]]] = {}  # "robot" in "robot vacuum"
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
                    self.by_initial.setdefault(text[0], []).append(term)
                    for word in text.split()[1:]:
                        self.later_words.setdefault(word[0], []).append((word, term))
        self.max_words = max((t.text.count(" ") + 1 for t in self.terms), default=1)


def _category_terms(category: Category, language: str) -> list[str]:
    """Its name, the parts of a name such as "Oplader, adapter of accupack", and its aliases."""
    name = getattr(category, f"name_{language}")
    aliases = getattr(category, f"aliases_{language}") or []
    parts = [name]
    joiner = r",|\(|\)|/| of | or "
    parts += [part for part in re.split(joiner, name) if part.strip()]
    return [normalize(text) for text in [*parts, *aliases] if isinstance(text, str)]


def _get_index() -> _Index:
    """The index of this process, kept with the catalogue's own copies: rebuilt after an edit here
    at once and after one in another process within a second (appliances.selectors)."""
    return catalogue_cached("matching-index", lambda: _Index(list(Category.objects.order_by("pk"))))


def _allowed_typos(length: int, *, in_sentence: bool = False) -> int:
    """Typos a word of this length may hold and still name a term. In a sentence fewer: any word
    there is a candidate, so "later" must not become "lader" nor "boven" "boxen"."""
    if in_sentence:
        return 0 if length < 6 else 1 if length < 10 else 2
    if length < 4:
        return 0
    if length <= 5:
        return 1
    if length <= 12:
        return 2
    return 3


Hits = dict[int, tuple[float, str]]  # category id -> (best score, language of the term)


def _add(hits: Hits, term: _Term, score: float) -> None:
    if score > hits.get(term.category_id, (0.0, ""))[0]:
        hits[term.category_id] = (score, term.language)


def _whole_hits(query: str, index: _Index, *, in_sentence: bool = False) -> Hits:
    """Categories `query` names as a finished word or phrase: exact, plural, compound or typo."""
    hits: Hits = {}
    for term in index.exact.get(query, ()):
        _add(hits, term, EXACT)
    if hits:  # "dishwasher" is a name: no compound of "washer", no typo of anything
        return hits
    for singular in _singulars(query):
        for term in index.exact.get(singular, ()):
            _add(hits, term, PLURAL)
    # A Dutch compound names what its last part names: "inbouwkoelkast", "robot stofzuiger". The
    # first part has three letters or more: "boven" is no kind of "oven".
    for start in range(3, len(query) - 3):
        tail = query[start:].lstrip()
        for form in (tail, *_singulars(tail)):
            if len(form) >= 4:
                for term in index.exact.get(form, ()):
                    _add(hits, term, COMPOUND)
    allowed = _allowed_typos(len(query), in_sentence=in_sentence)
    if allowed:
        for term in index.by_initial.get(query[0], ()):
            limit = min(allowed, _allowed_typos(len(term.text), in_sentence=in_sentence))
            if limit and abs(len(term.text) - len(query)) <= limit:
                distance = OSA.distance(query, term.text, score_cutoff=limit)
                if distance <= limit:
                    _add(hits, term, TYPO_MAX - 0.1 * distance / limit)
    return hits


def _prefix_hits(query: str, index: _Index) -> Hits:
    """Terms that `query` begins, while typing: "koel" -> koelkast, "vacu" -> robot vacuum."""
    hits: Hits = {}
    if len(query) < 2:
        return hits
    for term in index.by_initial.get(query[0], ()):
        if len(term.text) > len(query):
            if term.text.startswith(query):
                _add(hits, term, 0.6 + (PREFIX_MAX - 0.6) * len(query) / len(term.text))
            elif len(query) >= 5:
                head = term.text[: len(query)]
                allowed = 1 if len(query) < 8 else 2
                if OSA.distance(query, head, score_cutoff=allowed) <= allowed:
                    _add(hits, term, 0.55 + 0.2 * len(query) / len(term.text))
    if len(query) >= 3:
        for word, term in index.later_words.get(query[0], ()):
            if word.startswith(query):
                _add(hits, term, 0.55 + 0.25 * len(query) / len(term.text))
    return hits


def _merge(into: Hits, hits: Hits, factor: float = 1.0) -> None:
    for category_id, (score, language) in hits.items():
        if score * factor > into.get(category_id, (0.0, ""))[0]:
            into[category_id] = (score * factor, language)


def _rank(
    scores: Hits,
    index: _Index,
    language: str | None,
    limit: int,
    first_seen: dict[int, int] | None = None,
) -> list["CategoryMatch"]:
    language = (language or "")[:2]
    ranked = []
    for category_id, (score, term_language) in scores.items():
        if score < MIN_SCORE:
            continue
        bonus = LANGUAGE_BONUS if term_language == language else 0.0
        category = index.categories[category_id]
        position = (first_seen or {}).get(category_id, 0)
        ranked.append(
            (-(score + bonus), position, category.name(language or None), score, category)
        )
    ranked.sort(key=lambda item: item[:3])
    return [CategoryMatch(item[4], round(min(item[3], 1.0), 3)) for item in ranked[:limit]]


# Multi-word text where one word names the appliance ("iphone 12", "miele wasmachine") counts a
# little less than a name that is the whole text.
PART_FACTOR = 0.94


def category_match(query: str, language: str | None = None, limit: int = 5) -> list[CategoryMatch]:
    """Categories that what was typed in the appliance field names, best first; [] when none is
    close. Takes whole names, aliases, plurals, compounds, prefixes and typos."""
    if not query or len(query) > MAX_QUERY_LENGTH or limit <= 0:
        return []
    normalized = normalize(query)
    if not normalized:
        return []
    index = _get_index()
    best = _whole_hits(normalized, index)
    _merge(best, _prefix_hits(normalized, index))
    words = normalized.split()
    if len(words) > 1:
        for match in categories_mentioned(normalized, limit=limit):
            _merge(best, {match.category.pk: (match.score, "")}, PART_FACTOR)
        # The last word may still be being typed: "miele wasm".
        if words[-1] not in STOPWORDS:
            _merge(best, _prefix_hits(words[-1], index), PART_FACTOR)
    return _rank(best, index, language, limit)


def is_clear(matches: list[CategoryMatch]) -> bool:
    """Whether the first match is far enough ahead of the second to take it without asking."""
    if not matches or matches[0].score < CLEAR_MIN:
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
    tablet and not also a phone. Equal scores keep the order of the text.
    """
    if not text or limit <= 0:
        return []
    words = normalize(text[:MAX_TEXT_LENGTH]).split()
    index = _get_index()
    found: Hits = {}
    first_seen: dict[int, int] = {}
    claimed: set[int] = set()
    for size in range(min(index.max_words, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            span = set(range(start, start + size))
            gram_words = words[start : start + size]
            if span & claimed or gram_words[0] in STOPWORDS or gram_words[-1] in STOPWORDS:
                continue
            if size == 1 and len(gram_words[0]) < 2:
                continue
            gram = " ".join(gram_words)
            if size > 1:  # a phrase only as a whole: its single words get their own turn
                hits = {t.category_id: (EXACT, t.language) for t in index.exact.get(gram, ())}
                for singular in _singulars(gram):  # "washing machines"
                    for term in index.exact.get(singular, ()):
                        _add(hits, term, PLURAL)
            else:
                hits = _whole_hits(gram, index, in_sentence=True)
            if hits and max(score for score, _ in hits.values()) >= PLURAL:
                claimed |= span
            _merge(found, hits)
            for category_id in hits:
                first_seen[category_id] = min(first_seen.get(category_id, start), start)
    return _rank(found, index, language, limit, first_seen)


@dataclass(frozen=True)
class CategoryResolution:
    """What a typed appliance name comes to: one category, or the candidates to choose from."""

    category: Category | None
    candidates: tuple[CategoryMatch, ...] = ()


def category_resolve(text: str, language: str | None = None) -> CategoryResolution:
    """The category a form's appliance text names when it is unambiguous (a slug, a catalogue name,
    or a best match clearly ahead); otherwise the close candidates, best first (maybe none)."""
    if category := category_find(text=text):
        return CategoryResolution(category)
    matches = category_match(text, language=language, limit=RESOLVE_CANDIDATES)
    if is_clear(matches):
        return CategoryResolution(matches[0].category, tuple(matches))
    return CategoryResolution(None, tuple(matches))
