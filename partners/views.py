"""HTML of the embeddable widget (/widget.js, /widget/<public_key>/) and a lead's outcome page.

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
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from appliances.selectors import category_list
from common.api_errors import DomainError
from partners.forms import LeadForm, LeadOutcomeForm
from partners.ratelimit import lead_outcome_hit, lead_submission_hit, widget_request_hit
from partners.selectors import (
    lead_get_for_outcome_link,
    origin_allowed,
    partner_get_by_public_key,
    widget_nearby_context,
)
from partners.services import lead_create, lead_offer_allowed, lead_outcome_record
from partners.tokens import (
    LEAD_OUTCOME_LINK_MAX_AGE,
    LeadOutcomeLinkInvalid,
    lead_outcome_token_read,
)
from repair_advice.facts import facts_from_json, route_steps_context
from repair_advice.forms import AdviceForm
from repair_advice.selectors import verdict_facts_for_reader, verdict_get

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
                site_url=request.build_absolute_uri("/"),
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


# --- A lead's outcome page (the lead e-mail's signed link) ---------------------------------------


def _outcome_page(request, context, *, status=200):
    context = {"link_days": LEAD_OUTCOME_LINK_MAX_AGE.days, **context}
    response = render(request, "partners/lead_outcome.html", context, status=status)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"  # the link is the key: never pass it on
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def lead_outcome(request, token):
    """Where a shop records what came of one lead, from the link in its lead e-mail (no login).

    The signed link is the only key, for that one lead; the post is CSRF-protected (our own site,
    not the iframe) and rate limited per visitor. It writes through lead_outcome_record, like the
    partner API, so the outcome becomes the same price record.
    """
    try:
        lead_id, partner_id = lead_outcome_token_read(token=token)
    except LeadOutcomeLinkInvalid as invalid:
        status = 410 if invalid.expired else 404
        return _outcome_page(request, {"link_expired": invalid.expired}, status=status)
    lead = lead_get_for_outcome_link(lead_id=lead_id, partner_id=partner_id)
    if lead is None:
        return _outcome_page(request, {"link_expired": False}, status=404)
    status = 200
    if request.method == "POST":
        retry_after = lead_outcome_hit(request)
        if retry_after is not None:
            response = _outcome_page(request, {"lead": lead, "throttled": True}, status=429)
            response["Retry-After"] = str(retry_after)
            return response
        form = LeadOutcomeForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                lead_outcome_record(
                    lead=lead,
                    outcome=data["outcome"],
                    total_eur=data["total_eur"],
                    repaired_on=data["repaired_on"],
                )
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                return redirect(f"{request.path}?saved=1")
        status = 400
    else:
        initial = {}
        if lead.outcome:
            initial = {
                "outcome": lead.outcome,
                "total_eur": lead.outcome_total_eur,
                "repaired_on": lead.outcome_repaired_on,
            }
        form = LeadOutcomeForm(initial=initial)
    facts = verdict_facts_for_reader(verdict=lead.verdict, language=_language())
    context = {
        "lead": lead,
        "facts": facts,
        "form": form,
        "outcome_label": dict(form.fields["outcome"].choices).get(lead.outcome, ""),
        "saved": request.method == "GET" and request.GET.get("saved") == "1" and lead.outcome,
    }
    return _outcome_page(request, context, status=status)
