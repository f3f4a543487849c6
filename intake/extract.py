"""Age and brand from a sentence: "hij is 7 jaar oud", "van 2019", "anderhalf jaar", "Bosch"."""

import re
from datetime import date
from functools import lru_cache
from pathlib import Path

from appliances.matching import normalize

BRANDS_FILE = Path(__file__).resolve().parent / "data" / "brands.txt"
OLDEST_YEAR = 1950  # a year before this in a description is no purchase year
MAX_AGE_YEARS = 60  # as the age field of the advice form

_NUMBER_WORDS = {
    "een": 1, "eén": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6,
    "zeven": 7, "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "vijftien": 15,
    "twintig": 20, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "twenty": 20, "anderhalf": 1.5, "anderhalve": 1.5, "half": 0.5,
}  # fmt: skip
_NUMBER = r"(\d+(?:[.,]\d+)?|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
_HALF = r"(\s*(?:en\s+een\s+half|and\s+a\s+half|½))?"
_YEARS_RE = re.compile(
    rf"(?<![\w.,]){_NUMBER}{_HALF}\s*(?:-\s*)?(jaar|jaren|jr|years?|yrs?|y/?o)\b", re.IGNORECASE
)
_MONTHS_RE = re.compile(rf"(?<![\w.,]){_NUMBER}\s*(maanden|maand|mnd|months?)\b", re.IGNORECASE)
_BARE_HALF_YEAR_RE = re.compile(r"\b(?:een\s+)?half\s+jaar\b|\bhalf\s+a\s+year\b", re.IGNORECASE)
_YEAR_RE = re.compile(
    r"\b(?:van|uit|sinds|in|gekocht|bought|from|since|bouwjaar|aangeschaft)\b[^.\d]{0,25}?"
    r"\b((?:19|20)\d\d)\b",
    re.IGNORECASE,
)


def _number(text: str) -> float:
    text = text.lower()
    if text in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[text])
    return float(text.replace(",", "."))


def age_years_from_text(text: str, today: date | None = None) -> float | None:
    """The appliance's age in years (one decimal) that the text states, or None.

    Understands "7 jaar oud", "2,5 jaar", "anderhalf jaar", "zeven jaar", "6 maanden", "bought 3
    years ago" and a purchase or build year ("van 2019", "gekocht in 2021"), relative to today.
    """
    today = today or date.today()
    candidates: list[float] = []
    for match in _YEARS_RE.finditer(text):
        value = _number(match.group(1)) + (0.5 if match.group(2) else 0.0)
        candidates.append(value)
    for match in _MONTHS_RE.finditer(text):
        candidates.append(_number(match.group(1)) / 12)
    if not candidates and _BARE_HALF_YEAR_RE.search(text):
        candidates.append(0.5)
    if not candidates:
        for match in _YEAR_RE.finditer(text):
            year = int(match.group(1))
            if OLDEST_YEAR <= year <= today.year:
                candidates.append(float(today.year - year))
    for value in candidates:
        if 0 <= value <= MAX_AGE_YEARS:
            return round(value, 1)
    return None


@lru_cache(maxsize=1)
def _brands() -> list[tuple[tuple[str, ...], str]]:
    """(normalized words, shown name) for every spelling, longest first."""
    spellings = []
    for line in BRANDS_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        names = [n.strip() for n in line.split("|")]
        for spelling in names:
            words = tuple(normalize(spelling).split())
            if words:
                spellings.append((words, names[0]))
    return sorted(spellings, key=lambda s: len(s[0]), reverse=True)


def brand_from_text(text: str) -> str | None:
    """The first known brand the text names, in its usual spelling, or None."""
    words = normalize(text).split()
    found: list[tuple[int, str]] = []
    for spelling, name in _brands():
        size = len(spelling)
        for start in range(len(words) - size + 1):
            if tuple(words[start : start + size]) == spelling:
                found.append((start, name))
                break
    return min(found)[1] if found else None
