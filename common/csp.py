"""Content-Security-Policy on every page (django-csp; docs/security.md says why not Django 6's).

The site policy is CONTENT_SECURITY_POLICY in settings. A view that sets a policy of its own (the
partner widget sets `frame-ancestors` to the partner's allowed origins) keeps it: its directives
replace the site's of the same name and the site's others still apply, instead of django-csp's
default of leaving a response with a header alone.
"""

from csp.constants import HEADER
from csp.middleware import CSPMiddleware


def csp_directives(policy: str) -> dict[str, list[str]]:
    """'frame-ancestors a b; img-src x' -> {'frame-ancestors': ['a', 'b'], 'img-src': ['x']}."""
    directives = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        if part.strip():
            directives[name.lower()] = sources
    return directives


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        own = response.headers.get(HEADER)
        if own:
            del response[HEADER]
            response._csp_replace = {
                **(getattr(response, "_csp_replace", None) or {}),
                **csp_directives(own),
            }
        return super().process_response(request, response)
