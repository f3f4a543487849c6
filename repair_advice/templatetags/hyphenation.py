"""Soft hyphens in long words, so that a narrow tile breaks "Koel-vriescombinatie" at a syllable.

CSS `hyphens: auto` alone is not enough: Chromium on Linux ships no Dutch hyphenation dictionary,
and without one `overflow-wrap` breaks the word anywhere ("combinati|e"). Pyphen carries the
LibreOffice patterns for Dutch and English.
"""

import functools

import pyphen
from django import template

register = template.Library()

SOFT_HYPHEN = "\u00ad"
DICTIONARIES = {"nl": "nl_NL", "en": "en_GB"}
# Shorter words fit a phone-width tile (two columns at 360 px); breaking them only hinders reading.
MIN_LENGTH = 12


@functools.cache
def _dictionary(language: str) -> pyphen.Pyphen:
    code = DICTIONARIES.get((language or "nl")[:2].lower(), "nl_NL")
    # At least three letters on either side of a break: never "combinati-e" or "Smartpho-ne".
    return pyphen.Pyphen(lang=code, left=3, right=3)


def hyphenate_text(text: str, language: str) -> str:
    """`text` with soft hyphens at the syllable breaks of its long words (invisible unless used)."""
    dictionary = _dictionary(language)
    words = []
    for word in str(text).split(" "):
        parts = [
            dictionary.inserted(part, hyphen=SOFT_HYPHEN) if len(part) >= MIN_LENGTH else part
            for part in word.split("-")
        ]
        words.append("-".join(parts))
    return " ".join(words)


@register.filter
def hyphenate(text, language: str = "nl") -> str:
    """`{{ name|hyphenate:LANGUAGE_CODE }}`; autoescaping still applies to the result."""
    return hyphenate_text(text, language)
