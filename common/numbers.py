"""Numbers as a Dutch reader types them: `89,95`, `1.200`, `1.200,50`, `2,5`, `€ 89,-`.

Browsers' number inputs and Python's Decimal read "89,95" as nothing or 8995; every number field
of the site (advice form, partner widget, follow-up) parses on the server with these rules instead.
The rules are listed in docs/architecture.md ("Numbers as people type them").
"""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# Spaces people paste from banking apps and shops: ordinary, non-breaking and thin ones.
_SPACES = re.compile(r"[\s\u00a0\u2007\u202f]+")
_CURRENCY = re.compile(r"^(?:€|euro|eur)\s*|\s*(?:€|euro|eur)$", re.IGNORECASE)
_WHOLE_SUFFIX = re.compile(r",\s*[-\u2013\u2014]{1,2}$")  # "89,-" and "89,--": whole euros
_MINUS = re.compile(r"^[-\u2212]")
_DIGITS = r"\d+"
# A dot followed by exactly three digits groups thousands; a space may do the same ("1 200").
_GROUPED = r"\d{1,3}(?:\.\d{3})+|\d{1,3}(?: \d{3})+"
_PATTERNS = [
    (re.compile(rf"(?:{_GROUPED}|{_DIGITS})", re.ASCII), "integer"),
    (re.compile(rf"(?:{_GROUPED}|{_DIGITS})?,\d+", re.ASCII), "comma"),
    # One dot not followed by exactly three digits: an English decimal point ("89.95", "2.5").
    (re.compile(r"\d*\.(?:\d{1,2}|\d{4,})", re.ASCII), "dot"),
]


class NumberFormatError(ValueError):
    """Text that is not a number under the rules above; `negative` when it was one below 0."""

    def __init__(self, text: str, *, negative: bool = False):
        super().__init__(text)
        self.negative = negative


def parse_dutch_number(text: str) -> Decimal:
    """The number a Dutch reader means by `text`; NumberFormatError when it is not one or < 0."""
    value = _SPACES.sub(" ", str(text)).strip()
    value = _CURRENCY.sub("", value).strip()
    value = _WHOLE_SUFFIX.sub("", value)
    negative = bool(_MINUS.match(value))
    if negative:
        value = _CURRENCY.sub("", value[1:].strip()).strip()
    kind = next((kind for pattern, kind in _PATTERNS if pattern.fullmatch(value)), None)
    if kind is None:
        raise NumberFormatError(text)
    if kind == "integer":
        plain = value.replace(".", "").replace(" ", "")
    elif kind == "comma":
        plain = value.replace(".", "").replace(" ", "").replace(",", ".")
    else:
        plain = value
    try:
        number = Decimal(plain)
    except InvalidOperation:  # pragma: no cover - the patterns admit only valid decimals
        raise NumberFormatError(text) from None
    if negative and number != 0:
        raise NumberFormatError(text, negative=True)
    return abs(number)


def format_dutch_number(
    value, *, language: str = "nl", decimals: int | None = None, grouping: bool = True
) -> str:
    """`value` written for a reader of `language`: 1.200,50 in Dutch, 1,200.50 in English.

    `decimals` fixes the digits after the separator (0 for whole euros); None keeps the digits the
    value has (89.90 stays 89,90) and shows none for a whole number.
    """
    number = Decimal(str(value))
    if decimals is not None:
        number = number.quantize(Decimal(1).scaleb(-decimals))
    elif number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    text = f"{number:{',' if grouping else ''}f}"  # English grouping: 1,200.50
    if language.startswith("nl"):
        text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return text


def _page_language() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


class DutchNumberInput(forms.TextInput):
    """A text input with the decimal keypad: `type=number` drops "89,95" in some browsers."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal | float | int) and not isinstance(value, bool):
            # English without grouping: "1,200.50" would not read back as the same number.
            language = _page_language()
            return format_dutch_number(value, language=language, grouping=language == "nl")
        return super().format_value(value)


class DutchDecimalField(forms.DecimalField):
    """A DecimalField that reads numbers the Dutch way (see parse_dutch_number), on the server."""

    widget = DutchNumberInput
    default_error_messages = {
        "invalid": _("Enter an amount such as 89,95 or 1.200."),
        "negative": _("Enter 0 or more."),
    }

    def widget_attrs(self, widget):
        # DecimalField adds `step`, meant for type=number; a text input has no use for it.
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)
        return attrs

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return Decimal(str(value))
        try:
            return parse_dutch_number(str(value))
        except NumberFormatError as error:
            code = "negative" if error.negative else "invalid"
            raise forms.ValidationError(self.error_messages[code], code=code) from None

    def bound_data(self, data, initial):
        """Show a page with errors the number as read, in the page's format (89,95 for 89.95)."""
        try:
            value = self.to_python(data)
        except forms.ValidationError:
            return data
        return data if value is None else value


class DutchAgeField(DutchDecimalField):
    """An age in years, typed as 2,5 or 2.5; cleaned to a float like the models store it."""

    default_error_messages = {"invalid": _("Enter a number of years such as 2,5 or 12.")}

    def clean(self, value):
        number = super().clean(value)
        return None if number is None else float(number)
