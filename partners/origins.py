"""Web origins a partner may embed the widget from: `scheme://host[:port]`, nothing more."""

from urllib.parse import urlsplit


def origin_normalize(value: str) -> str:
    """'HTTPS://Shop.nl' -> 'https://shop.nl'. Raises ValueError with a message a person can act on.

    A lone trailing slash is dropped (people copy it from the address bar); any other path, a
    query, a fragment, user info or a wildcard is refused because CSP `frame-ancestors` and
    `postMessage` compare exact origins.
    """
    raw = (value or "").strip()
    example = "use scheme://host[:port], e.g. https://www.shop.nl"
    if not raw:
        raise ValueError(f"an origin is empty; {example}")
    if "*" in raw:
        raise ValueError(f"'{raw}' contains a wildcard; list each origin; {example}")
    parts = urlsplit(raw[:-1] if raw.endswith("/") and raw.count("/") == 3 else raw)
    if parts.scheme.lower() not in {"http", "https"}:
        raise ValueError(f"'{raw}' does not start with http:// or https://; {example}")
    if not parts.hostname:
        raise ValueError(f"'{raw}' has no host name; {example}")
    if parts.path or parts.query or parts.fragment or "?" in raw or "#" in raw:
        raise ValueError(f"'{raw}' has a path, query or fragment; {example}")
    if parts.username is not None or parts.password is not None:
        raise ValueError(f"'{raw}' contains user info; {example}")
    try:
        port = parts.port
    except ValueError:
        raise ValueError(f"'{raw}' has an invalid port; {example}") from None
    host = parts.hostname.lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    return f"{parts.scheme.lower()}://{host}" + (f":{port}" if port is not None else "")


def origins_normalize(values: list[str]) -> list[str]:
    """Normalise each origin and drop duplicates, keeping the order."""
    if not isinstance(values, list):
        raise ValueError("allowed origins must be a list of origins")
    return list(dict.fromkeys(origin_normalize(str(v)) for v in values))
