"""Model metrics in one number format per language: no "596,0000", no "0.1689" next to "0,1689"."""

import pytest
from django.utils import translation

from controlroom.selectors import metric_format


@pytest.mark.parametrize(
    ("language", "value", "kind", "shown"),
    [
        ("nl", 0.16894, "score", "0,1689"),
        ("en", 0.16894, "score", "0.1689"),
        ("nl", 0.17455001, "score", "0,1746"),  # rounded, not cut off
        ("nl", 596, "count", "596"),
        ("nl", 12345, "count", "12.345"),
        ("en", 12345, "count", "12,345"),
        ("nl", 0.8123, "share", "81,2%"),
        ("nl", 41.256, "euro", "€ 41,26"),
        ("nl", None, "score", "–"),
    ],
)
def test_metric_format(language, value, kind, shown):
    with translation.override(language):
        assert metric_format(value, kind) == shown
