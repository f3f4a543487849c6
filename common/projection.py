"""Output serializers compiled once into plain functions, for the hot API answers.

A DRF serializer deep-copies its declared fields for every instance it renders (and again for
every item of a nested `many=True`); for the verdict, whose body has ~40 fields and six nested
routes, that was a fifth of the request. `projection(SerializerClass)` walks the fields once and
returns a function that renders the same JSON-ready dict: the same keys in the same order, each
value through the same field's `to_representation`, None kept as None. The serializer stays the
one declaration of the body (and of the OpenAPI schema); a test holds the two outputs equal.
"""

from collections.abc import Callable
from typing import Any

from rest_framework import serializers

Render = Callable[[Any], Any]


def _compile(field: serializers.Field) -> Render:
    if isinstance(field, serializers.ListSerializer):
        item = _compile(field.child)
        return lambda value: None if value is None else [item(v) for v in value]
    if isinstance(field, serializers.Serializer):
        parts = [(name, _compile(child)) for name, child in field.fields.items()]
        return lambda value: (
            None if value is None else {name: render(value[name]) for name, render in parts}
        )
    represent = field.to_representation
    return lambda value: None if value is None else represent(value)


def projection(serializer_class: type[serializers.Serializer]) -> Render:
    """A function rendering a mapping exactly as `serializer_class(mapping).data` would."""
    return _compile(serializer_class())
