"""The small shared package every app may use: input rules (numbers, postcodes, text), the domain
error family and its one mapping to HTTP, client identity and rate limits, privacy and CSP
headers, CSV export, SVG chart parts. It imports no app (import-linter checks it)."""
