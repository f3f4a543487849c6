"""Pages about one person's appliance: kept out of shared caches and search engines."""

from functools import wraps

from django.utils.cache import patch_cache_control


def private_page(view):
    """`Cache-Control: private, no-store` and `X-Robots-Tag: noindex` on the view's answers.

    A verdict link is a secret a person may share on purpose; a proxy, a browser's back-forward
    cache on a shared computer or a search engine that found the link must not keep it. The
    template adds `<meta name="robots" content="noindex">` for crawlers that read only HTML.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        response["X-Robots-Tag"] = "noindex"
        return response

    return wrapped
