"""The API documentation page's Redoc bundle, served without its one outside request.

Redoc (drf-spectacular-sidecar, served locally) puts the Redocly logo from cdn.redoc.ly in the
sidebar and has no option to leave it out. Served here with that URL emptied, the image is never
requested (an empty src fails at once, and Redoc then hides it): the page loads only from this
site.
"""

from functools import lru_cache

from csp.decorators import csp_update
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.views.decorators.http import require_GET

BUNDLE = "drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"
OUTSIDE_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"


@lru_cache(maxsize=1)
def redoc_bundle_text() -> str:
    with open(finders.find(BUNDLE), encoding="utf-8") as bundle:
        return bundle.read().replace(OUTSIDE_LOGO, "")


@require_GET
def redoc_bundle(request):
    response = HttpResponse(redoc_bundle_text(), content_type="application/javascript")
    response["Cache-Control"] = "public, max-age=86400"
    return response


# Redoc (a React bundle) adds <style> elements as it renders and builds its search index in a
# Worker made from a blob: URL. Neither can carry a nonce, so this page alone allows inline
# styles (a browser ignores 'unsafe-inline' next to a nonce, hence the replaced style-src) and
# blob: workers. Scripts keep the nonce: nothing inline runs here either.
def redoc_csp(view):
    view = csp_update({"worker-src": ["'self'", "blob:"]})(view)

    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response._csp_replace = {"style-src": ["'self'", "'unsafe-inline'"]}
        return response

    return wrapped
