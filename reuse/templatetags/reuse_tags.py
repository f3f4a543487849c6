"""Translated labels of stored check values (the model choices stay English for the API)."""

from django import template
from django.utils.translation import gettext_lazy as _

from reuse.forms import CONDITION_LABELS

register = template.Library()

DESTINATION_LABELS = {
    "reuse": _("Reuse container (kringloop)"),
    "repair_cafe": _("Repair Café"),
    "retailer": _("Back to the retailer"),
    "recycling": _("Recycling"),
}
POTENTIAL_LABELS = {"high": _("high"), "medium": _("medium"), "low": _("low")}


@register.filter
def destination_label(value):
    return DESTINATION_LABELS.get(value, value)


@register.filter
def potential_label(value):
    return POTENTIAL_LABELS.get(value, value)


@register.filter
def condition_label(value):
    return CONDITION_LABELS.get(value, value)
