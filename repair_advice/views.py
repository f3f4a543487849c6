"""HTML pages: landing, advice form and the shareable verdict page."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from appliances.selectors import category_list
from common.postcodes import postcode_pc4
from common.privacy import private_page
from common.throttling import limit_per_client
from repair_advice.charts import comparison_charts
from repair_advice.facts import route_steps_context
from repair_advice.forms import AdviceForm
from repair_advice.selectors import verdict_demo_prices, verdict_facts_for_reader, verdict_get


def _language() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


def landing(request):
    categories = sorted(category_list(), key=lambda c: c.name(_language()).lower())
    return render(request, "repair_advice/landing.html", {"categories": categories})


@require_http_methods(["GET", "POST"])
@limit_per_client("advice-form", "ADVICE_FORM_RATE_LIMIT")
def advice(request):
    language = _language()
    if request.method == "POST":
        form = AdviceForm(request.POST, language=language)
        if form.is_valid() and "show_symptoms" not in request.POST:
            verdict = form.create_verdict()
            if verdict is not None:
                return redirect(verdict)
    else:
        initial = {key: request.GET[key] for key in ("category", "age_years", "brand")
                   if request.GET.get(key)}  # fmt: skip
        form = AdviceForm(initial=initial, language=language)
    categories = sorted(category_list(), key=lambda c: c.name(language).lower())
    return render(
        request,
        "repair_advice/advice_form.html",
        {"form": form, "categories": categories, "language": language},
        status=400 if request.method == "POST" and form.errors else 200,
    )


@private_page
def verdict_detail(request, verdict_id):
    """The shareable verdict, every text in the reader's language (told again from the facts).

    The sections of the apps above this one (the explanation, repairers near you, care and
    second life) come in by their template tags (see docs/architecture.md).
    """
    verdict = verdict_get(verdict_id=verdict_id)
    if verdict is None:
        raise Http404
    language = _language()
    facts = verdict_facts_for_reader(verdict=verdict, language=language)
    # A link shared from an English page opens in English; Dutch is the default without ?lang.
    lang_query = "" if language == settings.LANGUAGE_CODE else f"?lang={language}"
    return render(
        request,
        "repair_advice/verdict_detail.html",
        {
            "verdict": verdict,
            "postcode_pc4": postcode_pc4(verdict.postcode),
            "facts": facts,
            **route_steps_context(facts),
            "charts": comparison_charts(facts),
            "demo_prices": verdict_demo_prices(verdict=verdict),
            "share_url": request.build_absolute_uri(verdict.get_absolute_url() + lang_query),
        },
    )
