"""HTML of the embeddable widget: /widget.js and the advice flow under /widget/<public_key>/.

The widget runs in a third-party iframe, where the CSRF cookie would need SameSite=None. Instead
its forms carry a signed, time-limited token bound to the partner's public key (`_form_token`),
checked on every POST; the views are csrf_exempt. No session or login is involved, so a forged
request could do no more than what the anonymous form already allows; the token stops replays of
stale forms and posts aimed at another partner's key.
"""

from functools import wraps

from django.contrib.staticfiles import finders
from django.core import signing
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from appliances.selectors import category_list
from moeitewaard.api_errors import DomainError
from partners.forms import LeadForm
from partners.ratelimit import lead_submission_hit, widget_request_hit
from partners.selectors import (
    origin_allowed,
    partner_get_by_public_key,
    widget_nearby_context,
)
from partners.services import lead_create, lead_offer_allowed
from repair_advice.facts import facts_from_json, route_steps_context
from repair_advice.forms import AdviceForm
from repair_advice.selectors import verdict_get

FORM_TOKEN_MAX_AGE_SECONDS = 2 * 60 * 60
_FORM_TOKEN_SALT = "partners.widget-form"  # noqa: S105 - a namespace, not a secret
_widget_js: bytes | None = None


def _language() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


def _form_token(public_key: str) -> str:
    return signing.TimestampSigner(salt=_FORM_TOKEN_SALT).sign(public_key)


def _form_token_valid(token: str, public_key: str) -> bool:
    try:
        value = signing.TimestampSigner(salt=_FORM_TOKEN_SALT).unsign(
            token, max_age=FORM_TOKEN_MAX_AGE_SECONDS
        )
    except signing.BadSignature:  # also SignatureExpired
        return False
    return value == public_key


def _frame_ancestors(origins: list[str]) -> str:
    return "frame-ancestors " + (" ".join(origins) if origins else "'none'")


def widget_view(view):
    """Resolve the partner (404 for unknown or inactive keys), limit requests per visitor and per
    key, and let exactly the partner's allowed origins frame the response."""

    @xframe_options_exempt
    @csrf_exempt
    @wraps(view)
    def wrapped(request, public_key, **kwargs):
        partner = partner_get_by_public_key(public_key=public_key)
        if partner is None:
            raise Http404("Unknown widget key.")
        origin = request.POST.get("origin") or request.GET.get("origin") or ""
        request.widget_origin = origin if origin_allowed(partner=partner, origin=origin) else ""
        retry_after = widget_request_hit(request, partner)
        if retry_after is not None:
            response = _throttled(request, partner, retry_after)
        else:
            response = view(request, partner, **kwargs)
        response["Content-Security-Policy"] = _frame_ancestors(partner.allowed_origins)
        return response

    return wrapped


def _render(request, partner, template, context, *, status=200):
    return render(
        request,
        template,
        {
            "partner": partner,
            "widget_origin": request.widget_origin,
            "form_token": _form_token(partner.public_key),
            "origin_query": urlencode({"origin": request.widget_origin})
            if request.widget_origin
            else "",
            **context,
        },
        status=status,
    )


def _widget_url(request, name, **kwargs):
    url = reverse(name, kwargs=kwargs)
    return f"{url}?{urlencode({'origin': request.widget_origin})}" if request.widget_origin else url


def _throttled(request, partner, retry_after: int):
    response = _render(
        request, partner, "partners/widget_message.html", {"message_kind": "throttled"}, status=429
    )
    response["Retry-After"] = str(retry_after)
    return response


def _expired(request, partner):
    return _render(
        request, partner, "partners/widget_message.html", {"message_kind": "expired"}, status=403
    )


@require_GET
def widget_js(request):
    """The embed script; small, no dependencies (static/widget/widget.js)."""
    global _widget_js
    if _widget_js is None:
        with open(finders.find("widget/widget.js"), "rb") as handle:
            _widget_js = handle.read()
    response = HttpResponse(_widget_js, content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def widget_allowed(request, public_key):
    """Whether this page's origin may embed the widget: {"allowed": true|false}.

    widget.js asks first, so that a page on another origin shows a short text instead of the
    browser's refused frame. The browser-set Origin header wins over ?origin=. Only a hint for the
    loader: the CSP frame-ancestors header of the widget pages stays the guard.
    """
    partner = partner_get_by_public_key(public_key=public_key)
    origin = request.headers.get("Origin") or request.GET.get("origin") or ""
    if partner is None:
        response = JsonResponse({"allowed": False}, status=404)
    elif (retry_after := widget_request_hit(request, partner)) is not None:
        response = JsonResponse({"allowed": None}, status=429)
        response["Retry-After"] = str(retry_after)
    else:
        response = JsonResponse({"allowed": origin_allowed(partner=partner, origin=origin)})
    response["Access-Control-Allow-Origin"] = "*"  # any page may ask; the answer is no secret
    response["Cache-Control"] = "no-store"
    response["Vary"] = "Origin"
    return response


@widget_view
@require_http_methods(["GET", "POST"])
def widget_advice(request, partner):
    language = _language()
    status = 200
    if request.method == "POST":
        if not _form_token_valid(request.POST.get("widget_token", ""), partner.public_key):
            return _expired(request, partner)
        form = AdviceForm(request.POST, language=language)
        if "show_symptoms" in request.POST:
            form = AdviceForm(initial=request.POST.dict(), language=language)
        elif form.is_valid():
            verdict = form.create_verdict()
            if verdict is not None:
                return redirect(
                    _widget_url(
                        request,
                        "widget-verdict",
                        public_key=partner.public_key,
                        verdict_id=verdict.id,
                    )
                )
        if form.errors:
            status = 400
    else:
        form = AdviceForm(language=language)
    categories = sorted(category_list(), key=lambda c: c.name(language).lower())
    return _render(
        request,
        partner,
        "partners/widget_advice.html",
        {"form": form, "categories": categories, "language": language},
        status=status,
    )


def _verdict_page(request, partner, verdict, *, lead_form=None, status=200):
    offer = lead_offer_allowed(partner=partner, verdict=verdict)
    facts = facts_from_json(verdict.facts).to_json()
    context = {
        "verdict": verdict,
        "facts": facts,
        **route_steps_context(facts),
        "offer_lead": offer,
        "lead_form": lead_form or (LeadForm() if offer else None),
        **widget_nearby_context(
            partner=partner, verdict=verdict, postcode_override=request.GET.get("postcode")
        ),
    }
    return _render(request, partner, "partners/widget_verdict.html", context, status=status)


@widget_view
@require_GET
def widget_verdict(request, partner, verdict_id):
    verdict = verdict_get(verdict_id=verdict_id)
    if verdict is None:
        raise Http404
    return _verdict_page(request, partner, verdict)


@widget_view
@require_POST
def widget_lead(request, partner, verdict_id):
    verdict = verdict_get(verdict_id=verdict_id)
    if verdict is None or not lead_offer_allowed(partner=partner, verdict=verdict):
        raise Http404
    if not _form_token_valid(request.POST.get("widget_token", ""), partner.public_key):
        return _expired(request, partner)
    retry_after = lead_submission_hit(request, partner)
    if retry_after is not None:
        return _throttled(request, partner, retry_after)
    form = LeadForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            lead_create(
                partner=partner,
                verdict=verdict,
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                message=data["message"],
                consent=data["consent"],
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return redirect(
                _widget_url(
                    request,
                    "widget-lead-sent",
                    public_key=partner.public_key,
                    verdict_id=verdict.id,
                )
            )
    return _verdict_page(request, partner, verdict, lead_form=form, status=400)


@widget_view
@require_GET
def widget_lead_sent(request, partner, verdict_id):
    verdict = verdict_get(verdict_id=verdict_id)
    if verdict is None:
        raise Http404
    return _render(
        request,
        partner,
        "partners/widget_message.html",
        {"message_kind": "lead_sent", "verdict": verdict},
    )
