"""The API's JSON parser: DRF's, with a limit on nesting.

Python's json module parses recursively: a body of 100,000 "[" raises RecursionError, which DRF
does not catch (a 500 HTML page). No request of ours nests deeper than a few levels, so anything
beyond MAX_JSON_DEPTH is refused as a 400 like any other malformed body.
"""

from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_JSON_DEPTH = 20


def json_depth_exceeds(data, limit: int) -> bool:
    """Whether lists and objects in `data` nest deeper than `limit` (iterative: no recursion)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


class JSONParser(parsers.JSONParser):
    """Malformed, too deeply nested or not UTF-8: always a ParseError (400 JSON), never a 500."""

    max_depth = MAX_JSON_DEPTH

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            data = None
            too_deep = True
        else:
            too_deep = json_depth_exceeds(data, self.max_depth)
        if too_deep:
            raise ParseError(f"JSON parse error - nested deeper than {self.max_depth} levels")
        return data
